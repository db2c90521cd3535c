import { expect } from 'vitest';
import { decodeState, encodeState } from '../../src/changelog.js';

/** What a checkpoint does to state: only what survives the changelog codec survives a restart. */
export const throughJson = <T>(state: T): T => decodeState(encodeState(state)) as T;

/**
 * Runs `make()` over inputs[0..split), checkpoints it through the changelog codec, restores, then feeds
 * inputs[split..] to both the original and the restored copy: every output must be identical
 * (toStrictEqual compares numbers with Object.is, so this is bit-identity, -0 included).
 */
export function expectRestoreIsExact<T extends { toState(): S }, S, I, O>(
  make: () => T,
  restore: (s: S) => T,
  step: (t: T, input: I) => O,
  inputs: readonly I[],
  split: number,
): void {
  const original = make();
  for (const x of inputs.slice(0, split)) step(original, x);
  const restored = restore(throughJson(original.toState()));
  expect(restored.toState(), `state after restore at ${split}`).toStrictEqual(original.toState());
  inputs.slice(split).forEach((x, i) => {
    const a = step(original, x);
    const b = step(restored, x);
    expect(b, `output ${split + i} after restore at ${split}`).toStrictEqual(a);
  });
}
