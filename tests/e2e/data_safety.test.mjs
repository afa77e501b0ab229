// Nothing lost: closing the tab right after typing, another app's keys on a
// shared origin, blocked storage, and a Content-Security-Policy that holds for a
// whole run.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { DIST_DIR } from './lib/server.mjs';
import { THROUGH_EVERY_STEP } from './lib/program.mjs';
import { completeStep, startRun, stepPanel, template } from './lib/sop.mjs';
import { fillOrigin, freeOrigin, storedRecord, storedRuns, storedText } from './lib/stored.mjs';

const story = template('customer-story-production');
const reference = template('customer-reference-program');

test('text typed just before the tab is closed is there when it is reopened', async (t) => {
  const app = await openApp(t, '');
  await startRun(app.page, story.title);
  const url = app.page.url();
  const notes = stepPanel(app.page, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notes.pressSequentially('Typed and closed at once');
  // Close immediately: no time for the debounced save; the pagehide flush must do it.
  await app.page.close({ runBeforeUnload: true });
  const page = await app.context.newPage();
  await page.goto(url);
  const again = stepPanel(page, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await again.waitFor();
  assert.equal(await again.inputValue(), 'Typed and closed at once');
});

test('keys of other apps on the same origin are never touched', async (t) => {
  const app = await openApp(t, '');
  const foreign = { 'other-repo:settings': '{"theme":"dark"}', 'runsheet-other': 'not ours either', todo: '[1,2,3]' };
  await app.page.evaluate((entries) => {
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, foreign);
  await app.reload();
  await startRun(app.page, story.title);
  await completeStep(app.page, story, 0);
  await app.page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await app.page.getByRole('list', { name: 'Runs' }).getByRole('button', { name: 'Delete' }).click();
  await app.page.getByRole('button', { name: 'Yes, delete' }).click();
  const stored = await app.page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
  for (const [k, v] of Object.entries(foreign)) assert.equal(stored[k], v, `${k} is unchanged`);
  for (const k of Object.keys(stored)) {
    assert.ok(k in foreign || k.startsWith('runsheet:'), `the app wrote only prefixed keys, found ${k}`);
  }
});

test('with storage blocked the app runs in memory, says so, and still downloads JSON', async (t) => {
  const app = await openApp(t, null);
  await app.context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await app.goto('');
  const banner = app.page.getByRole('alert').filter({ hasText: 'Nothing will be kept.' });
  await banner.waitFor();
  await startRun(app.page, story.title);
  await app.page.getByRole('status').filter({ hasText: 'Not saved: storage unavailable' }).waitFor();
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  const json = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(json.format, 'runsheet-run');
  assert.ok(await banner.isVisible(), 'the banner stays');
});

test('a whole run causes no CSP violation and no request to another origin', async (t) => {
  // The built page carries no inline script and no unsafe-inline.
  const html = (await readFile(join(DIST_DIR, 'index.html'), 'utf8')).replace(/<!--[\s\S]*?-->/g, '');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is loaded from a file');
  assert.doesNotMatch(html, /unsafe-inline/);
  assert.match(html, /Content-Security-Policy/);
  const files = await readdir(DIST_DIR);
  assert.ok(files.some((f) => /^start-.*\.js$/.test(f)), 'the start-up script is a file');

  const app = await openApp(t, '');
  const violations = [];
  await app.page.exposeFunction('reportViolation', (v) => violations.push(v));
  await app.page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective)));
  await startRun(app.page, reference.title);
  for (let i = 0; i < reference.steps.length; i += 1) await completeStep(app.page, reference, i, THROUGH_EVERY_STEP);
  await app.page.getByRole('link', { name: 'Summary and print' }).click();
  await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  await app.page.getByRole('heading', { name: 'Reference directory' }).waitFor();
  assert.deepEqual(violations, []);
  const foreign = app.requests.filter((u) => u.startsWith('http') && new URL(u).origin !== app.server.origin);
  assert.deepEqual(foreign, []);
  app.assertNoProblems();
});

