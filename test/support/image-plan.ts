import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { contextMatches, type BuildContext } from './build-context.js';
import type { DockerfileModel, Step } from './dockerfile.js';

/**
 * What each stage of the Dockerfile would contain, computed without Docker: COPY from the
 * build context (after .dockerignore) or another stage, and the few RUN commands this project
 * uses (npm ci, npm install of pinned tools, patch-package, npm run build, mkdir/chown/chmod). An unknown RUN is an error, so the model
 * can never silently drift from the Dockerfile. Errors are what `docker build` would fail on.
 */
export type Origin =
  | { kind: 'context'; path: string }
  | { kind: 'stage'; stage: string; path: string; origin: Origin }
  | { kind: 'built'; entry: string; output: string }
  /** A node_modules tree: `npm ci` of the lock (`only` undefined), or `npm install` of just `only` (name@version). */
  | { kind: 'node_modules'; omitDev: boolean; patched: boolean; only?: string[] }
  /** One package copied out of a node_modules tree. */
  | { kind: 'package'; name: string; patched: boolean }
  | { kind: 'dir' };

export type StageFs = Map<string, Origin>;

export interface BuildScript {
  /** esbuild entries: output name -> source path (relative to the package root). */
  entries: Record<string, string>;
  outdir: string;
  args: string[];
}

export interface ImagePlan {
  stages: Map<string, StageFs>;
  errors: string[];
  build?: BuildScript;
}

/** Entries and output dir of the root `build` script (`esbuild name=path ... --outdir=dir`). */
export function parseBuildScript(script: string): BuildScript {
  const [bin, ...args] = script.trim().split(/\s+/);
  if (bin !== 'esbuild') throw new Error(`build script must run esbuild, got: ${script}`);
  const entries: Record<string, string> = {};
  for (const a of args) {
    const m = /^([\w-]+)=([^-].*\.ts)$/.exec(a);
    if (m) entries[m[1] as string] = m[2] as string;
  }
  const outdir = args.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
  return { entries, outdir, args };
}

function copyInto(fs: StageFs, srcFiles: [string, Origin][], srcRoot: string, dest: string, single: boolean): void {
  for (const [path, origin] of srcFiles) {
    const target =
      path === srcRoot ? (dest.endsWith('/') || !single ? posix.join(dest, posix.basename(path)) : dest) : posix.join(dest, path.slice(srcRoot.length + 1));
    fs.set(target, origin);
  }
}

