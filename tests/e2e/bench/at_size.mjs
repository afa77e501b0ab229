// The reference program at real size, in the release build in headless
// Chromium (run by scripts/bench, BENCH=at-size): one program run of 500
// references, 5,000 interactions and 250 open requests stored, then
//
//   - the run page: from a click on a step in the step list to that step drawn
//     (its list's first page of records in the table), and the next frame, for
//     the program's settings step and for the interactions step;
//   - the directory and the match page: from a click on their link to their
//     content drawn, and the next frame; choosing a request to rank;
//   - the overview (/references/overview);
//   - typing into a record of the interactions step: from each key pressed
//     (its keydown's time stamp) until its input event has been handled by
//     the app, change, save scheduling and page update included, and until
//     the next frame is drawn; beside the same measures on an input that does
//     nothing per key.
//
// Prints figures (median and p95); not a test. Environment: RUNSHEET_E2E_DIST
// (the build), RUNSHEET_PROFILE_PROGRAM (the profile scripts/bench writes with
// `storage_profile program-csv 500`, built through the CSV imports),
// BENCH_ROUNDS (default 20), BENCH_KEYS (60), BENCH_SETTLE (ms after a load
// before the click, default 1500).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../lib/app.mjs';
import { startServer } from '../lib/server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const KEYS = Number(process.env.BENCH_KEYS ?? 60);
/** How long a page is left after loading before the click: its start-up work is not the click's. */
const SETTLE = Number(process.env.BENCH_SETTLE ?? 1500);
const profilePath = process.env.RUNSHEET_PROFILE_PROGRAM;
if (!profilePath) throw new Error('set RUNSHEET_PROFILE_PROGRAM to the 500-reference program profile');
const profile = JSON.parse(await readFile(profilePath, 'utf8'));
const runKey = Object.keys(profile).find((k) => /^runsheet:run:[^:]+$/.test(k));
if (!runKey) throw new Error('the profile holds no run');
const runId = runKey.slice('runsheet:run:'.length);

/** The nearest-rank quantile: the smallest value at or above a share `q` of all. */
const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const figures = (xs) => `median ${fmt(quantile(xs, 0.5))}, p95 ${fmt(quantile(xs, 0.95))}`;

const dir = await mkdtemp(join(tmpdir(), 'runsheet-at-size-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? (await context.newPage());
const server = await startServer();

/** Clicks `link` (found in the page by `find`) and times until `drawn()` holds, and the next frame. */
async function timeClick(find, drawn) {
  return page.evaluate(
    ([findSource, drawnSource]) =>
      new Promise((resolve, reject) => {
        const find = new Function(`return (${findSource})()`);
        const drawn = new Function(`return (${drawnSource})()`);
        const target = find();
        if (!target) {
          reject(new Error(`nothing to click: ${findSource}`));
          return;
        }
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (!drawn()) return;
          observer.disconnect();
          const shown = performance.now() - start;
          requestAnimationFrame(() => setTimeout(() => resolve([shown, performance.now() - start]), 0));
        });
        observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
        target.click();
        setTimeout(() => reject(new Error(`not drawn within 30 s: ${drawnSource}`)), 30_000);
      }),
    [find.toString(), drawn.toString()],
  );
}

async function measure(label, prepare, find, drawn) {
  const shown = [];
  const frames = [];
  for (let i = 0; i < ROUNDS + 1; i += 1) {
    await prepare();
    const [s, f] = await timeClick(find, drawn);
    if (i > 0) {
      // The first round loads the page's code.
      shown.push(s);
      frames.push(f);
    }
  }
  console.log(`at size: ${label}: drawn ${figures(shown)}; next frame ${figures(frames)} (${ROUNDS} rounds)`);
}

