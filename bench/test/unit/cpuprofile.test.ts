import { describe, expect, it } from 'vitest';
import { topSelfTime, type CpuProfile } from '../../lib/cpuprofile.js';

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
