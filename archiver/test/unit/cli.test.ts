import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArchiverCli } from '../../src/cli.js';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../../..');
const TODAY = '2026-10-14';

/** The archiver with no environment but PATH: what a newcomer gets before configuring anything. */
const bare = (args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'archiver/src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

// Each test starts node + tsx (a second or more on a busy machine): a generous per-test timeout.
describe('tickflow-archiver without any environment', { timeout: 120_000 }, () => {
  it('--help lists the service and report, exit 0', () => {
    const r = bare(['--help']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toContain('Usage: tickflow-archiver [options] [command]');
    expect(r.stdout).toContain('  archive [options]  Runs the archiver service (the default; configured by env).');
    expect(r.stdout).toContain('  report [options]   Writes the analysis report of the archive.');
  });

  it('--version prints the package version', () => {
    expect(bare(['--version'])).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('an unknown flag: one line with a suggestion, exit 2', () => {
    expect(bare(['--hepl'])).toEqual({ status: 2, stdout: '', stderr: "tickflow-archiver: unknown option '--hepl' (did you mean --help?); see `tickflow-archiver archive --help`\n" });
    expect(bare(['report', '--form', '2026-10-01'])).toEqual({
      status: 2,
      stdout: '',
      stderr: "tickflow-archiver: unknown option '--form' (did you mean --from?); see `tickflow-archiver report --help`\n",
    });
  });

  it('an unknown command suggests the near one, exit 2', () => {
    expect(bare(['reprot'])).toEqual({ status: 2, stdout: '', stderr: "tickflow-archiver: unknown command 'reprot' (did you mean report?); see `tickflow-archiver --help`\n" });
  });

  it('report --help: its flags and the env it reads', () => {
    const r = bare(['report', '--help']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toContain('Usage: tickflow-archiver report [options]');
    expect(r.stdout).toContain('--from <value>');
    expect(r.stdout).toContain('Exit codes: 0 written, 1 failed (e.g. no archive at ARCHIVE_DIR), 2 usage or configuration.');
  });

  it('no command runs the service, which then needs its env: exit 2 naming KAFKA_BROKERS', () => {
    expect(bare([])).toEqual({ status: 2, stdout: '', stderr: 'tickflow-archiver: Invalid configuration:\n  KAFKA_BROKERS: required, e.g. localhost:9092\n' });
  });
});

describe('parseArchiverCli', () => {
  it('no command, or archive, is the service', () => {
    expect(parseArchiverCli([], TODAY)).toEqual({ command: 'archive' });
    expect(parseArchiverCli(['archive'], TODAY)).toEqual({ command: 'archive' });
  });

  it('report with its flags, as before', () => {
    expect(parseArchiverCli(['report', '--from', '2026-10-01', '--top', '3', '--out', 'r'], TODAY)).toEqual({
      command: 'report',
      flags: { from: '2026-10-01', to: TODAY, out: 'r', highTicket: expect.any(Number), top: 3, symbols: undefined },
    });
  });

  it('archive --connect-timeout (also as the first flag, with no command) is handed on in ms', () => {
    expect(parseArchiverCli(['--connect-timeout', '2m'], TODAY)).toEqual({ command: 'archive', connectTimeoutMs: 120_000 });
    expect(parseArchiverCli(['archive', '--connect-timeout', '0'], TODAY)).toEqual({ command: 'archive', connectTimeoutMs: 0 });
  });

  it('the service takes no arguments', () => {
    expect(parseArchiverCli(['archive', 'extra'], TODAY)).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: "tickflow-archiver: too many arguments for 'archive'. Expected 0 arguments but got 1; see `tickflow-archiver archive --help`\n",
    });
  });
});
