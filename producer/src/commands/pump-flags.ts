import type { PumpOptions } from '../pump/options.js';
import { PUMP_DEFAULTS } from '../pump/options.js';
import type { FlagSpec, Flags } from './command.js';
import { numberFlag } from './flag-values.js';

/** Flags every command takes: the pump's tuning (defaults and units in pump/options.ts). */
export const PUMP_FLAGS: Record<string, FlagSpec> = {
  'max-rate': { type: 'string', description: 'Upper bound on events per second (wall time); 0 = none', default: '0' },
  'batch-max-count': { type: 'string', description: 'Records per Kafka send, at most', default: String(PUMP_DEFAULTS.maxBatchCount) },
  'batch-max-bytes': { type: 'string', description: 'Bytes per Kafka send, at most (stay below the broker\'s ~1 MB message.max.bytes)', default: String(PUMP_DEFAULTS.maxBatchBytes) },
  'linger-ms': { type: 'string', description: 'A partly filled batch is sent after this many ms (0 = as soon as the source has nothing ready)', default: String(PUMP_DEFAULTS.lingerMs) },
  'progress-ms': { type: 'string', description: 'Progress every this many ms (a redrawn line on a terminal, else a log line)', default: String(PUMP_DEFAULTS.progressMs) },
};

export function pumpOptions(flags: Flags): Omit<PumpOptions, 'speed'> {
  const rate = numberFlag(flags, 'max-rate', { min: 0 });
  return {
    maxRate: rate === 0 ? Infinity : rate,
    maxBatchCount: numberFlag(flags, 'batch-max-count', { min: 1, int: true }),
    maxBatchBytes: numberFlag(flags, 'batch-max-bytes', { min: 1024, int: true }),
    lingerMs: numberFlag(flags, 'linger-ms', { min: 0, int: true }),
    progressMs: numberFlag(flags, 'progress-ms', { min: 100, int: true }),
  };
}