try {
  await page.goto(server.url(''));
  await page.waitForSelector('h1');
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, profile);
  console.log(`at size: program run ${runId}, ${Object.keys(profile).length} stored keys`);

  const stepUrl = (step) => server.url(`runs/${runId}/steps/${step}`);
  const openStep = async (step) => {
    await page.goto(stepUrl(step));
    await page.waitForSelector('main h2, main h1', { timeout: 60_000 });
    await page.waitForTimeout(SETTLE);
  };
  const stepLink = (title) => {
    const source = `() => [...document.querySelectorAll('a')].find((a) => a.textContent.includes(${JSON.stringify(title)}))`;
    return new Function(`return ${source}`)();
  };
  const stepDrawn = (heading, withTable) =>
    new Function(
      `return () => [...document.querySelectorAll('main h2')].some((h) => h.textContent.includes(${JSON.stringify(heading)}))` +
        (withTable ? ` && document.querySelectorAll('main table.list-table tbody tr').length > 0` : ''),
    )();

  await measure(
    'run page, the settings step (clicked from the interactions step)',
    () => openStep('tracking'),
    stepLink('Set the program rules'),
    stepDrawn('Set the program rules', false),
  );
  await measure(
    'run page, the interactions step, 5,000 records (clicked from the settings step)',
    () => openStep('criteria'),
    stepLink('Track the interactions'),
    stepDrawn('Track the interactions', true),
  );
  const rowsShown = await page.evaluate(() => document.querySelectorAll('main table.list-table tbody tr').length);
  const where = await page.evaluate(() => document.querySelector('.list-pages-where')?.textContent ?? '(no paging)');
  console.log(`at size: the interactions step draws ${rowsShown} records at once: ${where}`);

  await measure(
    'directory (clicked from the run page)',
    () => openStep('criteria'),
    () => [...document.querySelectorAll('nav[aria-label="Main"] a')].find((a) => a.textContent === 'References'),
    () => document.querySelectorAll('main table tbody tr').length > 0,
  );
  await measure(
    'match page (clicked from the directory)',
    async () => {
      await page.goto(server.url('references'));
      await page.waitForSelector('main table tbody tr', { timeout: 60_000 });
      await page.waitForTimeout(SETTLE);
    },
    () => [...document.querySelectorAll('main a')].find((a) => a.textContent === 'Match a request'),
    () => document.querySelector('main h1')?.textContent === 'Match a request' && document.querySelector('main p.lead'),
  );
  // Ranking one request on the page, when the program has requests.
  const requests = await page.evaluate(() => document.querySelectorAll('main select option').length - 1);
  if (requests > 0) {
    await measure(
      `match page, choosing a request ranks the references (${requests} requests)`,
      async () => {
        await page.goto(server.url('references/match'));
        await page.waitForSelector('main select', { timeout: 60_000 });
        await page.waitForTimeout(SETTLE);
      },
      () => {
        const select = document.querySelector('main select');
        return {
          click() {
            select.value = select.options[1].value;
            select.dispatchEvent(new Event('change', { bubbles: true }));
          },
        };
      },
      () => document.querySelector('ol[aria-label="Ranked references"], main p.error'),
    );
  } else {
    console.log('at size: match page: the program has no request to rank (ranking 5,000 references is timed by BENCH=matching)');
  }
  const hasOverview = await page.evaluate(() =>
    [...document.querySelectorAll('a')].some((a) => a.getAttribute('href')?.endsWith('/references/overview')),
  );
  if (hasOverview) {
    await measure(
      'overview (clicked from the directory)',
      async () => {
        await page.goto(server.url('references'));
        await page.waitForSelector('main table tbody tr', { timeout: 60_000 });
        await page.waitForTimeout(SETTLE);
      },
      () => [...document.querySelectorAll('a')].find((a) => a.getAttribute('href')?.endsWith('/references/overview')),
      () => document.querySelector('main h1')?.textContent === 'Program overview' && document.querySelector('main h2'),
    );
  } else {
    console.log('at size: overview: this build has no /references/overview link');
  }

  // Typing into the first shown record of the interactions step.
  await openStep('tracking');
  await page.waitForSelector('main table.list-table tbody tr');
  const input = page.locator('main table.list-table tbody tr').first().locator('input[type="text"]:not([disabled])').first();
  if ((await input.count()) === 0) {
    console.log('at size: typing: the interactions step has no open text input (is the step completed?)');
  } else {
    await input.focus();
    await page.evaluate(() => {
      window.__keys = [];
      window.__handled = [];
      let down = 0;
      document.addEventListener(
        'keydown',
        (event) => {
          // From the moment the key was pressed (the event's own time stamp).
          down = event.timeStamp;
          requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - down), 0));
        },
        true,
      );
      // Last to hear the key's input event: the field's own handler has run,
      // and with it the change, the save scheduling and the page's update
      // (the microtasks each handler leaves are run before the next one).
      window.addEventListener('input', () => window.__handled.push(performance.now() - down));
    });
    const text = 'Joint webinar with the customer, recorded and shared with the team';
    const typeKeys = async () => {
      await page.evaluate(() => {
        window.__keys = [];
        window.__handled = [];
      });
      for (let i = 0; i < KEYS; i += 1) {
        await page.keyboard.type(text[i % text.length]);
        await page.waitForTimeout(40);
      }
      await page.waitForTimeout(400);
      return page.evaluate(() => [window.__keys, window.__handled]);
    };
    // The floor of this measure: a text input of the page that does nothing
    // per key (the person's name is taken when it is left).
    await page.getByLabel('Your name (for the activity log)').focus();
    const [idleFrames, idle] = await typeKeys();
    console.log(`at size: typing into an input that does nothing per key (the measure's floor): ${figures(idle)} per key from the key pressed to handled; ${figures(idleFrames)} to the next frame drawn`);
    await input.focus();
    const [keys, handled] = await typeKeys();
    console.log(`at size: typing into a record of the interactions step: ${figures(handled)} per key from the key pressed to handled (the change applied and the page updated); ${figures(keys)} to the next frame drawn, which waits for the display's next refresh (${keys.length} keys)`);
    const saved = await page.evaluate(() => document.querySelector('[aria-live="polite"]')?.textContent ?? '');
    console.log(`at size: after typing the save status reads "${saved.trim()}"`);
  }
} finally {
  await context.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
