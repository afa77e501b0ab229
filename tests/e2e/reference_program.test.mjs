// The reference program at real rigor: five customers taken through all 12
// steps with each company and contact typed exactly once (every later record
// picks it), the request list's state and age, a rename that keeps a
// customer's usage and consent, an expired consent excluding with its reason,
// and a long list shown a page at a time.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { daysFrom as day, today } from './lib/clock.mjs';
import { addCustomers, addRecord, customer, fill, goTo, matchPage, program } from './lib/program.mjs';
import { startRun } from './lib/sop.mjs';
import { saved } from './lib/stored.mjs';


/** Five customers: [company, contact]. */
const FIVE = [
  ['Fintrust', 'Ada Park'],
  ['Globex', 'Gus Lee'],
  ['Initech', 'Mia Chen'],
  ['Umbrella', 'Rob Stone'],
  ['Hooli', 'Eve Tan'],
];

/** Program settings: at most `limit` live sales calls per customer in 90 days. */
async function settings(page, limit) {
  const p = await goTo(page, 'criteria');
  for (const label of ['Product fit', 'Relationship health', 'Willingness to speak in public', 'Industry relevance']) {
    await fill(p, `${label} (required)`, `${label}: as agreed with the program sponsor`);
  }
  await p.getByRole('group', { name: 'Eligible reference types (required)' }).getByLabel('Live sales call', { exact: true }).check();
  await fill(p, 'Most activities of one type per customer (required)', String(limit));
  await fill(p, 'Rolling window (required)', '90');
  await fill(p, 'Keep records for (required)', '24');
  return p;
}

/** Ticks every check of step `id` and completes it; waits until the step list says Done. */
async function complete(page, id) {
  const p = await goTo(page, id);
  const step = program.steps.find((s) => s.id === id);
  for (const check of step.checks ?? []) await p.getByLabel(check.label, { exact: true }).check();
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  const n = program.steps.indexOf(step);
  const item = page.getByRole('navigation', { name: 'Steps' }).getByRole('listitem').nth(n);
  await item.getByText('Done', { exact: true }).waitFor({ timeout: 5000 }).catch(async () => {
    const alerts = await p.getByRole('alert').allInnerTexts();
    throw new Error(`step ${id} did not complete: ${alerts.join(' | ')}`);
  });
}

/** Verified consent for sales calls, with `expires` as its last day when given. */
async function consent(p, [company, contact], expires) {
  const cells = { Customer: customer(company, contact), Use: '=sales-call', Status: '=verified', Date: today };
  if (expires) cells['Expires on'] = expires;
  await addRecord(p, 'Consent per use', cells);
}

/** An active, available profile approved for live sales calls. */
async function profile(p, [company, contact]) {
  await addRecord(p, 'References', {
    Customer: customer(company, contact),
    Email: `${contact.split(' ')[0].toLowerCase()}@example.com`,
    'Job title': 'VP Operations',
    Industry: 'Financial services',
    'Product used': 'Payments',
    'Approved reference types': ['Live sales call'],
    Region: 'EMEA',
    'Time zone': 'Europe/Berlin',
    Availability: '=available',
    Status: '=active',
  });
}

/** The request of these tests, received three days ago. */
async function request(page) {
  const p = await goTo(page, 'matching');
  await addRecord(p, 'Requests', {
    'Received on': day(-3),
    'Requested by': 'Sam Sales',
    'Reference type': '=live-sales-call',
    Audience: 'CFO of a bank',
    Industry: 'Financial services',
    'Use case': 'Faster payouts',
    Geography: 'EMEA',
    Product: 'Payments',
    'Needed by': day(10),
    Status: '=open',
  });
  return p;
}


