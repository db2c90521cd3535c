/**
 * Text encodings a replay file may come in. Spreadsheets on Windows save "CSV" in
 * Windows-1252 (a superset of Latin-1's printable range), others UTF-8, with or without a BOM;
 * "Unicode text" is UTF-16 with a BOM. Names are WHATWG labels, as TextDecoder takes them.
 */
export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export const ENCODING_NAMES = ['auto', 'utf8', 'latin1', 'windows-1252', 'utf16le', 'utf16be'] as const;

const BY_NAME: Record<string, TextEncoding> = {
  utf8: 'utf-8', 'utf-8': 'utf-8', latin1: 'windows-1252', 'iso-8859-1': 'windows-1252', 'windows-1252': 'windows-1252', cp1252: 'windows-1252',
  utf16le: 'utf-16le', 'utf-16le': 'utf-16le', utf16be: 'utf-16be', 'utf-16be': 'utf-16be',
};

/** The encoding for a `--encoding` value (case-insensitive), `auto`, or undefined if unknown. */
export function encodingFrom(name: string): TextEncoding | 'auto' | undefined {
  const n = name.trim().toLowerCase();
  return n === 'auto' ? 'auto' : BY_NAME[n];
}

export interface EncodingGuess {
  encoding: TextEncoding;
  bom: boolean;
  /** Where the sample stopped being UTF-8 (1-based line, the byte's value), if it did. */
  notUtf8?: { line: number; byte: number };
}

/**
 * The encoding of a file from its first bytes: a BOM says it; else valid UTF-8 is UTF-8 (pure
 * ASCII included); else Windows-1252, which decodes any byte (Latin-1 files read the same).
 */
export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const bad = firstInvalidUtf8(bytes);
  if (bad === undefined) return { encoding: 'utf-8', bom: false };
  let line = 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
  return { encoding: 'windows-1252', bom: false, notUtf8: { line, byte: bytes[bad] as number } };
}

/** Offset of the first byte that breaks UTF-8, if any; a sequence cut off by the sample's end is not a break. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length) return undefined;
      if (((b[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return undefined;
}
