import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRecord } from '../../../src/core/decode.js';
import { cleanLine, rawLine } from '../../../src/core/rows.js';
import { ParquetWriter } from '../../../src/sinks/parquet-writer.js';

const meta = (offset: number) => ({ topic: 'market.quotes', partition: 2, offset: BigInt(offset), timestamp: Date.UTC(2026, 10, 30, 12, 0, 0, 5) });

function line(value: string, offset: number): string {
  const d = decodeRecord('quote', Buffer.from(value), { kafkaTs: meta(0).timestamp, maxFutureMs: 1e15 });
  if (!d.ok) throw new Error('invalid');
  return rawLine(meta(offset), value, d);
}

describe('ParquetWriter (DuckDB)', () => {
  let w: ParquetWriter;
  let dir: string;
  beforeAll(async () => {
    w = await ParquetWriter.open();
    dir = await mkdtemp(join(tmpdir(), 'pq-'));
  });
  afterAll(() => w.close());

  it('writes typed columns: UTC microsecond timestamps, doubles as sent, defaults, extra fields ignored, pretty-printed JSON', async () => {
    const lines = [
      line('{"v":1,"symbol":"AAA","ts":1764504000123,"price":0.1,"volume":3,"currency":"EUR","source":"sim","extra":{"x":1}}', 7),
      line('{\n  "v": 1, "symbol": "BRK.B", "ts": 1764504000124, "price": 1e-7, "source": "yahoo", "marketState": "P\\u004fST"\n}', 8),
    ];
    const file = join(dir, 'q.parquet');
    const raw = join(dir, 'raw.parquet');
    const third = line('{"v":1,"symbol":"CCC","ts":1764504000125,"price":2,"source":"sim"}', 9);
    const input = [cleanLine(lines[0] as string, 1.087, 'USD', true, '2025-11-30'), cleanLine(lines[1] as string, null, 'USD', false, '2025-11-30'), third];
    await w.write('quote', input, [{ path: file, layer: 'clean', date: '2025-11-30' }, { path: raw, layer: 'raw' }], 'zstd');
    // Raw holds every line, clean only the kept ones of its date.
    expect(await w.query(`SELECT count(*)::INT AS n FROM '${raw}'`)).toEqual([{ n: 3 }]);
    const rows = await w.query(`SELECT kafka_topic, kafka_partition, kafka_offset, epoch_us(kafka_timestamp) AS k_us, epoch_us(event_ts) AS e_us, symbol, price, volume, currency, market_state, source, fx_rate, price_base, base_currency, late FROM '${file}' ORDER BY kafka_offset`);
    expect(rows).toEqual([
      { kafka_topic: 'market.quotes', kafka_partition: 2, kafka_offset: 7n, k_us: BigInt(meta(0).timestamp) * 1000n, e_us: 1764504000123000n, symbol: 'AAA', price: 0.1, volume: 3, currency: 'EUR', market_state: null, source: 'sim', fx_rate: 1.087, price_base: 0.1 * 1.087, base_currency: 'USD', late: true },
      { kafka_topic: 'market.quotes', kafka_partition: 2, kafka_offset: 8n, k_us: BigInt(meta(0).timestamp) * 1000n, e_us: 1764504000124000n, symbol: 'BRK.B', price: 1e-7, volume: 0, currency: null, market_state: 'POST', source: 'yahoo', fx_rate: null, price_base: null, base_currency: 'USD', late: false },
    ]);
    const schema = await w.query(`SELECT name, type, logical_type FROM parquet_schema('${file}') WHERE name IN ('event_ts', 'kafka_offset', 'price')`);
    expect(schema.find((s) => s.name === 'event_ts')?.logical_type).toMatch(/isAdjustedToUTC=1.*MICROS=MicroSeconds/);
    expect(schema.find((s) => s.name === 'kafka_offset')?.type).toBe('INT64');
    expect(schema.find((s) => s.name === 'price')?.type).toBe('DOUBLE');
    const [codec] = await w.query(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
    expect(codec?.compression).toBe('ZSTD');
  });

  it('drops and counts a line DuckDB cannot read instead of failing the file', async () => {
    const good = line('{"v":1,"symbol":"AAA","ts":1764504000123,"price":2,"source":"sim"}', 1);
    const file = join(dir, 'bad.parquet');
    const rejected = await w.write('quote', [good, '{"t":"x","p":0,"o":2,"k":1,"e":{"symbol":"\\ud800"}}', good.replace('"o":1', '"o":3')], [{ path: file, layer: 'raw' }], 'snappy');
    expect(rejected).toBe(1);
    expect(await w.query(`SELECT kafka_offset FROM '${file}' ORDER BY 1`)).toEqual([{ kafka_offset: 1n }, { kafka_offset: 3n }]);
  });
});
