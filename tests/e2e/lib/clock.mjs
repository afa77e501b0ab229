// The one clock of the e2e tests, so they pass on any day: openApp (lib/app.mjs)
// fixes the browser's Date at NOW with playwright-core's clock, and every date a
// test types or expects is counted from NOW here, never from the machine's day.
//
// NOW is RUNSHEET_TEST_NOW, an RFC 3339 time such as 2028-02-29T23:30:00Z
// (scripts/test sets it to the moment it starts when it is not given, and prints
// it); without it, the moment this test process started.

/** RFC 3339: a date, "T" (or a space), a time with seconds, and "Z" or an offset. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Reads an RFC 3339 time; throws, naming the variable, on anything else. */
export function parseTestNow(text, name = 'RUNSHEET_TEST_NOW') {
  const at = new Date(String(text).replace(' ', 'T'));
  const [year, month, day] = String(text).slice(0, 10).split('-').map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (!RFC_3339.test(String(text)) || Number.isNaN(at.getTime()) || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    throw new Error(`${name}="${text}" is not an RFC 3339 time such as 2028-02-29T23:30:00Z`);
  }
  return at;
}

/** The moment the browser's clock shows in every test of this process. */
export const NOW = process.env.RUNSHEET_TEST_NOW ? parseTestNow(process.env.RUNSHEET_TEST_NOW) : new Date();

/** The browser's time zone in the tests, unless a test sets its own (openApp's `timezoneId`). */
export const TIME_ZONE = 'UTC';

/** The calendar date ("YYYY-MM-DD") of the instant `at` in `timeZone`. */
export function dateIn(at, timeZone = TIME_ZONE) {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A calendar date `n` days after `date` (before it when `n` is negative). */
export function addDays(date, n) {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + n);
  return day.toISOString().slice(0, 10);
}

/**
 * A calendar date `n` months after `date`; a day the month lacks becomes its
 * last day (31 January + 1 month = 28 or 29 February), as the app's retention does.
 */
export function addMonths(date, n) {
  const [year, month, day] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return first.toISOString().slice(0, 10);
}

/** The date `n` days from NOW's date in `timeZone` ("today" for 0), as date inputs write it. */
export function daysFrom(n, timeZone = TIME_ZONE) {
  return addDays(dateIn(NOW, timeZone), n);
}

/** NOW's date in the tests' time zone. */
export const today = daysFrom(0);
