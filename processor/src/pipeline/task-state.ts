/**
 * Life of one owned source partition (docs/processor.md has the table):
 * restoring -> running <-> committing; running/committing -> failed; restoring/running/failed
 * -> closing -> closed. A closing task first waits for its commit in flight, so `committing`
 * never goes straight to `closing`.
 */
export type TaskState = 'restoring' | 'running' | 'committing' | 'failed' | 'closing' | 'closed';

export const TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  restoring: ['running', 'closing'],
  running: ['committing', 'failed', 'closing'],
  committing: ['running', 'failed'],
  failed: ['closing'],
  closing: ['closed'],
  closed: [],
};

/** A transition the table does not allow: a bug in the caller, never a runtime condition. */
export class IllegalTransition extends Error {
  constructor(key: string, from: TaskState, to: TaskState, what: string) {
    super(`partition ${key}: ${what} is not allowed while ${from} (${from} -> ${to})`);
    this.name = 'IllegalTransition';
  }
}
