// First visit and every later one: the catalogue is in the HTML before the wasm
// arrives, a visit with the network off works after one visit online, a new
// deployment is offered to the open page and applied whole, and the app is
// installable. The service worker is scripts/post-build/service-worker.js.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { writeServiceWorker } from '../../scripts/post-build/offline.mjs';
import { openApp } from './lib/app.mjs';
import { DIST_DIR } from './lib/server.mjs';
import { startRun, template } from './lib/sop.mjs';

const story = template('customer-story-production');

/** Wait until a service worker controls the page and has cached this build. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 20_000 });
}

/** The text of an element, as a person reads it (whitespace collapsed). */
const words = (text) => text.replace(/\s+/g, ' ').trim();

test('the catalogue in the HTML is the one the app renders, inert, and gone once the app runs', async (t) => {
  // What the browser paints before any script ran: the build's own index.html.
  const html = await readFile(join(DIST_DIR, 'index.html'), 'utf8');
  assert.match(html, /<div id="boot" class="boot">/);
  const app = await openApp(t, null);
  // A first visit on a slow network, frozen before the wasm arrives.
  await app.context.route('**/*_bg.wasm', (route) => route.abort());
  await app.page.goto(app.url(''), { waitUntil: 'domcontentloaded' });
  const boot = app.page.locator('#boot');
  const prerendered = words(await boot.locator('.boot-main').innerText());
  // Inert: "Start run" is disabled until the app runs, and there are no landmarks
  // for a screen reader to mistake for the live page.
  for (const button of await boot.getByRole('button', { name: /^Start run: / }).all()) {
    assert.equal(await button.isDisabled(), true);
  }
  assert.equal(await app.page.getByRole('banner').count(), 0);
  assert.equal(await app.page.getByRole('main').count(), 0);
  await app.context.unroute('**/*_bg.wasm');
  app.problems.length = 0; // the refused wasm, and the start-up that could not finish without it

  // The live catalogue says the same, and the prerendered copy is gone.
  await app.goto('');
  await app.page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
  const live = words(await app.page.getByRole('main').innerText());
  assert.equal(live, prerendered);
  assert.equal(await app.page.locator('#boot').count(), 0);
  assert.equal(await app.page.getByRole('heading', { level: 1 }).count(), 1, 'one catalogue on screen, never two');
  assert.ok(await app.page.getByRole('button', { name: `Start run: ${story.title}` }).isEnabled());
  app.assertNoProblems();
});

test('a deep link shows a neutral loading state, never the catalogue, until the page it asked for', async (t) => {
  const notFound = await readFile(join(DIST_DIR, '404.html'), 'utf8');
  assert.match(notFound, /Loading Runsheet…/);
  assert.doesNotMatch(notFound, /<h1>Catalogue<\/h1>/);
  assert.doesNotMatch(notFound, /Start run/);
  const app = await openApp(t, 'runs');
  await app.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  assert.equal(await app.page.getByText('Loading Runsheet…').count(), 0);
  app.assertNoProblems();
});

test('after one visit, the app opens, starts a run and saves with the network off', async (t) => {
  const app = await openApp(t, '');
  await controlled(app.page);
  await app.context.setOffline(true);

  await app.reload();
  await app.page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
  const url = await startRun(app.page, story.title);
  await app.page.getByRole('status').filter({ hasText: /^Saved / }).waitFor();

  // A deep link, offline: the run page itself, with the run just saved.
  await app.reload();
  assert.equal(app.page.url(), url);
  await app.page.getByRole('heading', { level: 2, name: /^Step 1 of/ }).waitFor();
  await app.page.getByRole('link', { name: 'Runs', exact: true }).click();
  await app.page.getByRole('link', { name: new RegExp(story.title) }).first().waitFor();
  await app.context.setOffline(false);
  app.assertNoProblems();
});

/**
 * A second deployment made from the e2e build, as a rebuild with a changed app
 * would be: its wasm and glue in a new `app-<hash>/` folder, the start script
 * pointing there (with its integrity hash renewed), a marker in the HTML, and a
 * new sw.js listing it all.
 */
