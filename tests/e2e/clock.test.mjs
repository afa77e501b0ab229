// The tests' clock (lib/clock.mjs, fixed by lib/app.mjs): every page of a test
// reads the moment RUNSHEET_TEST_NOW names, and stays there, while its timers,
// frames and idle callbacks are the browser's own, so the save still happens;
// and the dates counted from it are calendar dates.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { NOW, addMonths, dateIn, daysFrom, parseTestNow, today } from './lib/clock.mjs';
import { startRun, stepPanel, template } from './lib/sop.mjs';
import { saved, storedRuns } from './lib/stored.mjs';

const story = template('customer-story-production');

test('every page reads the fixed moment, its timers run, and the app saves and stamps at that moment', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  assert.equal(await page.evaluate(() => Date.now()), NOW.getTime());
  assert.equal(await page.evaluate(() => new Date().getTime()), NOW.getTime());
  const own = await page.evaluate(() =>
    [setTimeout, setInterval, requestAnimationFrame, requestIdleCallback, performance.now]
      .filter((f) => !/\[native code\]/.test(String(f)))
      .map((f) => f.name || String(f).slice(0, 40)),
  );
  assert.deepEqual(own, [], "timers, frames, idle callbacks and performance are the browser's own");
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  // A timer fires (in real time), and the clock has not moved meanwhile.
  const after = await page.evaluate(() => new Promise((done) => setTimeout(() => done(Date.now()), 300)));
  assert.equal(after, NOW.getTime());
  const other = await app.context.newPage();
  await other.goto(app.url('runs'));
  assert.equal(await other.evaluate(() => new Date().toISOString()), NOW.toISOString(), 'a second tab too');
  await other.close();

  // The app's save runs on its timer and stamps the run with that moment.
  await startRun(page, story.title);
  await stepPanel(page, 0, story.steps.length).getByLabel('Notes', { exact: true }).fill('Saved on the test clock');
  await saved(page);
  const [run] = await storedRuns(page);
  assert.equal(run.steps[0].notes, 'Saved on the test clock');
  assert.equal(run.updated_at.slice(0, 19), NOW.toISOString().slice(0, 19), 'stamped at NOW (to the second, as stored)');
  assert.match(run.title, new RegExp(` — ${today}$`), "named after the browser's today");
  const hhmm = NOW.toISOString().slice(11, 16);
  assert.match(await page.locator('.save-indicator').innerText(), new RegExp(`^Saved .*${hhmm}`));
});

test('RUNSHEET_TEST_NOW is an RFC 3339 time, and dates count from it in calendar days and months', () => {
  assert.equal(parseTestNow('2028-02-29T23:30:00Z').toISOString(), '2028-02-29T23:30:00.000Z');
  assert.equal(parseTestNow('2031-12-31T23:59:00-08:00').toISOString(), '2032-01-01T07:59:00.000Z');
  for (const bad of ['2028-02-29', '2028-02-29T23:30Z', '2027-02-29T10:00:00Z', 'tomorrow']) {
    assert.throws(() => parseTestNow(bad), /not an RFC 3339 time/, bad);
  }
  assert.equal(dateIn(new Date('2031-12-31T23:59:00Z'), 'UTC'), '2031-12-31');
  assert.equal(dateIn(new Date('2031-12-31T23:59:00Z'), 'Pacific/Auckland'), '2032-01-01');
  assert.equal(addMonths('2028-02-29', 24), '2030-02-28', 'a day the month lacks is its last day');
  assert.equal(addMonths('2031-12-31', 2), '2032-02-29');
  assert.equal(addMonths('2026-01-15', -1), '2025-12-15');
  assert.equal(daysFrom(1), dateIn(new Date(NOW.getTime() + 86_400_000)));
});
