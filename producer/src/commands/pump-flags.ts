import type { PumpOptions } from '../pump/options.js';
import { PUMP_DEFAULTS } from '../pump/options.js';
import type { FlagSpec, Flags } from './command.js';
import { decimal, duration, integer, numberFlag } from './flag-values.js';

/** Flags every command takes: the pump's tuning (defaults and units in pump/options.ts). */
export const PUMP_FLAGS: Record<string, FlagSpec> = {
  'max-rate': { type: 'string', description: 'Upper bound on events per second (wall time); 0 = none', default: '0', parse: decimal(0) },
  'batch-max-count': { type: 'string', description: 'Records per Kafka send, at most', default: String(PUMP_DEFAULTS.maxBatchCount), parse: integer(1) },
  'batch-max-bytes': { type: 'string', description: 'Bytes per Kafka send, at most (stay below the broker\'s ~1 MB message.max.bytes)', default: String(PUMP_DEFAULTS.maxBatchBytes), parse: integer(1024) },
  'linger-ms': { type: 'string', description: 'A partly filled batch is sent after this many ms (0 = as soon as the source has nothing ready)', default: String(PUMP_DEFAULTS.lingerMs), parse: integer(0) },
  'progress-ms': { type: 'string', description: 'Progress every this many ms (a redrawn line on a terminal, else a log line)', default: String(PUMP_DEFAULTS.progressMs), parse: integer(100) },
};

/** Where Kafka is, for every command that sends; the rest of the Kafka settings are env (config.ts). */
export const KAFKA_FLAGS: Record<string, FlagSpec> = {
  brokers: { type: 'string', description: 'Kafka bootstrap servers, host:port[,host:port...] (instead of KAFKA_BROKERS)', env: false },
  'connect-timeout': { type: 'string', description: 'Give up (exit 75) when Kafka cannot be reached for this long, e.g. 30s, 2m; 0 = retry forever', default: '30s', parse: duration },
};

export function pumpOptions(flags: Flags): Omit<PumpOptions, 'speed'> {
  const rate = numberFlag(flags, 'max-rate');
  return {
    maxRate: rate === 0 ? Infinity : rate,
    maxBatchCount: numberFlag(flags, 'batch-max-count'),
    maxBatchBytes: numberFlag(flags, 'batch-max-bytes'),
    lingerMs: numberFlag(flags, 'linger-ms'),
    progressMs: numberFlag(flags, 'progress-ms'),
  };
}
