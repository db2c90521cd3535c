/**
 * Date formats a replay file may use. Day and month accept one or two digits; every format
 * except the epochs takes an optional time part ` HH:mm[:ss[.SSS]]` (or `T...`), and iso also
 * an offset (`Z`, `+02:00`). `auto` guesses per value among the unambiguous ones and refuses
 * `1/2/2020`, which means different days in D/M and M/D files.
 */
export const DATE_FORMATS = ['auto', 'iso', 'YYYY/M/D', 'D/M/YYYY', 'M/D/YYYY', 'DD.MM.YYYY', 'epoch-ms', 'epoch-s'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const ALIASES: Record<string, DateFormat> = {
  'yyyy-mm-dd': 'iso',
  'yyyy/mm/dd': 'YYYY/M/D',
  'dd/mm/yyyy': 'D/M/YYYY',
  'mm/dd/yyyy': 'M/D/YYYY',
  'd.m.yyyy': 'DD.MM.YYYY',
};

/** The canonical format for a user-supplied name (case-insensitive, with a few aliases). */
export function dateFormatFrom(name: string): DateFormat | undefined {
  const lower = name.trim().toLowerCase();
  return DATE_FORMATS.find((f) => f.toLowerCase() === lower) ?? ALIASES[lower];
}

/** Converts a wall-clock time (fields as if UTC) in a zone to epoch ms. */
export type ZoneResolver = (wallAsUtcMs: number) => number;

/**
 * `UTC`, a fixed offset (`+02:00`, `-0530`) or an IANA zone (`Europe/Paris`, via Intl, which
 * handles DST). Undefined if unknown.
 */
export function zoneFrom(tz: string): ZoneResolver | undefined {
  if (/^(utc|gmt|z)$/i.test(tz)) return (ms) => ms;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent on Node 24, whose Intl accepts ±HH:MM and ±HHMM zones itself (kept for runtimes that do not)
  if (fixed) {
    const offset = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
    return (ms) => ms - offset;
  }
  let dtf: Intl.DateTimeFormat;
  try {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const offsetAt = (utcMs: number): number => {
    const p = Object.fromEntries(dtf.formatToParts(new Date(utcMs)).map((x) => [x.type, Number(x.value)]));
    const wall = Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second);
    return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
  };
  // Two passes settle the offset except inside a DST gap, where any answer is a guess.
  return (wall) => {
    const first = wall - offsetAt(wall);
    return wall - offsetAt(first);
  };
}

const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?`;
const PATTERNS: Record<'iso' | 'YYYY/M/D' | 'D/M/YYYY' | 'M/D/YYYY' | 'DD.MM.YYYY', { re: RegExp; order: [number, number, number] }> = {
  // order: capture-group index of year, month, day
  iso: { re: new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}\s*(Z|[+-]\d{2}:?\d{2})?$`, 'i'), order: [1, 2, 3] },
  'YYYY/M/D': { re: new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`), order: [1, 2, 3] },
  'D/M/YYYY': { re: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`), order: [3, 2, 1] },
  'M/D/YYYY': { re: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`), order: [3, 1, 2] },
  'DD.MM.YYYY': { re: new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`), order: [3, 2, 1] },
};

function fromParts(m: RegExpExecArray, order: [number, number, number], zone: ZoneResolver): number | undefined {
  const [y, mo, d] = order.map((i) => Number(m[i]));
  const [h, mi, s] = [m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [number, number, number];
  // Stryker disable next-line StringLiteral: equivalent, Number('0.') is 0 as well
  const ms = Math.round(Number(`0.${m[7] ?? '0'}`) * 1000);
  const wall = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
  const back = new Date(wall);
  // Date.UTC rolls 2015-02-30 over to March: reject instead of shifting the day.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: each part alone is redundant, any roll-over changes at least two of year, month and day
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== (mo as number) - 1 || back.getUTCDate() !== d) return undefined;
  // Stryker disable next-line ConditionalExpression: h > 23 alone is redundant, an hour of 24..99 rolls the day over (caught above)
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const offset = m[8];
  if (offset === undefined) return zone(wall);
  if (offset.toUpperCase() === 'Z') return wall;
  // Stryker disable next-line Regex,ConditionalExpression: equivalent, the iso pattern already admits only Z or this shape
  const o = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  // Stryker disable next-line ConditionalExpression: equivalent, see above
  if (!o) return undefined;
  return wall - (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) * 60_000;
}

function fromEpoch(raw: string, unitMs: number): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const t = Math.round(Number(raw) * unitMs);
  return Number.isSafeInteger(t) ? t : undefined;
}

/** Epoch ms of a date/time string in the given format; wall times are read in `zone`. */
export function parseDate(raw: string, format: DateFormat, zone: ZoneResolver): number | undefined {
  const s = raw.trim();
  if (format === 'epoch-ms') return fromEpoch(s, 1);
  if (format === 'epoch-s') return fromEpoch(s, 1000);
  if (format === 'auto') return parseAuto(s, zone);
  const p = PATTERNS[format];
  const m = p.re.exec(s);
  return m ? fromParts(m, p.order, zone) : undefined;
}

function parseAuto(s: string, zone: ZoneResolver): number | undefined {
  // Epoch seconds until the year 5138, milliseconds from 1973 on.
  // Stryker disable next-line Regex: anchors are equivalent, fromEpoch re-checks the whole string
  if (/^\d{9,}(\.\d+)?$/.test(s)) return Number(s) >= 1e11 ? fromEpoch(s, 1) : fromEpoch(s, 1000);
  for (const f of ['iso', 'YYYY/M/D', 'DD.MM.YYYY'] as const) {
    const m = PATTERNS[f].re.exec(s);
    if (m) return fromParts(m, PATTERNS[f].order, zone);
  }
  const dm = PATTERNS['D/M/YYYY'].re.exec(s);
  if (!dm) return undefined;
  // Unambiguous only if one side exceeds 12: 25/12/2020 is D/M, 12/25/2020 is M/D.
  if (Number(dm[1]) > 12) return fromParts(dm, PATTERNS['D/M/YYYY'].order, zone);
  if (Number(dm[2]) > 12) return fromParts(dm, PATTERNS['M/D/YYYY'].order, zone);
  return undefined;
}
