import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../../..');
const PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;

describe('the tickflow-producer command', { timeout: 120_000 }, () => {
  it('runs from the bin link npm made (what `npx tickflow-producer` runs): --help and --version', () => {
    const bin = resolve(ROOT, 'node_modules/.bin/tickflow-producer');
    const help = spawnSync(bin, ['--help'], { cwd: ROOT, env: { PATH }, encoding: 'utf8', timeout: 60_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: tickflow-producer [options] [command]');
    const version = spawnSync(bin, ['--version'], { cwd: ROOT, env: { PATH }, encoding: 'utf8', timeout: 60_000 });
    expect({ status: version.status, stdout: version.stdout }).toEqual({ status: 0, stdout: `${pkg.version}\n` });
  });

  it('on a Node older than 22.15 says which Node it needs, before loading anything', () => {
    // This Node, reporting an older version: the check reads process.versions.node, as on a real Node 22.14.
    const older = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"22.14.0"})';
    const r = spawnSync(process.execPath, ['--import', older, 'producer/bin/tickflow-producer.js', '--help'], { cwd: ROOT, env: { PATH }, encoding: 'utf8', timeout: 60_000 });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr: 'tickflow-producer: needs Node.js 22.15 or newer (zstd in node:zlib); this is Node.js 22.14.0\n',
    });
  });
});
