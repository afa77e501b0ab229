// Nothing lost, the cases data_safety.test.mjs leaves open: a tab in conflict
// never claims "Saved", a run from a newer app is deleted only on Recovery, and
// another app clearing storage in another tab loses nothing this tab shows.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { startRun, stepPanel, template } from './lib/sop.mjs';
import { storedRuns } from './lib/stored.mjs';

const story = template('customer-story-production');

const indicator = (page) => page.locator('.save-indicator');
const storedNotes = async (page) => (await storedRuns(page)).map((r) => r.steps[0].notes);

test('a tab in conflict never says "Saved" and never writes over the other tab', async (t) => {
  // Regression: after a conflict the losing tab showed "Saved" although its
  // edit was not written, and kept saying so while the person typed on.
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
  // Tab B's timers are held (Playwright's clock would freeze both tabs), so its
  // debounced save waits until the test releases it.
  await b.evaluate(() => {
    window.__held = [];
    window.setTimeout = (fn) => window.__held.push(fn);
  });
  const releaseB = () => b.evaluate(() => window.__held.splice(0).forEach((fn) => fn()));

  await notesB.fill('Tab B, not saved yet');
  await notesA.fill('Tab A, saved first');
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const banner = b.getByRole('alert').filter({ hasText: 'was changed in another tab' });
  await banner.waitFor();

  // Tab B's save runs now: it must refuse, and say so.
  await releaseB();
  await indicator(b).filter({ hasText: 'Not saved: changed in another tab' }).waitFor();
  assert.deepEqual(await storedNotes(b), ['Tab A, saved first']);
  await notesB.fill('Tab B, typed on during the conflict');
  await releaseB();
  await b.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  assert.equal(await indicator(b).innerText(), 'Not saved: changed in another tab');
  assert.deepEqual(await storedNotes(b), ['Tab A, saved first'], 'tab B wrote nothing');

  await banner.getByRole('button', { name: 'Take theirs' }).click();
  assert.equal(await notesB.inputValue(), 'Tab A, saved first');
  await indicator(b).filter({ hasText: /^Saved / }).waitFor();
  assert.equal(await banner.count(), 0);
});

