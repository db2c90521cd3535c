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

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A span of time, e.g. `90s`, `15m`, `8h`, `2d` (a bare number is ms); `0` or empty = none (0). */
export const duration = (text: string): number => {
  const raw = text.trim();
  if (raw === '' || raw === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw);
  const ms = m ? Math.round(Number(m[1]) * (DURATION_UNITS[m[2] ?? 'ms'] ?? 1)) : NaN;
  if (!(ms > 0)) throw new UsageError('must be a duration like 90s, 15m, 8h or 2d');
  return ms;
};
