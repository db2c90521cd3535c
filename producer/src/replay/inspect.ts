import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../commands/usage-error.js';
import { ENCODING_NAMES } from './core/encoding.js';
import { DEFAULT_CLI_PREFIX, propose, renderReport, type InspectFacts } from './core/inspect-report.js';
import { inspectFile, type FileFacts } from './sources/inspect-file.js';
import type { FlagSpec, Flags } from '../commands/command.js';
import { textFlag } from '../commands/flag-values.js';
import { delimiterValue, encodingValue } from './file-flags.js';
import { readProgress } from './inspect-progress.js';
import { forecast, renderForecast, type Forecast, type ForecastInput } from './core/retention-forecast.js';
import type { RetentionSettings } from '../config.js';
import { speed, speedFlag } from '../commands/flag-values.js';


export interface InspectIo {
  /** What the printed command starts with (config: TICKFLOW_CLI_PREFIX). */
  cliPrefix?: string;
  /** Progress lines for a large file (stderr). */
  progress?: (line: string) => void;
  /** Buckets and retentions (config): with `now`, the forecast of where the rows land. */
  retention?: RetentionSettings;
  now?: number;
}

/** `inspect FILE`: needs no Kafka, so main.ts runs it before reading the Kafka config. */
export const inspectCommand = {
  name: 'inspect',
  summary: 'Reads a CSV or JSONL export and prints its dialect, row count, time span, sortedness and the replay command for it (no Kafka needed).',
  flags: {
    file: { type: 'string', description: 'The CSV or JSONL file (or give it as the first argument: inspect FILE)' },
    delimiter: { type: 'string', description: 'Delimiter, if detection gets it wrong: , ; tab | or auto', default: 'auto', parse: delimiterValue },
    encoding: { type: 'string', description: `Text encoding: ${ENCODING_NAMES.join(', ')} (auto = UTF-8 unless the bytes say otherwise)`, default: 'auto', parse: encodingValue },
    json: { type: 'boolean', description: 'Print the findings and proposed arguments as JSON' },
    'keep-time': { type: 'boolean', description: "For the retention forecast: the replay keeps the file's times (default: rebased onto now)" },
    speed: { type: 'string', description: 'For the retention forecast: the replay\'s --speed', default: 'max', parse: speed },
  } satisfies Record<string, FlagSpec>,

  /** Returns the exit code: 0 with a command that runs as printed, 3 when none could be proposed or it needs a flag added. */
  async run(flags: Flags, write: (s: string) => void, io: InspectIo = {}): Promise<number> {
    const file = typeof flags.file === 'string' ? flags.file : '';
    if (!file) throw new UsageError('inspect needs a file: inspect FILE');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
    const encoding = textFlag(flags, 'encoding', encodingValue, 'auto');
    const delimiter = textFlag(flags, 'delimiter', delimiterValue, 'auto');
    const format = ['.jsonl', '.ndjson', '.json'].includes(extname(file).toLowerCase()) ? 'jsonl' : 'csv';
    const progress = readProgress(file, info.size, io.progress);
    const raw = await inspectFile(file, { delimiter, format, encoding, progress });
    const hours = raw.date?.hours;
    if (raw.date) delete raw.date.hours;
    const facts = factsOf(raw);
    const proposal = propose(facts);
    const kind: ForecastInput['kind'] | undefined = proposal.command === 'sales-replay' ? 'sale' : proposal.command === 'replay' ? 'quote' : undefined;
    const { first, last } = facts.date ?? {};
    const r = io.retention;
    const plan: ForecastInput | undefined = r && io.now !== undefined && kind && hours && first !== undefined && last !== undefined
      ? { kind, times: hours, first, last, now: io.now, keepTime: flags['keep-time'] === true, speed: speedFlag(flags), retention: r.days }
      : undefined;
    const landing: Forecast | undefined = plan && forecast(plan);
    if (flags.json === true) {
      const { columns, ...rest } = facts;
      write(`${JSON.stringify({ ...rest, columns: columns.map(({ top: _top, ...c }) => c), proposal, ...(landing ? { retention: landing } : {}) })}\n`);
    } else {
      write(renderReport(facts, proposal, io.cliPrefix ?? DEFAULT_CLI_PREFIX));
      if (plan && landing && r) write(renderForecast(landing, plan, r.buckets));
    }
    return proposal.command && !proposal.missing ? 0 : 3;
  },
};

function factsOf(raw: FileFacts): InspectFacts {
  const { dialect, columns, ...rest } = raw;
  const g = dialect?.guess;
  const why = g === undefined || g === 'given' ? undefined : g.notUtf8 ? `not UTF-8: byte 0x${g.notUtf8.byte.toString(16).toUpperCase()} on line ${g.notUtf8.line}` : g.bom ? 'byte order mark' : undefined;
  return {
    ...rest,
    ...(dialect ? { encoding: { name: dialect.encoding, ...(why ? { why } : {}) } } : {}),
    ...(dialect?.fromLine === 2 ? { sepLine: dialect.delimiter } : {}),
    columns: columns.map((c) => ({
      name: c.name,
      empty: c.empty,
      nonEmpty: c.nonEmpty,
      ...(c.distinct === undefined ? {} : { distinct: c.distinct === 'many' ? 'many' : c.distinct.size }),
      top: [...c.top],
      numeric: c.nonEmpty ? c.numeric / c.nonEmpty : 0,
      dates: c.nonEmpty ? (c.dates.values - c.dates.other) / c.nonEmpty : 0,
      ...(c.notNumeric ? { notNumeric: c.notNumeric } : {}),
      ...(c.signs.size > 0 ? { signs: [...c.signs] } : {}),
    })),
  };
}
