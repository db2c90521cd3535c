// An independent line-protocol reader for tests, written from the InfluxDB reference (not from
// points.ts): measurement[,tag=value...] field=value[,field=value...] timestamp. A backslash
// escapes the next character; \n, \r and \t are read as the control characters the official
// client escapes them from. Float fields only (what the processor writes).
export interface ParsedLine {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  /** Epoch ms of the ns timestamp, and the nanoseconds within that ms. */
  ts: number;
  nsOffset: number;
}

const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/** Reads up to the first unescaped char in `stops`; returns the unescaped text and the index of the stop. */
function readUntil(line: string, from: number, stops: string): [string, number] {
  let out = '';
  let i = from;
  while (i < line.length && !stops.includes(line[i]!)) {
    if (line[i] === '\\' && i + 1 < line.length) {
      const next = line[i + 1]!;
      out += CONTROL[next] ?? next;
      i += 2;
    } else {
      out += line[i];
      i += 1;
    }
  }
  return [out, i];
}

export function parseLine(line: string): ParsedLine {
  if (/[\r\n]/.test(line)) throw new Error('raw newline inside a line');
  const [measurement, start] = readUntil(line, 0, ', ');
  let i = start;
  const tags: Record<string, string> = {};
  while (line[i] === ',') {
    const [key, eq] = readUntil(line, i + 1, '=');
    if (line[eq] !== '=') throw new Error(`tag without '=' at ${i}`);
    const [value, end] = readUntil(line, eq + 1, ', ');
    if (key === '' || value === '') throw new Error(`empty tag key or value at ${i}`);
    tags[key] = value;
    i = end;
  }
  if (line[i] !== ' ') throw new Error(`expected a space before the fields at ${i}`);
  const fields: Record<string, number> = {};
  let sep = ' ';
  while (line[i] === sep || (sep === ',' && line[i] === ',')) {
    const [key, eq] = readUntil(line, i + 1, '=');
    if (line[eq] !== '=' || key === '') throw new Error(`bad field at ${i}`);
    let end = eq + 1;
    while (end < line.length && line[end] !== ',' && line[end] !== ' ') end++;
    const raw = line.slice(eq + 1, end);
    if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) throw new Error(`not a float: ${raw}`);
    fields[key] = Number(raw);
    i = end;
    sep = ',';
  }
  if (measurement === '') throw new Error('empty measurement');
  if (line[i] !== ' ' || !/^-?\d+$/.test(line.slice(i + 1))) throw new Error(`bad timestamp: ${line.slice(i)}`);
  const ns = BigInt(line.slice(i + 1)); // precision=ns: ms * 1e6 exceeds 2^53
  return { measurement, tags, fields, ts: Number(ns / 1_000_000n), nsOffset: Number(ns % 1_000_000n) };
}
