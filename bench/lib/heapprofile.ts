/** Summarises a V8 sampling heap profile (bench/lib/heap-sampler.mjs): bytes allocated per function. */
import { frameLabel } from './cpuprofile.js';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export interface HeapProfile {
  head: HeapNode;
}

export interface SelfAlloc {
  fn: string;
  bytes: number;
}

/** Bytes allocated by each function itself, largest first, and the total. */
export function topSelfAlloc(profile: HeapProfile, limit = 25): { total: number; top: SelfAlloc[] } {
  const by = new Map<string, number>();
  let total = 0;
  const stack: HeapNode[] = [profile.head];
  while (stack.length > 0) {
    const n = stack.pop() as HeapNode;
    if (n.selfSize > 0) {
      total += n.selfSize;
      const k = frameLabel(n.callFrame);
      by.set(k, (by.get(k) ?? 0) + n.selfSize);
    }
    stack.push(...n.children);
  }
  const top = [...by].map(([fn, bytes]) => ({ fn, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, limit);
  return { total, top };
}
