import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/app.mjs';
import { startServer } from '../lib/server.mjs';
const profile = JSON.parse(await readFile(process.env.RUNSHEET_PROFILE_PROGRAM, 'utf8'));
const runId = Object.keys(profile).find((k) => /^runsheet:run:[^:]+$/.test(k)).slice('runsheet:run:'.length);
const dir = await mkdtemp(join(tmpdir(), 'prof-'));
const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const page = context.pages()[0];
const server = await startServer();
await page.goto(server.url(''));
await page.waitForSelector('h1');
await page.evaluate((e) => { localStorage.clear(); for (const [k, v] of Object.entries(e)) localStorage.setItem(k, v); }, profile);
await page.goto(server.url(`runs/${runId}/steps/tracking`));
await page.waitForSelector('main table.list-table tbody tr');
await page.waitForTimeout(1500);
const input = page.locator('main table.list-table tbody tr').first().locator('input[type="text"]:not([disabled])').first();
await input.focus();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
for (let i = 0; i < 60; i += 1) { await page.keyboard.type('abcdefghij'[i % 10]); await page.waitForTimeout(30); }
const { profile: p } = await cdp.send('Profiler.stop');
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; let total = 0;
for (let i = 0; i < p.samples.length; i += 1) {
  const n = byId.get(p.samples[i]); const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
  self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0)); total += dt[i] ?? 0;
}
// inclusive: walk parents
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < p.samples.length; i += 1) {
  const seen = new Set(); let id = p.samples[i];
  while (id !== undefined) { const n = byId.get(id); const name = n.callFrame.functionName || '(anon)'; if (!seen.has(name)) { seen.add(name); incl.set(name, (incl.get(name) ?? 0) + (dt[i] ?? 0)); } id = parent.get(id); }
}
console.log('total ms', (total / 1000).toFixed(1));
console.log('--- self');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 1000).toFixed(1), k);
console.log('--- inclusive');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((v / 1000).toFixed(1), k);
await context.close(); await server.close();
