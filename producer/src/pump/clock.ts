import { sleep } from '@tickflow/common';

/** Time as a dependency: production sleeps for real, tests advance a fake clock instantly. */
export interface Clock {
  now(): number;
  /** Resolves after `ms` or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, signal),
};
