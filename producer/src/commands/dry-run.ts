import { saleKey } from '@tickflow/contracts';
import type { Command, CommandContext, Flags } from './command.js';

/** Exit code of a dry run in which no row would be sent (every row bad, or none): EX_DATAERR. */
export const EXIT_NOTHING_TO_SEND = 65;

const SHOWN = 20;
/** A progress line every this many rows (by count, not clock: the same file prints the same lines). */
export const PROGRESS_ROWS = 100_000;
/** Sale keys remembered to find repeated lines; past this, repeats are no longer counted (said so). */
export const MAX_KEYS = 2_000_000;

export interface DryRunResult {
  rows: number;
  wouldSend: number;
  deadLettered: number;
  /**
   * Sales sent whose (order id, line id) an earlier row already had: the processor counts the
   * line once and dead-letters the rest as `duplicate` (a multi-line export without --line-id-column).
   */
  repeated: { rows: number; examples: string[]; capped: boolean };
  byReason: Record<string, number>;
  /** The first rejected rows: `line 4: bad_number: column 6 "Qty": "two" is not a number ...`. */
  first: string[];
}

/**
 * `replay --dry-run` / `sales-replay --dry-run`: reads the whole file through the command's own
 * source and mapping, as a run would, but sends nothing and needs no Kafka. File order with
 * the file's times: nothing is sorted or rebased, which change no row's fate.
 */
export async function dryRun(command: Command, ctx: CommandContext, flags: Flags, progress?: (line: string) => void): Promise<DryRunResult> {
  const feed = await command.open(ctx, { ...flags, order: 'file', 'keep-time': true });
  const r: DryRunResult = { rows: 0, wouldSend: 0, deadLettered: 0, repeated: { rows: 0, examples: [], capped: false }, byReason: {}, first: [] };
  const keys = new Set<string>();
  for await (const item of feed.source) {
    r.rows++;
    if (progress && r.rows % PROGRESS_ROWS === 0) {
      const p = feed.source.progress?.();
      const of = p?.total ? ` (${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} bytes read)` : '';
      progress(`dry run: ${r.rows.toLocaleString('en-US')} rows${of}, ${r.deadLettered.toLocaleString('en-US')} dead-lettered so far\n`);
    }
    if (item.kind !== 'reject') {
      r.wouldSend++;
      if (item.kind === 'sale') noteRepeat(r.repeated, keys, item.event);
      continue;
    }
    r.deadLettered++;
    // The dead letter's text is `<reason>: line <n>: <what>` (sources/replay/replay-source.ts).
    const reason = item.deadLetter.error.split(':')[0] as string;
    r.byReason[reason] = (r.byReason[reason] ?? 0) + 1;
    if (r.first.length < SHOWN) {
      const m = /^([^:]+): (line \d+): ([\s\S]*)$/.exec(item.deadLetter.error);
      r.first.push(m ? `${m[2]}: ${m[1]}: ${m[3]}` : item.deadLetter.error);
    }
  }
  return r;
}

function noteRepeat(repeated: DryRunResult['repeated'], keys: Set<string>, sale: Parameters<typeof saleKey>[0]): void {
  const key = saleKey(sale);
  if (keys.has(key)) {
    repeated.rows++;
    if (repeated.examples.length < 3 && !repeated.examples.includes(sale.orderId)) repeated.examples.push(sale.orderId);
  } else if (keys.size < MAX_KEYS) keys.add(key);
  else repeated.capped = true;
}

export function renderDryRun(command: string, file: string, r: DryRunResult): string {
  const reasons = Object.entries(r.byReason).map(([k, n]) => `${k} ${n}`).join(', ');
  const out = [
    `dry run of ${command} on ${file}: nothing sent`,
    `rows:           ${r.rows}`,
    `would send:     ${r.wouldSend}`,
    `dead-lettered:  ${r.deadLettered}${reasons ? ` (${reasons})` : ''}`,
    ...r.first.map((l) => `  ${l}`),
  ];
  if (r.deadLettered > r.first.length) out.push(`  ... and ${r.deadLettered - r.first.length} more`);
  const rep = r.repeated;
  if (rep.rows > 0) {
    out.push(`repeated lines: ${rep.rows} rows repeat an earlier row's order id and line id (e.g. order ${rep.examples.join(', ')}): the processor counts each line once and dead-letters the rest as duplicate; give the file's line column with --line-id-column`);
  }
  if (rep.capped) out.push(`repeated lines: only the first ${MAX_KEYS.toLocaleString('en-US')} distinct lines were remembered; later repeats are not counted`);
  if (r.wouldSend === 0) out.push(`no row would be sent (exit ${EXIT_NOTHING_TO_SEND})`);
  return `${out.join('\n')}\n`;
}

/** 0 when some rows would be sent (the summary lists the rest), 65 when none would. */
export const dryRunExit = (r: DryRunResult): number => (r.wouldSend > 0 ? 0 : EXIT_NOTHING_TO_SEND);
