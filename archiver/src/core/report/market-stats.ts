import type { DayBar, SymbolFigures } from './figures.js';

/** Daily return statistics of one symbol's bars (sample standard deviation). */
export function symbolStats(symbol: string, days: DayBar[]): SymbolFigures {
  const rets = days.map((d) => d.ret).filter((r): r is number => r !== null);
  const n = rets.length;
  const mean = n > 0 ? rets.reduce((a, b) => a + b, 0) / n : null;
  const std = n > 1 && mean !== null ? Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : null;
  const first = days[0];
  const last = days.at(-1);
  return {
    symbol,
    days,
    stats: {
      days: days.length,
      meanReturn: mean,
      stdReturn: std,
      minReturn: n > 0 ? Math.min(...rets) : null,
      maxReturn: n > 0 ? Math.max(...rets) : null,
      totalReturn: first && last && days.length > 1 ? last.close / first.close - 1 : null,
    },
  };
}
