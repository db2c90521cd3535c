import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/changelog.js';

describe('changelog codec', () => {
  it('round-trips state, a Float64Array ring as raw doubles', () => {
    const state = { size: 3, count: 2, head: 1, values: new Float64Array([1.5, -0, Number.MAX_VALUE]) };
    const back = decodeState(encodeState(state)) as typeof state;
    expect(back).toEqual(state);
    expect(back.values).toBeInstanceOf(Float64Array);
  });

  it('frames bytes a handler encoded itself in their header byte, and hands them back whole', () => {
    const bytes = new Uint8Array([0, 255, 7, 1]);
    const value = encodeState(bytes);
    expect([...value]).toEqual([2, 255, 7, 1]);
    expect([...(decodeState(value) as Uint8Array)]).toEqual([2, 255, 7, 1]);
    expect(() => encodeState(new Uint8Array(0))).toThrow('1-byte header');
  });

  it('reads no older format: a JSON value is refused, naming its format byte', () => {
    expect(() => decodeState(Buffer.from('{"maxTs":1}'))).toThrow('unknown changelog value format 123');
  });
});
