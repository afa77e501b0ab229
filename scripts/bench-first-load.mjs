#!/usr/bin/env node
// First-visit figures, printed by scripts/bench (never asserted: times vary by
// machine; only the byte budget is checked, by scripts/test).
//
//   node scripts/bench-first-load.mjs NAME=DIST:PUBLIC_URL:READY_SELECTOR ...
//
// For each app: the first load per file (raw and gzip, scripts/first-load.mjs),
// then first contentful paint and "ready" (READY_SELECTOR is on screen), median
// of LOADS (default 10) loads, each in a fresh browser context (empty cache, no
// service worker), served gzip from 127.0.0.1, with no throttling and with 4×
// CPU + Fast 3G (1.6 Mbps down, 750 kbps up, 150 ms RTT). Loads of the apps
// alternate, so each pair saw the same machine load.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

import { measure, table } from './first-load.mjs';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const LOADS = Number(process.env.LOADS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon',
};
const CONDITIONS = [
  { name: 'no throttling', cpu: 1, network: null },
  { name: '4x CPU + Fast 3G', cpu: 4, network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 } },
];

/** A static server like GitHub Pages (unknown paths get 404.html), gzip for text and wasm. */
async function serve(dist, prefix) {
  const root = resolve(dist);
  const cache = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.startsWith(prefix) ? resolve(root, '.' + sep + path.slice(prefix.length)) : null;
    if (file && !(file === root || file.startsWith(root + sep))) file = null;
    let status = 200;
    try {
      if (!file) throw new Error();
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      await stat(file);
    } catch {
      file = join(root, '404.html');
      status = 404;
    }
    if (!cache.has(file)) {
      const body = await readFile(file).catch(() => Buffer.from('not found'));
      cache.set(file, { body, gzip: gzipSync(body, { level: 9 }) });
    }
    const { gzip } = cache.get(file);
    res.writeHead(status, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Encoding': 'gzip',
      'Content-Length': gzip.length,
      'Cache-Control': 'no-store',
    });
    res.end(gzip);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** One load in a fresh context: { fcp, ready } in ms since navigation start. */
async function load(browser, url, selector, condition) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((sel) => {
    const check = () => {
      if (window.__ready === undefined && document.querySelector(sel)) window.__ready = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    document.addEventListener('DOMContentLoaded', check);
  }, selector);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  if (condition.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', condition.network);
  }
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 120_000 });
  // The paint entry arrives after the frame that showed the content.
  const figures = await page.evaluate(
    () =>
      new Promise((done) => {
        const report = (entry) => done({ fcp: entry.startTime, ready: window.__ready });
        const seen = performance.getEntriesByName('first-contentful-paint')[0];
        if (seen) return report(seen);
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) report(entry);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  await context.close();
  return figures;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const apps = process.argv.slice(2).map((arg) => {
  const [name, rest] = arg.split(/=(.*)/s);
  const [dist, publicUrl, selector] = rest.split(/:(.*?):(.*)/s);
  return { name, dist, publicUrl, selector };
});
if (apps.length === 0) {
  console.error('usage: bench-first-load.mjs NAME=DIST:PUBLIC_URL:READY_SELECTOR ...');
  process.exit(2);
}

for (const app of apps) {
  app.bytes = measure(app.dist, app.publicUrl);
  console.log(`\n${app.name}: first load (gzip -9)\n${table(app.bytes)}`);
  app.server = await serve(app.dist, app.publicUrl);
}
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
const results = {};
for (const condition of CONDITIONS) {
  for (const app of apps) results[`${app.name}|${condition.name}`] = { fcp: [], ready: [] };
  for (let i = 0; i < LOADS; i += 1) {
    for (const app of apps) {
      const { fcp, ready } = await load(browser, app.server.url, app.selector, condition);
      results[`${app.name}|${condition.name}`].fcp.push(fcp);
      results[`${app.name}|${condition.name}`].ready.push(ready);
    }
  }
}
await browser.close();
for (const app of apps) await app.server.close();

console.log(`\nStart-up, median of ${LOADS} loads each (fresh context, served gzip):`);
const line = (...cols) => cols.map((c, i) => String(c)[i === 0 ? 'padEnd' : 'padStart'](i === 0 ? 40 : 12)).join('');
console.log(line('', ...apps.map((a) => a.name), ...(apps.length === 2 ? ['ratio'] : [])));
console.log(line('first load, gzip B', ...apps.map((a) => a.bytes.total.gzip), ...(apps.length === 2 ? [(apps[0].bytes.total.gzip / apps[1].bytes.total.gzip).toFixed(2) + 'x'] : [])));
for (const condition of CONDITIONS) {
  for (const metric of ['fcp', 'ready']) {
    const values = apps.map((a) => median(results[`${a.name}|${condition.name}`][metric]));
    const label = `${metric === 'fcp' ? 'first contentful paint' : 'ready'}, ${condition.name}`;
    console.log(line(label, ...values.map((v) => `${Math.round(v)} ms`), ...(apps.length === 2 ? [(values[0] / values[1]).toFixed(2) + 'x'] : [])));
  }
}
