import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/**
 * A terminal (stderr on a TTY): log lines are printed above one status line (a CLI's progress),
 * which is cleared before each log line and redrawn after it, so neither overwrites the other.
 */
export class Terminal {
  private status = '';

  constructor(private readonly out: { write(s: string): unknown }) {}

  /** Draws the status line, replacing the previous one. */
  setStatus(text: string): void {
    this.out.write(`\r\x1b[2K${text}`);
    this.status = text;
  }

  /** Leaves the status line as last drawn; what follows starts on the next line. */
  endStatus(): void {
    if (this.status) this.out.write('\n');
    this.status = '';
  }

  /** Writes whole lines above the status line. */
  write(lines: string): void {
    this.out.write(this.status ? `\r\x1b[2K${lines}${this.status}` : lines);
  }
}

let stderrTerminal: Terminal | null | undefined;

/** The terminal on stderr, one per process, or null when stderr is not a TTY (a pipe, a file, a container log). */
export function terminal(): Terminal | null {
  stderrTerminal ??= process.stderr.isTTY ? new Terminal(process.stderr) : null;
  return stderrTerminal;
}

/**
 * One root logger per service; modules take `log.child({ module })`. Logs go to stderr (stdout
 * is a CLI's data): human-readable on a terminal, JSON lines otherwise. `to` overrides where.
 */
export function createLogger(service: string, level = 'info', to: Terminal | null = terminal()): Logger {
  const options = { name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime };
  if (to) {
    const prettify = prettyFactory({ colorize: to === stderrTerminal, singleLine: true, ignore: 'pid,hostname,service,name', translateTime: 'SYS:HH:MM:ss' });
    return pino(options, { write: (line: string) => to.write(prettify(line)) });
  }
  return pino(options, pino.destination({ dest: 2, sync: true }));
}
