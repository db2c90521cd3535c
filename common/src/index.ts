// Runtime helpers shared by the services: logger, env parsing, Kafka client and admin, retry.
// Pure code imports @tickflow/contracts instead (enforced by eslint.config.js).
export * from './env.js';
export * from './logger.js';
export * from './kafka/client-config.js';
export * from './kafka/codecs.js';
export * from './kafka/env-schema.js';
export * from './kafka/topics-admin.js';
export * from './kafka/retry.js';
export * from './retry.js';
export * from './heartbeat-file.js';
export * from './metrics-publisher.js';
export * from './service.js';
export * from './cli.js';
export * from './kafka/reach.js';
export * from './cli-values.js';
