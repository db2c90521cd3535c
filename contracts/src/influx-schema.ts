/**
 * What the processor writes to InfluxDB and the InfluxDB tasks and Grafana read: measurement,
 * tag and field names. A test checks influxdb/tasks/*.flux against them, and processor tests
 * check the points the handlers build.
 */
export const MEASUREMENTS = {
  quote: 'quote',
  candle: 'candle',
  pattern: 'pattern',
  sales: 'sales',
  salesCube: 'sales_cube',
  customers: 'customers',
  highTicketOrder: 'high_ticket_order',
  pipeline: 'pipeline',
} as const;
export type Measurement = (typeof MEASUREMENTS)[keyof typeof MEASUREMENTS];

/** Tag names of a `sales_cube` point, in the order of the cube key. */
export const CUBE_TAGS = ['category', 'city', 'country', 'segment', 'payment_method'] as const;

const SALES_FIELDS = ['revenue', 'orders', 'units', 'high_ticket'] as const;

/** Tags per measurement. `window` and `interval` are added by the InfluxDB tasks' rollups too. */
export const TAGS: Readonly<Record<Measurement, readonly string[]>> = {
  quote: ['symbol'],
  candle: ['symbol', 'interval'],
  pattern: ['symbol', 'interval'],
  sales: ['dim', 'key', 'partition', 'window'],
  sales_cube: [...CUBE_TAGS, 'partition', 'window'],
  customers: ['customer_id', 'partition'],
  high_ticket_order: ['partition'],
  pipeline: ['kind', 'instance', 'topic', 'partition', 'reason', 'service', 'source'],
};

/**
 * Fixed field names per measurement. Not listed: a quote's indicator fields (named by their
 * period, e.g. sma_20; see the processor's indicator set) and the `pipeline` fields, which
 * are the self-metrics' and producers' counters.
 */
export const FIELDS = {
  quote: ['price', 'volume', 'market_state'],
  candle: ['open', 'high', 'low', 'close', 'volume', 'trades'],
  pattern: ['name', 'direction'],
  sales: SALES_FIELDS,
  sales_cube: SALES_FIELDS,
  customers: ['total_spent', 'orders', 'avg_basket', 'loyal'],
  high_ticket_order: ['order_id', 'customer_id', 'product', 'category', 'city', 'country', 'segment', 'payment_method', 'amount', 'quantity'],
  pipeline: [],
} as const satisfies Record<Measurement, readonly string[]>;

/**
 * The buckets and their default retentions in days (0 = forever). The processor writes every
 * point to the bucket of its kind, and skips a point its bucket's retention would refuse:
 * - raw: every point the processor makes from events (quotes, 1m candles, minute sales, ...);
 * - longterm: the hourly rollups (`candle` interval=1h, `sales`/`sales_cube` window=1h);
 * - daily: daily candles (`candle` interval=1d), kept for years: a trader's long chart.
 * influxdb/setup.ts creates them with these defaults; the env of both can change them.
 */
export const BUCKETS = {
  raw: { name: 'tickflow', retentionDays: 7 },
  longterm: { name: 'tickflow_longterm', retentionDays: 365 },
  daily: { name: 'tickflow_daily', retentionDays: 0 },
} as const;
export type BucketKind = keyof typeof BUCKETS;

/** Rollup tag values: `candle` interval and `sales`/`sales_cube` window of the long-lived points. */
export const ROLLUPS = {
  candleHour: { interval: '1h', periodMs: 3_600_000, bucket: 'longterm' },
  candleDay: { interval: '1d', periodMs: 86_400_000, bucket: 'daily' },
  salesHour: { window: '1h', periodMs: 3_600_000, bucket: 'longterm' },
} as const satisfies Record<string, { periodMs: number; bucket: BucketKind; interval?: string; window?: string }>;
