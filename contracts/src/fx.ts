/**
 * Converts amounts to the base currency with a fixed rate table (units of base per unit of
 * the currency). An unknown currency is an error, never a guess. Shared by the processor
 * (sales windows) and the archiver (clean layer) so both convert alike.
 */
export class FxTable {
  constructor(
    readonly base: string,
    private readonly rates: Readonly<Record<string, number>>,
  ) {}

  /** Units of base per unit of `currency`, or undefined when unknown. */
  rate(currency: string): number | undefined {
    if (currency === this.base) return 1;
    // hasOwn: a currency named like an Object.prototype key must not find a "rate".
    return Object.hasOwn(this.rates, currency) ? (this.rates[currency] as number) : undefined;
  }

  toBase(amount: number, currency: string): number | undefined {
    // Stryker disable next-line ConditionalExpression: equivalent, rate(base) is 1 (a shortcut)
    if (currency === this.base) return amount;
    const r = this.rate(currency);
    return r === undefined ? undefined : amount * r;
  }
}
