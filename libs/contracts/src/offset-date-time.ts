/** Why a date-time text was refused. */
export type OffsetDateTimeProblem = 'format' | 'calendar';

export type OffsetDateTimeParse = { readonly ok: true; readonly date: Date } | { readonly ok: false; readonly problem: OffsetDateTimeProblem };

// RFC 3339 date-time: the offset is required, seconds and their fraction optional.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Reads an ISO 8601 / RFC 3339 date-time that names its offset (`Z` or `±hh:mm`). Impossible
 * dates (`2030-02-30`, hour 24, minute 60) are refused rather than rolled over, and a text
 * without an offset is refused rather than read in the server's time zone.
 */
export function parseOffsetDateTime(text: string): OffsetDateTimeParse {
  const match = DATE_TIME.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  const valid =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  if (!valid) return { ok: false, problem: 'calendar' };
  const milliseconds = Math.floor(Number(match[7] ?? 0) * 1000);
  const offsetMs = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMs;
  const date = new Date(utc);
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear puts them back.
  if (year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return { ok: true, date };
}
