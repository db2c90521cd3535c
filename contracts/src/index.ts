// Pure event contracts: schemas, topic names, error types. No logger, Kafka or IO, so
// pure `core/` code can import it (enforced by eslint.config.js).
export * from './topics.js';
export * from './quote-event.js';
export * from './quote-fast.js';
export * from './sale-event.js';
export * from './dead-letter.js';
export * from './metrics-event.js';
export * from './errors.js';
export * from './backoff.js';
export * from './fx.js';
export * from './identity.js';
export * from './decode.js';
export * from './influx-schema.js';
export * from './defaults.js';
