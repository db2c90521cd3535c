import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArchiverCli } from '../../../src/cli.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const TODAY = '2026-10-14';

/** `tickflow-archiver report` as a user runs it, with only `env` set (and PATH). */
const report = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'archiver/src/main.ts', 'report', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });

/** `report ARGV` through the archiver's parser: the report's options, or the exit. */
const parseReportFlags = (argv: string[], today: string) => {
  const r = parseArchiverCli(['report', ...argv], today);
  return 'command' in r ? (r.command === 'report' ? r.flags : r) : r;
};

describe('report flags', () => {
  it('defaults: the 7 days up to today, ./report, top 10', () => {
    expect(parseReportFlags([], TODAY)).toEqual({ from: '2026-10-08', to: TODAY, out: './report', highTicket: expect.any(Number), top: 10, symbols: undefined });
    expect(parseReportFlags(['--to', '2026-03-01', '--symbols', 'AAPL, MSFT'], TODAY)).toMatchObject({ from: '2026-02-23', to: '2026-03-01', symbols: ['AAPL', 'MSFT'] });
  });

  it('--from 2026-02-30 is refused: a date must exist, not roll into March', () => {
    expect(parseReportFlags(['--from', '2026-02-30'], TODAY)).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'tickflow-archiver: --from "2026-02-30": must be a calendar date, YYYY-MM-DD; see `tickflow-archiver report --help`\n',
    });
    expect(parseReportFlags(['--to', '14/10/2026'], TODAY)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--to "14/10/2026": must be a calendar date') });
    expect(parseReportFlags(['--from', '2024-02-29', '--to', '2024-03-01'], TODAY)).toMatchObject({ from: '2024-02-29' });
  });

  it('--from after --to, a bad --top, an unknown flag: exit 2 with one line', () => {
    expect(parseReportFlags(['--from', '2026-10-10', '--to', '2026-10-01'], TODAY)).toMatchObject({ exitCode: 2, stderr: 'tickflow-archiver: --from 2026-10-10 is after --to 2026-10-01; see `tickflow-archiver report --help`\n' });
    expect(parseReportFlags(['--top', '0'], TODAY)).toMatchObject({ exitCode: 2, stderr: 'tickflow-archiver: --top "0": must be an integer >= 1; see `tickflow-archiver report --help`\n' });
    expect(parseReportFlags(['--tp', '3'], TODAY)).toMatchObject({ exitCode: 2, stderr: "tickflow-archiver: unknown option '--tp' (did you mean one of --to, --top?); see `tickflow-archiver report --help`\n" });
  });
});

describe('report on a missing or empty archive', { timeout: 120_000 }, () => {
  it('a missing ARCHIVE_DIR: exit 1 with its path, no report written', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'report-')), 'archive');
    const out = join(dir, '..', 'out');
    const r = report(['--out', out], { ARCHIVE_DIR: dir });
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 1,
      stderr: `tickflow-archiver report: no archive at ${dir}: no such directory; ARCHIVE_DIR is where the archiver writes (or set S3_BUCKET for an S3 archive)\n`,
    });
  });

  it('an empty ARCHIVE_DIR: exit 1 with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-empty-'));
    const r = report(['--out', join(dir, 'out')], { ARCHIVE_DIR: dir });
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 1,
      stderr: `tickflow-archiver report: no archive at ${dir}: the directory is empty (no raw/ or clean/ files); ARCHIVE_DIR is where the archiver writes (or set S3_BUCKET for an S3 archive)\n`,
    });
  });

  it('--from 2026-02-30 exits 2 before reading the archive', () => {
    const r = report(['--from', '2026-02-30'], {});
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'tickflow-archiver: --from "2026-02-30": must be a calendar date, YYYY-MM-DD; see `tickflow-archiver report --help`\n' });
  });
});
