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
    // hasOwn: a currency named like an Object.prototype key must not find a "rate".
    return Object.hasOwn(this.rates, currency) ? amount * (this.rates[currency] as number) : undefined;
  }
}
