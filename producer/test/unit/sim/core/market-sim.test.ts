import { QuoteEventSchema, type QuoteEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { EQUITY_VOL_BY_HOUR, EQUITY_VOLUME_BY_HOUR, MarketSimulator, specFor, type SymbolSpec } from '../../../../src/sim/core/market-sim.js';

const MONDAY = Date.parse('2026-01-05T00:00:00Z');
const MINUTE = 60_000;
const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

function run(symbols: SymbolSpec[], ticks: number, tickMs = MINUTE, seed = 42, startTs = MONDAY): QuoteEvent[][] {
  const sim = new MarketSimulator({ symbols, seed, startTs, tickMs });
  return Array.from({ length: ticks }, () => sim.next());
}

/** Annualised standard deviation of log returns, for returns whose end tick passes `keep`. */
function realisedVol(series: QuoteEvent[], tickMs: number, keep: (q: QuoteEvent) => boolean = () => true): number {
  const r: number[] = [];
  for (let i = 1; i < series.length; i++) if (keep(series[i]!)) r.push(Math.log(series[i]!.price / series[i - 1]!.price));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1);
  return Math.sqrt(variance / (tickMs / MS_PER_YEAR));
}

const hourOf = (q: QuoteEvent): number => new Date(q.ts).getUTCHours();
const meanVolume = (qs: QuoteEvent[]): number => qs.reduce((a, q) => a + q.volume, 0) / qs.length;

describe('MarketSimulator', () => {
  it('is deterministic per seed: one valid quote per symbol per tick', () => {
    const symbols = ['AAPL', 'BTC-USD', 'SHIB-USD'].map(specFor);
    const a = run(symbols, 200, 1000);
    expect(run(symbols, 200, 1000)).toEqual(a);
    expect(run(symbols, 200, 1000, 43)).not.toEqual(a);
    expect(a[1]!.map((q) => [q.symbol, q.ts])).toEqual([['AAPL', MONDAY + 1000], ['BTC-USD', MONDAY + 1000], ['SHIB-USD', MONDAY + 1000]]);
    for (const q of a.flat()) expect(QuoteEventSchema.safeParse(q).success).toBe(true);
    expect(a[0]!.every((q) => q.currency === 'USD' && q.source === 'sim')).toBe(true);
  });

  it('crypto: log-return volatility equals the configured one, around the clock', () => {
    // 30 days of minute ticks: 43k returns, so the estimate's standard error is ~0.35 %.
    const btc = run([specFor('BTC-USD')], 30 * 1440).map((t) => t[0]!);
    expect(Math.abs(realisedVol(btc, MINUTE) / 0.6 - 1)).toBeLessThan(0.02);
    for (const h of [3, 14, 17]) expect(Math.abs(realisedVol(btc, MINUTE, (q) => hourOf(q) === h) / 0.6 - 1)).toBeLessThan(0.06);
    // Flat volume: every hour within 6 % of the mean.
    const all = meanVolume(btc);
    for (let h = 0; h < 24; h++) expect(Math.abs(meanVolume(btc.filter((q) => hourOf(q) === h)) / all - 1)).toBeLessThan(0.06);
  });

  it('equities: weekday volatility equals the configured one, with a U-shaped intraday profile', () => {
    // Four weeks of minute ticks; weekends are closed (overnight level), so keep weekdays.
    const aapl = run([specFor('AAPL')], 28 * 1440).map((t) => t[0]!);
    const weekday = (q: QuoteEvent): boolean => ![0, 6].includes(new Date(q.ts).getUTCDay());
    expect(Math.abs(realisedVol(aapl, MINUTE, weekday) / 0.25 - 1)).toBeLessThan(0.03);
    const volAt = (h: number): number => realisedVol(aapl, MINUTE, (q) => weekday(q) && hourOf(q) === h);
    // Open (14:30 UTC) and close hours are busier than lunch, and far busier than the night.
    expect(volAt(14) / volAt(17)).toBeCloseTo(EQUITY_VOL_BY_HOUR[14]! / EQUITY_VOL_BY_HOUR[17]!, 0);
    expect(volAt(14)).toBeGreaterThan(2 * volAt(17));
    expect(volAt(20)).toBeGreaterThan(1.4 * volAt(17));
    expect(volAt(17)).toBeGreaterThan(4 * volAt(3));
    const volumeAt = (h: number): number => meanVolume(aapl.filter((q) => weekday(q) && hourOf(q) === h));
    expect(volumeAt(14)).toBeGreaterThan(4 * volumeAt(17));
    expect(volumeAt(20)).toBeGreaterThan(2 * volumeAt(17));
    expect(volumeAt(17)).toBeGreaterThan(10 * volumeAt(3));
    // Weekend: as quiet as the night.
    const saturday = aapl.filter((q) => new Date(q.ts).getUTCDay() === 6);
    expect(realisedVol(aapl, MINUTE, (q) => new Date(q.ts).getUTCDay() === 6)).toBeLessThan(0.1);
    expect(meanVolume(saturday)).toBeLessThan(volumeAt(17) / 10);
  });

  it('profiles are normalised: a weekday has the configured variance and mean volume', () => {
    const meanSq = EQUITY_VOL_BY_HOUR.reduce((a, m) => a + m * m, 0) / 24;
    expect(meanSq).toBeCloseTo(1, 12);
    expect(EQUITY_VOLUME_BY_HOUR.reduce((a, v) => a + v, 0) / 24).toBeCloseTo(1, 12);
  });
});
