import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../producer/src/cli.js';
import { readBuildContext } from '../support/build-context.js';
import { containerEnv, interpolateAll, nodeArgs, parseYaml, readText, ROOT, type ComposeFile, type Service } from './compose-file.js';
import { runReady, shellWords } from './compose-rules.js';

// The README's newcomer sequence, step by step: clone, `docker compose up`, log in to Grafana,
// `docker compose run --rm producer inspect /import/x.csv`, run the command it prints. Each
// command the README shows is resolved against docker-compose.yml as compose would.

const README = readText('README.md');
const compose = interpolateAll(parseYaml(readText('docker-compose.yml')) as ComposeFile, {});
const producer = compose.services.producer as Service;
const PREFIX = 'docker compose run --rm producer';
const tmp = mkdtempSync(join(tmpdir(), 'tickflow-newcomer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The README's fenced code blocks, in order: language and lines. */
function codeBlocks(md: string): { lang: string; lines: string[] }[] {
  const blocks: { lang: string; lines: string[] }[] = [];
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of md.split('\n')) {
    const fence = /^```(\w*)$/.exec(line);
    if (fence && !open) open = { lang: fence[1] ?? '', lines: [] };
    else if (fence && open) {
      blocks.push(open);
      open = undefined;
    }
    else open?.lines.push(line);
  }
  return blocks;
}
/** Lines of the ```sh blocks (what the reader types), comments dropped. */
const typed = codeBlocks(README).filter((b) => b.lang === 'sh').flatMap((b) => b.lines.map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean));
/** Lines of the plain ``` blocks (what the reader sees printed). */
const printed = codeBlocks(README).filter((b) => b.lang === '').flatMap((b) => b.lines.map((l) => l.trim()));

/** A producer command line as `docker compose run --rm producer` runs it: the args after `node dist/producer.js`. */
function producerRun(line: string): string[] {
  expect(line.startsWith(`${PREFIX} `), line).toBe(true);
  const args = nodeArgs(producer, 'dist/producer.js', shellWords(line.slice(PREFIX.length)));
  if (!args) throw new Error(`the producer service does not run dist/producer.js with given args: ${line}`);
  return args;
}

/** Parses producer args the way the CLI does, with the env the producer service has. */
function parseProducer(args: string[]) {
  const parsed = parseCli(args, containerEnv(producer, {}));
  if ('exitCode' in parsed) throw new Error(`${args.join(' ')}: exits ${parsed.exitCode}: ${parsed.stderr}`);
  return parsed;
}

describe('the README, for a newcomer', () => {
  it('is short, and has the two commands: `docker compose up`, then `npm ci` and `npm test`', () => {
    expect(README.split('\n').length).toBeLessThan(220);
    expect(typed).toContain('docker compose up');
    const ci = typed.indexOf('npm ci');
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(typed.indexOf('npm test')).toBeGreaterThan(ci);
    // npm ci installs from the lock file; npm test is the whole suite.
    expect(existsSync(resolve(ROOT, 'package-lock.json'))).toBe(true);
    expect((JSON.parse(readText('package.json')) as { scripts: Record<string, string> }).scripts.test).toMatch(/vitest run$/);
  });

  it('every `docker compose` command it shows names a subcommand, profile and services that exist', () => {
    const lines = [...typed, ...printed].filter((l) => l.startsWith('docker compose '));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const profiles = new Set(Object.values(compose.services).flatMap((s) => s.profiles ?? []));
    for (const line of lines) {
      const words = shellWords(line).slice(2);
      while (words[0] === '--profile') expect(profiles, line).toContain(words.splice(0, 2)[1]);
      const [sub = '', ...rest] = words;
      expect(['up', 'down', 'logs', 'ps', 'exec', 'run'], line).toContain(sub);
      const named = rest.filter((w, i) => !w.startsWith('-') && !(rest[i - 1] ?? '').startsWith('--scale'));
      const service = sub === 'run' || sub === 'exec' || sub === 'logs' ? named[0] : undefined;
      if (service) expect(Object.keys(compose.services), line).toContain(service);
      for (const s of rest.filter((w) => /^\w[\w-]*=\d+$/.test(w))) expect(Object.keys(compose.services), line).toContain(s.split('=')[0]);
    }
  });

  it('logging in: the password command reads the file Grafana takes its admin password from, as the ready line says', () => {
    const grafana = compose.services.grafana as Service;
    const file = String(grafana.environment?.GF_SECURITY_ADMIN_PASSWORD__FILE);
    expect(typed).toContain(`docker compose exec grafana cat ${file}`);
    expect(README).toContain(`log in as \`${String(grafana.environment?.GF_SECURITY_ADMIN_USER)}\``);
    expect(README).toContain(`<${String(/Grafana (\S+),/.exec(runReady(parseYaml(readText('docker-compose.yml')) as ComposeFile, {}).stdout)?.[1])}>`);
    // The ready line shown is the one the ready service prints.
    const shown = printed.find((l) => l.includes('Tickflow is ready'))?.replace(/^\S+\s+\|\s+/, '');
    expect(`${shown}\n`).toBe(runReady(parseYaml(readText('docker-compose.yml')) as ComposeFile, {}).stdout);
  });

  it('your own file: `docker compose run --rm producer inspect /import/x.csv` runs inspect in the producer, ./import mounted read-only', () => {
    const line = typed.find((l) => l.startsWith(`${PREFIX} inspect `)) ?? '';
    const args = producerRun(line);
    expect(args[0]).toBe('inspect');
    const file = args[1] ?? '';
    expect(file).toMatch(/^\/import\/[\w.-]+\.(csv|jsonl)$/);
    expect(producer.volumes).toContain('./import:/import:ro');
    // A fresh clone has the folder (its README is tracked); the user's files stay out of git and of the image.
    expect(existsSync(resolve(ROOT, 'import/README.md'))).toBe(true);
    expect(readText('.gitignore').split('\n')).toEqual(expect.arrayContaining(['/import/*', '!/import/README.md']));
    expect(readBuildContext(ROOT).ignores('import/orders.csv')).toBe(true);
    // inspect prints its command with this prefix, so it runs as printed.
    expect(containerEnv(producer, {}).TICKFLOW_CLI_PREFIX).toBe(PREFIX);
  });

  it('inspect, run on an orders file at /import with the producer service\'s environment, proposes a command the producer service runs', () => {
    const host = join(tmp, 'orders.csv');
    copyFileSync(resolve(ROOT, 'producer/test/fixtures/replay/sales-eu.csv'), host);
    const env = { ...containerEnv(producer, {}), PATH: process.env.PATH ?? '' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', 'inspect', host], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const proposed = (lines[lines.indexOf('replay with:') + 1] ?? '').trim().replaceAll(host, '/import/orders.csv');
    // The prefix inspect prints is compose's TICKFLOW_CLI_PREFIX; the command and flags after
    // it must run in the producer service.
    const m = /^(docker compose run --rm producer) (sales-replay .*)$/.exec(proposed);
    expect(m, proposed).not.toBeNull();
    const parsed = parseProducer(producerRun(`${PREFIX} ${m?.[2] ?? ''}`));
    expect(parsed.name).toBe('sales-replay');
    expect(parsed.flags.file).toBe('/import/orders.csv');
  });

  it("the README's example of a printed command runs in the producer service", () => {
    const line = printed.find((l) => l.startsWith(`${PREFIX} sales-replay `)) ?? '';
    const parsed = parseProducer(producerRun(line));
    expect(parsed.name).toBe('sales-replay');
    expect(String(parsed.flags.file)).toMatch(/^\/import\//);
    expect(producerRun(typed.find((l) => l.startsWith(`${PREFIX} inspect `)) ?? '')[1]).toBe(parsed.flags.file);
  });

  it("docs/running.md's history recipes (replay last year, backfill 5 years) run in the producer service", () => {
    const md = readText('docs/running.md');
    const section = md.slice(md.indexOf('## History: replays and backfills'), md.indexOf('## Scaling the processor'));
    expect(section).toContain('### Replay last year');
    expect(section).toContain('### Backfill 5 years of daily prices');
    // Joined continuation lines; the shell's date substitution stands for a date.
    const lines = codeBlocks(section).filter((b) => b.lang === 'sh').flatMap((b) => b.lines.join('\n').replace(/\\\n\s*/g, '').split('\n')).map((l) => l.trim());
    const runs = lines.filter((l) => l.startsWith(`${PREFIX} `)).map((l) => parseProducer(producerRun(l.replace(/"\$\(date [^)]*\)"/, '2021-12-07'))));
    expect(runs.map((r) => r.name)).toEqual(['inspect', 'backfill']);
    const backfill = runs[1]!;
    expect(backfill.flags).toMatchObject({ interval: '1d', symbols: 'AAPL,MSFT,NVDA' });
    expect(backfill.flags.from).toBeDefined();
    expect(lines.some((l) => l.includes('--keep-time') && l.startsWith('docker compose --profile offline run --rm producer-replay'))).toBe(true);
    // The second-stack workaround is gone: one stack keeps the history.
    expect(md).not.toContain('COMPOSE_PROJECT_NAME=tickflow-history');
    expect(md).not.toContain('RETENTION_DAYS=36500');
  });
});
