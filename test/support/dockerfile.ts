import { DockerfileParser, type Copy, type Instruction, type Run } from 'dockerfile-ast';
import { posix } from 'node:path';

/** A Dockerfile read into stages of ordered steps, with ARG defaults substituted. */
export type Step =
  | { kind: 'copy'; from?: string; sources: string[]; dest: string; line: number }
  /** `mounts`: the RUN's --mount options, e.g. 'type=cache,target=/root/.npm'. */
  | { kind: 'run'; command: string; workdir: string; line: number; mounts: string[] };

export interface Stage {
  name: string;
  base: string;
  workdir: string;
  steps: Step[];
  env: Record<string, string>;
  user?: string;
  /** HEALTHCHECK command as a shell string (`CMD x` shell form) or exec array. */
  healthcheck?: string | string[];
  cmd?: string[];
}

export interface DockerfileModel {
  args: Record<string, string>;
  stages: Stage[];
}

const unquote = (s: string) => s.replace(/^(['"])(.*)\1$/, '$2');

function words(i: Instruction): string[] {
  return i.getArguments().map((a) => a.getValue());
}

function jsonOrShell(text: string): string | string[] {
  const t = text.trim();
  if (t.startsWith('[')) return JSON.parse(t) as string[];
  return t;
}

export function parseDockerfile(text: string): DockerfileModel {
  const doc = DockerfileParser.parse(text);
  const args: Record<string, string> = {};
  for (const a of doc.getInitialARGs()) {
    const [k, v] = (a.getArgumentsContent() ?? '').split('=');
    if (k) args[k.trim()] = unquote(v?.trim() ?? '');
  }
  const subst = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (m, n: string) => args[n] ?? m);
  const stages: Stage[] = [];
  let cur: Stage | undefined;
  for (const i of doc.getInstructions()) {
    const kw = i.getKeyword().toUpperCase();
    const line = i.getRange().start.line + 1;
    if (kw === 'FROM') {
      const w = words(i).map(subst);
      cur = { name: (w[2] ?? `stage${stages.length}`).toLowerCase(), base: w[0] ?? '', workdir: '/', steps: [], env: {} };
      stages.push(cur);
      continue;
    }
    if (!cur) continue; // initial ARGs
    const content = i.getArgumentsContent() ?? '';
    switch (kw) {
      case 'WORKDIR':
        cur.workdir = posix.resolve(cur.workdir, subst(content.trim()));
        break;
      case 'ENV': {
        for (const m of content.matchAll(/(\w+)=("[^"]*"|\S+)/g)) cur.env[m[1] as string] = unquote(m[2] as string);
        break;
      }
      case 'USER':
        cur.user = content.trim();
        break;
      case 'RUN': {
        // The parser keeps flags (--mount=...) out of the arguments.
        const command = content.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
        const mounts = (i as Run).getFlags().filter((f) => f.getName() === 'mount').map((f) => f.getValue() ?? '');
        cur.steps.push({ kind: 'run', command, workdir: cur.workdir, line, mounts });
        break;
      }
      case 'COPY': {
        const paths = words(i).filter((w) => !w.startsWith('--')).map(subst);
        const from = (i as Copy).getFlags().find((f) => f.getName() === 'from')?.getValue()?.toLowerCase();
        const rawDest = paths.pop() ?? '';
        const dest = posix.resolve(cur.workdir, rawDest) + (rawDest.endsWith('/') || rawDest === '.' || rawDest === './' ? '/' : '');
        cur.steps.push({ kind: 'copy', from, sources: paths, dest, line });
        break;
      }
      case 'HEALTHCHECK': {
        const m = /\bCMD\s+([\s\S]*)$/.exec(content.replace(/\\\n/g, ' '));
        if (m?.[1]) cur.healthcheck = jsonOrShell(m[1]);
        break;
      }
      case 'CMD':
        cur.cmd = [jsonOrShell(content)].flat();
        break;
      default:
        break;
    }
  }
  return { args, stages };
}

export function stage(model: DockerfileModel, name: string): Stage {
  const s = model.stages.find((x) => x.name === name);
  if (!s) throw new Error(`Dockerfile has no stage "${name}" (stages: ${model.stages.map((x) => x.name).join(', ')})`);
  return s;
}
