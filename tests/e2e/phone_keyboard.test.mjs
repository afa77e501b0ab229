// Every page on a 360 px phone and by keyboard: no page scrolls sideways with
// realistic data, axe finds nothing on any page or state, focus goes where the
// work is, and /start/<template-id> starts a run once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { assertAccessible, assertFitsAndAccessible, assertNoSideways } from './lib/checks.mjs';
import { OUTPUT_DIR, openApp } from './lib/app.mjs';
import { THROUGH_EVERY_STEP } from './lib/program.mjs';
import { completeStep, startRun, stepPanel, template } from './lib/sop.mjs';

const story = template('customer-story-production');
const reference = template('customer-reference-program');
const PHONE = { width: 360, height: 740 };
const run = promisify(execFile);

/** The element that has keyboard focus, as "tag: text". */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName.toLowerCase()}: ${(el?.innerText || el?.getAttribute('aria-label') || el?.id || '').trim().slice(0, 80)}`;
  });

async function nav(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** Runs every step of `sop`, checking each filled step on the page. */
async function runThrough(page, sop, options = {}) {
  await startRun(page, sop.title);
  await page.getByLabel('Your name (for the activity log)').fill('Ada Phone');
  await page.getByLabel('Your name (for the activity log)').blur();
  for (let i = 0; i < sop.steps.length; i += 1) {
    await completeStep(page, sop, i, options);
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('listitem').nth(i).getByText('Done', { exact: true }).waitFor();
    // The step as filled in, with its records, on the phone.
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: new RegExp(`^${i + 1}\\.`) }).click();
    await stepPanel(page, i, sop.steps.length).waitFor();
    await assertFitsAndAccessible(page, `${sop.title}, step ${i + 1} filled`);
    if (i + 1 < sop.steps.length) {
      await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: new RegExp(`^${i + 2}\\.`) }).click();
    }
  }
  await page.locator('.run-header').getByText('Complete', { exact: true }).waitFor();
}

test('every page and state fits a 360 px phone with data, and axe finds no violation', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await page.setViewportSize(PHONE);
  await assertFitsAndAccessible(page, 'the catalogue');

  await runThrough(page, story);
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('region', { name: 'The story' }).waitFor();
  await assertFitsAndAccessible(page, 'the story summary');
  await page.getByRole('link', { name: 'Print the story' }).click();
  await page.getByRole('region', { name: 'The story' }).waitFor();
  await assertFitsAndAccessible(page, 'the story print');

  await nav(page, 'Catalogue');
  await runThrough(page, reference, THROUGH_EVERY_STEP);
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertFitsAndAccessible(page, 'the program summary');

  await nav(page, 'References');
  await page.getByRole('table').first().waitFor();
  await assertFitsAndAccessible(page, 'the directory');
  await page.getByRole('link', { name: 'Match a request' }).first().click();
  await page.getByRole('heading', { level: 1, name: /Match/ }).waitFor();
  const request = page.getByLabel('Request', { exact: true });
  if (await request.count()) {
    const options = await request.locator('option').count();
    if (options > 1) await request.selectOption({ index: 1 });
  }
  await assertFitsAndAccessible(page, 'the match page');

  await nav(page, 'Runs');
  await page.getByRole('list', { name: 'Runs' }).waitFor();
  await assertFitsAndAccessible(page, 'the runs page with two runs');

  // The import preview: a downloaded run read back.
  await page.getByRole('list', { name: 'Runs' }).getByRole('listitem').first().getByRole('link').first().click();
  await page.locator('.run-header').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const file = join(OUTPUT_DIR, 'phone-import.json');
  await download.saveAs(file);
  await nav(page, 'Runs');
  await page.getByLabel('Import a run or backup (JSON file)').setInputFiles(file);
  await page.locator('.import-preview').waitFor();
  await assertFitsAndAccessible(page, 'the import preview');

  // Recovery: a record this version cannot read.
  await page.evaluate(() => localStorage.setItem('runsheet:run:zz9999', '{ not a record'));
  await app.reload();
  await nav(page, /^Recovery/);
  await assertFitsAndAccessible(page, 'the recovery page');

  await page.goto(app.url('no/such/page'));
  await app.ready();
  await assertFitsAndAccessible(page, 'the not-found page');
});

test('the conflict banner is accessible and fits the phone', async (t) => {
  const app = await openApp(t, '');
  const a = app.page;
  await startRun(a, story.title);
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const b = await app.context.newPage();
  await b.setViewportSize(PHONE);
  await b.goto(a.url());
  const notesA = stepPanel(a, 0, story.steps.length).getByLabel('Notes', { exact: true });
  const notesB = stepPanel(b, 0, story.steps.length).getByLabel('Notes', { exact: true });
  await notesB.waitFor();
  // Tab B's save is held until it has also been changed elsewhere.
  await b.evaluate(() => {
    window.__held = [];
    window.__setTimeout = window.setTimeout;
    window.setTimeout = (fn) => window.__held.push(fn);
  });
  await notesB.fill('Tab B, not saved yet');
  await notesA.fill('Tab A, saved first');
  await a.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  const banner = b.getByRole('alert').filter({ hasText: 'was changed in another tab' });
  await banner.waitFor();
  // Timers back (axe needs them); tab B's held save now runs and is refused.
  await b.evaluate(() => {
    window.setTimeout = window.__setTimeout;
    window.__held.splice(0).forEach((fn) => fn());
  });
  await b.locator('.save-indicator').filter({ hasText: 'Not saved: changed in another tab' }).waitFor();
  await banner.waitFor();
  await assertFitsAndAccessible(b, 'the conflict banner');
});

test('focus goes where the work is, and the page says where you are', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  // The first Tab reaches the skip link, which leads to the main content.
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^a: Skip to content/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.tagName === 'MAIN');
  assert.equal(await page.locator('.save-indicator').getAttribute('aria-live'), 'polite');
  assert.equal(await page.title(), 'Catalogue — Runsheet');

  // Starting a run is a route change: focus on the run's h1, title names it.
  await startRun(page, story.title);
  assert.match(await focused(page), /^h1: Customer Story Production — /);
  assert.match(await page.title(), /^Review the request and pick a customer · Customer Story Production — .* — Runsheet$/);

  // Adding a record: focus in its first input.
  const first = stepPanel(page, 0, story.steps.length);
  await first.getByRole('button', { name: 'Add to Candidates' }).click();
  await page.waitForFunction(() => document.activeElement?.closest('tr[data-record]'));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label') ?? document.activeElement.labels?.[0]?.innerText), 'Customer, record 1');
  await first.getByRole('button', { name: 'Add to Candidates' }).click();
  await page.waitForFunction(() => document.activeElement?.closest('tr[data-record="2"]'));

  // Completing a step: focus on the next step's heading.
  await page.evaluate(() => document.activeElement.blur());
  await completeStep(page, story, 0);
  await stepPanel(page, 1, story.steps.length).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
  assert.match(await focused(page), /^h2: Step 2 of 8: Confirm consent and stakeholders/);
  assert.match(await page.title(), /^Confirm consent and stakeholders · /);

  // Another page: its h1.
  await nav(page, 'Runs');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.match(await focused(page), /^h1: Runs/);
  assert.equal(await page.title(), 'Runs — Runsheet');
});

test('/start/<template-id> starts one run on its first step; reload and Back start no other', async (t) => {
  // As from a template site: the visitor has been on the catalogue, then follows the link.
  const app = await openApp(t, '');
  const { page } = app;
  await app.goto('start/customer-story-production');
  await page.waitForURL(/\/runsheet\/runs\/[a-z0-9]+\/steps\/intake$/);
  await stepPanel(page, 0, story.steps.length).waitFor();
  const url = page.url();
  const runs = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('runsheet:run:')).length);
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  assert.equal(await runs(), 1);
  await app.reload();
  assert.equal(page.url(), url, 'a reload stays on the run');
  await stepPanel(page, 0, story.steps.length).waitFor();
  assert.equal(await runs(), 1, 'a reload starts no second run');
  await page.goBack();
  await app.ready();
  assert.ok(!page.url().includes('/start/'), `Back does not return to the start link (${page.url()})`);
  assert.equal(page.url(), app.url(''), 'Back returns to where the visitor came from');
  assert.equal(await runs(), 1, 'Back starts no second run');

  await app.goto('start/no-such-sop');
  await page.getByRole('heading', { level: 1, name: 'No such SOP' }).waitFor();
  await assertAccessible(page, 'an unknown start link');
});

/** The print layout at a paper size: every table within the page, headings kept with what follows. */
async function assertPrintFits(app, where, format) {
  const { page } = app;
  // CSS px of the printable width: paper less the 14 mm side margins of print.css.
  const paperMm = format === 'A4' ? 210 : 215.9;
  const width = Math.floor(((paperMm - 28) / 25.4) * 96);
  await page.setViewportSize({ width, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  const problems = await page.evaluate(() => {
    const out = [];
    const right = document.documentElement.clientWidth + 1;
    for (const table of document.querySelectorAll('table')) {
      const r = table.getBoundingClientRect();
      if (r.width > 0 && (r.right > right || table.scrollWidth > table.clientWidth + 1)) {
        out.push(`table "${table.querySelector('th')?.innerText ?? ''}" reaches ${Math.round(r.right)} px`);
      }
    }
    for (const h of document.querySelectorAll('h2, h3, h4')) {
      if (getComputedStyle(h).breakAfter !== 'avoid') out.push(`heading "${h.innerText}" may end a page`);
    }
    return out;
  });
  // Back to no emulation: page.pdf prints with the print stylesheet only then.
  await page.emulateMedia({ media: null });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(problems, [], `${where} on ${format}`);
  const name = `${where}-${format}`;
  const text = await app.pdfText(name, { format });
  assert.match(text, /Page 1 of \d+/, `${where} on ${format} prints page numbers`);
  const { stdout } = await run('pdfinfo', [join(OUTPUT_DIR, `${name}.pdf`)]);
  const pages = Number(stdout.match(/^Pages:\s+(\d+)/m)?.[1] ?? 0);
  console.log(`# print: ${where} on ${format}: ${pages} pages`);
  return pages;
}

test('both SOPs print on A4 and US Letter with no table cut at the right edge', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await runThrough(page, story);
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('region', { name: 'The story' }).waitFor();
  for (const format of ['A4', 'Letter']) await assertPrintFits(app, 'story-summary', format);
  await page.getByRole('link', { name: 'Print the story' }).click();
  await page.getByRole('region', { name: 'The story' }).waitFor();
  for (const format of ['A4', 'Letter']) await assertPrintFits(app, 'story-print', format);

  await page.setViewportSize({ width: 1280, height: 900 });
  await nav(page, 'Catalogue');
  await runThrough(page, reference, THROUGH_EVERY_STEP);
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  for (const format of ['A4', 'Letter']) await assertPrintFits(app, 'program-summary', format);
  await writeFile(join(OUTPUT_DIR, 'print-checked.txt'), 'ok\n');
  await assertNoSideways(page, 'the program summary on screen');
});
