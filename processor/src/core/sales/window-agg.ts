/** Additive aggregates of one window and one dimension value. */
export interface Agg {
  revenue: number;
  orders: number;
  units: number;
  highTicket: number;
}

export const DIMENSIONS = ['category', 'city', 'country', 'payment', 'total'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface SaleFacts {
  category: string;
  city: string;
  country: string;
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
    ['total', 'all'],
  ];
}

/** `newOrder` false for a further line of an order already counted here (orders are distinct ids). */
export function addTo(agg: Agg, f: SaleFacts, newOrder = true): void {
  agg.revenue += f.revenue;
  if (newOrder) agg.orders += 1;
  agg.units += f.units;
  if (f.highTicket) agg.highTicket += 1;
}

export const emptyAgg = (): Agg => ({ revenue: 0, orders: 0, units: 0, highTicket: 0 });
