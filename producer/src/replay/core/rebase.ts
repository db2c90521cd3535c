/**
 * Moves a file's event times onto the present, keeping their spacing.
 * Paced (`speed` finite): the first event is at `now` and each gap is divided by the speed, so
 * an event's time is the wall time it is sent at. Unpaced (`speed` = Infinity): gaps are kept
 * as they are and the LAST event is at `now`: all of the file lies in the past, none in the
 * future (which the processor would reject), and every window keeps its real spacing.
 */
export interface RebaseSpan {
  /** Smallest and largest event time of the file, ms. */
  first: number;
  last: number;
}

export function rebaser(span: RebaseSpan, now: number, speed: number): (ts: number) => number {
  if (Number.isFinite(speed)) return (ts) => Math.round(now + (ts - span.first) / speed);
  return (ts) => now - (span.last - ts);
}
