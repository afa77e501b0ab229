// A reference program bigger than one screen, end to end: 60 references,
// 600 interactions and 30 open requests, built through the CSV imports by
// `cargo run --example storage_profile -- program-csv 60` (scripts/test does it
// first; RUNSHEET_PROFILE_PROGRAM says where it is). Long lists are drawn a
// slice at a time, and each slice is a click away with the focus on its first
// item; a column's help is said once for all its records; typing into one of
// 600 records is what is stored, and so is a pick among 60 customers.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { openApp } from './lib/app.mjs';
import { saved, storedRuns } from './lib/stored.mjs';

const PROGRAM =
  process.env.RUNSHEET_PROFILE_PROGRAM ?? fileURLToPath(new URL('../../target/storage-profiles/program-60.json', import.meta.url));

/** Puts `entries` into the page's localStorage, then starts the app again. */
async function seed(app, entries) {
  await app.page.evaluate((all) => {
    for (const [k, v] of Object.entries(all)) localStorage.setItem(k, v);
  }, entries);
  await app.reload();
}

/** The direct items of the list `list` (nested lists of reasons not counted). */
const itemsOf = (list) => list.locator(':scope > li');

/** Waits until `locator` holds the focus (it moves there a frame or two after a click). */
async function hasFocus(locator, message) {
  for (let i = 0; i < 50; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await locator.page().waitForTimeout(50);
  }
  const where = await locator.page().evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert.fail(`${message}; the focus is on ${where}`);
}

test('a program of 60 references lists a slice at a time, with the rest a click away', { skip: !process.env.CI && !existsSync(PROGRAM) && `no profile at ${PROGRAM}` }, async (t) => {
  const profile = JSON.parse(await readFile(PROGRAM, 'utf8'));
  const runKey = Object.keys(profile).find((k) => /^runsheet:run:[^:]+$/.test(k));
  const runId = runKey.slice('runsheet:run:'.length);
  const app = await openApp(t, 'references/overview');
  const { page } = app;
  await seed(app, profile);

  // The overview counts all 60 active references and draws the first 25.
  await page.getByRole('link', { name: 'Active references: 60' }).waitFor();
  const active = page.getByRole('region', { name: 'Active references', exact: true });
  const activeList = active.getByRole('list');
  assert.equal(await itemsOf(activeList).count(), 25);
  assert.match(await active.innerText(), /The first 25 of 60\./);
  await active.getByRole('button', { name: 'Show more: Active references' }).click();
  await itemsOf(activeList).nth(49).waitFor();
  assert.equal(await itemsOf(activeList).count(), 50);
  await hasFocus(itemsOf(activeList).nth(25), 'the focus is on the first item just shown');
  await active.getByRole('button', { name: 'Show more: Active references' }).click();
  await itemsOf(activeList).nth(59).waitFor();
  assert.equal(await itemsOf(activeList).count(), 60);
  assert.equal(await active.getByRole('button', { name: 'Show more: Active references' }).count(), 0, 'nothing is left to show');
  // Each item still opens its record.
  await itemsOf(activeList).nth(59).getByRole('link').click();
  await page.getByRole('heading', { level: 2, name: /Step \d+ of 12/ }).waitFor();
  assert.match(page.url(), new RegExp(`/runs/${runId}/steps/`));

  // The match page lists requests 25 at a time, and ranks the best 25 first.
  await app.goto('references/match');
  await page.getByRole('heading', { level: 1, name: 'Match a request' }).waitFor();
  const requests = page.getByRole('table', { name: 'Requests' });
  assert.equal(await requests.locator('tbody tr').count(), 25);
  await requests.getByRole('button', { name: /^Match: / }).first().click();
  const ranked = page.getByRole('list', { name: 'Ranked references' });
  await itemsOf(ranked).first().waitFor();
  const section = page.getByRole('region', { name: 'Ranked references' });
  const [, shownText, totalText] = (await section.innerText()).match(/The best (\d+) of (\d+)\./) ?? [];
  assert.equal(Number(shownText), 25, 'the best 25 are drawn');
  const total = Number(totalText);
  assert.ok(total > 25 && total <= 60, `${total} references rank`);
  assert.equal(await itemsOf(ranked).count(), 25);
  const scores = await itemsOf(ranked).locator('h3').allInnerTexts();
  const numbers = scores.map((s) => Number(s.match(/score (\d+)/)[1]));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'best first');
  await section.getByRole('button', { name: 'Show more ranked references' }).click();
  await itemsOf(ranked).nth(Math.min(50, total) - 1).waitFor();
  assert.equal(await itemsOf(ranked).count(), Math.min(50, total));
  await hasFocus(itemsOf(ranked).nth(25), 'the focus is on the 26th best');

  // Typing into a record of the 600 interactions is what is stored.
  await app.goto(`runs/${runId}/steps/tracking`);
  await page.getByRole('heading', { level: 2, name: /Track the interactions/ }).waitFor();
  assert.match(await page.locator('.list-pages-where').innerText(), /Records 1–25 of 600/);
  // A column's help is said once above the records, and each record's input points to it.
  const helpId = await page.getByLabel('Customer, record 1', { exact: true }).getAttribute('aria-describedby');
  assert.ok(helpId, 'the customer pick is described');
  assert.equal(await page.getByLabel('Customer, record 2', { exact: true }).getAttribute('aria-describedby'), helpId);
  assert.match(await page.locator(`[id="${helpId}"]`).innerText(), /Chosen from the candidates of step 2/);
  assert.equal(await page.getByText(/Chosen from the candidates of step 2/).count(), 1, 'said once, not under each of 25 records');
  const done = page.getByLabel('What was done, record 3', { exact: true });
  const typed = 'Joint webinar, recorded';
  await done.fill('');
  await done.pressSequentially(typed);
  assert.equal(await done.inputValue(), typed);
  await saved(page);
  const run = (await storedRuns(page)).find((r) => r.id === runId);
  const interactions = run.steps.find((s) => s.step_id === 'tracking').values.interactions.value;
  assert.equal(interactions.length, 600);
  assert.equal(JSON.stringify(interactions[2]).includes(JSON.stringify(typed)), true, 'what was typed is stored in record 3');
  assert.equal(interactions.filter((r) => JSON.stringify(r).includes(typed)).length, 1, 'and in no other record');
  await app.reload();
  assert.equal(await page.getByLabel('What was done, record 3', { exact: true }).inputValue(), typed);

  // A pick of 60 customers draws its offers once the page is idle, so a
  // select set without being focused first still finds them.
  const pick = page.getByLabel('Customer, record 4', { exact: true });
  await pick.selectOption({ label: 'Company 42 — Contact 42' });
  await saved(page);
  const picked = (await storedRuns(page)).find((r) => r.id === runId);
  const candidates = picked.steps.find((s) => s.step_id === 'candidates').values.candidates.value;
  const company42 = candidates.find((r) => JSON.stringify(r).includes('"Company 42"'));
  const record4 = picked.steps.find((s) => s.step_id === 'tracking').values.interactions.value[3];
  assert.deepEqual(record4.values.customer, { type: 'picks', value: [company42.id] }, 'record 4 picks Company 42 by its id');
});
