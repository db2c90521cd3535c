import { describe, expect, it } from 'vitest';
import { framesToSeries } from '../../model/alert-input.js';
import type { Frame } from '../../model/frames.js';

const T = Date.UTC(2026, 10, 25, 12);

describe('frames -> alert series (pkg/expr/converter.go)', () => {
  it('one series per numeric field, labels without _measurement and _field', () => {
    const f: Frame = {
      name: 'quote',
      fields: [
        { name: 'Time', type: 'time', values: [T, T + 1000], config: {} },
        { name: 'rsi_14', type: 'number', labels: { symbol: 'AAPL', _field: 'rsi_14', _measurement: 'quote' }, values: [40, 45], config: {} },
      ],
    };
    expect(framesToSeries([f])).toEqual([{ labels: { symbol: 'AAPL' }, points: [{ t: T, v: 40 }, { t: T + 1000, v: 45 }] }]);
  });

  it('frames without a numeric field, and the empty frame of an empty result, add nothing', () => {
    const text: Frame = { name: '', fields: [{ name: 'state', type: 'string', values: ['CLOSED'], config: {} }] };
    expect(framesToSeries([text, { name: '', fields: [] }])).toEqual([]);
  });

  it('a frame without time gives single values', () => {
    const f: Frame = { name: '', fields: [{ name: '_value', type: 'number', labels: { reason: 'parse' }, values: [3], config: {} }] };
    expect(framesToSeries([f])).toEqual([{ labels: { reason: 'parse' }, points: [{ t: 0, v: 3 }] }]);
  });
});
