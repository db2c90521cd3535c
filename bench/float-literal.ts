/**
 * `node --import tsx bench/float-literal.ts [symbols]`: the numbers toLineProtocol formats, in
 * order, from the real quote handler (tick mode, after 55 ticks per symbol), written into one
 * buffer as JSON.stringify's text copied byte by byte (the line writer before writeFloat) and by
 * writeFloat; CPU ns per number, min of 7 passes.
 */
import { emptyOutput } from '../processor/src/core/handler.js';
import { FLOAT_MAX_BYTES, writeFloat } from '../processor/src/core/float-literal.js';
import { DEFAULT_INDICATORS } from '../processor/src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../processor/src/core/market/quote-handler.js';
import { QuoteSource } from './lib/events.js';
import { fieldsOf } from '../processor/src/core/points.js';

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
  for (const p of out.points) {
    for (const v of Object.values(fieldsOf(p))) if (typeof v === 'number' && Number.isFinite(v)) nums.push(v);
  }
}

const buf = Buffer.alloc(nums.length * FLOAT_MAX_BYTES);

function nsPerNumber(write: (at: number, v: number) => number): number {
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    let at = 0;
    const t = process.cpuUsage();
    for (let i = 0; i < nums.length; i++) at = write(at, nums[i]!);
    const u = process.cpuUsage(t);
    best = Math.min(best, ((u.user + u.system) * 1000) / nums.length);
    if (at === 0) throw new Error('nothing formatted');
  }
  return best;
}

function json(at: number, v: number): number {
  const s = JSON.stringify(v);
  for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
  return at + s.length;
}
const direct = (at: number, v: number): number => writeFloat(buf, at, v);
for (const v of nums) if (buf.toString('latin1', 0, direct(0, v)) !== JSON.stringify(v)) throw new Error(`writeFloat(${v}) differs`);
const [a, b, a2, b2] = [nsPerNumber(json), nsPerNumber(direct), nsPerNumber(json), nsPerNumber(direct)];
const perEvent = (ns: number): string => ((ns * nums.length) / 60_000 / 1000).toFixed(2);
process.stdout.write(`${symbols} symbols, ${(nums.length / 60_000).toFixed(1)} numbers/event; ns per number: JSON.stringify + copy ${a.toFixed(0)}, ${a2.toFixed(0)}; writeFloat ${b.toFixed(0)}, ${b2.toFixed(0)}; µs/event ${perEvent(Math.min(a, a2))} -> ${perEvent(Math.min(b, b2))}\n`);