test('a full storage quota keeps the edit on screen, says how full, offers a backup and keeps the stored version', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  const notes = stepPanel(page, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notes.fill('Saved before the quota');
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  // Another app on the origin fills the quota up to the last few characters.
  await fillOrigin(page);
  const runKey = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('runsheet:run:')));
  const storedBefore = await storedRecord(page, runKey);

  await notes.fill(`Saved before the quota, then much more: ${'long note '.repeat(500)}`);
  const banner = page.getByRole('alert').filter({ hasText: 'Storage is full' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /MiB of about 5 MiB used \(\d+%\)/);
  await page.getByRole('status').filter({ hasText: /^Not saved$/ }).waitFor();
  assert.match(await notes.inputValue(), /much more/, 'the edit stays on screen');
  assert.equal(await storedRecord(page, runKey), storedBefore, 'the stored version is intact');

  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Download a backup' }).click()]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(backup.format, 'runsheet-backup');
  assert.match(backup.runs[0].run.steps[0].notes, /much more/, 'the backup holds what is on screen');
  // Space freed: the next change saves, and only then does "Saved" come back.
  await freeOrigin(page);
  await notes.press('End');
  await notes.type('!');
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  assert.match(await storedText(page, runKey), /much more/);
});

test('unreadable records are kept, listed for download and explicit delete; a newer record opens read-only', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const seeded = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('runsheet:run:'));
    const record = JSON.parse(localStorage.getItem(key));
    record.schema = 2;
    record.written_by = 'Runsheet 2.0';
    record.run.id = 'fromthefuture';
    record.run.title = 'Run from a newer app';
    const newer = JSON.stringify(record);
    localStorage.setItem('runsheet:run:fromthefuture', newer);
    localStorage.setItem('runsheet:run:broken', '{"schema":1,"run":{"id":"broken"');
    return newer;
  });
  await app.reload();
  await page.getByRole('alert').filter({ hasText: 'Some saved data could not be read' }).waitFor();
  await page.getByRole('link', { name: 'Recovery (2)' }).click();
  const list = page.getByRole('list', { name: 'Unreadable records' });
  assert.match(await list.innerText(), /runsheet:run:broken[\s\S]*not valid JSON/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download runsheet:run:broken' }).click()]);
  assert.equal(await readFile(await download.path(), 'utf8'), '{"schema":1,"run":{"id":"broken"');

  // Autosave never writes over either record.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('link', { name: 'Run from a newer app' }).click();
  await page.getByRole('note').filter({ hasText: 'saved by a newer version of Runsheet' }).waitFor();
  const locked = stepPanel(page, 0, story.steps.length);
  assert.ok(await locked.getByLabel('Notes', { exact: true }).isDisabled(), 'notes are read-only');
  assert.ok(await locked.getByLabel('Request (required)', { exact: true }).isDisabled(), 'fields are read-only');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('link', { name: /^Customer Story Production/ }).click();
  await stepPanel(page, 0, story.steps.length).getByLabel('Notes', { exact: true }).fill('An edit elsewhere');
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const stored = await page.evaluate(() => [localStorage.getItem('runsheet:run:broken'), localStorage.getItem('runsheet:run:fromthefuture')]);
  assert.deepEqual(stored, ['{"schema":1,"run":{"id":"broken"', seeded]);

  // Deleting takes an explicit confirmation.
  await page.getByRole('link', { name: 'Recovery (2)' }).click();
  await page.getByRole('button', { name: 'Delete runsheet:run:broken' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText('Deleted runsheet:run:broken.').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('runsheet:run:broken')), null);
  // The newer record stays listed (and stored) until it is deleted explicitly too.
  await page.getByRole('link', { name: 'Recovery (1)' }).waitFor();
  assert.match(await list.innerText(), /runsheet:run:fromthefuture[\s\S]*newer version/);
  assert.equal(await page.evaluate(() => localStorage.getItem('runsheet:run:fromthefuture')), seeded);
});

