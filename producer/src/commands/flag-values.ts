import { csv } from '@tickflow/common';
import { UsageError } from './usage-error.js';
import type { Flags } from './command.js';

export function numberFlag(flags: Flags, name: string, opts: { min?: number; int?: boolean } = {}): number {
  const raw = flags[name];
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
    const kind = opts.int ? 'an integer' : 'a number';
    throw new UsageError(`--${name} must be ${kind}${opts.min !== undefined ? ` >= ${opts.min}` : ''}, got "${String(raw)}"`);
  }
  return n;
}

/** `max` (as fast as possible) or a positive factor of event time per wall time. */
export function speedFlag(flags: Flags, name = 'speed'): number {
  return flags[name] === 'max' ? Infinity : numberFlag(flags, name, { min: Number.MIN_VALUE });
}

/** `now`, an ISO date/time, or epoch milliseconds. */
export function timeFlag(flags: Flags, name: string, now: number): number {
  const raw = String(flags[name] ?? 'now');
  if (raw === 'now') return now;
  const t = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(t)) throw new UsageError(`--${name} must be "now", an ISO date or epoch ms, got "${raw}"`);
  return t;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A span of time, e.g. `90s`, `15m`, `8h`, `2d` (a bare number is ms); `0` or empty = none (0). */
export function durationFlag(flags: Flags, name: string): number {
  const raw = String(flags[name] ?? '0').trim();
  if (raw === '' || raw === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw);
  const ms = m ? Math.round(Number(m[1]) * (DURATION_UNITS[m[2] ?? 'ms'] ?? 1)) : NaN;
  if (!(ms > 0)) throw new UsageError(`--${name} must be a duration like 90s, 15m, 8h or 2d, got "${raw}"`);
  return ms;
}

export function listFlag(flags: Flags, name: string): string[] {
  const list = csv(String(flags[name] ?? ''));
  if (list.length === 0) throw new UsageError(`--${name} needs at least one value`);
  return list;
}
