// The app shell: landmarks, navigation between pages, deep links under the
// GitHub Pages sub-path, and printing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';

async function heading(page, name) {
  const h1 = page.getByRole('heading', { level: 1, name, exact: true });
  await h1.waitFor({ state: 'visible' });
  return h1;
}

test('the catalogue page renders the shell under /runsheet/', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;

  const banner = page.getByRole('banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Runsheet/);

  const nav = page.getByRole('navigation').first();
  await nav.getByRole('link', { name: 'Catalogue', exact: true }).waitFor();
  await nav.getByRole('link', { name: 'Runs', exact: true }).waitFor();

  const footer = page.getByRole('contentinfo');
  assert.match(await footer.innerText(), /data stays in this browser/i);

  await heading(page, 'Catalogue');
  assert.match(await page.title(), /Runsheet/);
  await app.screenshot('shell-catalogue');
  app.assertNoProblems();
});

test('every request stays on the app origin and under /runsheet/', async (t) => {
  const app = await openApp(t, '');
  await heading(app.page, 'Catalogue');
  await app.page.getByRole('link', { name: 'Runs', exact: true }).click();
  await heading(app.page, 'Runs');
  await app.page.waitForLoadState('networkidle');

  const http = app.requests.filter((u) => u.startsWith('http'));
  assert.ok(http.some((u) => u.endsWith('.wasm')), `the wasm module was loaded: ${http.join(', ')}`);
  for (const url of http) {
    const { origin, pathname } = new URL(url);
    assert.equal(origin, app.server.origin, `request to another origin: ${url}`);
    assert.ok(pathname.startsWith('/runsheet/'), `request outside /runsheet/: ${url}`);
  }
  // The server saw the same: nothing was asked for outside the prefix.
  const outside = app.server.requests.filter((r) => !r.path.startsWith('/runsheet/'));
  assert.deepEqual(outside, []);
  app.assertNoProblems();
});

test('the Runs link navigates to the runs page without reloading', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await heading(page, 'Catalogue');
  const documentsBefore = app.server.requests.filter((r) => r.path.endsWith('/') || !/\.\w+$/.test(r.path)).length;

  await page.getByRole('navigation').first().getByRole('link', { name: 'Runs', exact: true }).click();
  await heading(page, 'Runs');
  assert.equal(new URL(page.url()).pathname, '/runsheet/runs');
  const documentsAfter = app.server.requests.filter((r) => r.path.endsWith('/') || !/\.\w+$/.test(r.path)).length;
  assert.equal(documentsAfter, documentsBefore, 'client-side navigation fetched no new document');

  await page.getByRole('navigation').first().getByRole('link', { name: 'Catalogue', exact: true }).click();
  await heading(page, 'Catalogue');
  assert.equal(new URL(page.url()).pathname, '/runsheet/');

  await page.goBack();
  await heading(page, 'Runs');
  app.assertNoProblems();
});

test('a deep link to /runsheet/runs opens the runs page, and survives a reload', async (t) => {
  const app = await openApp(t, 'runs');
  const { page } = app;
  await heading(page, 'Runs');
  assert.equal(new URL(page.url()).pathname, '/runsheet/runs');

  await app.reload();
  await heading(page, 'Runs');
  assert.equal(new URL(page.url()).pathname, '/runsheet/runs');
  await app.screenshot('shell-runs-deep-link');
  app.assertNoProblems();
});

test('an unknown route shows the not-found page inside the shell', async (t) => {
  const app = await openApp(t, 'no/such/page');
  const { page } = app;
  await heading(page, 'Page not found');
  await page.getByRole('banner').waitFor();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Catalogue', exact: true }).click();
  await heading(page, 'Catalogue');
  app.assertNoProblems();
});

test('printing the runs page keeps the product name and the heading', async (t) => {
  const app = await openApp(t, 'runs');
  await heading(app.page, 'Runs');
  const text = await app.pdfText('shell-runs-print');
  assert.match(text, /Runsheet/);
  assert.match(text, /\bRuns\b/);
  app.assertNoProblems();
});
