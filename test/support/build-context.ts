import type { Ignore } from '@balena/dockerignore';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// CommonJS (module.exports = factory): required as such so TypeScript and Node agree on its shape.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as (options?: { ignorecase?: boolean }) => Ignore;

/**
 * The Docker build context of a directory: every file `docker build` would send, after
 * .dockerignore. Matching is @balena/dockerignore, a port of Docker's own matcher (including
 * `!` exceptions inside excluded directories, which .gitignore-style matchers get wrong).
 */
export interface BuildContext {
  root: string;
  /** Context-relative paths (forward slashes) of the files sent. */
  files: Set<string>;
  ignores(path: string): boolean;
}

export function readBuildContext(root: string): BuildContext {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  // An excluded directory is still walked when an exception could re-include something in it.
  const exceptions = patterns.map((p) => p.trim()).filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/^\/+/, ''));
  const mayReinclude = (dir: string) => exceptions.some((e) => e.startsWith(`${dir}/`) || e.startsWith('**'));
  const files = new Set<string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ig.ignores(path) || mayReinclude(path)) walk(path);
      } else if (!ig.ignores(path)) files.add(path);
    }
  };
  walk('');
  return { root, files, ignores: (p) => ig.ignores(p) };
}

/** Context files at `src` (a file) or under it (a directory); empty when excluded or missing. */
export function contextMatches(ctx: BuildContext, src: string): string[] {
  const s = src.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (s === '' || s === '.') return [...ctx.files];
  if (ctx.files.has(s)) return [s];
  return [...ctx.files].filter((f) => f.startsWith(`${s}/`));
}
