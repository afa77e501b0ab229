// Regenerates the README's pictures from a real build (not a test):
//   trunk build --release --public-url /runsheet/ --dist target/e2e-dist
//   cd tests/e2e && node readme-screenshots.mjs
// Writes docs/screenshots/run.png, summary.png and summary-page.png (a printed page).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from './lib/app.mjs';
import { startServer } from './lib/server.mjs';
import { completeStep, startRun, stepPanel, template } from './lib/sop.mjs';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const run = promisify(execFile);
const story = template('customer-story-production');

const server = await startServer();
const profile = await mkdtemp(join(tmpdir(), 'runsheet-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? (await context.newPage());
try {
  await page.goto(server.url(''));
  await startRun(page, story.title);
  await page.getByLabel('Your name (for the activity log)').fill('Casey Content');
  await page.getByLabel('Your name (for the activity log)').blur();
  for (const [role, person] of [['Content owner', 'Olivia Owner'], ['Customer advocacy manager', 'Ari Advocate'], ['Content writer', 'Casey Content']]) {
    await page.getByLabel(role, { exact: true }).fill(person);
    await page.getByLabel(role, { exact: true }).blur();
  }
  await completeStep(page, story, 0);
  await completeStep(page, story, 1);
  const plan = stepPanel(page, 2, story.steps.length);
  await plan.getByLabel(story.steps[2].checks[0].label, { exact: true }).check();
  await plan.getByRole('button', { name: 'Complete step' }).click();
  await plan.getByRole('alert').waitFor();
  // The picture shows the run saved, not a save under way.
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  await page.screenshot({ path: join(out, 'run.png'), clip: { x: 0, y: 0, width: 1280, height: 1400 }, fullPage: true });
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.screenshot({ path: join(out, 'summary.png') });
  await page.pdf({ path: join(out, 'summary.pdf'), format: 'A4', printBackground: true });
  await run('pdftoppm', ['-png', '-r', '70', '-f', '2', '-l', '2', '-singlefile', join(out, 'summary.pdf'), join(out, 'summary-page')]);
  await rm(join(out, 'summary.pdf'));
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}
