import type { Clock } from '../../src/pump/clock.js';

/** A clock whose sleep returns at once and moves time forward, recording each requested delay. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public t = Date.UTC(2025, 1, 17, 12, 0, 0)) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number, _signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}