async function secondDeployment() {
  const dir = await mkdtemp(join(tmpdir(), 'runsheet-e2e-v2-'));
  await cp(DIST_DIR, dir, { recursive: true });
  const files = await readdir(dir);
  const oldApp = files.find((f) => /^app-[0-9a-f]+$/.test(f));
  const newApp = 'app-00000000000000v2';
  await rename(join(dir, oldApp), join(dir, newApp));
  const start = files.find((f) => /^start-.*\.js$/.test(f));
  const startCode = (await readFile(join(dir, start), 'utf8')).replaceAll(`${oldApp}/`, `${newApp}/`);
  await writeFile(join(dir, start), startCode);
  const sri = 'sha384-' + createHash('sha384').update(startCode).digest('base64');
  for (const page of ['index.html', '404.html']) {
    let html = await readFile(join(dir, page), 'utf8');
    html = html
      .replaceAll(`${oldApp}/`, `${newApp}/`)
      .replace(new RegExp(`(src="[^"]*${start}" integrity=")[^"]*"`), `$1${sri}"`)
      .replace('<title>', '<meta name="runsheet-build" content="2" />\n    <title>');
    await writeFile(join(dir, page), html);
  }
  writeServiceWorker(dir);
  return { dir, newApp, oldApp };
}

test('a new deployment is offered to the open page and applied whole on reload', async (t) => {
  const v2 = await secondDeployment();
  t.after(() => rm(v2.dir, { recursive: true, force: true }));
  const app = await openApp(t, '');
  await controlled(app.page);
  const url = await startRun(app.page, story.title);
  await app.page.getByRole('status').filter({ hasText: /^Saved / }).waitFor();

  app.server.setDistDir(v2.dir);
  // The browser checks for a new worker on navigations and now and then; the app
  // also asks when the tab comes back. Here, ask as the browser would.
  await app.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const prompt = app.page.getByRole('status').filter({ hasText: 'A new version is ready' });
  await prompt.waitFor({ timeout: 20_000 });
  // Until the person chooses, the page keeps the version it started with.
  assert.equal(await app.page.locator('meta[name="runsheet-build"]').count(), 0);

  const before = app.requests.length;
  await Promise.all([app.page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
  await app.ready();
  await app.page.getByRole('heading', { level: 2, name: /^Step 1 of/ }).waitFor();
  assert.equal(app.page.url(), url, 'the reload stays on the run');
  // Whole: the new HTML, and only the new build's scripts and wasm.
  assert.equal(await app.page.locator('meta[name="runsheet-build"]').getAttribute('content'), '2');
  const loaded = await app.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(loaded.some((u) => u.includes(`/${v2.newApp}/`)), `the new build's files were loaded: ${loaded.join(', ')}`);
  assert.ok(!loaded.some((u) => u.includes(`/${v2.oldApp}/`)), `no file of the old build was loaded: ${loaded.join(', ')}`);
  assert.ok(app.requests.length > before);
  assert.equal(await app.page.getByRole('status').filter({ hasText: 'A new version is ready' }).count(), 0);
  app.assertNoProblems();
});

test('the app is installable: a manifest with icons, served under the sub-path', async (t) => {
  const app = await openApp(t, '');
  await controlled(app.page);
  const cdp = await app.context.newCDPSession(app.page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = await (await fetch(app.url('manifest.webmanifest'))).json();
  assert.equal(manifest.start_url, './');
  for (const icon of manifest.icons) {
    const response = await fetch(app.url(icon.src));
    assert.equal(response.status, 200, icon.src);
  }
  app.assertNoProblems();
});

test('when the code that saves runs cannot be fetched, Start run says so and starts nothing; once it can, it starts one run', async (t) => {
  const app = await openApp(t, null);
  const { page } = app;
  // The storage codec is its own chunk (src/ui/codec.rs), fetched on demand.
  const codec = '**/split_runsheet_codec.wasm';
  await app.context.route(codec, (route) => route.abort());
  await app.goto('');
  const start = page.getByRole('button', { name: `Start run: ${story.title}` });
  await start.click();
  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /Check the connection and try again; nothing was changed\./);
  // The app still runs (no panic): the catalogue is there and its button works again.
  assert.equal(await start.isEnabled(), true);
  assert.equal(await start.innerText(), 'Start run');
  const runKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('runsheet:run:')));
  assert.deepEqual(await runKeys(), [], 'no run was written');
  assert.ok(app.problems.some((p) => p.includes('split_runsheet_codec.wasm')), 'the chunk was refused');
  app.problems.length = 0;

  await app.context.unroute(codec);
  await startRun(page, story.title);
  assert.equal((await runKeys()).length, 1, 'one run, started once');
  assert.equal(await alert.count(), 0);
  app.assertNoProblems();
});
