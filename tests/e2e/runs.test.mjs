// Running both SOPs in the browser: every required field by its label, reload in
// the middle, the missing-items message, the consent branch, and run housekeeping.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { daysFrom } from './lib/clock.mjs';
import { activityRows, completeStep, fieldLabel, startRun, stepPanel, template } from './lib/sop.mjs';
import { THROUGH_EVERY_STEP } from './lib/program.mjs';
import { saved } from './lib/stored.mjs';

const story = template('customer-story-production');
const reference = template('customer-reference-program');

for (const sop of [story, reference]) {
  test(`${sop.title}: run from start to finish filling every required field`, async (t) => {
    const app = await openApp(t, '');
    const { page } = app;
    await startRun(page, sop.title);
    await page.getByLabel('Your name (for the activity log)').fill('Ada Tester');
    await page.getByLabel('Your name (for the activity log)').blur();
    for (let i = 0; i < sop.steps.length; i += 1) {
      await completeStep(page, sop, i, THROUGH_EVERY_STEP);
      const nav = page.getByRole('navigation', { name: 'Steps' });
      await nav.getByRole('listitem').nth(i).getByText('Done', { exact: true }).waitFor();
    }
    const header = page.locator('.run-header');
    await header.getByText('Complete', { exact: true }).waitFor();
    assert.match(await header.innerText(), new RegExp(`${sop.steps.length} of ${sop.steps.length} steps`));
    await saved(page);
    const rows = await activityRows(page);
    assert.ok(rows.some((r) => r.includes('Ada Tester') && r.includes(`Step ${sop.steps.length} · ${sop.steps.at(-1).title} · status`)), rows.slice(0, 5).join('\n'));

    // The Runs page shows it complete, too.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    const item = page.getByRole('list', { name: 'Runs' }).getByRole('listitem').first();
    await item.getByText('Complete', { exact: true }).waitFor();
    assert.match(await item.innerText(), new RegExp(`${sop.steps.length} of ${sop.steps.length} steps`));
    await app.screenshot(`run-complete-${sop.id}`);
  });
}

test('a reload in the middle of a run restores everything on screen', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  await page.getByLabel('Content owner', { exact: true }).fill('Dee Owner');
  await page.getByLabel('Content owner', { exact: true }).blur();
  const typed = await completeStep(page, story, 0);
  const panel = stepPanel(page, 1, story.steps.length);
  await panel.waitFor();
  const consent = story.steps[1];
  const check = consent.checks[0];
  await panel.getByLabel(check.label, { exact: true }).check();
  await panel.getByLabel('Notes', { exact: true }).fill('Waiting for the signed form.');
  await saved(page);
  const url = page.url();
  assert.match(url, /\/runsheet\/runs\/[a-z0-9]+\/steps\/consent$/);

  await app.reload();
  const again = stepPanel(page, 1, story.steps.length);
  await again.waitFor();
  assert.equal(page.url(), url, 'the deep link to the step survives the reload');
  assert.equal(await again.getByLabel(check.label, { exact: true }).isChecked(), true);
  assert.equal(await again.getByLabel('Notes', { exact: true }).inputValue(), 'Waiting for the signed form.');
  assert.equal(await page.getByLabel('Content owner', { exact: true }).inputValue(), 'Dee Owner');
  // Step 1's values are still there.
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^1\./ }).click();
  const first = stepPanel(page, 0, story.steps.length);
  const requestField = story.steps[0].fields.find((f) => f.required && f.kind.type !== 'list');
  assert.equal(await first.getByLabel(fieldLabel(requestField), { exact: true }).inputValue(), typed[requestField.id]);
  await first.getByText('Done', { exact: true }).first().waitFor();
});

test('completing a step with a missing field lists exactly what is missing', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  const plan = story.steps[2];
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^3\./ }).click();
  const panel = stepPanel(page, 2, story.steps.length);
  await panel.waitFor();
  // Fill everything but one required field.
  const skipped = plan.fields.find((f) => f.required && f.kind.type === 'single_choice');
  for (const c of plan.checks) await panel.getByLabel(c.label, { exact: true }).check();
  for (const f of plan.fields.filter((f) => f.required && f !== skipped)) {
    if (f.kind.type === 'list') {
      await panel.getByRole('button', { name: `Add to ${f.label}` }).click();
      for (const col of f.kind.fields.filter((c) => c.required)) {
        const name = `${col.label}, record 1`;
        if (col.kind.type === 'single_choice') await panel.getByLabel(name, { exact: true }).selectOption(col.kind.options[0].id);
        else await panel.getByLabel(name, { exact: true }).fill('Sam Guest');
      }
    } else if (f.kind.type === 'single_choice') {
      await panel.getByLabel(fieldLabel(f), { exact: true }).selectOption(f.kind.options[0].id);
    } else {
      const input = panel.getByLabel(fieldLabel(f), { exact: true });
      await input.fill(f.kind.type === 'date_time' ? `${daysFrom(2)}T09:00` : f.kind.type === 'number' ? '30' : 'x');
      await input.blur();
    }
  }
  await panel.getByRole('button', { name: 'Complete step' }).click();
  const alert = panel.getByRole('alert').filter({ hasText: 'cannot be completed' });
  await alert.waitFor();
  const items = await alert.getByRole('listitem').allInnerTexts();
  // The steps this one waits for are named first.
  assert.deepEqual(items, [`Complete step 2 · ${story.steps[1].title} first`, `Fill in “${skipped.label}”`]);
  await app.screenshot('missing-field-message');
  // Nothing changed status-wise.
  await panel.getByText('In progress', { exact: true }).first().waitFor();
});

