// Reading runs as the app stores them in localStorage, for tests that check
// what is stored (not what is shown). An independent reader of the compact
// encoding (storage/pack in the app): the record `runsheet:run:<id>` holds the
// run's listed fields in plain JSON and its body in pages of lz-string UTF-16
// parts, inside the record for a small run, else under keys
// `runsheet:part:<id>:<stamp>.<page>` named by the record.
// Records of the previous encoding (one plain JSON record) are read as they are.
// The activity log is not read here.
import LZString from 'lz-string';

/** Key another app on the origin fills storage under (see fillOrigin). */
const OTHER_APP_KEY = 'another-app:cache';

/** Another app on the origin fills localStorage up to its last few characters. */
export async function fillOrigin(page) {
  await page.evaluate((key) => {
    let low = 0;
    let high = 12 * 1024 * 1024;
    while (high - low > 64) {
      const mid = Math.floor((low + high) / 2);
      try {
        localStorage.setItem(key, 'x'.repeat(mid));
        low = mid;
      } catch {
        high = mid;
      }
    }
    localStorage.setItem(key, 'x'.repeat(low));
  }, OTHER_APP_KEY);
}

/** That app frees the space again. */
export async function freeOrigin(page) {
  await page.evaluate((key) => localStorage.removeItem(key), OTHER_APP_KEY);
}

/** Waits until the save indicator says the write succeeded. */
export async function saved(page) {
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
}

/** Every `runsheet:` key and value of the page's localStorage. */
export async function storedEntries(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('runsheet:'))
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );
}

const unpack = (packed) => JSON.parse(LZString.decompressFromUTF16(packed));

/** The parts of a record's body: its pages, inside the record or under their own keys. */
function bodyParts(entries, id, body) {
  const parts = {};
  const page = (stamp, name) => Object.assign(parts, JSON.parse(entries[`runsheet:part:${id}:${stamp}.${name}`]));
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      page(value, name); // "steps": the stamp of its key
    } else if (Array.isArray(value)) {
      // A long list, "r7.interactions": runs of pages [stamp, first, last].
      const [, step, field] = /^(r\d+)\.(.+)$/.exec(name);
      for (const [stamp, first, last] of value) {
        for (let g = first; g <= last; g += 1) page(stamp, `${step}.${g}.${field}`);
      }
    } else {
      Object.assign(parts, value); // a page inside the record
    }
  }
  return parts;
}

/** The run stored under `key` (a `runsheet:run:` key), without its log. */
export function decodeRun(entries, key) {
  const record = JSON.parse(entries[key]);
  if (record.encoding === undefined) return record.run;
  const id = record.run.id;
  const parts = bodyParts(entries, id, record.body);
  const steps = [];
  const rows = [];
  for (const [name, packed] of Object.entries(parts)) {
    const step = /^s(\d+)$/.exec(name);
    const bucket = /^r(\d+)\.(\d+)\.(.+)$/.exec(name);
    if (step) steps[Number(step[1])] = unpack(packed);
    if (bucket) rows.push([Number(bucket[1]), Number(bucket[2]), bucket[3], unpack(packed)]);
  }
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [step, , field, records] of rows) steps[step].values[field].value.push(...records);
  return { ...record.run, ...(parts.f ? unpack(parts.f) : {}), steps };
}

/** Every run stored in the page's localStorage, without their logs. */
export async function storedRuns(page) {
  const entries = await storedEntries(page);
  return Object.keys(entries)
    .filter((k) => k.startsWith('runsheet:run:'))
    .sort()
    .map((k) => decodeRun(entries, k));
}

/** The exact stored text of the run under `key`: its record and every key it names. */
export async function storedRecord(page, key) {
  const entries = await storedEntries(page);
  const id = key.slice('runsheet:run:'.length);
  return Object.keys(entries)
    .filter((k) => k === key || k.startsWith(`runsheet:part:${id}:`) || k.startsWith(`runsheet:log:${id}:`))
    .sort()
    .map((k) => `${k}=${entries[k]}`)
    .join('\n');
}

/** The run under `key` as JSON text, for matching what it holds. */
export async function storedText(page, key) {
  return JSON.stringify(decodeRun(await storedEntries(page), key));
}
