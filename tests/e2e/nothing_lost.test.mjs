// Nothing lost, the cases data_safety.test.mjs leaves open: a run from a newer
// app is deleted only on Recovery.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { startRun, template } from './lib/sop.mjs';

const story = template('customer-story-production');

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
