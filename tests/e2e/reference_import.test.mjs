// References (with their profile and consents) and past interactions imported
// from a spreadsheet, through the same mapping, preview and list of unreadable
// rows as the candidate import; a second import of the same references
// updates them instead of adding them twice.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { daysFrom, today } from './lib/clock.mjs';
import { goTo, program } from './lib/program.mjs';
import { startRun } from './lib/sop.mjs';

/** Writes `lines` as a CSV file in the output folder; returns its path. */
async function csvFile(name, lines) {
  const dir = new URL('./output/', import.meta.url).pathname;
  await mkdir(dir, { recursive: true });
  const path = `${dir}${name}`;
  await writeFile(path, lines.join('\r\n'));
  return path;
}

const picked = (panel, label) =>
  panel.getByLabel(label, { exact: true }).evaluate((s) => s.selectedOptions[0]?.textContent ?? '');

test('references and past interactions are imported from a spreadsheet, and a second import updates rather than duplicates', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);

  // 30 February is no date in any year.
  const notADate = `${Number(today.slice(0, 4)) + 1}-02-30`;
  const references = [
    'Account,Contact,Email,Job title,Industry,Product,Approved types,Time zone,Availability,Status,Sales call consent,Sales call consent expires on',
    `Fintrust,Ada Park,ada@fintrust.example,VP Operations,Financial services,Payments,Live sales call,Europe/Berlin,Available,Active,Verified,${daysFrom(200)}`,
    '"Globex, Inc.",Gus Lee,gus@globex.example,CFO,Logistics,Ledger,"Case study, Quote",America/Chicago,Limited,Active,Requested,',
    `Initech,Bill,bill@initech.example,CTO,Software,Ledger,Quote,Europe/Paris,Available,Active,Verified,${notADate}`,
  ];
  let p = await goTo(page, 'profile');
  await page.getByLabel('References (CSV file)').setInputFiles(await csvFile('references.csv', references));
  let preview = page.getByRole('region', { name: 'CSV preview' });
  await preview.waitFor();
  assert.equal(await preview.getByLabel('Column “Email”').inputValue(), 'email', 'the email column is guessed');
  assert.equal(await preview.getByLabel('Column “Sales call consent”').inputValue(), 'consent-sales-call');
  const rejected = await preview.getByRole('list', { name: 'Rows that cannot be read' }).getByRole('listitem').allInnerTexts();
  assert.deepEqual(rejected, [`Line 4: Sales call consent expires on: “${notADate}” is not a date (YYYY-MM-DD)`]);
  await preview.getByRole('button', { name: 'Add 2 references' }).click();
  await page.getByText('Imported 2 references: 2 new customers, 2 profiles added, 0 updated, 2 consent lines added.').waitFor();
  assert.equal(await p.getByLabel('Email, record 1', { exact: true }).inputValue(), 'ada@fintrust.example');
  assert.equal(await picked(p, 'Customer, record 2'), 'Globex, Inc. — Gus Lee');

  // The same references again, Ada with a new address: updated, not added.
  const again = references.slice(0, 3).map((line) => line.replace('ada@fintrust.example', 'ada.park@fintrust.example'));
  await page.getByLabel('References (CSV file)').setInputFiles(await csvFile('references-again.csv', again));
  preview = page.getByRole('region', { name: 'CSV preview' });
  await preview.waitFor();
  await preview.getByRole('button', { name: 'Add 2 references' }).click();
  await page.getByText('Imported 2 references: 0 new customers, 0 profiles added, 1 updated, 0 consent lines added.').waitFor();
  assert.equal(await p.getByRole('table', { name: 'References' }).locator('tbody tr').count(), 2);
  assert.equal(await p.getByLabel('Email, record 1', { exact: true }).inputValue(), 'ada.park@fintrust.example');

  const interactions = [
    'Company,Contact,Reference type,Requested on,Response,Completed on,Audience',
    `fintrust,ada park,Live sales call,${daysFrom(-280)},Completed,${daysFrom(-271)},Hooli`,
    `Nowhere,Nobody,Quote,${daysFrom(-280)},Completed,,Umbrella`,
  ];
  p = await goTo(page, 'tracking');
  await page.getByLabel('Interactions (CSV file)').setInputFiles(await csvFile('interactions.csv', interactions));
  preview = page.getByRole('region', { name: 'CSV preview' });
  await preview.waitFor();
  const unread = await preview.getByRole('list', { name: 'Rows that cannot be read' }).getByRole('listitem').allInnerTexts();
  assert.equal(unread.length, 1, unread.join(' | '));
  assert.match(unread[0], /^Line 3: “Nobody \(Nowhere\)” is not one customer of step 2/);
  // By keyboard: the button is a real button.
  await preview.getByRole('button', { name: 'Add 1 interactions' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Added 1 interactions.').waitFor();
  assert.equal(await picked(p, 'Customer, record 1'), 'Fintrust — Ada Park');
  await app.screenshot('reference-import');
});
