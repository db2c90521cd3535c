import { describe, expect, it } from 'vitest';
import { EQUITY_VOL_BY_HOUR, EQUITY_VOLUME_BY_HOUR, intradayProfile, KNOWN_SYMBOLS, MarketSimulator, sessionFor, specFor } from '../../../../src/sim/core/market-sim.js';
import { Rng } from '../../../../src/sim/core/rng.js';

const MONDAY = Date.parse('2026-01-05T00:00:00Z');
const SATURDAY = Date.parse('2026-01-10T15:00:00Z');
const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

describe('market-sim rules (hand-checked)', () => {
  it('sessions by symbol: -USD/-USDT/-EUR crypto, =X fx, else equity', () => {
    expect(['BTC-USD', 'ETH-USDT', 'SOL-EUR', 'EURUSD=X', 'AAPL', 'BRK-B', 'USD-X', 'ABC-EURO'].map(sessionFor)).toEqual(['crypto', 'crypto', 'crypto', 'fx', 'equity', 'equity', 'equity', 'equity']);
  });

  it('specFor: known symbols keep their presets; unknown ones start at 100 with 30 % volatility, in USD', () => {
    expect(specFor('MSFT')).toEqual({ symbol: 'MSFT', currency: 'USD', session: 'equity', startPrice: 420, volatility: 0.22 });
    expect(specFor('ZZZ')).toEqual({ symbol: 'ZZZ', currency: 'USD', session: 'equity', startPrice: 100, volatility: 0.3 });
    expect(specFor('EURUSD=X')).toMatchObject({ session: 'fx', startPrice: 1.08 });
    expect(Object.keys(KNOWN_SYMBOLS)).toEqual(['AAPL', 'MSFT', 'NVDA', 'BTC-USD', 'ETH-USD', 'SHIB-USD', 'EURUSD=X']);
  });

  it('profiles: crypto flat; fx flat on weekdays, 0.1 vol and 0.01 volume at weekends; equity by UTC hour, weekends as 03:00', () => {
    expect(intradayProfile('crypto', SATURDAY)).toEqual({ vol: 1, volume: 1 });
    expect(intradayProfile('fx', MONDAY)).toEqual({ vol: 1, volume: 1 });
    expect(intradayProfile('fx', SATURDAY)).toEqual({ vol: 0.1, volume: 0.01 });
    expect(intradayProfile('fx', Date.parse('2026-01-11T15:00:00Z'))).toEqual({ vol: 0.1, volume: 0.01 }); // Sunday
    expect(intradayProfile('equity', MONDAY + 14 * 3_600_000)).toEqual({ vol: EQUITY_VOL_BY_HOUR[14], volume: EQUITY_VOLUME_BY_HOUR[14] });
    expect(intradayProfile('equity', SATURDAY)).toEqual({ vol: EQUITY_VOL_BY_HOUR[3], volume: EQUITY_VOLUME_BY_HOUR[3] });
    // The opening hour (14 UTC) is the busiest; volume multiplier = vol multiplier squared.
    expect(Math.max(...EQUITY_VOL_BY_HOUR)).toBe(EQUITY_VOL_BY_HOUR[14]);
    EQUITY_VOL_BY_HOUR.forEach((v, h) => expect(EQUITY_VOLUME_BY_HOUR[h]).toBeCloseTo(v * v, 12));
    expect(EQUITY_VOLUME_BY_HOUR.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 12);
  });

  it('one GBM step: S·exp((mu - sigma²/2)dt + sigma·sqrt(dt)·z), volume round(exp(4 + 0.8 z2)·(1 + |z|)·profile)', () => {
    const tickMs = 60_000;
    const sim = new MarketSimulator({ symbols: [{ symbol: 'X-USD', startPrice: 50, volatility: 0.6, drift: 0.1, currency: 'EUR' }], seed: 7, startTs: MONDAY, tickMs });
    const rng = new Rng(7);
    const dt = tickMs / MS_PER_YEAR;
    let price = 50;
    for (let i = 0; i < 3; i++) {
      const z = rng.normal();
      price = price * Math.exp((0.1 - 0.18) * dt + 0.6 * Math.sqrt(dt) * z);
      const volume = Math.round(Math.exp(4 + 0.8 * rng.normal()) * (1 + Math.abs(z)));
      expect(sim.next()).toEqual([{ v: 1, symbol: 'X-USD', ts: MONDAY + i * tickMs, price, volume, currency: 'EUR', source: 'sim' }]);
    }
  });

  it('a symbol without currency gets none; the session can be forced', () => {
    const sim = new MarketSimulator({ symbols: [{ symbol: 'AAPL', startPrice: 10, volatility: 0.2, session: 'crypto' }], seed: 1, startTs: SATURDAY, tickMs: 1000 });
    const [q] = sim.next();
    expect(q).not.toHaveProperty('currency');
    // Forced crypto trades at the weekend: the first move is not the weekend equity profile's.
    const rng = new Rng(1);
    const z = rng.normal();
    const dt = 1000 / MS_PER_YEAR;
    expect(q?.price).toBe(10 * Math.exp((-(0.2 * 0.2) / 2) * dt + 0.2 * Math.sqrt(dt) * z));
  });
});
