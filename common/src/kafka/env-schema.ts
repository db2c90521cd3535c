import { z } from 'zod';
import { csv } from '../env.js';

const emptyToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);

/**
 * Kafka connection variables shared by both services. Each service's config.ts merges
 * this shape into its own schema; only config.ts reads process.env.
 */
export const kafkaEnvShape = {
  KAFKA_BROKERS: z
    .string({ error: 'required, e.g. localhost:9092' })
    .min(1, 'required, e.g. localhost:9092')
    .transform(csv),
  KAFKA_CLIENT_ID: z.string().default('tickflow'),
  KAFKA_SSL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Empty means unset: compose passes `${KAFKA_SASL_MECHANISM:-}` through as "".
  KAFKA_SASL_MECHANISM: z.preprocess(emptyToUndefined, z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional()),
  KAFKA_SASL_USERNAME: z.preprocess(emptyToUndefined, z.string().optional()),
  KAFKA_SASL_PASSWORD: z.preprocess(emptyToUndefined, z.string().optional()),
};

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

type KafkaEnv = z.infer<z.ZodObject<typeof kafkaEnvShape>>;

export function kafkaSettingsFrom(env: KafkaEnv): KafkaSettings {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  const settings: KafkaSettings = { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID, ssl: env.KAFKA_SSL };
  if (mechanism && username && password) settings.sasl = { mechanism, username, password };
  return settings;
}
