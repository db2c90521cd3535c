import { expect } from 'vitest';
import { MaxErr } from './numeric.js';

/**
 * Compares an incremental series (one output per input, undefined while warming up) with a
 * batch reference that, like technicalindicators, omits the warm-up: the reference's first
 * value belongs to input index `n - ref.length`. Asserts the warm-up matches exactly and
 * returns the largest relative error over every aligned value.
 */
export function alignedMaxErr(ours: readonly (number | undefined)[], ref: readonly (number | undefined)[], label: string): number {
  const offset = ours.length - ref.length;
  expect(offset, `${label}: reference longer than input`).toBeGreaterThanOrEqual(0);
  const firstDefined = ours.findIndex((v) => v !== undefined);
  expect(firstDefined, `${label}: warm-up length`).toBe(offset);
  const err = new MaxErr();
  for (let i = offset; i < ours.length; i++) {
    const r = ref[i - offset];
    if (r === undefined) expect(ours[i], `${label}[${i}] defined before the reference`).toBeUndefined();
    else err.add(ours[i], r, `${label}[${i}]`);
  }
  return err.max;
}
