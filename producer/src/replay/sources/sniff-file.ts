import { open } from 'node:fs/promises';
import { detectDelimiter } from '../core/sniff.js';

/** The first lines of a file (up to `bytes`), BOM removed, last partial line dropped. */
export async function firstLines(path: string, bytes = 64 * 1024): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    if (bytesRead === bytes && lines.length > 1) lines.pop();
    return lines;
  } finally {
    await fh.close();
  }
}

export async function sniffDelimiterOfFile(path: string): Promise<string> {
  return detectDelimiter(await firstLines(path));
}
