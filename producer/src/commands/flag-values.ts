import { csv, decimal, duration, integer } from '@tickflow/common';
import type { FlagValue, Flags } from './command.js';
import { UsageError } from './usage-error.js';

// The producer's parsers for FlagSpec.parse (integer, decimal, positive: @tickflow/common), and
// readers that take their result.
export { decimal, duration, integer, positive } from '@tickflow/common';

/** `max` (as fast as possible) or a positive factor of event time per wall time: `60` or `60x`. */
export const speed = (raw: string): number => {
  if (raw === 'max') return Infinity;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)x?\s*$/i.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0)) throw new UsageError('must be a positive number or a multiplier like 10x (event time per wall time), or max');
  return n;
};

/** `now`, an ISO date/time, or epoch milliseconds; kept as written (`now` is read when the command runs). */
export const time = (raw: string): string => {
  if (raw !== 'now' && !/^\d+$/.test(raw) && !Number.isFinite(Date.parse(raw))) throw new UsageError('must be "now", an ISO date or epoch ms');
  return raw;
};

export const list = (raw: string): string => {
  if (csv(raw).length === 0) throw new UsageError('needs at least one value');
  return raw;
};

/** Reads a flag through its parser; a value already parsed by the CLI (a number) is taken as is. */
function read<T>(flags: Flags, name: string, parse: (raw: string) => T, fallback?: string): T {
  const raw: FlagValue = flags[name] ?? fallback;
  if (typeof raw === 'number') return raw as T;
  try {
    return parse(String(raw ?? ''));
  } catch (err) {
    throw new UsageError(`--${name} "${String(raw ?? '')}": ${(err as Error).message}`);
  }
}

export function numberFlag(flags: Flags, name: string, opts: { min?: number; int?: boolean } = {}): number {
  return read(flags, name, opts.int ? integer(opts.min) : decimal(opts.min));
}

export const speedFlag = (flags: Flags, name = 'speed'): number => read(flags, name, speed);

/** `now`, an ISO date/time, or epoch milliseconds, as epoch ms. */
export function timeFlag(flags: Flags, name: string, now: number): number {
  const raw = read(flags, name, time, 'now');
  return raw === 'now' ? now : /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
}

export const durationFlag = (flags: Flags, name: string): number => read(flags, name, duration, '0');

export const listFlag = (flags: Flags, name: string): string[] => csv(read(flags, name, list));

/** A text flag through its parser (the CLI's FlagSpec.parse): flags that did not come through the CLI are checked too. */
export const textFlag = <T>(flags: Flags, name: string, parse: (raw: string) => T, fallback?: string): T => read(flags, name, parse, fallback);
