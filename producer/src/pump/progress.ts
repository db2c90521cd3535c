import type { Logger, Terminal } from '@tickflow/common';
import type { SourceProgress } from './source.js';

export interface ProgressSnapshot {
  /** Events sent (acknowledged) so far, all kinds. */
  sent: number;
  source: SourceProgress | undefined;
  elapsedMs: number;
}

export interface ProgressFigures {
  done: number;
  total: number | undefined;
  unit: string;
  percent: number | undefined;
  eventsPerSec: number;
  etaSec: number | undefined;
}

/** Where the current unit of work began (a replay reads the file, then sends): the ETA's base. */
export interface PhaseStart {
  elapsedMs: number;
  done: number;
}

/** Rate since the previous snapshot; ETA from the average pace since `since` (steadier than the last interval's). */
export function progressFigures(now: ProgressSnapshot, prev: ProgressSnapshot | undefined, since: PhaseStart = { elapsedMs: 0, done: 0 }): ProgressFigures {
  const dtMs = now.elapsedMs - (prev?.elapsedMs ?? 0);
  const eventsPerSec = dtMs > 0 ? Math.round(((now.sent - (prev?.sent ?? 0)) * 1000) / dtMs) : 0;
  const src = now.source ?? { done: now.sent, unit: 'events' };
  const total = src.total;
  const percent = total !== undefined && total > 0 ? Math.min(100, Math.round((src.done / total) * 1000) / 10) : undefined;
  const doneInPhase = src.done - since.done;
  const msInPhase = now.elapsedMs - since.elapsedMs;
  const etaSec = total !== undefined && doneInPhase > 0 && msInPhase > 0 ? Math.max(0, Math.round(((total - src.done) * msInPhase) / doneInPhase / 1000)) : undefined;
  return { done: src.done, total, unit: src.unit, percent, eventsPerSec, etaSec };
}

/** Figures for each snapshot in turn: keeps the previous one and where the current unit (phase) began. */
export function progressTracker(): (now: ProgressSnapshot) => ProgressFigures {
  let prev: ProgressSnapshot | undefined;
  let since: PhaseStart = { elapsedMs: 0, done: 0 };
  const unitOf = (s: ProgressSnapshot): string => s.source?.unit ?? 'events';
  return (now) => {
    if (prev && unitOf(prev) !== unitOf(now)) since = { elapsedMs: prev.elapsedMs, done: 0 };
    const f = progressFigures(now, prev, since);
    prev = now;
    return f;
  };
}

export function formatProgress(f: ProgressFigures): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const of = f.total !== undefined ? `${n(f.done)}/${n(f.total)} ${f.unit} (${f.percent ?? 0}%)` : `${n(f.done)} ${f.unit}`;
  const eta = f.etaSec !== undefined ? `, ETA ${formatDuration(f.etaSec)}` : '';
  return `${of}, ${n(f.eventsPerSec)} events/s${eta}`;
}

export function formatDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

/** Where progress goes: the terminal's status line (log lines print above it), else a structured log line. */
export interface ProgressOutput {
  report(f: ProgressFigures): void;
  /** Leaves the status line, so what follows starts on a new line. */
  end(): void;
}

export function progressOutput(log: Logger, terminal: Terminal | null): ProgressOutput {
  if (terminal) return { report: (f) => terminal.setStatus(formatProgress(f)), end: () => terminal.endStatus() };
  return { report: (f) => log.info(f, 'progress'), end: () => undefined };
}
