import { ConfigError } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const base = { KAFKA_BROKERS: 'k1:9092, k2:9092', INFLUX_URL: 'http://influx:8086', INFLUX_TOKEN: 't' };

describe('processor config', () => {
  it('lists every missing required variable at once', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    try {
      loadConfig({});
    } catch (err) {
      const msg = (err as Error).message;
      for (const v of ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN']) expect(msg).toContain(`${v}: required`);
    }
  });

  it('applies documented defaults and freezes the result', () => {
    const cfg = loadConfig(base);
    expect(cfg.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(cfg.topics).toEqual({ quotes: 'market.quotes', sales: 'sales.transactions', metrics: 'pipeline.metrics', state: 'tickflow-processor.state' });
    expect(cfg.indicators.macd).toEqual({ fast: 12, slow: 26, signal: 9 });
    expect(cfg.sales.fxRates).toEqual({ EUR: 1.087, GBP: 1.27, MAD: 0.1 });
    expect(cfg.market).toEqual({ emit: 'tick', candleMs: 60_000 });
    expect(cfg.write).toEqual({ batchLines: 5000, maxQueuedLines: 10_000, partitionsConcurrency: 4 });
    expect([cfg.commitIntervalMs, cfg.maxSendBytes, cfg.sessionTimeoutMs, cfg.fetchMaxWaitMs]).toEqual([1000, 512 * 1024, 6000, 10]);
    expect(loadConfig({ ...base, KAFKA_FETCH_MAX_WAIT_MS: '10' }).fetchMaxWaitMs).toBe(10);
    expect([cfg.connectTimeoutMs, loadConfig({ ...base, KAFKA_CONNECT_TIMEOUT_MS: '0' }).connectTimeoutMs]).toEqual([30_000, 0]);
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it.each([
    ['FX_RATES', 'EUR=abc', 'bad rate "EUR=abc"'],
    ['EMIT_MODE', 'sometimes', 'EMIT_MODE'],
    ['MACD_PERIODS', '12,26', 'three periods'],
    ['SMA_PERIODS', '20,x', 'SMA_PERIODS'],
    ['INFLUX_URL', 'not a url', 'INFLUX_URL'],
    ['KAFKA_SESSION_TIMEOUT_MS', '100', 'KAFKA_SESSION_TIMEOUT_MS'],
    ['COMMIT_INTERVAL_MS', '0', 'COMMIT_INTERVAL_MS'],
    ['KAFKA_FETCH_MAX_WAIT_MS', '0', 'KAFKA_FETCH_MAX_WAIT_MS'],
    ['KAFKA_MAX_SEND_BYTES', '1000', 'KAFKA_MAX_SEND_BYTES'],
    ['KAFKA_CONNECT_TIMEOUT_MS', '30s', 'KAFKA_CONNECT_TIMEOUT_MS'],
  ])('rejects %s=%s with a message naming it', (name, value, expected) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(expected);
  });

  it('refuses a queue shorter than two write requests, naming both settings', () => {
    expect(() => loadConfig({ ...base, WRITE_BATCH_LINES: '6000' })).toThrow(/MAX_QUEUED_LINES: must be at least 2 x WRITE_BATCH_LINES \(12000\)/);
    expect(loadConfig({ ...base, WRITE_BATCH_LINES: '6000', MAX_QUEUED_LINES: '12000' }).write.maxQueuedLines).toBe(12_000);
  });

  it('hands every component its settings: InfluxDB requests, consumer, outputs, shutdown, liveness', () => {
    const cfg = loadConfig(base);
    expect(cfg.influxRequests).toEqual({ lingerMs: 5, concurrency: 3, timeoutMs: 10_000, retryMinDelayMs: 200, retryMaxDelayMs: 10_000 });
    expect(cfg.consumer).toEqual({ heartbeatIntervalMs: 1000, fetchMinBytes: 16 * 1024, fetchMaxBytesPerPartition: 16 * 1024 });
    expect(cfg.outputs.maxDeadLetterOriginalBytes).toBe(256 * 1024);
    expect(cfg.shutdown).toEqual({ timeoutMs: 15_000, flushMs: 8000 });
    expect(cfg.liveness).toEqual({ intervalMs: 5000, staleMs: 18_000 });
    expect(cfg.indicators).toEqual({ smaPeriods: [20, 50], emaPeriods: [20, 50], rsiPeriod: 14, macd: { fast: 12, slow: 26, signal: 9 }, bollinger: { period: 20, k: 2 } });
  });

  it('treats an empty SASL mechanism as unset (compose passes empty values through)', () => {
    expect(loadConfig({ ...base, KAFKA_SASL_MECHANISM: '' }).kafka.sasl).toBeUndefined();
    const sasl = loadConfig({ ...base, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }).kafka.sasl;
    expect(sasl).toEqual({ mechanism: 'plain', username: 'u', password: 'p' });
  });
});
