import { describe, expect, it } from 'vitest';
import { longTasks, topSelfTime, type CpuProfile } from '../../lib/cpuprofile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('topSelfTime', () => {
  it('attributes each time delta to its sample node and merges nodes of the same function', () => {
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 1000,
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3] },
        { id: 2, callFrame: frame('handle', 'file:///work/main/processor/src/core/x.ts', 9), children: [4] },
        { id: 3, callFrame: frame('handle', 'file:///work/main/processor/src/core/x.ts', 9) },
        { id: 4, callFrame: frame('', 'file:///work/main/node_modules/kafkajs/src/a.js', 0) },
      ],
      samples: [2, 3, 4, 4, 2],
      timeDeltas: [100, 200, 300, 100, 300],
    };
    const top = topSelfTime(profile);
    expect(top).toEqual([
      { fn: 'handle (processor/src/core/x.ts:10)', share: 0.6, ms: 0.6 },
      { fn: '(anonymous) (kafkajs/src/a.js:1)', share: 0.4, ms: 0.4 },
    ]);
  });

  it('falls back to hitCount x mean interval without samples, and honours the limit', () => {
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 4000,
      nodes: [
        { id: 1, callFrame: frame('a'), hitCount: 3 },
        { id: 2, callFrame: frame('b'), hitCount: 1 },
      ],
    };
    expect(topSelfTime(profile, 1)).toEqual([{ fn: 'a', share: 0.75, ms: 3 }]);
  });
});

describe('longTasks', () => {
  const nodes = [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 5] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('commitNow', 'file:///work/main/processor/src/pipeline/p.ts', 4), children: [4] },
    { id: 4, callFrame: frame('encode', 'file:///work/main/node_modules/kafkajs/src/e.js', 0) },
    { id: 5, callFrame: frame('(garbage collector)') },
  ];

  it('finds stretches without idle of at least minMs, with their time by function and our outermost frame', () => {
    // 1 ms idle, then 12 ms busy (encode 8, GC 4), 1 ms idle, 3 ms busy (too short), idle.
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 20_000,
      nodes,
      samples: [2, 4, 4, 5, 2, 3, 2],
      timeDeltas: [1000, 4000, 4000, 4000, 1000, 3000, 1000],
    };
    expect(longTasks(profile, 10)).toEqual([
      { atMs: 1, ms: 12, top: [{ fn: 'encode (kafkajs/src/e.js:1)', ms: 8 }, { fn: '(garbage collector)', ms: 4 }], entries: ['commitNow (processor/src/pipeline/p.ts:5)'] },
    ]);
    expect(longTasks(profile, 2).map((t) => t.ms)).toEqual([12, 3]); // longest first
  });

  it('is empty for a profile without samples', () => {
    expect(longTasks({ startTime: 0, endTime: 1, nodes }, 1)).toEqual([]);
  });
});
