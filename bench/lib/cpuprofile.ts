/** Summarises a V8 .cpuprofile (as written by `node --cpu-prof`): self time per function. */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  fn: string;
  /** Share of all samples, 0..1. */
  share: number;
  ms: number;
}

/** `name (file:line)`, with the path shortened to what tells files apart (CPU and heap profiles alike). */
export function frameLabel(frame: { functionName: string; url: string; lineNumber: number }): string {
  const { functionName, url, lineNumber } = frame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/(processor|producer|common|bench)\//, '$1/');
  return `${name} (${file}:${lineNumber + 1})`;
}

/**
 * Self time per function label, largest first. Uses `samples`/`timeDeltas` when present
 * (exact durations), else hitCount times the mean sampling interval.
 */
export function topSelfTime(profile: CpuProfile, limit = 15): SelfTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const micros = new Map<number, number>();
  if (profile.samples && profile.timeDeltas && profile.samples.length === profile.timeDeltas.length) {
    // timeDeltas[i] is the gap before sample i; attribute it to that sample's node.
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i] as number;
      micros.set(id, (micros.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] as number));
    }
  } else {
    const hits = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
    const per = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const n of profile.nodes) micros.set(n.id, (n.hitCount ?? 0) * per);
  }
  const total = [...micros.values()].reduce((a, x) => a + x, 0);
  const byLabel = new Map<string, number>();
  for (const [id, us] of micros) {
    const node = byId.get(id);
    if (!node || us === 0) continue;
    const key = frameLabel(node.callFrame);
    byLabel.set(key, (byLabel.get(key) ?? 0) + us);
  }
  return [...byLabel]
    .map(([fn, us]) => ({ fn, share: total > 0 ? us / total : 0, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}

export interface LongTask {
  /** Start, ms from the profile's start. */
  atMs: number;
  ms: number;
  /** Where the task's time went: self time by function, largest first. */
  top: { fn: string; ms: number }[];
  /** Our own outermost frames active in it (what started the task). */
  entries: string[];
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

/**
 * Stretches of at least `minMs` in which the main thread never went idle: what held the event
 * loop (every record waiting meanwhile pays for it). GC inside a stretch counts towards it;
 * `(program)` (native work outside JS) ends none, idle ends one.
 */
export function longTasks(profile: CpuProfile, minMs: number, limit = 10): LongTask[] {
  const { samples, timeDeltas } = profile;
  if (!samples || !timeDeltas) return [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out: LongTask[] = [];
  let run: { start: number; us: number; self: Map<string, number>; entries: Set<string> } | undefined;
  const close = (): void => {
    if (run && run.us >= minMs * 1000) {
      const top = [...run.self].map(([fn, us]) => ({ fn, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, 6);
      out.push({ atMs: run.start / 1000, ms: run.us / 1000, top, entries: [...run.entries].slice(0, 4) });
    }
    run = undefined;
  };
  let t = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = Math.max(0, timeDeltas[i] as number);
    t += dt;
    const node = byId.get(samples[i] as number);
    if (!node || node.callFrame.functionName === '(idle)') {
      close();
      continue;
    }
    run ??= { start: t - dt, us: 0, self: new Map(), entries: new Set() };
    run.us += dt;
    const key = frameLabel(node.callFrame);
    run.self.set(key, (run.self.get(key) ?? 0) + dt);
    // The outermost frame of our code on this stack.
    let outer: CpuProfileNode | undefined;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id) as CpuProfileNode;
      if (/\/(processor|common|contracts)\/src\/|\/bench\/out\/[^/]*\.m?js/.test(n.callFrame.url) && !IDLE.has(n.callFrame.functionName)) outer = n;
    }
    if (outer) run.entries.add(frameLabel(outer.callFrame));
  }
  close();
  return out.sort((a, b) => b.ms - a.ms).slice(0, limit);
}
