/**
 * The report's SQL (DuckDB), over views `sales`, `quotes` (clean layer, event date in range),
 * `received` (raw layer, date received in range: topic, key) and `dead_letters`. Pure strings.
 * Session time zone is UTC, so hours and days are UTC. A `sales` row is an order line: revenue
 * and units sum lines, `orders` counts distinct order ids (an order of three lines is one order).
 */
export const SQL = {
  salesTotals: `SELECT count(DISTINCT order_id)::BIGINT AS orders, coalesce(sum(amount_base), 0) AS revenue, coalesce(sum(quantity), 0)::BIGINT AS units,
    count(DISTINCT customer_id)::BIGINT AS customers, min(event_ts)::VARCHAR AS first, max(event_ts)::VARCHAR AS last FROM sales`,
  revenueBy: (column: string, limit: number) =>
    `SELECT ${column} AS name, sum(amount_base) AS revenue, count(DISTINCT order_id)::BIGINT AS orders FROM sales GROUP BY 1 ORDER BY revenue DESC, name LIMIT ${limit}`,
  byHour: `SELECT h.hour, count(DISTINCT s.order_id)::BIGINT AS orders, coalesce(sum(s.amount_base), 0) AS revenue
    FROM range(24) h(hour) LEFT JOIN sales s ON hour(s.event_ts) = h.hour GROUP BY h.hour ORDER BY h.hour`,
  topProducts: (limit: number) =>
    `SELECT product AS name, any_value(category) AS category, sum(amount_base) AS revenue, count(DISTINCT order_id)::BIGINT AS orders, sum(quantity)::BIGINT AS units
     FROM sales GROUP BY product ORDER BY revenue DESC, name LIMIT ${limit}`,
  highTicket: (threshold: number) =>
    `SELECT count(DISTINCT order_id)::BIGINT AS orders, coalesce(sum(amount_base), 0) AS revenue FROM sales WHERE amount_base >= ${threshold}`,
  largest: (threshold: number, limit: number) =>
    `SELECT order_id AS "orderId", customer_id AS "customerId", amount_base AS amount, event_ts::VARCHAR AS ts FROM sales
     WHERE amount_base >= ${threshold} ORDER BY amount_base DESC, order_id LIMIT ${limit}`,
  dailyBars: `WITH d AS (
      SELECT symbol, strftime(event_ts, '%Y-%m-%d') AS day, arg_min(price, event_ts) AS open, max(price) AS high, min(price) AS low,
        arg_max(price, event_ts) AS close, sum(volume) AS volume, count(*)::BIGINT AS ticks
      FROM quotes GROUP BY ALL)
    SELECT *,
      CASE WHEN count(*) OVER w5 = 5 THEN avg(close) OVER w5 END AS sma5,
      CASE WHEN count(*) OVER w20 = 20 THEN avg(close) OVER w20 END AS sma20,
      close / lag(close) OVER (PARTITION BY symbol ORDER BY day) - 1 AS ret
    FROM d
    WINDOW w5 AS (PARTITION BY symbol ORDER BY day ROWS BETWEEN 4 PRECEDING AND CURRENT ROW),
           w20 AS (PARTITION BY symbol ORDER BY day ROWS BETWEEN 19 PRECEDING AND CURRENT ROW)
    ORDER BY symbol, day`,
  received: `SELECT topic, count(*)::BIGINT AS events, (count(*) - count(DISTINCT key))::BIGINT AS duplicates FROM received GROUP BY topic ORDER BY topic`,
  kept: `SELECT topic, count(*)::BIGINT AS events, count(*) FILTER (WHERE late)::BIGINT AS late FROM kept GROUP BY topic ORDER BY topic`,
  deadLetters: `SELECT topic, reason, count(*)::BIGINT AS count FROM dead_letters GROUP BY ALL ORDER BY topic, count DESC, reason`,
};
