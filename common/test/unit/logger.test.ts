import { describe, expect, it } from 'vitest';
import { createLogger, Terminal } from '../../src/logger.js';

const CLEAR = '\r\x1b[2K';

describe('logs on a terminal', () => {
  it('are human-readable lines, not JSON', () => {
    let out = '';
    const log = createLogger('producer', 'info', new Terminal({ write: (s: string) => (out += s) }));
    log.child({ module: 'kafka' }).warn({ broker: 'localhost:9092' }, 'cannot reach Kafka');
    expect(out.replace(/^\[\d\d:\d\d:\d\d\]/, '[T]')).toBe('[T] WARN: cannot reach Kafka {"module":"kafka","broker":"localhost:9092"}\n');
    expect(() => JSON.parse(out)).toThrow();
  });

  it('print above the progress line, which is redrawn after them: neither overwrites the other', () => {
    let out = '';
    const term = new Terminal({ write: (s: string) => (out += s) });
    const log = createLogger('producer', 'info', term);
    term.setStatus('6,231/300,000 events (2.1%)');
    log.error('send failed');
    term.setStatus('6,400/300,000 events (2.1%)');
    term.endStatus();
    // The clock time of a line varies; everything else is exact.
    expect(out.replace(/\[\d\d:\d\d:\d\d\]/g, '[T]')).toBe(
      `${CLEAR}6,231/300,000 events (2.1%)${CLEAR}[T] ERROR: send failed\n6,231/300,000 events (2.1%)${CLEAR}6,400/300,000 events (2.1%)\n`,
    );
  });
});
