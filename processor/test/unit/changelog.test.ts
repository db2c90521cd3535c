import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/changelog.js';

describe('changelog codec', () => {
  it('round-trips state, a Float64Array ring as raw doubles', () => {
    const state = { size: 3, count: 2, head: 1, values: new Float64Array([1.5, -0, Number.MAX_VALUE]) };
    const back = decodeState(encodeState(state)) as typeof state;
    expect(back).toEqual(state);
    expect(back.values).toBeInstanceOf(Float64Array);
  });

  it('passes bytes a handler encoded itself through unchanged, behind their own format byte', () => {
    const bytes = new Uint8Array([0, 255, 7, 1]);
    const value = encodeState(bytes);
    expect([...value]).toEqual([2, 0, 255, 7, 1]);
    expect(decodeState(value)).toEqual(Buffer.from(bytes));
  });

  it('reads no older format: a JSON value is refused, naming its format byte', () => {
    expect(() => decodeState(Buffer.from('{"maxTs":1}'))).toThrow('unknown changelog value format 123');
  });
});
