import { ConfigError } from '@tickflow/contracts';
import { parseArchiverCli } from './cli.js';
import { runArchiver } from './commands/archive.js';
import { runReport } from './commands/report.js';
import { loadArchiverConfig } from './config.js';

function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`tickflow-archiver: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

/** Wiring only: flags first (help, version and usage errors need no env), then the command reads its config once. */
async function main(): Promise<void> {
  const run = parseArchiverCli(process.argv.slice(2), new Date().toISOString().slice(0, 10));
  if ('exitCode' in run) {
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    process.exit(run.exitCode);
  }
  if (run.command === 'report') return runReport(run.flags).then((code) => process.exit(code), exitOnConfigError);
  let cfg;
  try {
    cfg = loadArchiverConfig(undefined, run.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: run.connectTimeoutMs });
  } catch (err) {
    exitOnConfigError(err);
  }
  await runArchiver(cfg);
}

main().catch((err) => {
  process.stderr.write(`tickflow-archiver: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
