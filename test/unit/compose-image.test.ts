import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuildContext } from '../support/build-context.js';
import { parseDockerfile, stage } from '../support/dockerfile.js';
import { planImage, rootOrigin, type Origin } from '../support/image-plan.js';
import { interpolateAll, nodeScripts, parseYaml, readText, ROOT, usesAppImage, varsWithoutDefault, type ComposeFile } from './compose-file.js';

// Dockerfile, .dockerignore and docker-compose.yml checked against each other, as `docker
// build` and `docker compose up` would, with no Docker engine: the build context is the repo
// filtered by a port of Docker's matcher, each stage's files are computed from its COPY/RUN
// steps (test/support/image-plan.ts), and compose is read with an EMPTY environment (no .env).

const ctx = readBuildContext(ROOT);
const model = parseDockerfile(readText('Dockerfile'));
const plan = planImage(model, ctx);
const raw = parseYaml(readText('docker-compose.yml')) as ComposeFile;
const pkg = JSON.parse(readText('package.json')) as { version: string; workspaces: string[]; scripts: Record<string, string> };
const services = Object.entries(raw.services);
/** Services running the app image (the build-only app-image service runs `true`). */
const appServices = services.filter(([n, s]) => usesAppImage(s) && n !== 'app-image');
const tmp = mkdtempSync(join(tmpdir(), 'tickflow-meta-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the image build (Dockerfile x .dockerignore)', () => {
  it('every COPY input is in the build context, npm ci finds every workspace manifest, npm run build finds every entry', () => {
    expect(plan.errors).toEqual([]);
    expect(plan.build && Object.keys(plan.build.entries).length).toBeGreaterThan(3);
  });

  it('everything `npm run build` bundles (its whole import graph) is inside the build stage', () => {
    // esbuild's metafile lists every local file the bundles read, from the real build command.
    const args = pkg.scripts.build?.split(/\s+/).slice(1) ?? [];
    const out = args.map((a) => (a.startsWith('--outdir=') ? `--outdir=${join(tmp, 'out')}` : a));
    execFileSync(resolve(ROOT, 'node_modules/.bin/esbuild'), [...out, `--metafile=${join(tmp, 'meta.json')}`], { cwd: ROOT, stdio: 'pipe' });
    const inputs = Object.keys((JSON.parse(readFileSync(join(tmp, 'meta.json'), 'utf8')) as { inputs: object }).inputs);
    const local = inputs.filter((i) => !i.includes('node_modules/'));
    expect(local.length).toBeGreaterThan(50);
    const wd = stage(model, 'build').workdir;
    const fs = plan.stages.get('build') ?? new Map();
    expect(local.filter((i) => !fs.has(posix.join(wd, i))), 'bundled but not in the build stage (COPY it, or un-ignore it in .dockerignore)').toEqual([]);
  });

  it('copies every workspace manifest into the production-deps stage (npm ci fails on a missing workspace)', () => {
    for (const ws of pkg.workspaces) expect(plan.stages.get('deps')?.has(`/app/${ws}/package.json`), ws).toBe(true);
  });

  it('ships every patched dependency (patches/*.patch) patched, though npm ci runs with --ignore-scripts', () => {
    const patches = readdirSync(join(ROOT, 'patches')).filter((f) => f.endsWith('.patch'));
    expect(patches.length).toBeGreaterThan(0);
    const runtime: Map<string, Origin> = plan.stages.get('runtime') ?? new Map();
    for (const p of patches) {
      const name = p.replace(/\+[^+]+\.patch$/, '').replace('+', '/'); // @scope+name+1.0.0.patch
      // The package itself, or the node_modules tree it is in.
      const own = runtime.get(`/app/node_modules/${name}`);
      const tree = runtime.get('/app/node_modules');
      const o = own ? rootOrigin(own) : tree && rootOrigin(tree);
      expect(o?.kind === 'package' || o?.kind === 'node_modules' ? o.patched : undefined, `${name}: patch the tree the runtime copies (patch-package), or COPY the patched package`).toBe(true);
    }
  });

  it('runs from a pinned Node 24 LTS base, as a non-root user, with production dependencies only', () => {
    expect(model.args.NODE_IMAGE).toMatch(/^node:24\.\d+\.\d+-alpine3\.\d+$/);
    const runtime = stage(model, 'runtime');
    expect(runtime.user).toBe('node');
    expect(runtime.healthcheck).toBeDefined();
    const nm = plan.stages.get('runtime')?.get('/app/node_modules');
    expect(nm?.kind === 'stage' && nm.origin).toEqual({ kind: 'node_modules', omitDev: true, patched: true });
  });

  it('installs no devDependency in any stage: the build gets esbuild and patch-package alone, at the lock\'s versions', () => {
    const lock = JSON.parse(readText('package-lock.json')) as { packages: Record<string, { version: string }> };
    const trees = [...plan.stages.values()].flatMap((fs) => [...fs.values()]).filter((o) => o.kind === 'node_modules');
    expect(trees.length).toBeGreaterThanOrEqual(2);
    const tools: string[] = [];
    for (const t of trees) {
      if (t.only) tools.push(...t.only);
      else expect(t.omitDev, 'an npm ci without --omit=dev installs every devDependency (vitest, eslint, Stryker, ...)').toBe(true);
    }
    expect(tools.map((t) => t.replace(/@[^@]+$/, '')).sort()).toEqual(['esbuild', 'patch-package']);
    for (const t of tools) {
      const [name = '', version] = [t.slice(0, t.lastIndexOf('@')), t.slice(t.lastIndexOf('@') + 1)];
      expect(version, `${name} in the Dockerfile vs package-lock.json`).toBe(lock.packages[`node_modules/${name}`]?.version);
    }
  });

  it('downloads through the npm cache mount: every npm ci/install reuses it, and no layer stores it', () => {
    const installs = model.stages.flatMap((s) => s.steps).filter((s) => s.kind === 'run' && /^npm (ci|install)\b/.test(s.command));
    expect(installs.length).toBeGreaterThanOrEqual(2);
    for (const s of installs) expect(s.kind === 'run' && s.mounts, s.kind === 'run' ? s.command : '').toEqual(['type=cache,target=/root/.npm']);
    const runtime = plan.stages.get('runtime') ?? new Map();
    expect([...runtime.keys()].filter((p) => p.startsWith('/root/.npm') || p.startsWith('/tools'))).toEqual([]);
  });
});

describe('docker-compose.yml against the image', () => {
  it('needs no .env: no variable without a default, so `docker compose ps/down/logs` work on a fresh clone', () => {
    expect([...varsWithoutDefault(raw)], 'give each a default: ${VAR:-default}').toEqual([]);
    expect(() => interpolateAll(raw, {})).not.toThrow();
    expect(readText('docker-compose.yml')).not.toMatch(/\$\{\w+:?\?/);
  });

  it('builds one app image, tickflow-app:<package version>, from the runtime stage, used by every app service', () => {
    expect(appServices.length).toBeGreaterThanOrEqual(6);
    expect(raw.services['app-image']?.build?.target).toBe('runtime');
    expect(raw.services['app-image']?.image).toBe(`tickflow-app:${pkg.version}`);
    for (const [name, s] of appServices) expect([s.image, s.build], name).toEqual([`tickflow-app:${pkg.version}`, undefined]);
  });

  it("each app service's command and health check run files the runtime stage contains", () => {
    const runtime = stage(model, 'runtime');
    const fs = plan.stages.get('runtime') ?? new Map();
    let checked = 0;
    // ready only echoes one line with the image's sh (test/unit/compose-ready.test.ts runs it).
    for (const [name, s] of appServices.filter(([n]) => n !== 'ready')) {
      expect(s.command, `${name}: without a command it would run the image's CMD (--help)`).toBeDefined();
      const scripts = [...nodeScripts(s.command), ...nodeScripts(s.entrypoint), ...nodeScripts(s.healthcheck?.test)];
      expect(scripts.length, `${name}: runs no node script`).toBeGreaterThan(0);
      for (const f of scripts) {
        expect(fs.has(posix.resolve(runtime.workdir, f)), `${name}: ${f} is not in the runtime stage`).toBe(true);
        checked++;
      }
    }
    for (const f of nodeScripts(runtime.cmd)) expect(fs.has(posix.resolve(runtime.workdir, f)), `CMD ${f}`).toBe(true);
    expect(checked).toBeGreaterThanOrEqual(appServices.length - 1);
  });

  it('every service_healthy dependency has a health check (its own, or the image HEALTHCHECK)', () => {
    const imageHealth = stage(model, 'runtime').healthcheck !== undefined;
    const pairs: string[] = [];
    for (const [name, s] of services) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        const target = raw.services[dep];
        expect(target, `${name} depends on unknown service ${dep}`).toBeDefined();
        if (condition !== 'service_healthy') continue;
        const has = (target?.healthcheck && !target.healthcheck.disable) || (target !== undefined && usesAppImage(target) && imageHealth);
        expect(has, `${name} waits for ${dep} to be healthy, but ${dep} has no health check: it never turns healthy`).toBeTruthy();
        pairs.push(`${name}->${dep}`);
      }
    }
    expect(pairs).toContain('grafana->alert-sink');
  });

  it('mounts only paths inside this repository that exist (no ../shared)', () => {
    const compose = interpolateAll(raw, {});
    for (const [name, s] of Object.entries(compose.services)) {
      for (const v of s.volumes ?? []) {
        const src = v.split(':')[0] ?? '';
        if (!src.startsWith('.') && !src.startsWith('/')) continue;
        const abs = resolve(ROOT, src);
        expect(relative(ROOT, abs).startsWith('..') || abs === resolve('/'), `${name}: ${src} is outside the repository`).toBe(false);
        expect(existsSync(abs), `${name}: ${src} does not exist in a fresh clone`).toBe(true);
      }
    }
    for (const f of ['docker-compose.yml', 'Dockerfile', '.env.example', 'README.md', 'docs/running.md']) expect(readText(f), f).not.toContain('../shared');
  });

  it('pins Grafana to the exact release whose frontend packages (@grafana/data, @grafana/scenes) check the dashboards', () => {
    const image = raw.services.grafana?.image ?? '';
    const pkg = JSON.parse(readText('package.json')) as { devDependencies: Record<string, string> };
    expect(image).toBe(`grafana/grafana:${pkg.devDependencies['@grafana/data']}`);
    expect(image).toMatch(/^grafana\/grafana:1[3-9]\.\d+\.\d+$/);
  });
});
