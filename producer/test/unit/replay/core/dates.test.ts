import { describe, expect, it } from 'vitest';
import { dateFormatFrom, parseDate, zoneFrom, type ZoneResolver } from '../../../../src/replay/core/dates.js';

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
    expect(zoneFrom('+25:99:00')).toBeUndefined();
  });

  it('fixed offsets, with or without a colon, half-hour and negative ones: wall time minus the offset', () => {
    const wall = Date.UTC(2024, 2, 1, 12, 0);
    expect(zoneFrom('+0530')?.(wall)).toBe(Date.UTC(2024, 2, 1, 6, 30));
    expect(zoneFrom('+05:30')?.(wall)).toBe(Date.UTC(2024, 2, 1, 6, 30));
    expect(zoneFrom('-03:30')?.(wall)).toBe(Date.UTC(2024, 2, 1, 15, 30));
    expect(zoneFrom('+00:45')?.(wall)).toBe(Date.UTC(2024, 2, 1, 11, 15));
    for (const z of ['UTC', 'utc', 'GMT', 'Z']) expect(zoneFrom(z)?.(wall)).toBe(wall);
  });
});

describe('parseDate rules (hand-checked)', () => {
  it('iso offsets: half-hour +05:30 and +0530, negative -09:30, Z in either case', () => {
    expect(parseDate('2024-03-01 12:00+05:30', 'iso', utc)).toBe(iso('2024-03-01T06:30:00Z'));
    expect(parseDate('2024-03-01T12:00+0530', 'iso', utc)).toBe(iso('2024-03-01T06:30:00Z'));
    expect(parseDate('2024-03-01T12:00:00-09:30', 'iso', utc)).toBe(iso('2024-03-01T21:30:00Z'));
    expect(parseDate('2024-03-01T12:00z', 'iso', zoneFrom('+05:00') as ZoneResolver)).toBe(iso('2024-03-01T12:00:00Z'));
    expect(parseDate('2024-03-01 12:00 +05:30', 'iso', utc)).toBe(iso('2024-03-01T06:30:00Z')); // space before the offset
  });

  it('auto with a number exactly 12: 12 is a valid day and a valid month, so only > 12 decides', () => {
    expect(parseDate('12/11/2020', 'auto', utc)).toBeUndefined(); // 12 Nov or 11 Dec
    expect(parseDate('11/12/2020', 'auto', utc)).toBeUndefined(); // 11 Dec or 12 Nov
    expect(parseDate('13/12/2020', 'auto', utc)).toBe(iso('2020-12-13T00:00:00Z')); // day first
    expect(parseDate('12/13/2020', 'auto', utc)).toBe(iso('2020-12-13T00:00:00Z')); // month first
    expect(parseDate('12/31/2020 23:59', 'auto', utc)).toBe(iso('2020-12-31T23:59:00Z'));
  });

  it('auto epochs: 9+ digits; below 1e11 seconds, from 1e11 milliseconds', () => {
    expect(parseDate('99999999999', 'auto', utc)).toBe(99_999_999_999_000);
    expect(parseDate('100000000000', 'auto', utc)).toBe(100_000_000_000);
    expect(parseDate('123456789', 'auto', utc)).toBe(123_456_789_000);
    expect(parseDate('12345678', 'auto', utc)).toBeUndefined();
    expect(parseDate('1704067200.25', 'auto', utc)).toBe(1_704_067_200_250);
  });

  it('time parts: fractions to the millisecond (comma or dot), limits 23:59:59', () => {
    expect(parseDate('2024-03-01 23:59:59,5', 'iso', utc)).toBe(iso('2024-03-01T23:59:59.500Z'));
    expect(parseDate('2024-03-01 01:02:03.123456', 'iso', utc)).toBe(iso('2024-03-01T01:02:03.123Z'));
    expect(parseDate('2024-03-01 9:05', 'iso', utc)).toBe(iso('2024-03-01T09:05:00Z'));
    expect(parseDate('2024-03-01 12:60', 'iso', utc)).toBeUndefined();
    expect(parseDate('2024-03-01 12:00:60', 'iso', utc)).toBeUndefined();
    expect(parseDate('2024-13-01', 'iso', utc)).toBeUndefined();
    expect(parseDate('2024-02-29', 'iso', utc)).toBe(iso('2024-02-29T00:00:00Z'));
    expect(parseDate('  2024-03-01  ', 'iso', utc)).toBe(iso('2024-03-01T00:00:00Z'));
  });

  it('epoch values must be plain non-negative numbers and safe integers in ms', () => {
    expect(parseDate('1e12', 'epoch-ms', utc)).toBeUndefined();
    expect(parseDate('12a', 'epoch-s', utc)).toBeUndefined();
    expect(parseDate('9007199254740993', 'epoch-ms', utc)).toBeUndefined();
    expect(parseDate('1.5', 'epoch-ms', utc)).toBe(2);
  });

  it('format aliases: yyyy-mm-dd is iso, d.m.yyyy is DD.MM.YYYY, surrounding spaces ignored', () => {
    expect(dateFormatFrom(' yyyy-mm-dd ')).toBe('iso');
    expect(dateFormatFrom('d.m.yyyy')).toBe('DD.MM.YYYY');
    expect(dateFormatFrom('yyyy/mm/dd')).toBe('YYYY/M/D');
    expect(dateFormatFrom('AUTO')).toBe('auto');
    expect(dateFormatFrom('epoch-ms')).toBe('epoch-ms');
  });

  it('IANA zones around DST: Paris, New York before and after the March change, half-hour Kolkata', () => {
    const ny = zoneFrom('America/New_York') as ZoneResolver;
    expect(parseDate('2024-03-09 12:00', 'iso', ny)).toBe(iso('2024-03-09T17:00:00Z')); // EST
    expect(parseDate('2024-03-10 12:00', 'iso', ny)).toBe(iso('2024-03-10T16:00:00Z')); // EDT from 02:00 that day
    expect(parseDate('2024-11-03 00:30', 'iso', ny)).toBe(iso('2024-11-03T04:30:00Z'));
    const kolkata = zoneFrom('Asia/Kolkata') as ZoneResolver;
    expect(parseDate('2024-03-01 12:00', 'iso', kolkata)).toBe(iso('2024-03-01T06:30:00Z'));
    expect(parseDate('1969-12-31 23:59:59.5', 'iso', zoneFrom('Europe/London') as ZoneResolver)).toBe(iso('1969-12-31T22:59:59.500Z'));
  });

  it('milliseconds and the two passes across a DST change', () => {
    const paris = zoneFrom('Europe/Paris') as ZoneResolver;
    expect(parseDate('01.07.2024 12:00:00.250', 'DD.MM.YYYY', paris)).toBe(iso('2024-07-01T10:00:00.250Z'));
    expect(parseDate('2024-07-01 12:00:00.3', 'iso', paris)).toBe(iso('2024-07-01T10:00:00.300Z'));
    // 03:30 New York on the day clocks went forward (at 02:00 EST): EDT, so 07:30Z. A single
    // pass from the wall time read as UTC would find EST and answer 08:30Z.
    const ny = zoneFrom('America/New_York') as ZoneResolver;
    expect(parseDate('2024-03-10 03:30', 'iso', ny)).toBe(iso('2024-03-10T07:30:00Z'));
  });

  it('malformed zone names are unknown, not misread', () => {
    for (const z of ['x05:30', '005:30', 'x+05:30', '+05:30x', '+5:30', '+ab:30', '+05:3', '+05:ab', 'xutc', 'utcx', 'GMT+', '']) {
      expect(zoneFrom(z), z).toBeUndefined();
    }
  });
});
