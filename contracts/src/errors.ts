/**
 * Errors that cross a module boundary carry a stable code and whether retrying can help,
 * so callers decide between backoff and dead-letter/exit without string matching.
 */
export class TickflowError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly canRetry: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TickflowError';
  }
}

export class ConfigError extends TickflowError {
  constructor(message: string) {
    super(message, 'config_invalid', false);
    this.name = 'ConfigError';
  }
}
