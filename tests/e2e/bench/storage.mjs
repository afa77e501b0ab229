// Storage figures from the release build in headless Chromium (run by
// scripts/bench-storage, which builds the app and the profiles first):
//
//   - start-up: time from navigation to the catalogue ready to start a run,
//     with no run stored and with 1,000 runs stored, at 4x CPU throttling;
//   - the Runs page: time from the click on "Runs" to the runs listed (the
//     first 50 of the 1,000, the count of the others on the "Show more"
//     button, filters over all), and to the next frame after that; beside
//     it, the same page with no run stored (what loading its code costs),
//     clicked at once and one second after start-up.
//
// Prints figures; not a test. Environment: RUNSHEET_E2E_DIST (the build),
// RUNSHEET_PROFILE_RUNS (the 1,000-run profile, a JSON object of keys and
// values as scripts/bench-storage writes it), BENCH_ROUNDS (default 7).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../lib/app.mjs';
import { startServer } from '../lib/server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const profilePath = process.env.RUNSHEET_PROFILE_RUNS;
if (!profilePath) throw new Error('set RUNSHEET_PROFILE_RUNS to the 1,000-run profile');
const runs = JSON.parse(await readFile(profilePath, 'utf8'));
const runCount = Object.keys(runs).filter((k) => k.startsWith('runsheet:run:')).length;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** Records when the catalogue can start a run, and when the Runs page lists `count` runs. */
function watch() {
  const observer = new MutationObserver(() => {
    if (window.__ready === undefined) {
      // The app's own button: the prerendered catalogue's is disabled until the app runs.
      const canStart = [...document.querySelectorAll('button')].some(
        (b) => !b.disabled && (b.getAttribute('aria-label') ?? b.textContent).startsWith('Start run'),
      );
      if (canStart) window.__ready = performance.now();
    }
    if (window.__clicked !== undefined && window.__page === undefined && document.querySelector('h1')?.textContent === 'Runs') {
      window.__page = performance.now();
    }
    if (window.__clicked !== undefined && window.__listed === undefined) {
      const items = document.querySelectorAll('ul[aria-label="Runs"] > li').length;
      if (items >= window.__expect) {
        window.__listed = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => (window.__frame = performance.now())));
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function browser(seed) {
  const dir = await mkdtemp(join(tmpdir(), 'runsheet-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(watch);
  const server = await startServer();
  await page.goto(server.url(''));
  await page.waitForFunction(() => window.__ready !== undefined);
  if (seed) {
    await page.evaluate((entries) => {
      for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    }, seed);
  }
  const cdp = await context.newCDPSession(page);
  return {
    page,
    throttle: (rate) => cdp.send('Emulation.setCPUThrottlingRate', { rate }),
    async close() {
      await context.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
    url: (p) => server.url(p),
  };
}

async function startUp(b) {
  const times = [];
  for (let i = 0; i < ROUNDS + 1; i += 1) {
    await b.page.goto(b.url(''));
    await b.page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000 });
    const t = await b.page.evaluate(() => window.__ready);
    if (i > 0) times.push(t); // the first load warms the browser's caches
  }
  return median(times);
}

async function runsPage(b, expect, delay) {
  const pages = [];
  const listed = [];
  const frames = [];
  for (let i = 0; i < ROUNDS + 1; i += 1) {
    await b.page.goto(b.url(''));
    await b.page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000 });
    await new Promise((done) => setTimeout(done, delay));
    await b.page.evaluate((n) => {
      window.__expect = Math.min(n, 50);
      const link = [...document.querySelectorAll('nav[aria-label="Main"] a')].find((a) => a.textContent === 'Runs');
      window.__clicked = performance.now();
      link.click();
    }, expect);
    await b.page.waitForFunction(() => window.__frame !== undefined && window.__page !== undefined, null, { timeout: 60_000 });
    const [clicked, shown, done, frame] = await b.page.evaluate(() => [window.__clicked, window.__page, window.__listed, window.__frame]);
    if (i > 0) {
      pages.push(shown - clicked);
      listed.push(done - clicked);
      frames.push(frame - clicked);
    }
  }
  return [median(pages), median(listed), median(frames)];
}

const empty = await browser(null);
const full = await browser(runs);
try {
  for (const rate of [1, 4]) {
    await empty.throttle(rate);
    await full.throttle(rate);
    const none = await startUp(empty);
    const many = await startUp(full);
    // Again the other way round: the machine's load drifts.
    const none2 = await startUp(empty);
    const many2 = await startUp(full);
    console.log(
      `storage: start-up at ${rate}x CPU throttling: ${fmt((none + none2) / 2)} with no run, ${fmt((many + many2) / 2)} with ${runCount} runs stored: ${((many + many2) / (none + none2)).toFixed(2)}x (medians of ${ROUNDS}, twice)`,
    );
    // Clicked the moment the catalogue can start a run (the Runs page's code
    // may still be loading), and a second later, as a person would (the app
    // loads it when idle).
    for (const [delay, when] of [[0, 'clicked the moment the catalogue is ready'], [1000, 'clicked 1 s after']]) {
      const [emptyShown] = await runsPage(empty, 0, delay);
      const [, listed, frame] = await runsPage(full, runCount, delay);
      console.log(
        `storage: the Runs page at ${rate}x CPU throttling, ${when}: ${runCount} runs listed (the first 50 drawn) ${fmt(listed)} after the click, next frame at ${fmt(frame)}; with no run stored its heading shows at ${fmt(emptyShown)} (medians of ${ROUNDS})`,
      );
    }
  }
} finally {
  await empty.close();
  await full.close();
}
