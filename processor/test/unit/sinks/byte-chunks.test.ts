import { describe, expect, it } from 'vitest';
import { chunkByBytes } from '../../../src/sinks/byte-chunks.js';

describe('chunkByBytes', () => {
  it('keeps every run at or below the limit, in order, an oversized item alone', () => {
    const sizes = [300, 300, 300, 1200, 100, 500, 500];
    const chunks = chunkByBytes(sizes, (n) => n, 1000);
    expect(chunks).toEqual([[300, 300, 300], [1200], [100, 500], [500]]);
    expect(chunks.flat()).toEqual(sizes);
  });

  it('no items, no chunks', () => {
    expect(chunkByBytes([], () => 1, 10)).toEqual([]);
  });
});
