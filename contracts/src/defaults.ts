/**
 * Defaults that must be equal in every service that has them: the processor and the archiver
 * judge the same events by them (each service's defaults.ts takes these from here).
 */
export const SHARED_DEFAULTS = {
  /** Event times further than this ahead of the record's Kafka timestamp are rejected, ms. */
  maxFutureMs: 5 * 60_000,
  /** The currency amounts are converted to. */
  baseCurrency: 'USD',
  /** Units of base currency per unit of each currency (FX_RATES syntax). */
  fxRates: 'EUR=1.087,GBP=1.27,MAD=0.1',
  /** Orders at or above this many base-currency units are high-ticket (processor points, archiver report). */
  highTicketThreshold: 1000,
} as const;

/**
 * Bytes a record adds to a Kafka record batch beside its key, value and headers: an upper
 * bound, so a send sized with it never exceeds the broker's limit. The v2 record framing is
 * at most 36 bytes (varints: length 5, timestampDelta 10, offsetDelta 5, key and value
 * lengths 5 each, header count 5; attributes 1); 64 leaves room for the batch header's share
 * (61 bytes per batch). An estimate of 24 is below the worst case. Costs a few percent of a
 * batch's records at the byte cap, where a too-large send costs the whole send.
 */
export const RECORD_OVERHEAD_BYTES = 64;
