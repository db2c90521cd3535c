import { ConfigError } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { loadArchiverConfig, loadReportConfig } from '../../src/config.js';

describe('archiver config', () => {
  it('defaults to a local directory, ZSTD, 16 MB / 5 min rolls; frozen', () => {
    const c = loadArchiverConfig({ KAFKA_BROKERS: 'k:9092' });
    expect(c.store).toEqual({ dir: './archive', s3: undefined, cacheDir: './.archive-cache' });
    expect(c).toMatchObject({ compression: 'zstd', roll: { bytes: 16 * 1024 * 1024, ms: 300_000 }, groupId: 'tickflow-archiver', progressLogIntervalMs: 60_000 });
    expect(c.clean.fxRates).toEqual({ EUR: 1.087, GBP: 1.27, MAD: 0.1 });
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('selects S3 by env alone', () => {
    const c = loadArchiverConfig({ KAFKA_BROKERS: 'k', S3_BUCKET: 'bkt', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's', S3_PREFIX: 'p' });
    expect(c.store.s3).toEqual({ bucket: 'bkt', prefix: 'p', endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 's' } });
    expect(loadArchiverConfig({ KAFKA_BROKERS: 'k', S3_BUCKET: '' }).store.s3).toBeUndefined();
  });
  it('reports every bad variable at once', () => {
    expect(() => loadArchiverConfig({ ROLL_MS: '5', PARQUET_COMPRESSION: 'lz4', FX_RATES: 'EUR=x' })).toThrow(ConfigError);
    try {
      loadArchiverConfig({ ROLL_MS: '5', PARQUET_COMPRESSION: 'lz4', FX_RATES: 'EUR=x' });
    } catch (err) {
      for (const v of ['KAFKA_BROKERS', 'ROLL_MS', 'PARQUET_COMPRESSION', 'FX_RATES']) expect((err as Error).message).toContain(v);
    }
  });
  it('refuses a dedup horizon shorter than the allowed lateness, naming both', () => {
    const env = { KAFKA_BROKERS: 'k', ALLOWED_LATENESS_MS: '60000', DEDUP_HORIZON_MS: '59999' };
    expect(() => loadArchiverConfig(env)).toThrow(/DEDUP_HORIZON_MS: must be at least ALLOWED_LATENESS_MS \(60000\)/);
    expect(loadArchiverConfig({ ...env, DEDUP_HORIZON_MS: '60000' }).clean.dedupHorizonMs).toBe(60_000);
  });
  it('derives the time-roll tick, the group heartbeat and the liveness staleness from the settings', () => {
    const c = loadArchiverConfig({ KAFKA_BROKERS: 'k', ROLL_MS: '1000', KAFKA_SESSION_TIMEOUT_MS: '6000' });
    expect([c.roll.tickMs, c.heartbeatIntervalMs, c.liveness.staleMs, c.shutdownTimeoutMs]).toEqual([250, 600, 18_000, 20_000]);
    expect(loadArchiverConfig({ KAFKA_BROKERS: 'k' }).roll.tickMs).toBe(5000);
  });
  it('the start-up connect timeout: 30 s by default, from KAFKA_CONNECT_TIMEOUT_MS, and --connect-timeout wins', () => {
    expect(loadArchiverConfig({ KAFKA_BROKERS: 'k' }).connectTimeoutMs).toBe(30_000);
    expect(loadArchiverConfig({ KAFKA_BROKERS: 'k', KAFKA_CONNECT_TIMEOUT_MS: '0' }).connectTimeoutMs).toBe(0);
    expect(loadArchiverConfig({ KAFKA_BROKERS: 'k', KAFKA_CONNECT_TIMEOUT_MS: '5000' }, { connectTimeoutMs: 120_000 }).connectTimeoutMs).toBe(120_000);
    expect(() => loadArchiverConfig({ KAFKA_BROKERS: 'k', KAFKA_CONNECT_TIMEOUT_MS: '30s' })).toThrow(/KAFKA_CONNECT_TIMEOUT_MS/);
  });
  it('report needs no Kafka', () => {
    expect(loadReportConfig({}).store.dir).toBe('./archive');
  });
});
