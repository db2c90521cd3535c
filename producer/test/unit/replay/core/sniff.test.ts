import { describe, expect, it } from 'vitest';
import { addDateEvidence, dateVerdict, decimalVote, detectDelimiter, emptyDateEvidence } from '../../../../src/replay/core/sniff.js';

const verdict = (values: string[]) => {
  const e = emptyDateEvidence();
  for (const v of values) addDateEvidence(e, v);
  return dateVerdict(e);
};

describe('dialect sniffing', () => {
  it('detects the delimiter that splits lines consistently, not the most frequent character', () => {
    expect(detectDelimiter(['a;b;c', '1,5;2,25;3,75', '4,0;"x;y";6'])).toBe(';');
    expect(detectDelimiter(['a,b,c', '1,2,3'])).toBe(',');
    expect(detectDelimiter(['a\tb', '1,5\t2'])).toBe('\t');
    expect(detectDelimiter(['id|"note, with commas"|x', '1|"a, b, c"|2'])).toBe('|');
    // A quoted field spanning lines counts as one row.
    expect(detectDelimiter(['a;b', '1;"two', 'lines"', '3;4'])).toBe(';');
  });

  it('votes on the decimal mark only where a value proves it', () => {
    expect(decimalVote('1.249,50')).toBe(',');
    expect(decimalVote('12,5')).toBe(',');
    expect(decimalVote('1,249.50')).toBe('.');
    expect(decimalVote('12.5')).toBe('.');
    expect(decimalVote('1,234')).toBeUndefined(); // thousands or decimals: cannot tell
    expect(decimalVote('1.234')).toBeUndefined();
    expect(decimalVote('42')).toBeUndefined();
  });

  it('resolves day/month order from the data, and reports it ambiguous otherwise (never guesses)', () => {
    expect(verdict(['3/4/2024', '25/4/2024 10:00'])).toEqual({ format: 'D/M/YYYY' });
    expect(verdict(['3/4/2024', '4/25/2024'])).toEqual({ format: 'M/D/YYYY' });
    expect(verdict(['3/4/2024', '12/11/2024 8:15'])).toMatchObject({ ambiguous: expect.stringContaining('cannot be told') });
    expect(verdict(['13/4/2024', '4/13/2024'])).toMatchObject({ ambiguous: expect.stringContaining('both') });
    expect(verdict(['2024-03-01T10:00:00Z', '2024-03-02'])).toEqual({ format: 'iso' });
    expect(verdict(['01.03.2024 10:00'])).toEqual({ format: 'DD.MM.YYYY' });
    expect(verdict(['2024-03-01', 'yesterday'])).toEqual({ notDates: true });
  });
});
