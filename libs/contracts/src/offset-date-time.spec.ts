import { describe, expect, it } from 'vitest';
import { parseOffsetDateTime } from './offset-date-time';

describe('parseOffsetDateTime', () => {
  it.each([
    ['2030-01-31T09:00:00Z', '2030-01-31T09:00:00.000Z'],
    ['2030-01-31T09:00:00-03:00', '2030-01-31T12:00:00.000Z'],
    ['2030-01-31T09:00:00+05:30', '2030-01-31T03:30:00.000Z'],
    ['2030-01-31T09:00Z', '2030-01-31T09:00:00.000Z'],
    ['2030-01-31T09:00:00.123Z', '2030-01-31T09:00:00.123Z'],
    ['2030-01-31T09:00:00.5+01:00', '2030-01-31T08:00:00.500Z'],
    ['2032-02-29T00:00:00Z', '2032-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59Z', '2000-02-29T23:59:59.000Z'],
    ['2030-12-31T23:59:59-00:00', '2030-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (text, iso) => {
    const parsed = parseOffsetDateTime(text);
    expect(parsed.ok && parsed.date.toISOString()).toBe(iso);
  });

  it.each([
    ['2030-02-30T09:00:00Z', 'calendar'],
    ['2031-02-29T09:00:00Z', 'calendar'],
    ['1900-02-29T09:00:00Z', 'calendar'],
    ['2030-04-31T09:00:00Z', 'calendar'],
    ['2030-13-01T09:00:00Z', 'calendar'],
    ['2030-00-10T09:00:00Z', 'calendar'],
    ['2030-01-00T09:00:00Z', 'calendar'],
    ['2030-01-31T24:00:00Z', 'calendar'],
    ['2030-01-31T09:60:00Z', 'calendar'],
    ['2030-01-31T09:00:60Z', 'calendar'],
    ['2030-01-31T09:00:00+24:00', 'calendar'],
    ['2030-01-31T09:00:00', 'format'],
    ['2030-01-31T09:00', 'format'],
    ['2030-01-31', 'format'],
    ['2030-01-31 09:00:00Z', 'format'],
    ['2030-01-31T09:00:00+0300', 'format'],
    ['2030-01-31T09:00:00+03', 'format'],
    ['2030-1-31T09:00:00Z', 'format'],
    ['Thu, 31 Jan 2030 09:00:00 GMT', 'format'],
    ['1896000000000', 'format'],
    ['', 'format'],
    ['2030-01-31T09:00:00Z ', 'format'],
  ])('refuses %s (%s)', (text, problem) => {
    expect(parseOffsetDateTime(text)).toEqual({ ok: false, problem });
  });
});
