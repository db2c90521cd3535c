/** Running totals of one customer, over the orders of one Kafka partition. */
export interface CustomerTotals {
  spent: number;
  orders: number;
}

/** Adds one order line; `newOrder` false for a further line of an order already counted. */
export function addOrder(t: CustomerTotals | undefined, revenue: number, newOrder = true): CustomerTotals {
  const n = newOrder ? 1 : 0;
  return t ? { spent: t.spent + revenue, orders: t.orders + n } : { spent: revenue, orders: n };
}

/**
 * Fields of the `customers` point written after each order. Sales are keyed by order id, so
 * one customer's orders spread over partitions: these are partial totals per partition
 * (tag `partition`), exact and replay-safe; dashboards sum them. `loyal` is per partition too;
 * the global flag is sum(orders) >= loyalAfter at query time.
 */
export function customerFields(t: CustomerTotals, loyalAfter: number): Record<string, number> {
  return { total_spent: t.spent, orders: t.orders, avg_basket: t.spent / t.orders, loyal: t.orders >= loyalAfter ? 1 : 0 };
}
