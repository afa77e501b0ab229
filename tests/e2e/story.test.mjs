// One full customer story, from intake to publication, as a team would run it:
// the first customer's consent falls through (an alternate is chosen), legal asks
// for a change (a new draft version goes round again), and the printed summary
// carries the finished story with its approval record.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { daysFrom, today } from './lib/clock.mjs';
import { activityRows, completeStep, startRun, stepPanel, template } from './lib/sop.mjs';

const story = template('customer-story-production');
const total = story.steps.length;
const panelOf = (page, id) => stepPanel(page, story.steps.findIndex((s) => s.id === id), total);

async function fill(panel, label, value) {
  const input = panel.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.blur();
}

async function tickAll(panel, stepId) {
  for (const check of story.steps.find((s) => s.id === stepId).checks) {
    await panel.getByLabel(check.label, { exact: true }).check();
  }
}

async function complete(panel) {
  await panel.getByRole('button', { name: 'Complete step', exact: true }).click();
}

async function goTo(page, number) {
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: new RegExp(`^${number}\\.`) }).click();
}

test('a full story: consent failure, alternate candidate, change request, publication and the printed story', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  await page.getByLabel('Your name (for the activity log)').fill('Casey Content');
  await page.getByLabel('Your name (for the activity log)').blur();
  await page.getByLabel('Content owner', { exact: true }).fill('Olivia Owner');
  await page.getByLabel('Content owner', { exact: true }).blur();
  // The approvers the SOP requires are named once, in Roles.
  const approvers = [['Dana Ruiz', 'Customer contact'], ['Lee Legal', 'Legal reviewer'], ['Bo Brand', 'Brand owner']];
  for (const [name, role] of approvers) {
    await page.getByLabel(role, { exact: true }).fill(name);
    await page.getByLabel(role, { exact: true }).blur();
  }

  // 1. Intake with two candidates: Acme selected, Globex as the alternate.
  let p = panelOf(page, 'intake');
  await fill(p, 'Request (required)', 'Sales needs a logistics story for Q3.');
  await fill(p, 'Campaign objective (required)', 'Show cost savings in logistics.');
  await fill(p, 'Target audience (required)', 'Operations directors');
  await fill(p, 'What makes a good candidate (required)', 'Live for 6 months, measurable savings.');
  await tickAll(p, 'intake');
  for (const [n, name, status] of [[1, 'Acme Freight', 'selected'], [2, 'Globex Shipping', 'alternate']]) {
    await p.getByRole('button', { name: 'Add to Candidates' }).click();
    await fill(p, `Customer, record ${n}`, name);
    await p.getByLabel(`Status, record ${n}`, { exact: true }).selectOption(status);
  }
  await complete(p);

  // 2. Consent for Acme is refused: escalate and go back for the alternate.
  p = panelOf(page, 'consent');
  await p.getByRole('group', { name: 'Candidate asked for consent (required)' }).getByLabel(/Acme Freight/).check();
  await p.getByRole('button', { name: 'Consent missing or customer unavailable' }).click();
  await p.getByLabel('What happened?').fill('Acme legal will not allow a named story.');
  await p.getByRole('button', { name: 'Confirm: Consent missing or customer unavailable' }).click();
  p = panelOf(page, 'intake');
  await p.waitFor();
  assert.equal(await p.getByLabel('Status, record 1', { exact: true }).inputValue(), 'dropped');
  assert.equal(await p.getByLabel('Why dropped, record 1', { exact: true }).inputValue(), 'Acme legal will not allow a named story.');
  await p.getByLabel('Status, record 2', { exact: true }).selectOption('selected');
  await complete(p);
  p = panelOf(page, 'consent');
  const offered = await p.getByRole('group', { name: 'Candidate asked for consent (required)' }).getByRole('radio').count();
  assert.equal(offered, 1, 'only the selected candidate is offered');
  await p.getByRole('group', { name: 'Candidate asked for consent (required)' }).getByLabel(/Globex Shipping/).check();
  await fill(p, 'Written consent received on (required)', daysFrom(-26));
  await fill(p, 'What the consent covers (required)', 'Named story, logo and quotes on the website.');
  await tickAll(p, 'consent');
  await complete(p);

  // 3. Plan the interview.
  await completeStep(page, story, 2);

  // 4. The interview: an approved quote, an off-the-record one, a verified outcome.
  p = panelOf(page, 'interview');
  await tickAll(p, 'interview');
  const quotes = [['We cut fuel costs by a third in six months.', 'Dana Ruiz, COO, Globex', 'Yes'], ['Our old vendor was hopeless.', 'Dana Ruiz', 'No']];
  for (const [i, [text, speaker, approved]] of quotes.entries()) {
    await p.getByRole('button', { name: 'Add to Direct quotes' }).click();
    await fill(p, `Quote, record ${i + 1}`, text);
    await fill(p, `Speaker, record ${i + 1}`, speaker);
    await p.getByRole('radiogroup', { name: `Cleared for use, record ${i + 1}` }).getByLabel(approved, { exact: true }).check();
  }
  const outcomes = story.steps[3].fields.find((f) => f.id === 'measurable-outcomes');
  const col = (id) => outcomes.kind.fields.find((c) => c.id === id).label;
  await p.getByRole('button', { name: `Add to ${outcomes.label}` }).click();
  await fill(p, `${col('metric')}, record 1`, 'Fuel cost per route');
  await fill(p, `${col('before')}, record 1`, '300');
  await fill(p, `${col('after')}, record 1`, '200');
  await fill(p, `${col('unit')}, record 1`, 'USD');
  await fill(p, `${col('source')}, record 1`, 'Globex finance report');
  await p.getByRole('radiogroup', { name: `${col('verified')}, record 1` }).getByLabel('Yes', { exact: true }).check();
  await fill(p, 'How they implemented it (required)', 'Rolled out route planning to 40 depots in two waves.');
  await complete(p);

  // 5. The draft: only the verified outcome and the approved quote are offered;
  // an unsupported claim blocks review until it is resolved.
  p = panelOf(page, 'draft');
  await fill(p, 'Headline (required)', 'Globex cuts fuel costs by a third');
  await fill(p, 'Problem (required)', 'Fuel was the largest cost on every route.');
  await fill(p, 'Solution (required)', 'Globex planned routes with our platform.');
  const results = p.getByRole('group', { name: 'Results cited (required)' });
  assert.equal(await results.getByRole('checkbox').count(), 1);
  await results.getByLabel(/Fuel cost per route/).check();
  const quoteGroup = p.getByRole('group', { name: 'Featured quote (required)' });
  assert.equal(await quoteGroup.getByRole('radio').count(), 1, 'the off-the-record quote is not offered');
  await quoteGroup.getByLabel(/We cut fuel costs by a third/).check();
  await tickAll(p, 'draft');
  await p.getByRole('button', { name: 'Add to Unsupported claims' }).click();
  await fill(p, 'Claim, record 1', 'The fastest rollout in the industry');
  await fill(p, 'Follow-up, record 1', 'Ask Globex for rollout dates');
  await complete(p);
  const blocked = p.getByRole('alert').filter({ hasText: 'cannot be completed' });
  await blocked.getByText('Resolve or remove every unsupported claim before the draft goes to review').waitFor();
  await p.getByRole('radiogroup', { name: 'Resolved, record 1' }).getByLabel('Yes', { exact: true }).check();
  await complete(p);

  // 6. Brand review passes.
  await completeStep(page, story, 5);

  // 7. Approvals: the three required approvers are listed from the start, by
  // role, with no name typed again; legal asks for a change.
  p = panelOf(page, 'approvals');
  await tickAll(p, 'approvals');
  for (const [i, role] of ['customer-contact', 'legal-reviewer', 'brand-owner'].entries()) {
    assert.equal(await p.getByLabel(`Role, record ${i + 1}`, { exact: true }).inputValue(), role);
  }
  /** Records approver `n`'s decision, taken `daysAgo` days before today. */
  const decide = async (n, decision, daysAgo, comment) => {
    await p.getByLabel(`Decision, record ${n}`, { exact: true }).selectOption(decision);
    if (comment) await fill(p, `Comment, record ${n}`, comment);
    await fill(p, `Date, record ${n}`, daysFrom(-daysAgo));
  };
  await decide(1, 'approved', 8);
  await decide(2, 'changes-requested', 8, 'Do not name the fuel supplier.');
  assert.equal(await p.getByLabel('Draft version, record 1', { exact: true }).inputValue(), '1');
  await p.getByRole('button', { name: 'Approver asked for changes' }).click();
  await p.getByLabel('What happened?').fill('Legal: do not name the fuel supplier.');
  await p.getByRole('button', { name: 'Confirm: Approver asked for changes' }).click();

  // Back at the draft: update it and complete version 2, then review again.
  p = panelOf(page, 'draft');
  await p.waitFor();
  await fill(p, 'Solution (required)', 'Globex planned routes with our platform, without changing supplier.');
  await complete(p);
  await completeStep(page, story, 5);
  p = panelOf(page, 'approvals');
  assert.equal(await p.getByLabel('Decision, record 1', { exact: true }).inputValue(), '', 'earlier approvals were cleared');
  // Publication is refused while approvals are missing.
  await goTo(page, 8);
  const pub = panelOf(page, 'publication');
  await complete(pub);
  await pub.getByText('The story can only be published once every required approver has approved the current draft version').waitFor();
  await goTo(page, 7);
  p = panelOf(page, 'approvals');
  await decide(1, 'approved', 6);
  await decide(2, 'approved', 6);
  await decide(3, 'approved', 5);
  assert.equal(await p.getByLabel('Draft version, record 3', { exact: true }).inputValue(), '2');
  await complete(p);

  // 8. Publish.
  const published = panelOf(page, 'publication');
  await fill(published, 'Publication date (required)', today);
  await published.getByRole('button', { name: 'Add to Channels' }).click();
  await fill(published, 'Channel, record 1', 'Company blog');
  await fill(published, 'Link, record 1', 'https://example.com/blog/globex');
  await fill(published, 'Final link (required)', 'https://example.com/stories/globex');
  const shared = published.getByRole('group', { name: 'Shared with (required)' });
  await shared.getByLabel('Sales', { exact: true }).check();
  await shared.getByLabel('Customer success', { exact: true }).check();
  await fill(published, 'Usage restrictions', 'Website and sales decks only; review in 12 months.');
  await tickAll(published, 'publication');
  await complete(published);
  await page.locator('.run-header').getByText('Complete', { exact: true }).waitFor();

  const log = (await activityRows(page)).join('\n');
  assert.match(log, /Candidates, record 1 · Status\s+Selected\s+Dropped/);
  assert.match(log, /Escalated to Content owner \(Olivia Owner\)/);
  assert.match(log, /Version 2 saved/);
  assert.match(log, /Cleared Decision, Comment, Date, Draft version, Decided by on every record/);

  // The printed summary: the story, its quote with attribution, every decision.
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('region', { name: 'The story' }).waitFor();
  const text = (await app.pdfText('story-summary')).replace(/\s+/g, ' ');
  await app.screenshot('story-summary');
  assert.ok(text.includes('Globex cuts fuel costs by a third'), 'headline');
  assert.ok(text.includes('“We cut fuel costs by a third in six months.”'), 'quote');
  assert.ok(text.includes('— Dana Ruiz, COO, Globex'), 'attribution');
  assert.ok(text.includes('Version 2 of 2'), 'current version');
  assert.ok(text.includes('without changing supplier'), 'version 2 text');
  const storyPart = await page.getByRole('region', { name: 'The story' }).innerText();
  assert.ok(!storyPart.includes('Our old vendor was hopeless'), 'the unapproved quote is not in the story');
  assert.match(storyPart, /Approval record/);
  for (const [name] of approvers) assert.ok(text.includes(name), `approver ${name}`);
  assert.equal((text.match(/Approved/g) ?? []).length >= 3, true, 'three approvals are printed');
  assert.ok(text.includes('Legal: do not name the fuel supplier.'), 'the change request is on record');
  assert.ok(text.includes('Acme legal will not allow a named story.'), 'the dropped candidate keeps its reason');
  assert.ok(!text.includes('Activity log'), 'the activity log is printed only when asked for');

  // Print the story: the story as approved, for outside readers, in a few pages.
  await page.getByRole('link', { name: 'Print the story' }).click();
  await page.getByRole('region', { name: 'The story' }).waitFor();
  const storyPrint = (await app.pdfText('story-print')).replace(/\s+/g, ' ');
  await app.screenshot('story-print');
  assert.ok(storyPrint.includes('Globex cuts fuel costs by a third'), 'headline');
  assert.ok(storyPrint.includes('“We cut fuel costs by a third in six months.”'), 'featured cleared quote');
  assert.ok(storyPrint.includes('Fuel cost per route: 300 → 200 USD (source: Globex finance report)'), 'the result with its figures');
  assert.ok(!storyPrint.includes('Our old vendor was hopeless'), 'no uncleared quote');
  assert.ok(!storyPrint.includes('Activity log'), 'no activity log');
  assert.ok(!storyPrint.includes('Rolled out route planning'), 'no interview notes');
  for (const [name] of approvers) assert.ok(storyPrint.includes(name), `approval by ${name}`);
  const pages = Number(storyPrint.match(/Page 1 of (\d+)/)?.[1]);
  assert.ok(pages >= 1 && pages <= 3, `the story prints in a few pages (${pages})`);
});