function runStep(step: Extract<Step, { kind: 'run' }>, fs: StageFs, ctx: BuildContext, plan: ImagePlan): void {
  const wd = step.workdir;
  const readJson = (path: string): { workspaces?: string[]; scripts?: Record<string, string> } | undefined => {
    const o = fs.get(path);
    return o?.kind === 'context' ? (JSON.parse(readFileSync(join(ctx.root, o.path), 'utf8')) as never) : undefined;
  };
  for (const part of step.command.split('&&').map((p) => p.trim())) {
    const err = (msg: string) => plan.errors.push(`Dockerfile line ${step.line}: ${part}: ${msg}`);
    /** Whether the tree at `nm` (a node_modules path) provides package `name`. */
    const provides = (nm: string, name: string): boolean => {
      const o = fs.get(nm);
      const tree = o?.kind === 'stage' ? rootOrigin(o) : o;
      return tree?.kind === 'node_modules' && (tree.only ? tree.only.some((p) => p.startsWith(`${name}@`)) : !tree.omitDev);
    };
    if (/^npm install\b/.test(part)) {
      const only = part.split(' ').slice(2).filter((w) => !w.startsWith('-'));
      const unpinned = only.filter((p) => !/^(@?[^@\s]+)@\d+\.\d+\.\d+$/.test(p));
      if (only.length === 0 || unpinned.length > 0) err(`install exact versions only (name@x.y.z): ${unpinned.join(' ')}`);
      if (fs.has(`${wd}/package.json`)) err(`npm install in ${wd} would install the whole project: install tools in a directory of their own`);
      fs.set(`${wd}/node_modules`, { kind: 'node_modules', omitDev: true, patched: false, only });
    } else if (/^npm ci\b/.test(part)) {
      const pkg = readJson(`${wd}/package.json`);
      if (!pkg) err(`no package.json in ${wd}`);
      if (!fs.has(`${wd}/package-lock.json`)) err(`no package-lock.json in ${wd}`);
      for (const ws of pkg?.workspaces ?? []) if (!fs.has(`${wd}/${ws}/package.json`)) err(`workspace ${ws} has no package.json in the image (COPY ${ws}/package.json ${ws}/)`);
      fs.set(`${wd}/node_modules`, { kind: 'node_modules', omitDev: /--omit=dev\b/.test(part), patched: false });
    } else if (/^(node_modules\/\.bin\/|npx (--no-install )?|\/[\w/.-]+\/node_modules\/\.bin\/)?patch-package$/.test(part)) {
      const bin = part.startsWith('/') ? part.slice(0, part.indexOf('/.bin/')) : `${wd}/node_modules`;
      const nm = fs.get(`${wd}/node_modules`);
      if (!provides(bin, 'patch-package')) err(`${bin} has no patch-package`);
      if (nm?.kind !== 'node_modules') err(`no node_modules in ${wd} to patch`);
      else fs.set(`${wd}/node_modules`, { ...nm, patched: true });
      if (![...fs.keys()].some((p) => p.startsWith(`${wd}/patches/`))) err(`no ${wd}/patches in the image (COPY patches patches)`);
    } else if (/^npm cache clean\b/.test(part) || /^(chown|chmod)\b/.test(part)) {
      // no files added
    } else if (/^npm run [\w:-]+$/.test(part)) {
      const name = part.split(' ')[2] as string;
      const script = readJson(`${wd}/package.json`)?.scripts?.[name];
      if (!script) {
        err(`no "${name}" script`);
        continue;
      }
      const build = parseBuildScript(script);
      plan.build = build;
      if (!provides(`${wd}/node_modules`, 'esbuild')) err(`${wd}/node_modules has no esbuild (npm run finds it in node_modules/.bin)`);
      for (const [entry, src] of Object.entries(build.entries)) {
        if (!fs.has(posix.join(wd, src))) err(`entry ${src} is not in the image (not copied, or excluded by .dockerignore)`);
        for (const ext of ['.js', ...(build.args.includes('--sourcemap') ? ['.js.map'] : [])]) {
          fs.set(posix.join(wd, build.outdir, `${entry}${ext}`), { kind: 'built', entry, output: posix.join(build.outdir, `${entry}${ext}`) });
        }
      }
    } else if (/^mkdir -p /.test(part)) {
      for (const d of part.split(/\s+/).slice(2)) fs.set(posix.resolve(wd, d), { kind: 'dir' });
    } else {
      err('RUN command not modelled by test/support/image-plan.ts: add it there');
    }
  }
}

export function planImage(model: DockerfileModel, ctx: BuildContext): ImagePlan {
  const plan: ImagePlan = { stages: new Map(), errors: [] };
  for (const st of model.stages) {
    const fs: StageFs = new Map();
    plan.stages.set(st.name, fs);
    for (const step of st.steps) {
      if (step.kind === 'run') {
        runStep(step, fs, ctx, plan);
        continue;
      }
      const single = step.sources.length === 1;
      for (const src of step.sources) {
        if (step.from) {
          const from = plan.stages.get(step.from);
          if (!from) {
            plan.errors.push(`Dockerfile line ${step.line}: COPY --from=${step.from}: no earlier stage of that name`);
            continue;
          }
          const hits = [...from].filter(([p]) => p === src || p.startsWith(`${src}/`));
          // A package inside a node_modules tree (the tree is one entry of the model).
          const tree = [...from].find(([p, o]) => o.kind === 'node_modules' && src.startsWith(`${p}/`));
          if (hits.length === 0 && tree?.[1].kind === 'node_modules') hits.push([src, { kind: 'package', name: src.slice(tree[0].length + 1), patched: tree[1].patched }]);
          if (hits.length === 0) plan.errors.push(`Dockerfile line ${step.line}: COPY --from=${step.from} ${src}: stage ${step.from} has no such file`);
          const tagged = hits.map(([p, o]): [string, Origin] => [p, { kind: 'stage', stage: step.from as string, path: p, origin: o }]);
          copyInto(fs, tagged, src, step.dest, single);
        } else {
          const rel = src.replace(/^\.?\/+/, '').replace(/\/+$/, '');
          const hits = contextMatches(ctx, rel);
          if (hits.length === 0) plan.errors.push(`Dockerfile line ${step.line}: COPY ${src}: not in the build context (missing, or excluded by .dockerignore)`);
          const tagged = hits.map((p): [string, Origin] => [p, { kind: 'context', path: p }]);
          copyInto(fs, tagged, rel, step.dest, single);
        }
      }
    }
  }
  return plan;
}

/** The original source of a file in a stage (following COPY --from chains). */
export function rootOrigin(o: Origin): Exclude<Origin, { kind: 'stage' }> {
  return o.kind === 'stage' ? rootOrigin(o.origin) : o;
}
