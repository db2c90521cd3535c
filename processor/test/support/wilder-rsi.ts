/**
 * RSI straight from Wilder's definition (J. Welles Wilder, "New Concepts in Technical Trading
 * Systems", 1978), over whole arrays and independent of src/: gains and losses of each change;
 * the first averages are the means of the first `n`; then avg = (prev * (n - 1) + current) / n;
 * RS = avgGain / avgLoss; RSI = 100 - 100 / (1 + RS). One output per input (undefined for the
 * first `n`, which have fewer than `n` changes behind them).
 */
export function wilderRsi(prices: readonly number[], n: number): (number | undefined)[] {
  const changes = prices.slice(1).map((p, i) => p - (prices[i] as number));
  const gains = changes.map((c) => Math.max(c, 0));
  const losses = changes.map((c) => Math.max(-c, 0));
  const out: (number | undefined)[] = prices.map(() => undefined);
  if (changes.length < n) return out;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const avgGain: number[] = [mean(gains.slice(0, n))];
  const avgLoss: number[] = [mean(losses.slice(0, n))];
  for (let j = n; j < changes.length; j++) {
    avgGain.push(((avgGain.at(-1) as number) * (n - 1) + (gains[j] as number)) / n);
    avgLoss.push(((avgLoss.at(-1) as number) * (n - 1) + (losses[j] as number)) / n);
  }
  // avgGain[k] covers changes up to index n-1+k, i.e. prices up to index n+k.
  avgGain.forEach((g, k) => {
    const l = avgLoss[k] as number;
    out[n + k] = l === 0 ? 100 : 100 - 100 / (1 + g / l); // no losses at all: RS is infinite
  });
  return out;
}
