export interface BenchOptions {
  quick: boolean;
  /** RSS soak length, s. */
  soakSeconds: number;
  /** Sections to run (all by default). */
  only: Set<string> | undefined;
  /** Per-symbol-count backlog sizes and phase lengths, scaled down by --quick. */
  symbolCounts: number[];
  /**
   * Quote backlog per processor throughput run: at least this many, and >= 60 ticks per symbol
   * in full mode. Rates come from committed offsets, which move once per partition per commit
   * interval: a run must last many intervals (300k events drained in 1–2 s in candle mode and
   * read up to 40 % low or high depending on where the last commit fell).
   */
  backlog(symbols: number): number;
  latencyPhaseSeconds: number;
  latencyRates: number[];
  recoveryBacklog: number;
  /** `--processor-env KEY=VALUE` (repeatable): set on every processor the run starts (tuning A/B). */
  processorEnv: Record<string, string>;
}

function repeated(argv: string[], flag: string): string[] {
  return argv.flatMap((a, i) => (a === flag ? [argv[i + 1] ?? ''] : []));
}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const soakAt = argv.indexOf('--soak');
  const soakSeconds = soakAt >= 0 ? Number(argv[soakAt + 1]) : quick ? 20 : 60;
  if (!(soakSeconds > 0)) throw new Error('--soak takes a number of seconds');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  const processorEnv: Record<string, string> = {};
  for (const kv of repeated(argv, '--processor-env')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(kv);
    if (!m) throw new Error(`--processor-env takes KEY=VALUE, got "${kv}"`);
    processorEnv[m[1] as string] = m[2] as string;
  }
  const ratesAt = argv.indexOf('--rates');
  const latencyRates = ratesAt >= 0 ? (argv[ratesAt + 1] ?? '').split(',').map(Number) : [1000, 10_000, 50_000];
  if (latencyRates.some((r) => !(r > 0))) throw new Error('--rates takes events/s, e.g. 1000,10000');
  return {
    quick,
    soakSeconds,
    only,
    symbolCounts: [100, 1000, 10_000],
    backlog: (symbols) => (quick ? 60_000 : Math.max(1_000_000, symbols * 60)),
    latencyPhaseSeconds: quick ? 8 : 20,
    latencyRates,
    recoveryBacklog: quick ? 100_000 : 200_000,
    processorEnv,
  };
}

export const SECTIONS = ['producer', 'memory', 'core', 'ceilings', 'throughput', 'naive', 'latency', 'recovery', 'backfill', 'archive'] as const;
