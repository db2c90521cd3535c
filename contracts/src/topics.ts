/** Kafka topic names: the one place both services read them from. */
export const TOPICS = {
  quotes: 'market.quotes',
  sales: 'sales.transactions',
  /** Health counters of the producers (see metrics-event.ts). */
  metrics: 'pipeline.metrics',
} as const;

export type SourceTopic = (typeof TOPICS)[keyof typeof TOPICS];

/** Dead-letter topic of a source topic: `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

export const DLQ_TOPICS = {
  quotes: dlqTopic(TOPICS.quotes),
  sales: dlqTopic(TOPICS.sales),
} as const;
