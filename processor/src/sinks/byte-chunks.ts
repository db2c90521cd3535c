/**
 * Splits items into runs whose summed size stays at or below `maxBytes` (an item larger than
 * that goes alone): each run becomes one Kafka send, i.e. one record batch per partition,
 * which the broker caps (max.message.bytes).
 */
export function chunkByBytes<T>(items: readonly T[], size: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length > 0 && bytes + n > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
