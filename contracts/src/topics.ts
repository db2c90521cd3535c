/** Kafka topic names: the one place the services read them from. */
export const TOPICS = {
  quotes: 'market.quotes',
  sales: 'sales.transactions',
  /** Health counters of the producers (see metrics-event.ts). */
  metrics: 'pipeline.metrics',
} as const;

/** Dead-letter topic of a source topic: `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}