test('five references go through all 12 steps with each company and contact typed once', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const runUrl = page.url().replace(/\/steps\/.*$/, '');
  await settings(page, 2);
  await complete(page, 'criteria');

  // Step 2: the only place a company or contact is typed.
  await addCustomers(page, FIVE);
  await complete(page, 'candidates');

  let p = await goTo(page, 'consent');
  for (const c of FIVE) await consent(p, c);
  await complete(page, 'consent');

  p = await goTo(page, 'outreach');
  for (const [company, contact] of FIVE) {
    await addRecord(p, 'Invitations', {
      Customer: customer(company, contact),
      'Contacted on': today,
      'Time commitment explained': 'One call a quarter, about an hour',
      'Reference types offered': ['Live sales call'],
      'Benefits explained': 'Early access to the roadmap',
      Response: '=accepted',
    });
  }
  await complete(page, 'outreach');

  p = await goTo(page, 'profile');
  for (const c of FIVE) await profile(p, c);
  await complete(page, 'profile');

  p = await goTo(page, 'briefing');
  for (const [company, contact] of FIVE) await addRecord(p, 'Briefings', { Customer: customer(company, contact), 'Briefed on': today });
  await complete(page, 'briefing');

  // Step 7: the request, matched and sent from the match page.
  await request(page);
  await saved(page);
  await matchPage(page);
  const requests = page.getByRole('table', { name: 'Requests' });
  const line = requests.locator('tbody tr').first();
  assert.deepEqual((await line.locator('td').allInnerTexts()).slice(1, 4), ['Open', '3 days', day(10)]);
  await line.getByRole('button', { name: /^Match: Sam Sales/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'ranked-heading');
  const ranked = page.getByRole('list', { name: 'Ranked references' });
  const names = await ranked.getByRole('heading', { level: 3 }).allInnerTexts();
  assert.equal(names.length, 5, names.join(' | '));
  const best = names[0].match(/^(.*) — score (-?\d+)$/);
  await page.getByRole('button', { name: `Send request to ${best[1]}` }).click();
  await page.getByText(`Request sent to ${best[1]}: an interaction awaiting confirmation is recorded.`).waitFor();
  assert.equal((await line.locator('td').allInnerTexts())[1], 'Sent, awaiting the customer');

  // The request keeps who it went to, the score and the reasons; the interaction names the request.
  await page.goto(`${runUrl}/steps/matching`);
  p = await goTo(page, 'matching');
  const selected = (label) => p.getByLabel(label, { exact: true }).evaluate((s) => s.selectedOptions[0]?.textContent ?? '');
  const [bestContact, bestCompany] = best[1].match(/^(.*) \((.*)\)$/).slice(1);
  assert.equal(await selected('Chosen reference, record 1'), `${bestCompany} — ${bestContact}`);
  assert.equal(await p.getByLabel('Match score, record 1', { exact: true }).inputValue(), best[2]);
  assert.match(await p.getByLabel('Why this reference, record 1', { exact: true }).inputValue(), /Same industry: Financial services/);
  await complete(page, 'matching');

  p = await goTo(page, 'tracking');
  const pick = (label) => p.getByLabel(label, { exact: true }).evaluate((s) => s.selectedOptions[0]?.textContent ?? '');
  assert.equal(await pick('Customer, record 1'), `${bestCompany} — ${bestContact}`);
  assert.equal(await pick('Request, record 1'), 'CFO of a bank — Sam Sales');
  await p.getByLabel('Response, record 1', { exact: true }).selectOption('completed');
  await fill(p, 'Completed on, record 1', today);
  await complete(page, 'tracking');
  await matchPage(page);
  assert.equal((await line.locator('td').allInnerTexts())[1], 'Completed', 'completing the interaction completes the request');

  await page.goto(`${runUrl}/steps/usage-review`);
  p = await goTo(page, 'usage-review');
  await addRecord(p, 'Usage reviews', { Customer: customer(bestCompany, bestContact), 'Reference type': '=live-sales-call', Audience: 'CFO of a bank' });
  assert.equal(await p.getByLabel('Uses of this type in the window, record 1', { exact: true }).inputValue(), '1');
  await p.getByLabel('Decision, record 1', { exact: true }).selectOption('within-tolerance');
  await complete(page, 'usage-review');

  p = await goTo(page, 'approval');
  await addRecord(p, 'Approvals', { Customer: customer(bestCompany, bestContact), 'Reference type': '=live-sales-call', 'Decided on': today, Decision: '=approved' });
  await complete(page, 'approval');

  p = await goTo(page, 'escalation');
  await complete(page, 'escalation');

  p = await goTo(page, 'closure');
  await p.getByLabel('Final status (required)', { exact: true }).selectOption('completed');
  await fill(p, 'Closed on (required)', today);
  await p.getByRole('group', { name: 'Archived (required)' }).getByLabel('Yes', { exact: true }).check();
  await fill(p, 'Retention rule applied (required)', 'Records policy 4.2');
  await complete(page, 'closure');
  await page.locator('.run-header').getByText('Complete', { exact: true }).waitFor();
  await saved(page);

  // Each company and contact is held once in the record: in step 2's candidates.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).first().click()]);
  const record = JSON.parse(await readFile(await download.path(), 'utf8'));
  const run = record.run ?? record.runs?.[0] ?? record;
  const steps = run.steps;
  assert.equal(steps.length, 12);
  const typedOnce = FIVE.flat();
  for (const step of steps) {
    const held = JSON.stringify(step.values ?? {});
    for (const name of typedOnce) {
      const times = held.split(name).length - 1;
      assert.equal(times, step.step_id === 'candidates' ? 1 : 0, `${name} in step ${step.step_id}: ${times} times`);
    }
  }
});

