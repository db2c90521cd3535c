import { describe, expect, it } from 'vitest';
import { ageAtWrite, forecast, renderForecast, type ForecastInput } from '../../../../src/replay/core/retention-forecast.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 0, 5);
const DEFAULTS = { raw: 7, longterm: 365, daily: 0 };
/** One row a day for `n` days, the last at `last`. */
const daily = (n: number, last: number): Map<number, number> => new Map(Array.from({ length: n }, (_, i) => [last - (n - 1 - i) * DAY, 1]));
const input = (over: Partial<ForecastInput> = {}): ForecastInput => {
  const times = over.times ?? daily(1000, Date.UTC(2020, 0, 1));
  const ts = [...times.keys()];
  return { kind: 'sale', times, first: Math.min(...ts), last: Math.max(...ts), now: NOW, keepTime: false, speed: Infinity, retention: DEFAULTS, ...over };
};

describe('where a replay lands, by age against the retentions', () => {
  it('rebased at max speed: the last row is now, so the last 7 days are raw, a year is rollups, the rest nowhere', () => {
    // 1000 days: ages 0..999 days. Raw keeps ages < 7 d, long-term < 365 d.
    expect(forecast(input())).toEqual({ raw: 7, rollupsOnly: 358, nowhere: 635 });
  });

  it('quotes also become daily candles: the daily bucket (forever by default) keeps what long-term drops', () => {
    expect(forecast(input({ kind: 'quote' }))).toEqual({ raw: 7, rollupsOnly: 993, nowhere: 0 });
    expect(forecast(input({ kind: 'quote', retention: { raw: 7, longterm: 365, daily: 730 } }))).toEqual({ raw: 7, rollupsOnly: 723, nowhere: 270 });
  });

  it('--keep-time: ages from the file times; rows of 2017-2019 are older than every sales bucket', () => {
    expect(forecast(input({ keepTime: true }))).toEqual({ raw: 0, rollupsOnly: 0, nowhere: 1000 });
    const recent = daily(30, NOW - DAY);
    expect(forecast(input({ keepTime: true, times: recent }))).toEqual({ raw: 6, rollupsOnly: 24, nowhere: 0 });
  });

  it('rebased and paced: every row is sent at its own time, so all are raw', () => {
    expect(forecast(input({ speed: 3600 }))).toEqual({ raw: 1000, rollupsOnly: 0, nowhere: 0 });
  });

  it('a paced --keep-time replay ages its rows while it runs', () => {
    const i = { first: NOW - 10 * DAY, last: NOW - DAY, now: NOW, keepTime: true, speed: 2 };
    // The last row is sent (9 days / 2) after the start: it is then 1 + 4.5 days old.
    expect(ageAtWrite(NOW - DAY, i)).toBe(5.5 * DAY);
    expect(ageAtWrite(NOW - 10 * DAY, i)).toBe(10 * DAY);
    expect(ageAtWrite(NOW - DAY, { ...i, speed: Infinity })).toBe(DAY);
  });

  it('counts rows, not hours; 0 = forever everywhere keeps everything raw', () => {
    const times = new Map([[NOW - 400 * DAY, 5], [NOW - 2 * DAY, 3]]);
    expect(forecast(input({ keepTime: true, times }))).toEqual({ raw: 3, rollupsOnly: 0, nowhere: 5 });
    expect(forecast(input({ keepTime: true, times, retention: { raw: 0, longterm: 0, daily: 0 } }))).toEqual({ raw: 8, rollupsOnly: 0, nowhere: 0 });
  });

  it('prints the three counts and warns about what the raw panels will not show', () => {
    const text = renderForecast({ raw: 7, rollupsOnly: 358, nowhere: 635 }, input(), { raw: 'tickflow', longterm: 'tickflow_longterm', daily: 'tickflow_daily' });
    expect(text.split('\n')).toEqual([
      '',
      'retention (rebased: the last row lands at now (speed max)):',
      '          7 rows land in the raw bucket tickflow (7 days)',
      '        358 rows only as rollups (tickflow_longterm 365 days)',
      '        635 rows in no bucket: too old for every retention (counted, not shown)',
      'warning:    635 rows are older than every bucket keeps; the Pipeline dashboard counts them as "too old"',
      'warning:    358 rows are older than the raw bucket keeps: only the hourly/daily panels will show them',
      '',
    ]);
    const quotes = renderForecast({ raw: 1, rollupsOnly: 0, nowhere: 0 }, input({ kind: 'quote', keepTime: true, speed: 60 }), { raw: 'r', longterm: 'l', daily: 'd' });
    expect(quotes).toContain('retention (--keep-time, speed 60):');
    expect(quotes).toContain('rows only as rollups (l 365 days, daily candles in d forever)');
    expect(quotes).not.toContain('warning');
  });
});