test('hostile text is stored and shown as inert text', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> \u202Eevil.exe 🚀 "quotes" & ampersands';
  await startRun(page, story.title);
  const notes = stepPanel(page, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notes.fill(hostile);
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^8\./ }).click();
  const link = stepPanel(page, 7, story.steps.length).getByLabel('Final link (required)', { exact: true });
  await link.fill('javascript:alert(3)');
  await link.blur();
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  await app.reload();
  await page.getByRole('link', { name: 'Summary and print' }).click();
  const doc = page.locator('.summary-document');
  await doc.waitFor();
  const text = await doc.innerText();
  assert.ok(text.includes(hostile), 'the text is shown exactly as typed');
  assert.ok(text.includes('javascript:alert(3)'));
  assert.equal(await doc.locator('script, img').count(), 0, 'no element was created from the text');
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, 'no javascript: link');
  assert.deepEqual(dialogs, []);
});

for (const granted of [false, true]) {
  test(`the Runs page shows whether storage is persistent (${granted ? 'granted' : 'not granted'})`, async (t) => {
    const app = await openApp(t, null);
    await app.context.addInitScript((answer) => {
      navigator.storage.persist = async () => answer;
    }, granted);
    await app.goto('runs');
    const status = app.page.getByRole('status').filter({ hasText: /Storage is/ });
    await status.waitFor();
    if (granted) {
      assert.match(await status.innerText(), /Storage is persistent/);
    } else {
      assert.match(await status.innerText(), /not persistent: the browser may clear your runs.*Back up/);
    }
  });
}

test('a change saved in one tab appears in another; edits in both at once end in a choice, not a loss', async (t) => {
  const app = await openApp(t, '');
  const a = app.page;
  await startRun(a, story.title);
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const url = a.url();
  const b = await app.context.newPage();
  await b.goto(url);
  const notesA = stepPanel(a, 0, story.steps.length).getByLabel('Notes', { exact: true });
  const notesB = stepPanel(b, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notesB.waitFor();

  // Tab A saves; tab B shows it without a reload.
  await notesA.fill('Written in tab A');
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  await b.waitForFunction(() => document.querySelector('textarea[id^="notes-"]')?.value === 'Written in tab A');

  // Both tabs edit before either has seen the other's save. Tab B's debounced
  // save is held back (its timers are captured) so the order is certain: filling
  // both at once sometimes let one tab see the other's save first, and then
  // there is rightly no conflict.
  await b.evaluate(() => {
    window.__held = [];
    window.setTimeout = (fn) => window.__held.push(fn);
  });
  await notesB.fill('Tab B version');
  await notesA.fill('Tab A version');
  const banner = (page) => page.getByRole('alert').filter({ hasText: 'was changed in another tab' });
  await banner(b).waitFor();
  await b.evaluate(() => window.__held.splice(0).forEach((fn) => fn()));
  const [loser, loserNotes] = [b, notesB];
  const mine = await loserNotes.inputValue();
  await banner(loser).getByRole('button', { name: 'Keep mine as a copy' }).click();
  await loser.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  // Nothing is lost: the winner's text under the original run, the loser's in a copy.
  const stored = (await storedRuns(loser)).map((r) => [r.title, r.steps[0].notes]);
  const notes = stored.map(([, n]) => n).sort();
  assert.deepEqual(notes, ['Tab A version', 'Tab B version']);
  assert.ok(stored.some(([title, n]) => title.endsWith('(my copy)') && n === mine), JSON.stringify(stored));
});

test('loading the app writes nothing: no save happens before the person changes something', async (t) => {
  const app = await openApp(t, '');
  await startRun(app.page, story.title);
  await app.page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const snapshot = () => app.page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
  const before = await snapshot();
  const url = app.page.url();
  await app.reload();
  await app.goto('runs');
  await app.page.goto(url);
  await stepPanel(app.page, 0, story.steps.length).waitFor();
  await app.page.waitForTimeout(600);
  assert.deepEqual(await snapshot(), before);
});
