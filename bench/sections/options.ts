export interface BenchOptions {
  quick: boolean;
  /** RSS soak length, s. */
  soakSeconds: number;
  /** Sections to run (all by default). */
  only: Set<string> | undefined;
  /** Per-symbol-count backlog sizes and phase lengths, scaled down by --quick. */
  symbolCounts: number[];
  /** Quote backlog per processor throughput run: at least this many, and >= 60 ticks per symbol in full mode. */
  backlog(symbols: number): number;
  latencyPhaseSeconds: number;
  latencyRates: number[];
  recoveryBacklog: number;
}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const soakAt = argv.indexOf('--soak');
  const soakSeconds = soakAt >= 0 ? Number(argv[soakAt + 1]) : quick ? 20 : 60;
  if (!(soakSeconds > 0)) throw new Error('--soak takes a number of seconds');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  return {
    quick,
    soakSeconds,
    only,
    symbolCounts: [100, 1000, 10_000],
    backlog: (symbols) => (quick ? 60_000 : Math.max(300_000, symbols * 60)),
    latencyPhaseSeconds: quick ? 8 : 20,
    latencyRates: [1000, 10_000, 50_000],
    recoveryBacklog: quick ? 100_000 : 200_000,
  };
}

export const SECTIONS = ['producer', 'memory', 'core', 'ceilings', 'throughput', 'naive', 'latency', 'recovery', 'backfill', 'archive'] as const;
