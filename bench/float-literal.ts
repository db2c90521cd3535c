/**
 * `node --import tsx bench/float-literal.ts [symbols]`: the numbers toLineProtocol formats, in
 * order, from the real quote handler (tick mode, after 55 ticks per symbol), formatted by
 * JSON.stringify and by floatLiteral over the same array; CPU ns per number, min of 7 passes.
 */
import { emptyOutput } from '../processor/src/core/handler.js';
import { floatLiteral } from '../processor/src/core/float-literal.js';
import { DEFAULT_INDICATORS } from '../processor/src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../processor/src/core/market/quote-handler.js';
import { QuoteSource } from './lib/events.js';

const symbols = Number(process.argv[2] ?? 1000);
const warm = symbols * 55;
const n = warm + 60_000;
const now = Date.now();
const recs = new QuoteSource(symbols, n, now).next(n).map((e, i) => ({ value: Buffer.from(JSON.stringify(e)), offset: String(i), timestamp: now }));
const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
const nums: number[] = [];
for (let i = 0; i < n; i += 1000) {
  const out = emptyOutput();
  for (let j = i; j < Math.min(n, i + 1000); j++) h.handle(recs[j]!, out);
  h.endBatch(out);
  if (i < warm) continue;
  for (const p of out.points) for (const k in p.fields) {
    const v = p.fields[k];
    if (typeof v === 'number' && Number.isFinite(v)) nums.push(v);
  }
}

function nsPerNumber(f: (v: number) => string): number {
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    let chars = 0;
    const t = process.cpuUsage();
    for (let i = 0; i < nums.length; i++) chars += f(nums[i]!).length;
    const u = process.cpuUsage(t);
    best = Math.min(best, ((u.user + u.system) * 1000) / nums.length);
    if (chars === 0) throw new Error('nothing formatted');
  }
  return best;
}

const json = (v: number): string => JSON.stringify(v);
for (const v of nums) if (json(v) !== floatLiteral(v)) throw new Error(`floatLiteral(${v}) differs`);
const [a, b, a2, b2] = [nsPerNumber(json), nsPerNumber(floatLiteral), nsPerNumber(json), nsPerNumber(floatLiteral)];
const perEvent = (ns: number): string => ((ns * nums.length) / 60_000 / 1000).toFixed(2);
process.stdout.write(`${symbols} symbols, ${(nums.length / 60_000).toFixed(1)} numbers/event; ns per number: JSON.stringify ${a.toFixed(0)}, ${a2.toFixed(0)}; floatLiteral ${b.toFixed(0)}, ${b2.toFixed(0)}; µs/event ${perEvent(Math.min(a, a2))} -> ${perEvent(Math.min(b, b2))}\n`);
