/** Endpoints of the real services, set by test/global-setup.ts (or by the user's env). */
export interface ServiceEnv {
  KAFKA_BROKERS: string;
  INFLUX_URL: string;
  INFLUX_TOKEN: string;
  INFLUX_ORG: string;
}

export function serviceEnv(): ServiceEnv {
  const { KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN } = process.env;
  if (!KAFKA_BROKERS || !INFLUX_URL || !INFLUX_TOKEN) {
    throw new Error('KAFKA_BROKERS, INFLUX_URL and INFLUX_TOKEN must be set (test/global-setup.ts starts the services)');
  }
  return { KAFKA_BROKERS, INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG: process.env.INFLUX_ORG ?? 'tickflow' };
}

let counter = 0;
/** A name unique to this test run, so tests never see each other's topics or buckets. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}
