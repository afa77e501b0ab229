// The directory with the columns a manager asks for: consent per use, last
// used, uses in the window, tolerance state and briefed on, filtered and
// sorted on the page and carried into the CSV, on a 360 px phone without
// sideways scrolling and without axe violations.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { assertFitsAndAccessible } from './lib/checks.mjs';
import { parseCsv } from './lib/csv.mjs';
import { daysFrom, today } from './lib/clock.mjs';
import { addCustomers, addRecord, customer, fill, goTo, program } from './lib/program.mjs';
import { startRun } from './lib/sop.mjs';

const PHONE = { width: 360, height: 740 };
/** The day `n` days before the browser's today, as the date inputs and the page write it. */
const daysAgo = (n) => daysFrom(-n);

/** The company of each contact entered, once, as a candidate. */
const COMPANY = { 'Ada Park': 'Fintrust', 'Bo Lee': 'Globex' };
/** How a record picks the customer whose contact is `name`. */
const pickOf = (name) => customer(COMPANY[name], name);

/**
 * The directory's select labelled `label`. A label wrapping a select names it
 * with its options too ("Sort by … Tolerance (most used first)"), so match the
 * start of the name, not any part of it.
 */
const filterBy = (page, label) => page.getByRole('combobox', { name: new RegExp(`^${label}\\b`) });

