// Test helpers: start the static server, launch Debian's headless Chromium with
// playwright-core, open the app, and watch everything that goes wrong on the way
// (console errors, uncaught exceptions, CSP violations, failed requests, requests
// that leave the app's own origin and prefix).
//
// Convention for all e2e tests: find things by accessible role and name
// (page.getByRole('button', { name: 'Start run' }), page.getByLabel('Title')).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

import { NOW, TIME_ZONE } from './clock.mjs';
import { startServer } from './server.mjs';

const run = promisify(execFile);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that make Chromium work headless as root on a machine with no network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots, PDFs and their text go here (git-ignored). */
export const OUTPUT_DIR = fileURLToPath(new URL('../output/', import.meta.url));

/** How long to wait for something to appear (the first load compiles the wasm). */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 15_000);

/**
 * Fixes `Date` at `now` in every page and frame `context` opens, with
 * playwright-core's clock (installed as an init script, so before any page
 * script runs). That clock also stands in for the timers, animation frames,
 * idle callbacks and `performance`, driven by its own ticks: after the page
 * was busy it fires the frames it owes in one burst, so "wait N frames for the
 * new view" (browser/focus.rs) can run out before the view arrives, and its
 * `performance` lists no entries. Only the date is the test's business, so
 * those are handed back to the browser's own, which the clock keeps
 * (`__pwClock.builtins`, taken before it replaced them).
 */
async function fixClock(context, now) {
  await context.clock.setFixedTime(now);
  // Registered after the clock's own script, so it runs after it in every new page.
  await context.addInitScript(() => {
    const builtins = globalThis.__pwClock?.builtins;
    if (!builtins) {
      console.error('tests/e2e/lib/app.mjs: playwright-core clock not found; the page runs on fake timers or the real date');
      return;
    }
    for (const name of [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'performance',
    ]) {
      if (builtins[name]) globalThis[name] = builtins[name];
    }
  });
}

function safeName(name) {
  return String(name)
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/**
 * Start a server and a fresh browser (its own temporary profile, so its own
 * empty localStorage) for one test, open `path` (relative to /runsheet/) and
 * return helpers. Everything is closed, and the test fails on any problem
 * that was recorded, when the test ends (t.after).
 *
 * The browser's clock is fixed at `now` (lib/clock.mjs: RUNSHEET_TEST_NOW) in
 * every page of the context: `Date` always says that moment (fixed rather than
 * running on from it, so a test that starts at 23:59 still reads the same day
 * when it ends), while timers, animation frames, idle callbacks and
 * `performance` stay the browser's own (see fixClock).
 *
 * options.allow: RegExps of console messages that this test expects.
 * options.distDir: serve another build than the e2e one.
 * options.now: another moment than NOW; options.timezoneId: another time zone
 * than lib/clock.mjs's TIME_ZONE (count dates in it with daysFrom(n, zone)).
 */
export async function openApp(t, path = '', { allow = [], distDir, now = NOW, timezoneId = TIME_ZONE } = {}) {
  const server = await startServer(distDir ? { distDir } : {});
  const profile = await mkdtemp(join(tmpdir(), 'runsheet-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(TIMEOUT);
  await fixClock(context, now);

  /** Every URL the browser asked for, in order. */
  const requests = [];
  /** Human-readable descriptions of everything that went wrong. */
  const problems = [];
  const allowed = (text) => allow.some((re) => re.test(text));

  context.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return;
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`unparsable request URL: ${url}`);
      return;
    }
    if (parsed.origin !== server.origin) {
      problems.push(`request to another origin: ${url}`);
    } else if (!parsed.pathname.startsWith(server.prefix)) {
      problems.push(`request outside ${server.prefix}: ${url}`);
    }
  });
  context.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // A navigation that replaces the page aborts what the old page still loaded.
    if (failure === 'net::ERR_ABORTED') return;
    problems.push(`request failed (${failure}): ${request.url()}`);
  });

  // CSP violations: reported from inside the page through a binding (the init
  // script is injected by the browser protocol, so the page's CSP does not block it).
  await context.exposeBinding('__runsheetE2eCsp', (_source, report) => {
    problems.push(`CSP violation: ${report}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__runsheetE2eCsp(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`,
      );
    });
  });

  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const location = message.location()?.url ?? '';
      // The 404.html fallback for a deep link is served with status 404 (as GitHub
      // Pages does); Chromium logs that for the document itself. That is expected.
      if (/status of 404/.test(text) && location && isDocumentRequest(location)) return;
      if (allowed(text)) return;
      problems.push(`console error: ${text}${location ? ` (${location})` : ''}`);
    });
    page.on('pageerror', (error) => {
      const text = error.stack || String(error);
      if (!allowed(text)) problems.push(`uncaught exception: ${text}`);
    });
    page.on('crash', () => problems.push('page crashed'));
  };
  const documentUrls = new Set();
  const isDocumentRequest = (url) => documentUrls.has(url);
  context.on('request', (request) => {
    if (request.isNavigationRequest()) documentUrls.add(request.url());
  });
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());

  const app = {
    server,
    context,
    page,
    requests,
    problems,
    /** Absolute URL for a path under /runsheet/. */
    url: (p = '') => server.url(p),

    /** Load a path under /runsheet/ and wait until the app has mounted. */
    async goto(p = '') {
      const response = await page.goto(server.url(p), { waitUntil: 'load' });
      await app.ready();
      return response;
    },

    /** Wait until the app has rendered its shell (the banner landmark). */
    async ready() {
      try {
        await page.getByRole('banner').first().waitFor({ state: 'visible' });
      } catch (error) {
        // Say why the app did not start (a panic, a CSP violation, a failed load...).
        if (problems.length > 0) {
          error.message += `\nproblems seen so far:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
        }
        throw error;
      }
    },

    /** Reload the current page and wait for the app again. */
    async reload() {
      const response = await page.reload({ waitUntil: 'load' });
      await app.ready();
      return response;
    },

    /** Save a screenshot to tests/e2e/output/<name>.png and return its path. */
    async screenshot(name, options = {}) {
      await mkdir(OUTPUT_DIR, { recursive: true });
      const path = join(OUTPUT_DIR, `${safeName(name)}.png`);
      await page.screenshot({ path, fullPage: true, ...options });
      return path;
    },

    /** Print the page (print stylesheet applies) to tests/e2e/output/<name>.pdf; return its text (pdftotext -layout). */
    async pdfText(name, options = {}) {
      await mkdir(OUTPUT_DIR, { recursive: true });
      const pdf = join(OUTPUT_DIR, `${safeName(name)}.pdf`);
      // Two frames first: a print started in the frame where a lazily loaded page
      // was swapped in can still lay out the page before it (seen in Chromium).
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.pdf({ path: pdf, format: 'A4', printBackground: true, ...options });
      const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
      return stdout;
    },

    /** Throw (failing the test) if anything went wrong so far. */
    assertNoProblems() {
      if (problems.length > 0) {
        const list = problems.map((p) => `  - ${p}`).join('\n');
        problems.length = 0;
        throw new Error(`the page had ${list.split('\n').length} problem(s):\n${list}`);
      }
    },

    async close() {
      await context.close().catch(() => {});
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };

  t.after(async () => {
    const remaining = [...problems];
    await app.close();
    if (remaining.length > 0) {
      throw new Error(
        `the page had ${remaining.length} problem(s):\n${remaining.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
  });

  if (path !== null) await app.goto(path);
  return app;
}
