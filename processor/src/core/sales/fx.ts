/**
 * Converts amounts to the base currency with a fixed rate table (units of base per unit of
 * the currency). An unknown currency is an error, never a guess.
 */
export class FxTable {
  constructor(
    readonly base: string,
    private readonly rates: Readonly<Record<string, number>>,
  ) {}

  toBase(amount: number, currency: string): number | undefined {
    if (currency === this.base) return amount;
    const rate = this.rates[currency];
    return rate === undefined ? undefined : amount * rate;
  }
}
