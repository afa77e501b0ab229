// Regenerates the README's pictures from a real build (not a test):
//   trunk build --release --public-url /runsheet/ --dist target/e2e-dist
//   cd tests/e2e && node readme-screenshots.mjs
// Writes docs/screenshots/run.png, summary.png and summary-page.png (a printed page),
// approvals-1280.png (the story's approvers at 1280 px, named from the Roles form)
// and print-outcomes.png (the printed page with the measurable outcomes).
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
  const people = [
    ['Content owner', 'Olivia Owner'], ['Customer advocacy manager', 'Ari Advocate'], ['Content writer', 'Casey Content'],
    ['Customer contact', 'Mira Sandoval'], ['Legal reviewer', 'Ines Okafor-Lindqvist'], ['Brand owner', 'Bartholomew Featherstonehaugh'],
  ];
  for (const [role, person] of people) {
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
  // The interview's outcomes, with decimal figures and their unit.
  const steps = page.getByRole('navigation', { name: 'Steps' });
  await steps.getByRole('link', { name: /^4\./ }).click();
  const interview = stepPanel(page, 3, story.steps.length);
  const outcomes = [
    ['Time to onboard a new clinic', '31.25', '12.5', 'minutes', 'Onboarding logs, Q3', true],
    ['Share of claims paid automatically', '38.5', '71.25', 'percent', 'Claims platform export', true],
    ['Support tickets per month', '420', '96', 'tickets', 'Helpdesk report', false],
  ];
  for (const [n, [metric, before, after, unit, source, verified]] of outcomes.entries()) {
    await interview.getByRole('button', { name: 'Add to Measurable outcomes', exact: true }).click();
    const cell = (column) => interview.getByLabel(`${column}, record ${n + 1}`, { exact: true });
    for (const [column, value] of [['Metric', metric], ['Before', before], ['After', after], ['Unit', unit], ['Where the number comes from', source]]) {
      await cell(column).fill(value);
      await cell(column).blur();
    }
    await interview.getByRole('radiogroup', { name: `Verified, record ${n + 1}`, exact: true }).getByLabel(verified ? 'Yes' : 'No', { exact: true }).check();
  }
  // The approvers the story starts with, named from the Roles form; one comment.
  await steps.getByRole('link', { name: /^7\./ }).click();
  const approvals = stepPanel(page, 6, story.steps.length);
  await approvals.getByLabel('Comment, record 2', { exact: true }).fill('Check the claims figure against the signed case study');
  await approvals.getByLabel('Comment, record 2', { exact: true }).blur();
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  await approvals.locator('fieldset.list-field').first().screenshot({ path: join(out, 'approvals-1280.png') });

  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.screenshot({ path: join(out, 'summary.png') });
  await page.pdf({ path: join(out, 'summary.pdf'), format: 'A4', printBackground: true });
  await run('pdftoppm', ['-png', '-r', '70', '-f', '2', '-l', '2', '-singlefile', join(out, 'summary.pdf'), join(out, 'summary-page')]);
  // The printed page that holds the outcomes table.
  const { stdout } = await run('pdftotext', ['-layout', join(out, 'summary.pdf'), '-']);
  const page_ = stdout.split('\f').findIndex((text) => text.includes('Measurable outcomes')) + 1;
  await run('pdftoppm', ['-png', '-r', '80', '-f', String(page_), '-l', String(page_), '-singlefile', join(out, 'summary.pdf'), join(out, 'print-outcomes')]);
  await rm(join(out, 'summary.pdf'));
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}