test('the consent branch escalates and loops back to pick an alternate candidate', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  await page.getByLabel('Content owner', { exact: true }).fill('Dee Owner');
  await page.getByLabel('Content owner', { exact: true }).blur();
  await completeStep(page, story, 0);
  const consent = story.steps[1];
  const outcome = consent.outcomes.find((o) => o.go_to === story.steps[0].id);
  const panel = stepPanel(page, 1, story.steps.length);
  await panel.getByRole('button', { name: outcome.label, exact: true }).click();
  await panel.getByLabel('What happened?').fill('Acme legal said no; switching to Beta Corp.');
  await panel.getByRole('button', { name: `Confirm: ${outcome.label}` }).click();

  // Back at step 1, reopened, with the history recorded.
  const first = stepPanel(page, 0, story.steps.length);
  await first.waitFor();
  assert.match(page.url(), /\/steps\/intake$/);
  await first.getByText('In progress', { exact: true }).first().waitFor();
  const rows = await activityRows(page);
  const text = rows.join('\n');
  assert.match(text, new RegExp(`outcome: ${outcome.label}.*Acme legal said no`));
  assert.match(text, /Escalated to Content owner \(Dee Owner\)/);
  assert.match(text, /Back to Step 1/);
  assert.match(text, /Step 1 · .* · status\s+Done\s+In progress/);
  // Pick the alternate and go on: step 1 completes again.
  await first.getByRole('button', { name: 'Complete step' }).click();
  await stepPanel(page, 1, story.steps.length).waitFor();
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^2\./ }).click();
  await stepPanel(page, 1, story.steps.length).getByRole('heading', { name: 'Branches taken' }).waitFor();
  await app.screenshot('consent-branch');
});

test('runs can be renamed, duplicated and deleted with undo', async (t) => {
  const app = await openApp(t, 'runs');
  const { page } = app;
  await page.getByText('No runs yet.').waitFor();
  await app.goto('');
  await startRun(page, reference.title);
  await saved(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  const list = page.getByRole('list', { name: 'Runs' });
  const row = (title) => list.getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });

  await list.getByRole('listitem').first().getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New title').fill('Q3 reference program');
  await page.getByRole('button', { name: 'Save title' }).click();
  await row('Q3 reference program').waitFor();

  await row('Q3 reference program').getByRole('button', { name: 'Duplicate' }).click();
  await row('Q3 reference program (copy)').waitFor();
  assert.equal(await list.getByRole('listitem').count(), 2);

  // Filters: status and text.
  await page.getByLabel('Search titles').fill('copy');
  assert.equal(await list.getByRole('listitem').count(), 1);
  await page.getByLabel('Search titles').fill('');
  await page.getByLabel('Status').selectOption('complete');
  await page.getByText('No run matches these filters.').waitFor();
  await page.getByLabel('Status').selectOption('');

  await row('Q3 reference program (copy)').getByRole('button', { name: 'Delete' }).click();
  await row('Q3 reference program (copy)').getByRole('button', { name: 'Yes, delete' }).click();
  assert.equal(await list.getByRole('listitem').count(), 1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await row('Q3 reference program (copy)').waitFor();

  await row('Q3 reference program (copy)').getByRole('button', { name: 'Delete' }).click();
  await row('Q3 reference program (copy)').getByRole('button', { name: 'Yes, delete' }).click();
  await app.reload();
  await list.getByRole('listitem').first().waitFor();
  const titles = await list.getByRole('link').allInnerTexts();
  assert.deepEqual(titles, ['Q3 reference program'], 'the rename and the delete were stored');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('runsheet:run:')).length);
  assert.equal(stored, 1);
});

test('a run past its target date and a step past its due date are flagged overdue', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  const steps = page.getByRole('navigation', { name: 'Steps' });
  assert.equal(await page.getByText('Overdue', { exact: true }).count(), 0, 'a fresh run is not overdue');
  const panel = stepPanel(page, 0, story.steps.length);
  await panel.getByLabel('Due date', { exact: true }).fill(daysFrom(-30));
  await panel.getByLabel('Due date', { exact: true }).blur();
  await steps.getByRole('listitem').first().getByText('Overdue', { exact: true }).waitFor();
  await page.locator('.run-header').getByText('Overdue', { exact: true }).waitFor();
  await page.getByLabel('Target date').fill(daysFrom(-15));
  await page.getByLabel('Target date').blur();
  await saved(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  const item = page.getByRole('list', { name: 'Runs' }).getByRole('listitem').first();
  await item.getByText('Overdue', { exact: true }).waitFor();
});
