import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../commands/usage-error.js';
import { propose, renderReport, type InspectFacts } from './core/inspect-report.js';
import { inspectFile } from './sources/inspect-file.js';
import type { FlagSpec, Flags } from '../commands/command.js';

/** `inspect FILE`: needs no Kafka, so main.ts runs it before reading the Kafka config. */
export const inspectCommand = {
  name: 'inspect',
  summary: 'Reads a CSV or JSONL export and prints its dialect, row count, time span, sortedness and the replay command for it (no Kafka needed).',
  flags: {
    file: { type: 'string', description: 'The CSV or JSONL file (or give it as the first argument: inspect FILE)' },
    delimiter: { type: 'string', description: 'Delimiter, if detection gets it wrong: , ; tab | or auto', default: 'auto' },
    json: { type: 'boolean', description: 'Print the findings and proposed arguments as JSON' },
  } satisfies Record<string, FlagSpec>,

  /** Returns the exit code: 0 with a command, 3 when no runnable command could be proposed. */
  async run(flags: Flags, write: (s: string) => void): Promise<number> {
    const file = typeof flags.file === 'string' ? flags.file : '';
    if (!file) throw new UsageError('inspect needs a file: inspect FILE');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
    const d = String(flags.delimiter);
    const format = ['.jsonl', '.ndjson', '.json'].includes(extname(file).toLowerCase()) ? 'jsonl' : 'csv';
    const raw = await inspectFile(file, d === 'tab' ? '\t' : d, format);
    const facts: InspectFacts = {
      ...raw,
      columns: raw.columns.map((c) => ({ name: c.name, empty: c.empty, nonEmpty: c.nonEmpty, distinct: c.distinct === 'many' ? 'many' : c.distinct.size, top: [...c.top] })),
    };
    const proposal = propose(facts);
    if (flags.json === true) {
      const { columns, ...rest } = facts;
      write(`${JSON.stringify({ ...rest, columns: columns.map(({ top: _top, ...c }) => c), proposal })}\n`);
    } else {
      write(renderReport(facts, proposal));
    }
    return proposal.command ? 0 : 3;
  },
};
