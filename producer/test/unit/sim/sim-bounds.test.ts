import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/pump/batch.js';
import { PUMP_DEFAULTS } from '../../../src/pump/options.js';
import type { OutRecord } from '../../../src/pump/sink.js';
import { MemorySink } from '../../support/memory-sink.js';
import { runCommand } from '../../support/run-command.js';

const SYMBOLS = Array.from({ length: 15_000 }, (_, i) => `S${String(i).padStart(5, '0')}`).join(',');

// Regression: `sim` with 15,000 symbols once handed kafkajs one send of 900,000 messages,
// blocked the event loop for minutes and ignored SIGTERM.
describe('sim with 15,000 symbols', { timeout: 60_000 }, () => {
  it('sends bounded batches and stops on abort, every generated quote sent once', async () => {
    const abort = new AbortController();
    const sink = new (class extends MemorySink {
      override async send(records: readonly OutRecord[]): Promise<void> {
        await super.send(records);
        if (this.batches.length === 4) abort.abort(); // SIGTERM while the second tick is going out
      }
    })();
    const { result, logs } = await runCommand(['sim', '--symbols', SYMBOLS, '--speed', 'max'], sink, abort);
    expect(result.aborted).toBe(true);
    for (const b of sink.batches) {
      expect(b.length).toBeLessThanOrEqual(PUMP_DEFAULTS.maxBatchCount);
      expect(b.reduce((n, r) => n + Batch.bytesOf(r), 0)).toBeLessThanOrEqual(PUMP_DEFAULTS.maxBatchBytes);
    }
    // Stopped within the batch in flight and the one filling: not after whole ticks.
    expect(sink.batches.length).toBeLessThanOrEqual(5);
    expect(sink.quoteEvents.length).toBe(result.quotes);
    expect(sink.quoteEvents.length).toBeLessThan(2 * 15_000);
    // Symbol order within a tick, ticks in order: no quote lost or repeated.
    const expected = Array.from({ length: sink.quoteEvents.length }, (_, i) => `S${String(i % 15_000).padStart(5, '0')}`);
    expect(sink.quoteEvents.map((q) => q.symbol)).toEqual(expected);
    expect(logs.find((l) => l.msg === 'simulation done')).toMatchObject({ aborted: true, quotes: result.quotes });
  });
});