test('renaming a company keeps its usage and its consent; an expired consent excludes with its reason', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const runUrl = page.url().replace(/\/steps\/.*$/, '');
  await settings(page, 1);
  const [fintrust, globex] = FIVE;
  await addCustomers(page, [fintrust, globex]);
  let p = await goTo(page, 'consent');
  await consent(p, fintrust);
  await consent(p, globex, day(-1));
  p = await goTo(page, 'profile');
  await profile(p, fintrust);
  await profile(p, globex);
  p = await goTo(page, 'tracking');
  await addRecord(p, 'Interactions', { Customer: customer(...fintrust), 'Reference type': '=live-sales-call', 'Requested on': today, Response: '=completed', 'Completed on': today });
  await request(page);
  await saved(page);

  const excludedFor = async (name) => {
    await matchPage(page);
    await page.getByRole('table', { name: 'Requests' }).getByRole('button', { name: /^Match: Sam Sales/ }).click();
    const item = page.getByRole('list', { name: 'Excluded references' }).getByRole('listitem').filter({ hasText: name }).first();
    await item.waitFor();
    return item.innerText();
  };
  assert.match(await excludedFor('Gus Lee (Globex)'), new RegExp(`Consent for sales call expired on ${day(-1)}`));
  assert.match(await excludedFor('Ada Park (Fintrust)'), /Over tolerance: 1 of 1 live sales call activities in the last 90 days/);

  // The company renames itself: typed once more, in step 2 only.
  await page.goto(`${runUrl}/steps/candidates`);
  p = await goTo(page, 'candidates');
  await fill(p, 'Company, record 1', 'Fintrust Group');
  await saved(page);
  const after = await excludedFor('Ada Park (Fintrust Group)');
  assert.match(after, /Over tolerance: 1 of 1/, 'its usage follows it');
  assert.doesNotMatch(after, /consent/i, 'and so does its consent');
  assert.equal(await page.getByText('Ada Park (Fintrust)', { exact: true }).count(), 0, 'the old name shows nowhere');

  // Everywhere it was picked, it reads the new way at once.
  await page.goto(`${runUrl}/steps/tracking`);
  p = await goTo(page, 'tracking');
  assert.equal(await p.getByLabel('Customer, record 1', { exact: true }).evaluate((s) => s.selectedOptions[0]?.textContent), 'Fintrust Group — Ada Park');
});