test('the directory shows, filters, sorts and exports consent, usage, tolerance and briefing', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);

  // At most 2 activities of one type per reference in 90 days.
  let p = await goTo(page, 'criteria');
  await fill(p, 'Most activities of one type per customer (required)', '2');
  await fill(p, 'Rolling window (required)', '90');
  await fill(p, 'Keep records for (required)', '24');
  const types = p.getByRole('group', { name: 'Eligible reference types (required)' });
  for (const type of ['Logo', 'Live sales call']) await types.getByLabel(type, { exact: true }).check();

  // Ada's logo consent is verified; Bo's was verified and withdrawn today; Bo's quotes are requested.
  await addCustomers(page, Object.entries(COMPANY).map(([contact, company]) => [company, contact]));
  p = await goTo(page, 'consent');
  await addRecord(p, 'Consent per use', { Customer: pickOf('Ada Park'), Use: '=logo', Status: '=verified', Date: daysAgo(30) });
  await addRecord(p, 'Consent per use', { Customer: pickOf('Bo Lee'), Use: '=logo', Status: '=verified', Date: daysAgo(30) });
  await addRecord(p, 'Consent per use', { Customer: pickOf('Bo Lee'), Use: '=logo', Status: '=withdrawn', Date: today });
  await addRecord(p, 'Consent per use', { Customer: pickOf('Bo Lee'), Use: '=quotes', Status: '=requested', Date: today });

  p = await goTo(page, 'profile');
  for (const [name, company] of [['Ada Park', 'Fintrust'], ['Bo Lee', 'Globex']]) {
    await addRecord(p, 'References', {
      Customer: customer(company, name),
      'Approved reference types': ['Logo', 'Live sales call'],
      Availability: '=available',
      Status: '=active',
    });
  }

  p = await goTo(page, 'briefing');
  await addRecord(p, 'Briefings', { Customer: pickOf('Ada Park'), 'Briefed on': daysAgo(20) });

  // Ada: two logos in the window (one done, one confirmed) — at the limit.
  // Bo: a logo 200 days ago (outside the window) and one sales call yesterday — one short.
  p = await goTo(page, 'tracking');
  const interactions = [
    ['Ada Park', 'logo', daysAgo(11), 'completed', daysAgo(10)],
    ['Ada Park', 'logo', daysAgo(3), 'confirmed', ''],
    ['Bo Lee', 'logo', daysAgo(201), 'completed', daysAgo(200)],
    ['Bo Lee', 'live-sales-call', daysAgo(2), 'completed', daysAgo(1)],
  ];
  for (const [who, type, asked, response, done] of interactions) {
    const cells = { Customer: pickOf(who), 'Reference type': `=${type}`, 'Requested on': asked, Response: `=${response}` };
    if (done) cells['Completed on'] = done;
    await addRecord(p, 'Interactions', cells);
  }
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();

  await page.setViewportSize(PHONE);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  const directory = page.getByRole('table', { name: 'References' });
  await directory.locator('tbody tr').nth(1).waitFor();
  await page.getByText('Showing 2 of 2 references').waitFor();
  assert.equal(await page.getByRole('button', { name: /^Show \d+ more$/ }).count(), 0, 'everything fits on one page');
  await assertFitsAndAccessible(page, 'the directory with its columns at 360 px');

  const row = async (name) => directory.locator('tbody tr').filter({ hasText: name }).locator('td').allInnerTexts();
  const ada = await row('Ada Park');
  assert.match(ada[9], /Logo: Verified/);
  assert.match(ada[9], /Sales call: None/);
  assert.deepEqual(ada.slice(10), [daysAgo(3), 'Logo 2 (limit 2 per type in 90 days)', 'Over limit: Logo', daysAgo(20)]);
  const bo = await row('Bo Lee');
  assert.match(bo[9], /Logo: Withdrawn/);
  assert.match(bo[9], /Quotes: Requested/);
  assert.deepEqual(bo.slice(10), [daysAgo(1), 'Live sales call 1 (limit 2 per type in 90 days)', 'Near limit: Live sales call', 'Never']);

  // Filters change what is listed, sorting changes the order.
  const listed = () => directory.locator('tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(await listed(), ['Ada Park (Fintrust)', 'Bo Lee (Globex)']);
  await filterBy(page, 'Tolerance').selectOption('near');
  assert.deepEqual(await listed(), ['Bo Lee (Globex)']);
  await page.getByText('Showing 1 of 1 references (2 in all)').waitFor();
  await filterBy(page, 'Tolerance').selectOption('');
  await filterBy(page, 'Consent').selectOption('withdrawn');
  await filterBy(page, 'For use').selectOption('logo');
  assert.deepEqual(await listed(), ['Bo Lee (Globex)']);
  await filterBy(page, 'Consent').selectOption('');
  await filterBy(page, 'Sort by').selectOption('last-used');
  assert.deepEqual(await listed(), ['Bo Lee (Globex)', 'Ada Park (Fintrust)']);
  await filterBy(page, 'Sort by').selectOption('most-used');
  assert.deepEqual(await listed(), ['Ada Park (Fintrust)', 'Bo Lee (Globex)']);
  await filterBy(page, 'Sort by').selectOption('last-used');
  await assertFitsAndAccessible(page, 'the directory sorted by last used');

  // The CSV carries the same columns, in the order on screen.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export directory (CSV)' }).click()]);
  const [header, ...rows] = parseCsv(await readFile(await csv.path(), 'utf8'));
  assert.equal(rows.length, 2);
  const cells = (r) => Object.fromEntries(header.map((h, i) => [h, r[i]]));
  const [boCsv, adaCsv] = rows.map(cells);
  assert.equal(boCsv.Name, 'Bo Lee');
  assert.equal(adaCsv['Logo consent'], 'Verified');
  assert.equal(adaCsv['Logo consent expires on'], '');
  assert.equal(adaCsv['Last used'], daysAgo(3));
  assert.equal(adaCsv['Logo uses in window'], '2');
  assert.equal(adaCsv['Live sales call uses in window'], '0');
  assert.equal(adaCsv.Tolerance, 'Over limit');
  assert.equal(adaCsv['Briefed on'], daysAgo(20));
  assert.equal(boCsv['Logo consent'], 'Withdrawn');
  assert.equal(boCsv['Quotes consent'], 'Requested');
  assert.equal(boCsv['Last used'], daysAgo(1));
  assert.equal(boCsv['Logo uses in window'], '0', '200 days ago is outside the window');
  assert.equal(boCsv['Live sales call uses in window'], '1');
  assert.equal(boCsv.Tolerance, 'Near limit');
  assert.equal(boCsv['Briefed on'], '');
});
