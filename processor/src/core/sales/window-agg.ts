import { CUBE_TAGS } from '@tickflow/contracts';

/** Additive aggregates of one window and one dimension value. */
export interface Agg {
  revenue: number;
  orders: number;
  units: number;
  highTicket: number;
}

/**
 * `sales` dimensions (one-dimensional: tag dim + key), and `cube`: the cell of the
 * multi-dimensional `sales_cube` (category × city × country × segment × payment method), whose
 * key is the JSON array of those five values. Product stays out of the cube: it is the one
 * dimension whose cardinality grows with the catalogue.
 */
export const DIMENSIONS = ['category', 'city', 'country', 'payment', 'segment', 'product', 'total', 'cube'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Where keys beyond the per-window cap go: totals stay exact, the filter on them is lost. */
export const OVERFLOW_KEY = '(other)';
export const OVERFLOW_CUBE_KEY = JSON.stringify(CUBE_TAGS.map(() => OVERFLOW_KEY));

export interface SaleFacts {
  category: string;
  city: string;
  country: string;
  segment: string;
  product: string;
  paymentMethod: string;
  units: number;
  revenue: number;
  highTicket: boolean;
}

export function dimensionKeys(f: SaleFacts): [Dimension, string][] {
  return [
    ['category', f.category],
    ['city', f.city],
    ['country', f.country],
    ['payment', f.paymentMethod],
    ['segment', f.segment],
    ['product', f.product],
    ['total', 'all'],
    ['cube', JSON.stringify([f.category, f.city, f.country, f.segment, f.paymentMethod])],
  ];
}

/** The `sales_cube` tags of a cube key. */
export function cubeTags(key: string): Record<string, string> {
  const values = JSON.parse(key) as string[];
  return Object.fromEntries(CUBE_TAGS.map((t, i) => [t, values[i] ?? OVERFLOW_KEY]));
}

/** `newOrder` false for a further line of an order already counted here (orders are distinct ids). */
export function addTo(agg: Agg, f: SaleFacts, newOrder = true): void {
  agg.revenue += f.revenue;
  if (newOrder) agg.orders += 1;
  agg.units += f.units;
  if (f.highTicket) agg.highTicket += 1;
}

export const emptyAgg = (): Agg => ({ revenue: 0, orders: 0, units: 0, highTicket: 0 });
