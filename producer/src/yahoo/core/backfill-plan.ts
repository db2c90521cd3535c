const DAY_MS = 86_400_000;

export const BACKFILL_INTERVALS = ['1m', '2m', '5m', '15m', '30m', '1h', '1d'] as const;
export type BackfillInterval = (typeof BACKFILL_INTERVALS)[number];

export interface IntervalLimit {
  /** Longest span Yahoo serves in one chart() request. */
  maxChunkMs: number;
  /** How far back from now the interval exists at all. */
  lookbackMs: number;
}

/**
 * What Yahoo's chart API serves per interval (as documented by yahoo-finance2 and observed:
 * "1m data only for the last 30 days, 8 days per request"; 2m-30m the last 60 days; 1h the last
 * 730 days; 1d back to the first trade).
 */
export const YAHOO_INTERVAL_LIMITS: Readonly<Record<BackfillInterval, IntervalLimit>> = {
  '1m': { maxChunkMs: 8 * DAY_MS, lookbackMs: 30 * DAY_MS },
  '2m': { maxChunkMs: 60 * DAY_MS, lookbackMs: 60 * DAY_MS },
  '5m': { maxChunkMs: 60 * DAY_MS, lookbackMs: 60 * DAY_MS },
  '15m': { maxChunkMs: 60 * DAY_MS, lookbackMs: 60 * DAY_MS },
  '30m': { maxChunkMs: 60 * DAY_MS, lookbackMs: 60 * DAY_MS },
  '1h': { maxChunkMs: 730 * DAY_MS, lookbackMs: 730 * DAY_MS },
  '1d': { maxChunkMs: Infinity, lookbackMs: Infinity },
};

/** A half-open request window [period1, period2), epoch ms on whole seconds. */
export interface Chunk {
  period1: number;
  period2: number;
}

export type ChunkPlan = { ok: true; chunks: Chunk[]; clampedTo?: number } | { ok: false; error: string };

export function isBackfillInterval(s: string): s is BackfillInterval {
  return (BACKFILL_INTERVALS as readonly string[]).includes(s);
}

/**
 * Splits [from, to) into requests Yahoo will answer, or says why the range cannot be served.
 * `to` in the future is clamped to `now`. Chunks are contiguous and do not overlap, so every
 * candle falls into exactly one of them.
 */
export function planChunks(
  req: { from: number; to: number; interval: BackfillInterval; now: number },
  limits: Readonly<Record<BackfillInterval, IntervalLimit>> = YAHOO_INTERVAL_LIMITS,
): ChunkPlan {
  const limit = limits[req.interval];
  const from = Math.floor(req.from / 1000) * 1000;
  const to = Math.floor(Math.min(req.to, req.now) / 1000) * 1000;
  if (from >= to) {
    return { ok: false, error: `empty range: --from ${iso(req.from)} must be before --to ${iso(Math.min(req.to, req.now))} (and not in the future)` };
  }
  const oldest = req.now - limit.lookbackMs;
  if (from < oldest) {
    const days = Math.round(limit.lookbackMs / DAY_MS);
    return {
      ok: false,
      error:
        `Yahoo keeps ${req.interval} candles only for the last ${days} days (since ${iso(oldest)}); ` +
        `--from ${iso(req.from)} is older. Use a later --from or --interval ${servable(req.now - from, limits).join('|')}.`,
    };
  }
  const chunks: Chunk[] = [];
  for (let p1 = from; p1 < to; ) {
    const p2 = Number.isFinite(limit.maxChunkMs) ? Math.min(to, p1 + limit.maxChunkMs) : to;
    chunks.push({ period1: p1, period2: p2 });
    p1 = p2;
  }
  return req.to > req.now ? { ok: true, chunks, clampedTo: to } : { ok: true, chunks };
}

/** Intervals whose history reaches back `ageMs`. */
function servable(ageMs: number, limits: Readonly<Record<BackfillInterval, IntervalLimit>>): BackfillInterval[] {
  return BACKFILL_INTERVALS.filter((i) => limits[i].lookbackMs >= ageMs);
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
