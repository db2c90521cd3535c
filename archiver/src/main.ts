import { ConfigError } from '@tickflow/contracts';
import { runArchiver } from './commands/archive.js';
import { runReport } from './commands/report.js';
import { ARCHIVER_ENV, loadArchiverConfig } from './config.js';

const HELP = `Usage: tickflow-archiver                 run the archiver service (default)
       tickflow-archiver report [flags]   write the analysis report (see: report --help)

The archiver consumes the quotes and sales topics and their dead-letter topics (its own
consumer group) and writes Parquet files, hive-partitioned:
  raw/topic=T/date=D/hour=H/part-pP-FIRST-LAST.parquet    every valid event as received
  clean/topic=T/date=D/part-pP-FIRST-LAST.parquet         deduplicated, in base currency, late flagged
to ARCHIVE_DIR, or to S3 (any S3-compatible store) when S3_BUCKET is set. Env:
  ${ARCHIVER_ENV.join(', ')}
Required: KAFKA_BROKERS. Defaults and meanings: archiver/README.md, "Configuration".
Stops cleanly on SIGTERM/SIGINT (writes open files, commits, exits 0).
`;

function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`tickflow-archiver: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

/** Wiring only: picks the command; each command reads its config once. */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'report') {
    return runReport(rest).then((code) => process.exit(code), exitOnConfigError);
  }
  if (command === '--help' || command === '-h' || command === 'help') return void process.stdout.write(HELP);
  if (command !== undefined) {
    process.stderr.write(`tickflow-archiver: unknown command "${command}"\n\n${HELP}`);
    process.exit(2);
  }
  let cfg;
  try {
    cfg = loadArchiverConfig();
  } catch (err) {
    exitOnConfigError(err);
  }
  await runArchiver(cfg);
}

main().catch((err) => {
  process.stderr.write(`tickflow-archiver: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
