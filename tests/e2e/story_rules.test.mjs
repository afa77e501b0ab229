// The Customer Story's record holds as a person uses it: steps the record
// depends on cannot be skipped, publication waits for every earlier step, and
// an approval given on version 1 never counts for version 2 by accident.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { daysFrom } from './lib/clock.mjs';
import { completeStep, startRun, stepPanel, template } from './lib/sop.mjs';

const story = template('customer-story-production');
const total = story.steps.length;
const index = (id) => story.steps.findIndex((s) => s.id === id);
const panelOf = (page, id) => stepPanel(page, index(id), total);

async function goTo(page, id) {
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: new RegExp(`^${index(id) + 1}\\.`) }).click();
  await panelOf(page, id).waitFor();
}

async function missingAfterComplete(panel) {
  await panel.getByRole('button', { name: 'Complete step', exact: true }).click();
  const alert = panel.getByRole('alert').filter({ hasText: 'cannot be completed' });
  await alert.waitFor();
  return alert.getByRole('listitem').allInnerTexts();
}

test('consent, review, approvals and publication offer no "not applicable"; other steps do', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  for (const step of story.steps) {
    await goTo(page, step.id);
    const offered = await panelOf(page, step.id).getByRole('button', { name: 'Mark not applicable' }).count();
    const skippable = !['consent', 'brand-review', 'approvals', 'publication'].includes(step.id);
    assert.equal(offered, skippable ? 1 : 0, `${step.title}: "Mark not applicable" ${skippable ? 'offered' : 'not offered'}`);
  }
});

test('publication waits for steps 1 to 7 and names each of them', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  await goTo(page, 'publication');
  const items = await missingAfterComplete(panelOf(page, 'publication'));
  for (const [i, step] of story.steps.slice(0, 7).entries()) {
    assert.ok(items.includes(`Complete step ${i + 1} · ${step.title} first`), `waits for step ${i + 1}: ${items.join(' | ')}`);
  }
  await panelOf(page, 'publication').getByText('Not started', { exact: true }).first().waitFor();
});

test("editing the date on legal's version-1 approval after version 2 exists leaves approvals incomplete", async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  for (const [role, name] of [['Customer contact', 'Dana Ruiz'], ['Legal reviewer', 'Lee Legal'], ['Brand owner', 'Bo Brand']]) {
    await page.getByLabel(role, { exact: true }).fill(name);
    await page.getByLabel(role, { exact: true }).blur();
  }
  for (let i = 0; i < index('approvals'); i += 1) await completeStep(page, story, i);

  // Version 1 is approved by all three.
  let p = panelOf(page, 'approvals');
  for (const check of story.steps[index('approvals')].checks) await p.getByLabel(check.label, { exact: true }).check();
  for (const n of [1, 2, 3]) {
    await p.getByLabel(`Decision, record ${n}`, { exact: true }).selectOption('approved');
    await p.getByLabel(`Date, record ${n}`, { exact: true }).fill(daysFrom(-8));
    await p.getByLabel(`Date, record ${n}`, { exact: true }).blur();
    assert.equal(await p.getByLabel(`Draft version, record ${n}`, { exact: true }).inputValue(), '1');
  }

  // The draft is reopened and completed again: version 2, which brand review reviews again.
  await goTo(page, 'draft');
  await panelOf(page, 'draft').getByRole('button', { name: 'Reopen step' }).click();
  await panelOf(page, 'draft').getByRole('button', { name: 'Complete step', exact: true }).click();
  await panelOf(page, 'brand-review').waitFor();
  await panelOf(page, 'brand-review').getByRole('button', { name: 'Complete step', exact: true }).click();

  // Two approvers decide on version 2; legal's row only gets a new date.
  p = panelOf(page, 'approvals');
  await p.waitFor();
  // Decisions on version 1 show as such, and take a decision on version 2.
  for (const n of [1, 2, 3]) {
    assert.equal(await p.getByLabel(`Decision, record ${n}`, { exact: true }).inputValue(), '');
  }
  await p.getByText('Approved on version 1; decide on the current version').first().waitFor();
  for (const n of [1, 3]) {
    await p.getByLabel(`Decision, record ${n}`, { exact: true }).selectOption('approved');
    assert.equal(await p.getByLabel(`Draft version, record ${n}`, { exact: true }).inputValue(), '2');
  }
  await p.getByLabel('Date, record 2', { exact: true }).fill(daysFrom(-5));
  await p.getByLabel('Date, record 2', { exact: true }).blur();
  assert.equal(await p.getByLabel('Draft version, record 2', { exact: true }).inputValue(), '1', 'still a decision on version 1');
  const items = await missingAfterComplete(p);
  assert.ok(
    items.some((i) => i.includes('Legal reviewer (Lee Legal) decided on version 1; version 2 needs their decision')),
    items.join(' | '),
  );
  await p.getByText('In progress', { exact: true }).first().waitFor();
});
