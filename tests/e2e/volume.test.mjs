// Storage at real volumes, end to end: a browser holding 500 finished stories
// opens, lists, edits, saves and exports one of them, and still shows the
// quota banner (losing nothing) when the rest of the origin fills up; a store
// written by the previous release is upgraded with every run, value and log
// entry there and verified.
//
// The 500-story profile is written by `cargo run --example storage_profile`
// (scripts/test does it first); RUNSHEET_PROFILE_STORIES says where it is.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { openApp } from './lib/app.mjs';
import { fillOrigin, freeOrigin, saved, storedEntries, storedRecord, storedText } from './lib/stored.mjs';

const STORIES = process.env.RUNSHEET_PROFILE_STORIES ?? fileURLToPath(new URL('../../target/storage-profiles/stories-500.json', import.meta.url));
const V1_STORE = fileURLToPath(new URL('../fixtures/schema/v1-store.json', import.meta.url));

/** Puts `entries` into the page's localStorage, then starts the app again. */
async function seed(app, entries) {
  await app.page.evaluate((all) => {
    for (const [k, v] of Object.entries(all)) localStorage.setItem(k, v);
  }, entries);
  await app.reload();
}

async function downloadJson(page, scope = page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    scope.getByRole('button', { name: 'Download JSON' }).first().click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

/** SHA-256 of an entry as the app's hash chain computes it (domain/activity/chain.rs). */
function entryHash(e) {
  const hashed = { prev: e.prev, at: e.at, who: e.who, what: e.what, subject: e.subject ?? '', old: e.old ?? null, new: e.new ?? null };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
}

/** Every entry links to the one before and carries the hash of its content. */
function assertChainVerifies(run) {
  let previous = '';
  for (const [i, entry] of run.activity.entries()) {
    assert.equal(entry.prev, previous, `${run.title}: entry ${i} links to the one before`);
    assert.equal(entry.hash, entryHash(entry), `${run.title}: entry ${i} carries its own hash`);
    previous = entry.hash;
  }
}

test('with 500 finished stories stored, one opens, is listed, edited, saved and exported; a full quota loses nothing', { skip: !process.env.CI && !existsSync(STORIES) && `no profile at ${STORIES}` }, async (t) => {
  const profile = JSON.parse(await readFile(STORIES, 'utf8'));
  const app = await openApp(t, 'runs');
  const { page } = app;
  await seed(app, profile);

  // The first 50 are listed, the others a click away; filters see all 500.
  const list = page.getByRole('list', { name: 'Runs' });
  await list.getByRole('listitem').nth(49).waitFor();
  assert.equal(await list.getByRole('listitem').count(), 50);
  await page.getByRole('button', { name: 'Show 50 more runs (450 not shown)' }).click();
  await list.getByRole('listitem').nth(99).waitFor();
  await page.getByLabel('Status').selectOption('complete');
  await page.getByRole('button', { name: 'Show 50 more runs (400 not shown)' }).waitFor();
  await page.getByLabel('Status').selectOption('');
  // A search finds the last run of the 500, which is not drawn yet.
  const ids = JSON.parse(profile['runsheet:index']).runs;
  const lastTitle = JSON.parse(profile[`runsheet:run:${ids[ids.length - 1]}`]).run.title;
  await page.getByLabel('Search titles').fill(lastTitle);
  await list.getByRole('link', { name: lastTitle }).first().waitFor();
  assert.ok((await list.getByRole('listitem').count()) < 50, 'the search narrows the list');
  await page.getByLabel('Search titles').fill('');
  await list.getByRole('listitem').nth(99).waitFor();
  const item = list.getByRole('listitem').nth(75);
  const title = await item.getByRole('link').innerText();
  assert.match(await item.innerText(), /Complete/);
  await item.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();

  // Edit (a role is a run-level field, open on a finished run) and save.
  const owner = page.getByLabel('Content owner', { exact: true });
  await owner.fill('Rae Okafor, editor');
  await owner.blur();
  await saved(page);
  await app.reload();
  assert.equal(await page.getByLabel('Content owner', { exact: true }).inputValue(), 'Rae Okafor, editor');

  // The exported run holds its whole log, both draft versions and the edit,
  // and its hash chain verifies.
  const file = await downloadJson(page);
  assert.equal(file.format, 'runsheet-run');
  assert.equal(file.run.title, title);
  assert.equal(file.run.assignments['content-owner'], 'Rae Okafor, editor');
  assert.ok(file.run.steps.every((s) => s.status.state === 'done'));
  assert.equal(file.run.steps.find((s) => s.step_id === 'draft').versions.length, 2);
  assert.ok(file.run.activity.length > 100, `${file.run.activity.length} log entries`);
  assertChainVerifies(file.run);

  // Another app fills the rest of the origin: the next save fails, says so,
  // keeps the edit on screen and the stored version as it was.
  const runKey = `runsheet:run:${file.run.id}`;
  await fillOrigin(page);
  const before = await storedRecord(page, runKey);
  const long = `Shared with the field team. ${'A long note that needs room. '.repeat(40)}${Math.random()}`;
  await owner.fill(`Rae Okafor ${long}`);
  await owner.blur();
  const banner = page.getByRole('alert').filter({ hasText: 'Storage is full' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /MiB of about 5 MiB used \(\d+%\)/);
  assert.equal(await page.getByLabel('Content owner', { exact: true }).inputValue(), `Rae Okafor ${long}`, 'the edit stays on screen');
  assert.equal(await storedRecord(page, runKey), before, 'the stored version is intact');
  await freeOrigin(page);
  await owner.fill(`Rae Okafor ${long}!`);
  await owner.blur();
  await saved(page);
  assert.match(await storedText(page, runKey), /needs room/);
});

test('a store written by the previous release is upgraded: every run, value and log entry is there and verifies', async (t) => {
  const fixture = JSON.parse(await readFile(V1_STORE, 'utf8'));
  const originals = Object.entries(fixture)
    .filter(([k]) => k.startsWith('runsheet:run:'))
    .map(([, v]) => JSON.parse(v).run);
  const app = await openApp(t, 'runs');
  const { page } = app;
  await seed(app, fixture);
  const list = page.getByRole('list', { name: 'Runs' });
  await list.getByRole('listitem').nth(originals.length - 1).waitFor();
  assert.equal(await list.getByRole('listitem').count(), originals.length);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'could not be read' }).count(), 0);

  // Stored in the compact encoding now, with no backup left behind.
  const entries = await storedEntries(page);
  for (const run of originals) {
    assert.equal(JSON.parse(entries[`runsheet:run:${run.id}`]).encoding, 2, `${run.title} is upgraded`);
  }
  assert.deepEqual(Object.keys(entries).filter((k) => k.startsWith('runsheet:backup:')), []);
  assert.equal(entries['runsheet:index'], fixture['runsheet:index']);
  const before = Object.entries(fixture).reduce((n, [k, v]) => n + k.length + v.length, 0);
  const after = Object.entries(entries).reduce((n, [k, v]) => n + k.length + v.length, 0);
  assert.ok(after * 2 < before, `${after} units now, ${before} before`);

  // Each run, downloaded, is exactly the run the previous release stored, and verifies.
  for (const run of originals) {
    await app.goto(`runs/${run.id}`);
    await page.getByRole('heading', { level: 1, name: run.title }).waitFor();
    const file = await downloadJson(page);
    assert.deepEqual(file.run, run, `${run.title}: every value and log entry`);
    assertChainVerifies(file.run);
  }
});
