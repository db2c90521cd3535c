import { describe, expect, it } from 'vitest';
import { dateFormatFrom, parseDate, zoneFrom, type ZoneResolver } from '../../../../src/core/replay/dates.js';

const utc = zoneFrom('UTC') as ZoneResolver;
const iso = (s: string): number => Date.parse(s);

describe('parseDate', () => {
  it('reads each format, with and without a time part', () => {
    expect(parseDate('2015/2/17', 'YYYY/M/D', utc)).toBe(iso('2015-02-17T00:00:00Z'));
    expect(parseDate('2015/02/17 13:05', 'YYYY/M/D', utc)).toBe(iso('2015-02-17T13:05:00Z'));
    expect(parseDate('17/2/2015', 'D/M/YYYY', utc)).toBe(iso('2015-02-17T00:00:00Z'));
    expect(parseDate('2/17/2015 9:30:15', 'M/D/YYYY', utc)).toBe(iso('2015-02-17T09:30:15Z'));
    expect(parseDate('17.02.2015', 'DD.MM.YYYY', utc)).toBe(iso('2015-02-17T00:00:00Z'));
    expect(parseDate('7.2.2015 23:59:59.250', 'DD.MM.YYYY', utc)).toBe(iso('2015-02-07T23:59:59.250Z'));
    expect(parseDate('2024-03-01', 'iso', utc)).toBe(iso('2024-03-01T00:00:00Z'));
    expect(parseDate('2024-03-01T14:30:00.5Z', 'iso', utc)).toBe(iso('2024-03-01T14:30:00.500Z'));
    expect(parseDate('2024-03-01 14:30+02:00', 'iso', utc)).toBe(iso('2024-03-01T12:30:00Z'));
    expect(parseDate('1704067200000', 'epoch-ms', utc)).toBe(1704067200000);
    expect(parseDate('1704067200.5', 'epoch-s', utc)).toBe(1704067200500);
  });

  it('rejects impossible dates and values of another format', () => {
    expect(parseDate('2024-02-30', 'iso', utc)).toBeUndefined();
    expect(parseDate('2023/2/29', 'YYYY/M/D', utc)).toBeUndefined();
    expect(parseDate('2024/2/29', 'YYYY/M/D', utc)).toBe(iso('2024-02-29T00:00:00Z'));
    expect(parseDate('13/13/2024', 'D/M/YYYY', utc)).toBeUndefined();
    expect(parseDate('2024-03-01 24:00', 'iso', utc)).toBeUndefined();
    expect(parseDate('17.02.2015', 'iso', utc)).toBeUndefined();
    expect(parseDate('1704067200', 'YYYY/M/D', utc)).toBeUndefined();
    expect(parseDate('-5', 'epoch-ms', utc)).toBeUndefined();
    expect(parseDate('yesterday', 'auto', utc)).toBeUndefined();
  });

  it('auto: unambiguous formats and epochs by magnitude; refuses 1/2/2020', () => {
    expect(parseDate('2015/2/17', 'auto', utc)).toBe(iso('2015-02-17T00:00:00Z'));
    expect(parseDate('17.02.2015', 'auto', utc)).toBe(iso('2015-02-17T00:00:00Z'));
    expect(parseDate('25/12/2020', 'auto', utc)).toBe(iso('2020-12-25T00:00:00Z'));
    expect(parseDate('12/25/2020', 'auto', utc)).toBe(iso('2020-12-25T00:00:00Z'));
    expect(parseDate('1/2/2020', 'auto', utc)).toBeUndefined();
    expect(parseDate('1704067200', 'auto', utc)).toBe(1704067200000);
    expect(parseDate('1704067200000', 'auto', utc)).toBe(1704067200000);
  });

  it('reads wall times in the given zone, including DST', () => {
    const paris = zoneFrom('Europe/Paris') as ZoneResolver;
    expect(parseDate('01.07.2024 12:00', 'DD.MM.YYYY', paris)).toBe(iso('2024-07-01T10:00:00Z'));
    expect(parseDate('01.01.2024 12:00', 'DD.MM.YYYY', paris)).toBe(iso('2024-01-01T11:00:00Z'));
    const ny = zoneFrom('America/New_York') as ZoneResolver;
    expect(parseDate('3/11/2024 9:30', 'M/D/YYYY', ny)).toBe(iso('2024-03-11T13:30:00Z'));
    expect(parseDate('2024-03-01 09:30', 'iso', zoneFrom('-05:00') as ZoneResolver)).toBe(iso('2024-03-01T14:30:00Z'));
    // An explicit offset wins over the zone.
    expect(parseDate('2024-03-01T09:30Z', 'iso', ny)).toBe(iso('2024-03-01T09:30:00Z'));
  });
});

describe('format and zone names', () => {
  it('accepts canonical names, case-insensitively, and common aliases', () => {
    expect(dateFormatFrom('yyyy/m/d')).toBe('YYYY/M/D');
    expect(dateFormatFrom('DD/MM/YYYY')).toBe('D/M/YYYY');
    expect(dateFormatFrom('MM/DD/YYYY')).toBe('M/D/YYYY');
    expect(dateFormatFrom('EPOCH-S')).toBe('epoch-s');
    expect(dateFormatFrom('julian')).toBeUndefined();
  });

  it('rejects unknown zones', () => {
    expect(zoneFrom('Mars/Olympus')).toBeUndefined();
    expect(zoneFrom('+0530')).toBeDefined();
  });
});
