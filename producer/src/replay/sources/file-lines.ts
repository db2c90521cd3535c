import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface FileLine {
  line: string;
  /** 1-based physical line number, as an editor shows it. */
  lineNo: number;
  /** Bytes of the file read so far (chunk granularity): for progress, not for offsets. */
  bytesRead: number;
}

/**
 * Streams a text file line by line (UTF-8, LF or CRLF), so a file of any size replays in
 * constant memory. The caller's pace is the reader's pace: readline pauses the stream.
 */
export async function* fileLines(path: string): AsyncGenerator<FileLine> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      yield { line, lineNo, bytesRead: stream.bytesRead };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
