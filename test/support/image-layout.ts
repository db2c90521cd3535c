import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readBuildContext } from './build-context.js';
import { parseDockerfile, type DockerfileModel } from './dockerfile.js';
import { planImage, rootOrigin, type ImagePlan } from './image-plan.js';

/**
 * Builds the image's file layout natively, the way the Dockerfile does: a build context filtered
 * by .dockerignore, each stage's COPYs into its own root directory, the same `npm run build` in
 * the build stage's working directory. `npm ci` is not re-run: node_modules is a symlink to the
 * repository's (same lock file; dev dependencies included, which only makes it more lenient).
 */
export interface ImageLayout {
  model: DockerfileModel;
  plan: ImagePlan;
  /** Host directory standing for a stage's `/`. */
  stageRoot(stage: string): string;
}

function place(target: string, fn: () => void): void {
  mkdirSync(dirname(target), { recursive: true });
  fn();
}

export function buildImageLayout(repo: string, dir: string): ImageLayout {
  const ctx = readBuildContext(repo);
  const model = parseDockerfile(readFileSync(join(repo, 'Dockerfile'), 'utf8'));
  const plan = planImage(model, ctx);
  if (plan.errors.length > 0) throw new Error(`docker build would fail:\n${plan.errors.join('\n')}`);
  const stageRoot = (s: string) => join(dir, 'stages', s);
  for (const st of model.stages) {
    const root = stageRoot(st.name);
    const files = plan.stages.get(st.name) ?? new Map();
    const host = (p: string) => join(root, p);
    // Context files, dependencies and directories first, then the RUN steps that build.
    for (const [path, o] of files) {
      if (o.kind === 'context') place(host(path), () => copyFileSync(join(ctx.root, o.path), host(path)));
      else if (o.kind === 'node_modules') place(host(path), () => symlinkSync(join(repo, 'node_modules'), host(path)));
      else if (o.kind === 'dir') mkdirSync(host(path), { recursive: true });
      // node_modules is the repository's (symlinked), already patched by its postinstall.
      else if (o.kind === 'package' || (o.kind === 'stage' && rootOrigin(o).kind === 'package')) continue;
      else if (o.kind === 'stage') {
        const src = join(stageRoot(o.stage), o.path);
        if (!existsSync(src)) throw new Error(`${st.name}: COPY --from=${o.stage} ${o.path}: not produced by that stage`);
        place(host(path), () => (lstatSync(src).isSymbolicLink() ? symlinkSync(readlinkSync(src), host(path)) : copyFileSync(src, host(path))));
      }
    }
    for (const step of st.steps) {
      if (step.kind !== 'run') continue;
      for (const part of step.command.split('&&').map((p) => p.trim())) {
        const m = /^npm run ([\w:-]+)$/.exec(part);
        if (m) execFileSync('npm', ['run', m[1] as string], { cwd: host(step.workdir), stdio: 'pipe', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
      }
    }
    for (const [path, o] of files) if (o.kind === 'built' && !existsSync(host(path))) throw new Error(`${st.name}: npm run build did not produce ${path}`);
  }
  return { model, plan, stageRoot };
}
