import { duration, parseCommandLine, type CliExit } from '@tickflow/common';
import pkg from '../package.json' with { type: 'json' };
import { ENV_VARIABLES } from './config.js';
import { DEFAULTS } from './defaults.js';

const ABOUT = `Configured by env:
  ${ENV_VARIABLES.join(', ')}
Required: KAFKA_BROKERS (or --brokers), INFLUX_URL, INFLUX_TOKEN. Defaults and meanings: docs/architecture.md, "Configuration".
Stops cleanly on SIGTERM/SIGINT (commits what was handled, leaves the group, exits 0).
Exit codes: 0 stopped, 1 failed, 2 usage or configuration, 75 Kafka unreachable at start-up (a later run may succeed).`;

/**
 * The processor's command line: help, version and `--brokers`; anything else is a usage error
 * (exit 2), never silently ignored. Returns the env loadConfig reads, with --brokers and
 * --connect-timeout applied (they stand in for KAFKA_BROKERS and KAFKA_CONNECT_TIMEOUT_MS).
 */
export function processorCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { env: Record<string, string | undefined> } | CliExit {
  const r = parseCommandLine(
    {
      bin: 'tickflow-processor',
      version: pkg.version,
      description: 'Consumes market quotes, sales and producer metrics from Kafka, computes indicators, candles and event-time sales windows, and writes them to InfluxDB.',
      flags: {
        brokers: { type: 'string', description: 'Kafka bootstrap servers, host:port[,host:port...] (instead of KAFKA_BROKERS)', env: false },
        'connect-timeout': {
          type: 'string',
          description: `Give up (exit 75) when Kafka cannot be reached at start-up for this long, e.g. 30s, 2m; 0 = retry forever (instead of KAFKA_CONNECT_TIMEOUT_MS, ms; default ${DEFAULTS.connectTimeoutMs / 1000}s)`,
          parse: duration,
          env: false,
        },
      },
      epilog: ABOUT,
    },
    argv,
    {},
  );
  if ('exitCode' in r) return r;
  const out = { ...env };
  if (typeof r.flags.brokers === 'string') out.KAFKA_BROKERS = r.flags.brokers;
  if (typeof r.flags['connect-timeout'] === 'number') out.KAFKA_CONNECT_TIMEOUT_MS = String(r.flags['connect-timeout']);
  return { env: out };
}
