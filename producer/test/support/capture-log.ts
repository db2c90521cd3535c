import type { Logger } from '@tickflow/common';

export interface LogLine {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  obj: Record<string, unknown>;
  msg: string;
}

/** A Logger that keeps its lines in an array, to check what was logged (e.g. symbol and reason). */
export function captureLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (a: unknown, b?: unknown): void => {
      if (typeof a === 'string') lines.push({ level, obj: {}, msg: a });
      else lines.push({ level, obj: (a ?? {}) as Record<string, unknown>, msg: String(b ?? '') });
    };
  const log = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => log,
  };
  return { log: log as unknown as Logger, lines };
}