test('a long list shows a page at a time, and a new record opens on its page with focus in it', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const p = await goTo(page, 'candidates');
  const add = p.getByRole('button', { name: 'Add to Candidates', exact: true });
  for (let i = 0; i < 26; i += 1) await add.click();
  const pages = p.getByRole('navigation', { name: 'Pages of Candidates' });
  await pages.getByText('Records 26–26 of 26').waitFor();
  // The new record is on the second page, and the work goes on in its first input.
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Company, record 26');
  assert.equal(await p.locator('table.list-table tbody tr').count(), 1);
  await pages.getByRole('button', { name: 'Previous records' }).click();
  await pages.getByText('Records 1–25 of 26').waitFor();
  assert.equal(await p.locator('table.list-table tbody tr').count(), 25);
  assert.equal(await pages.getByRole('button', { name: 'Previous records' }).isDisabled(), true);
  await fill(p, 'Company, record 3', 'Initech');
  await pages.getByRole('button', { name: 'Next records' }).click();
  await pages.getByText('Records 26–26 of 26').waitFor();
  await saved(page);
  await app.reload();
  const again = await goTo(page, 'candidates');
  assert.equal(await again.getByLabel('Company, record 3', { exact: true }).inputValue(), 'Initech');
});

test('the next period starts from the archived run, carrying customers, consents, open requests and recent use', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  await settings(page, 1);
  const [fintrust] = FIVE;
  await addCustomers(page, [fintrust]);
  let p = await goTo(page, 'consent');
  await consent(p, fintrust);
  p = await goTo(page, 'profile');
  await profile(p, fintrust);
  p = await goTo(page, 'tracking');
  await addRecord(p, 'Interactions', { Customer: customer(...fintrust), 'Reference type': '=live-sales-call', 'Requested on': today, Response: '=completed', 'Completed on': today });
  await request(page);

  // The period closes: replaced by a newer program run, archived.
  p = await goTo(page, 'closure');
  for (const check of program.steps.at(-1).checks) await p.getByLabel(check.label, { exact: true }).check();
  await p.getByLabel('Final status (required)', { exact: true }).selectOption('superseded');
  await fill(p, 'Closed on (required)', today);
  await p.getByRole('group', { name: 'Archived (required)' }).getByLabel('Yes', { exact: true }).check();
  await fill(p, 'Retention rule applied (required)', 'Records policy 4.2');
  // Close-out lists the request still open, and will not close over it.
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  await p.getByRole('alert').filter({ hasText: 'Request still open (step 7)' }).waitFor();
  await p.getByLabel('What is still open', { exact: true }).selectOption('carried');
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  await page.getByRole('note').filter({ hasText: 'archived and read-only' }).first().waitFor();
  await saved(page);

  await page.getByRole('button', { name: 'Start the next period' }).click();
  const report = page.locator('#next-period');
  await report.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'next-period');
  assert.match(await report.innerText(), /Carried over: 1 customers, 1 consent lines, 1 profiles, 1 open requests, 1 interactions inside the usage window\./);
  await report.getByRole('link', { name: 'Open the next period' }).click();
  await page.getByRole('heading', { level: 1, name: /\(period 2\)$/ }).waitFor();
  p = await goTo(page, 'candidates');
  assert.equal(await p.getByLabel('Company, record 1', { exact: true }).inputValue(), 'Fintrust');
  const carriedAs = p.getByLabel('Carried over as, record 1', { exact: true });
  assert.match(await carriedAs.inputValue(), /\.1$/, 'the customer keeps the identity it was first given');
  assert.equal(await carriedAs.isDisabled(), true, 'never typed');
  await saved(page);

  // The request is worked on in the new period, where last period's call counts.
  await matchPage(page);
  const lines = page.getByRole('table', { name: 'Requests' }).locator('tbody tr');
  assert.equal(await lines.count(), 1, 'the archived period lists no request to work on');
  await lines.first().getByRole('button', { name: /^Match: Sam Sales/ }).click();
  // Each excluded reference is an item holding a list of its reasons.
  const excluded = page.getByRole('list', { name: 'Excluded references' }).locator(':scope > li');
  await excluded.first().waitFor();
  const texts = await excluded.allInnerTexts();
  // Listed once, from the newest period; the archived copy is history, not a second entry.
  assert.equal(texts.length, 1, texts.join(' | '));
  assert.match(texts[0], /Ada Park \(Fintrust\)[\s\S]*Over tolerance: 1 of 1/);
  assert.doesNotMatch(texts[0], /Program run archived/);
  assert.equal(await page.getByRole('list', { name: 'Ranked references' }).getByRole('listitem').count(), 0);
});
