import { duration, parseCommandLine, type CliExit } from '@tickflow/common';
import pkg from '../package.json' with { type: 'json' };
import { REPORT_COMMAND, reportFlagsFrom, type ReportFlags } from './commands/report-flags.js';
import { ARCHIVER_ENV } from './config.js';
import { DEFAULTS } from './defaults.js';

/** `connectTimeoutMs`: --connect-timeout, which stands in for KAFKA_CONNECT_TIMEOUT_MS. */
export type ArchiverRun = { command: 'archive'; connectTimeoutMs?: number } | { command: 'report'; flags: ReportFlags };

const ARCHIVE_ABOUT = `The archiver consumes the quotes and sales topics and their dead-letter topics (its own
consumer group) and writes Parquet files, hive-partitioned:
  raw/topic=T/date=D/hour=H/part-pP-FIRST-LAST.parquet    every valid event as received
  clean/topic=T/date=D/part-pP-FIRST-LAST.parquet         deduplicated, in base currency, late flagged
to ARCHIVE_DIR, or to S3 (any S3-compatible store) when S3_BUCKET is set. Env:
  ${ARCHIVER_ENV.join(', ')}
Required: KAFKA_BROKERS. Defaults and meanings: archiver/README.md, "Configuration".
Stops cleanly on SIGTERM/SIGINT (writes open files, commits, exits 0).`;

const ARCHIVE_FLAGS = {
  'connect-timeout': {
    type: 'string',
    description: `Give up (exit 75) when Kafka cannot be reached at start-up for this long, e.g. 30s, 2m; 0 = retry forever (instead of KAFKA_CONNECT_TIMEOUT_MS, ms; default ${DEFAULTS.connectTimeoutMs / 1000}s)`,
    parse: duration,
    env: false,
  },
} as const;

const EPILOG = `With no command, runs the archiver service (archive; \`tickflow-archiver archive --help\`: what
it writes, and its env).
Exit codes: 0 done, 1 failed (report: no archive at ARCHIVE_DIR), 2 usage or configuration,
75 Kafka unreachable at start-up (a later run may succeed).`;

/** argv (after node and the script; `today` = report's default --to, UTC) -> what to run, or what to print and the exit code. */
export function parseArchiverCli(argv: readonly string[], today: string): ArchiverRun | CliExit {
  const r = parseCommandLine(
    {
      bin: 'tickflow-archiver',
      version: pkg.version,
      description: 'Archives every event as Parquet, and writes the analysis report of the archive.',
      commands: [{ name: 'archive', summary: 'Runs the archiver service (the default; configured by env).', flags: ARCHIVE_FLAGS, epilog: ARCHIVE_ABOUT }, REPORT_COMMAND],
      defaultCommand: 'archive',
      epilog: EPILOG,
    },
    argv,
    {},
  );
  if ('exitCode' in r) return r;
  if (r.command !== 'report') return typeof r.flags['connect-timeout'] === 'number' ? { command: 'archive', connectTimeoutMs: r.flags['connect-timeout'] } : { command: 'archive' };
  const flags = reportFlagsFrom(r.flags, today);
  return 'exitCode' in flags ? flags : { command: 'report', flags };
}
