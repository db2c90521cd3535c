/**
 * A fixed pure-core workload for instruction counts (repeatable on a loaded box, unlike time):
 *   valgrind --tool=callgrind --smc-check=all-non-file node --import tsx bench/callgrind-core.ts [symbols]
 * `symbols` (1,000) get 30 ticks each, then 40,000 events more; batches of 1,000 with endBatch,
 * line protocol and the changelog's checkpoint encoding. Prints the total line length (compare
 * two trees: the same workload must write the same text).
 */
import { checkpointRecords } from '../processor/src/changelog.js';
import { emptyOutput } from '../processor/src/core/handler.js';
import { DEFAULT_INDICATORS } from '../processor/src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../processor/src/core/market/quote-handler.js';
import { LineWriter } from '../processor/src/core/line-protocol.js';
import { QuoteSource } from './lib/events.js';

const symbols = Number(process.argv[2] ?? 1000);
const n = symbols * 30 + 40_000;
const now = 1_796_000_000_000; // fixed: the same records, hence the same text, on every run
const recs = new QuoteSource(symbols, n, now).next(n).map((e, i) => ({ value: Buffer.from(JSON.stringify(e)), offset: String(i), timestamp: now }));
const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
const lines = new LineWriter();
let chars = 0;
for (let i = 0; i < n; i += 1000) {
  const out = emptyOutput();
  for (let j = i; j < Math.min(n, i + 1000); j++) h.handle(recs[j]!, out);
  h.endBatch(out);
  for (const p of out.points) lines.add(p);
  chars += lines.take().bytes.length; // bytes: the line text is ASCII here
  checkpointRecords('quotes', 0, h.takeDirty(), String(i));
}
process.stdout.write(`${n} events, ${chars} characters of line protocol\n`);
