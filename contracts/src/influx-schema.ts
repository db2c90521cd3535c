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
