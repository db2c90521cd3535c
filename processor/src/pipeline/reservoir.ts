/**
 * A bounded uniform sample of a stream of numbers (Vitter's algorithm R): percentiles of a
 * report interval stay unbiased however many values arrive, in fixed memory.
 */
export class Reservoir {
  private values: number[] = [];
  private seen = 0;

  constructor(
    private readonly size = 10_000,
    private readonly random: () => number = Math.random,
  ) {}

  add(value: number): void {
    this.seen++;
    if (this.values.length < this.size) this.values.push(value);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.values[j] = value;
    }
  }

  /** The sample so far; starts a new one. */
  drain(): number[] {
    const out = this.values;
    this.values = [];
    this.seen = 0;
    return out;
  }
}
