import { UsageError } from './cli.js';

// Parsers for FlagSpec.parse shared by the CLIs: each checks one value (from argv, env or the
// default) and throws the rule, which the CLI prints after the flag and the value.

export const integer =
  (min?: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || (min !== undefined && n < min)) throw new UsageError(`must be an integer${min !== undefined ? ` >= ${min}` : ''}`);
    return n;
  };

export const decimal =
  (min?: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || (min !== undefined && n < min)) throw new UsageError(`must be a number${min !== undefined ? ` >= ${min}` : ''}`);
    return n;
  };

export const positive = (raw: string): number => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError('must be a positive number');
  return n;
};

/** One value of a fixed list: for a flag value that did not come through FlagSpec.choices. */
export const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): T => {
    if (!(values as readonly string[]).includes(raw)) throw new UsageError(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
