import { csv } from '@tickflow/common';
import { UsageError } from '../cli.js';
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

export function listFlag(flags: Flags, name: string): string[] {
  const list = csv(String(flags[name] ?? ''));
  if (list.length === 0) throw new UsageError(`--${name} needs at least one value`);
  return list;
}