test('a conflict found when saving keeps my version on screen when the other save is announced late', async (t) => {
  // Regression: a save that met a newer revision took the run off the pending
  // list; when the other tab's storage event arrived afterwards, this tab put the
  // other version on screen, so "Keep mine as a copy" kept theirs twice and
  // this tab's edit was gone.
  const app = await openApp(t, '');
  const a = app.page;
  await startRun(a, story.title);
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const url = a.url();
  const b = await app.context.newPage();
  // Tab B holds back the browser's storage events until the test releases them.
  await b.addInitScript(() => {
    const add = window.addEventListener;
    window.__heldEvents = [];
    window.__holdEvents = true;
    window.addEventListener = function (type, listener, options) {
      if (type !== 'storage') return add.call(this, type, listener, options);
      const held = (e) => (window.__holdEvents ? window.__heldEvents.push(() => listener.call(window, e)) : listener.call(window, e));
      return add.call(this, type, held, options);
    };
  });
  await b.goto(url);
  const notesA = stepPanel(a, 0, story.steps.length).getByLabel('Notes', { exact: true });
  const notesB = stepPanel(b, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notesB.waitFor();
  await b.evaluate(() => {
    window.__held = [];
    window.setTimeout = (fn) => window.__held.push(fn);
  });

  await notesB.fill('Tab B, mine');
  await notesA.fill('Tab A, theirs');
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  await b.waitForFunction(() => window.__heldEvents.length > 0);
  // B saves first (and meets A's newer revision), then hears of A's save.
  await b.evaluate(() => window.__held.splice(0).forEach((fn) => fn()));
  const banner = b.getByRole('alert').filter({ hasText: 'was changed in another tab' });
  await banner.waitFor();
  await b.evaluate(() => {
    window.__holdEvents = false;
    window.__heldEvents.splice(0).forEach((deliver) => deliver());
  });
  assert.equal(await notesB.inputValue(), 'Tab B, mine', 'my version stays on screen');

  await banner.getByRole('button', { name: 'Keep mine as a copy' }).click();
  await indicator(b).filter({ hasText: /^Saved / }).waitFor();
  const stored = (await storedRuns(b))
    .map((r) => `${r.steps[0].notes} | ${r.title.endsWith('(my copy)') ? 'copy' : 'original'}`)
    .sort();
  assert.deepEqual(stored, ['Tab A, theirs | original', 'Tab B, mine | copy']);
});

test('a run saved by a newer app is listed on Recovery and deleted only there', async (t) => {
  // Regression: "Delete" on the Runs page said "Deleted" but kept the record,
  // and "Undo" then made an editable copy that could never be saved.
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const newer = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('runsheet:run:'));
    const record = JSON.parse(localStorage.getItem(key));
    record.schema = 2;
    record.only_the_newer_app_knows = [1, 2, 3];
    record.run.id = 'fromthefuture';
    record.run.title = 'Run from a newer app';
    const raw = JSON.stringify(record);
    localStorage.setItem('runsheet:run:fromthefuture', raw);
    return raw;
  });
  await app.reload();
  const main = page.getByRole('navigation', { name: 'Main' });
  await main.getByRole('link', { name: 'Runs', exact: true }).click();
  const row = page.getByRole('list', { name: 'Runs' }).getByRole('listitem').filter({ hasText: 'Run from a newer app' });
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  await row.getByRole('alert').filter({ hasText: 'Not deleted' }).waitFor();
  assert.match(await row.getByRole('alert').innerText(), /Recovery page/);
  assert.equal(await page.locator('.toast').count(), 0, 'no "Deleted" toast');
  assert.equal(await page.evaluate(() => localStorage.getItem('runsheet:run:fromthefuture')), newer);

  // Recovery lists it with its exact text (fields this version does not know included).
  await main.getByRole('link', { name: 'Recovery (1)' }).click();
  const list = page.getByRole('list', { name: 'Unreadable records' });
  assert.match(await list.innerText(), /runsheet:run:fromthefuture[\s\S]*newer version of Runsheet/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download runsheet:run:fromthefuture' }).click(),
  ]);
  assert.equal(await readFile(await download.path(), 'utf8'), newer);
  await page.getByRole('button', { name: 'Delete runsheet:run:fromthefuture' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText('Nothing to recover').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('runsheet:run:fromthefuture')), null);
  await main.getByRole('link', { name: 'Runs', exact: true }).click();
  await page.getByRole('list', { name: 'Runs' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Run from a newer app' }).count(), 0);
});

test('when another app clears storage in another tab, this tab writes its runs back', async (t) => {
  const app = await openApp(t, '');
  const a = app.page;
  await startRun(a, story.title);
  const notes = stepPanel(a, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notes.fill('Kept even if someone clears storage');
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const runKey = await a.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('runsheet:run:')));

  // Another app on the same origin (a GitHub Pages user site) calls clear().
  const other = await app.context.newPage();
  await other.goto(app.url('runs'));
  await other.evaluate(() => localStorage.clear());

  await a.waitForFunction((key) => localStorage.getItem(key) !== null, runKey);
  assert.deepEqual(await storedNotes(a), ['Kept even if someone clears storage']);
  assert.ok(await a.evaluate(() => localStorage.getItem('runsheet:index') !== null), 'the index is back');
  // And a reload finds the run.
  await app.reload();
  await stepPanel(a, 0, story.steps.length).getByLabel('Notes', { exact: true }).waitFor();
  assert.equal(
    await stepPanel(a, 0, story.steps.length).getByLabel('Notes', { exact: true }).inputValue(),
    'Kept even if someone clears storage',
  );
});
