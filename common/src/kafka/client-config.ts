import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { Logger } from '../logger.js';
import { registerKafkaCodecs } from './codecs.js';
import type { KafkaSettings } from './env-schema.js';

/** kafkajs client options, with its logs routed to pino instead of stdout. */
export function kafkaClientConfig(settings: KafkaSettings, log: Logger): KafkaConfig {
  registerKafkaCodecs();
  const klog = log.child({ module: 'kafkajs' });
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl,
    connectionTimeout: 3000,
    // Keep reconnecting: a broker restart must not kill a service.
    retry: { initialRetryTime: 300, retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 },
    logCreator: () => (entry) => {
      const { message, ...extra } = entry.log;
      const lvl = entry.level <= 1 ? 'error' : entry.level === 2 ? 'warn' : entry.level === 4 ? 'info' : 'debug';
      klog[lvl]({ ...extra, kafkajs: entry.namespace }, message);
    },
  };
  if (settings.sasl) config.sasl = settings.sasl as SASLOptions;
  return config;
}
