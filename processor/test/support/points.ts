import { fieldsOf, type FieldRow, type Point } from '../../src/core/points.js';

/** A point as its line reads: the row's known values folded into `fields` by name, row first. */
export function plain(p: Point): Point {
  const { row: _row, ...rest } = p;
  return { ...rest, fields: fieldsOf(p) };
}

const isRow = (x: unknown): x is FieldRow => typeof x === 'object' && x !== null && 'names' in x && 'values' in x && Array.isArray((x as FieldRow).values);

/**
 * An equality tester (expect.addEqualityTesters) for whole outputs: two rows are equal when their
 * names and their own values are (Object.is), wherever in their chunks they sit.
 */
export function fieldRowsEqual(a: unknown, b: unknown): boolean | undefined {
  if (!isRow(a) || !isRow(b)) return undefined;
  const own = (r: FieldRow) => r.values.slice(r.at, r.at + r.names.length);
  const [va, vb] = [own(a), own(b)];
  return a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i]) && va.every((v, i) => Object.is(v, vb[i]));
}
