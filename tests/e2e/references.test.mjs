// The reference program as a standing program: a directory of references,
// matching a request with scores and reasons, the usage tolerance blocking an
// approval, and a withdrawn consent taking a reference out of matching at once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { addMonths, daysFrom, today } from './lib/clock.mjs';
import { addCustomers, addRecord, customer, fill, goTo, program } from './lib/program.mjs';
import { startRun, stepPanel } from './lib/sop.mjs';
import { saved } from './lib/stored.mjs';

const total = program.steps.length;
const panelOf = (page, id) => stepPanel(page, program.steps.findIndex((s) => s.id === id), total);

/** The company of each contact these tests enter, once, as a candidate. */
const COMPANY = { 'Ada Park': 'Fintrust', 'Gus Lee': 'Globex', 'Mia Chen': 'Initech' };
/** How a record picks the customer whose contact is `name`. */
const pickOf = (name) => customer(COMPANY[name], name);

test('references are matched with reasons, tolerance blocks approval, and a withdrawn consent drops out', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const runUrl = page.url().replace(/\/steps\/.*$/, '');

  // Program settings: at most 2 live sales calls per reference in 90 days.
  let p = await goTo(page, 'criteria');
  await fill(p, 'Most activities of one type per customer (required)', '2');
  await fill(p, 'Rolling window (required)', '90');
  await fill(p, 'Keep records for (required)', '24');
  const types = p.getByRole('group', { name: 'Eligible reference types (required)' });
  await types.getByLabel('Live sales call', { exact: true }).check();

  // Each customer is typed once, as a candidate; every later record picks it.
  await addCustomers(page, Object.entries(COMPANY).map(([contact, company]) => [company, contact]));

  // Consent for sales calls, verified for all three.
  p = await goTo(page, 'consent');
  for (const who of ['Ada Park', 'Gus Lee', 'Mia Chen']) {
    await addRecord(p, 'Consent per use', { Customer: pickOf(who), Use: '=sales-call', Status: '=verified', Date: today });
  }

  // Three reference profiles.
  p = await goTo(page, 'profile');
  const people = [
    ['Ada Park', 'Fintrust', 'Financial services', 'Payments', 'EMEA', 'Europe/Berlin'],
    ['Gus Lee', 'Globex', 'Logistics', 'Payments', 'EMEA', 'Europe/London'],
    ['Mia Chen', 'Initech', 'Financial services', 'Lending', 'APAC', 'Asia/Singapore'],
  ];
  for (const [name, company, industry, product, region, zone] of people) {
    await addRecord(p, 'References', {
      Customer: customer(company, name),
      Email: `${name.split(' ')[0].toLowerCase()}@example.com`,
      'Job title': 'VP Operations',
      Industry: industry,
      'Product used': product,
      'Approved reference types': ['Live sales call'],
      Region: region,
      'Time zone': zone,
      Availability: '=available',
      Status: '=active',
    });
  }

  // An incoming request.
  p = await goTo(page, 'matching');
  await addRecord(p, 'Requests', {
    'Requested by': 'Sam Sales',
    'Reference type': '=live-sales-call',
    Audience: 'CFO of a bank',
    Industry: 'Financial services',
    'Use case': 'Faster payouts',
    Geography: 'EMEA',
    Product: 'Payments',
    Status: '=open',
  });
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();

  // The directory lists all three and filters by industry.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  const directory = page.getByRole('table', { name: 'References' });
  await directory.locator('tbody tr').nth(2).waitFor();
  await page.getByLabel('Industry').selectOption('Financial services');
  assert.equal(await directory.locator('tbody tr').count(), 2);
  await page.getByLabel('Search references').fill('initech');
  assert.match(await directory.locator('tbody tr').first().innerText(), /Mia Chen/);
  await page.getByLabel('Search references').fill('');
  await page.getByLabel('Industry').selectOption('');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export directory (CSV)' }).click()]);
  const csvText = await readFile(await csv.path(), 'utf8');
  assert.ok(csvText.startsWith('\uFEFF'), 'a byte-order mark so spreadsheets read UTF-8');
  assert.match(csvText, /Ada Park/);
  assert.match(csvText, /\r\n/);

  // Matching: Ada fits best, with the reasons spelled out.
  await page.getByRole('link', { name: 'Match a request' }).click();
  await page.getByRole('combobox', { name: /^Request/ }).selectOption({ label: 'Sam Sales — Live sales call for CFO of a bank (Financial services, EMEA)' });
  const ranked = page.getByRole('list', { name: 'Ranked references' });
  const names = await ranked.getByRole('heading', { level: 3 }).allInnerTexts();
  assert.equal(names.length, 3);
  assert.match(names[0], /^Ada Park \(Fintrust\) — score \d+/);
  const score = (s) => Number(s.match(/score (-?\d+)/)[1]);
  assert.ok(score(names[0]) > score(names[1]) && score(names[1]) >= score(names[2]), names.join(' | '));
  const adaReasons = await ranked.getByRole('listitem').first().locator('.reasons li').allInnerTexts();
  assert.ok(adaReasons.some((r) => r.startsWith('Same industry: Financial services')), adaReasons.join(' | '));
  assert.ok(adaReasons.some((r) => r.startsWith('Uses Payments')), adaReasons.join(' | '));
  assert.ok(adaReasons.some((r) => r.startsWith('Same region: EMEA')), adaReasons.join(' | '));

  // Send it to Ada: an interaction awaiting confirmation is recorded.
  await page.getByRole('button', { name: 'Send request to Ada Park (Fintrust)' }).click();
  await page.getByText('Request sent to Ada Park (Fintrust): an interaction awaiting confirmation is recorded.').waitFor();
  await page.goto(`${runUrl}/steps/tracking`);
  p = panelOf(page, 'tracking');
  await p.waitFor();
  assert.equal(await p.getByLabel('Response, record 1', { exact: true }).inputValue(), 'awaiting-confirmation');
  // The call happened.
  await p.getByLabel('Response, record 1', { exact: true }).selectOption('completed');
  await fill(p, 'Completed on, record 1', today);

  // First approval: 1 of 2 calls used, approved.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  await page.getByRole('link', { name: 'Match a request' }).click();
  await page.getByRole('combobox', { name: /^Request/ }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Approve Ada Park (Fintrust)' }).click();
  await page.getByText('Approved Ada Park (Fintrust) for this request.').waitFor();
  const adaAfterOne = await ranked.getByRole('listitem').filter({ hasText: 'Ada Park' }).first().innerText();
  assert.match(adaAfterOne, /Used \d+ time|recent|ago|today/i, 'recent use costs points');

  // A second completed call reaches the tolerance: Ada is excluded and cannot be approved.
  await page.goto(`${runUrl}/steps/tracking`);
  p = panelOf(page, 'tracking');
  await addRecord(p, 'Interactions', { Customer: pickOf('Ada Park'), 'Reference type': '=live-sales-call', 'Requested on': today, Response: '=completed', 'Completed on': today });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  await page.getByRole('link', { name: 'Match a request' }).click();
  await page.getByRole('combobox', { name: /^Request/ }).selectOption({ index: 1 });
  const excluded = page.getByRole('list', { name: 'Excluded references' });
  const adaExcluded = excluded.getByRole('listitem').filter({ hasText: 'Ada Park (Fintrust)' }).first();
  await adaExcluded.waitFor();
  assert.match(await adaExcluded.innerText(), /Over tolerance: 2 of 2 live sales call activities in the last 90 days/);
  assert.equal(await page.getByRole('button', { name: 'Approve Ada Park (Fintrust)' }).count(), 0);

  // Mia withdraws her consent: she leaves matching at once.
  assert.equal(await ranked.getByRole('heading', { name: /Mia Chen/ }).count(), 1);
  await page.goto(`${runUrl}/steps/escalation`);
  p = panelOf(page, 'escalation');
  await addRecord(p, 'Escalations', { Customer: pickOf('Mia Chen'), Type: '=consent-withdrawn', 'Escalated to': '=legal-reviewer', 'Escalated on': today });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  await page.getByRole('link', { name: 'Match a request' }).click();
  await page.getByRole('combobox', { name: /^Request/ }).selectOption({ index: 1 });
  const miaExcluded = excluded.getByRole('listitem').filter({ hasText: 'Mia Chen (Initech)' }).first();
  await miaExcluded.waitFor();
  assert.match(await miaExcluded.innerText(), /Consent withdrawn for sales call/i);
  assert.equal(await ranked.getByRole('heading', { name: /Mia Chen/ }).count(), 0);
  assert.match((await ranked.getByRole('heading', { level: 3 }).allInnerTexts()).join('|'), /Gus Lee/);
  await app.screenshot('reference-matching');
});

test('candidates are imported from a CRM export with a column mapping, a preview and the rows that cannot be read', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const p = await goTo(page, 'candidates');
  const csv = [
    'Account,Sector,Health,Owner notes',
    'Fintrust,Financial services,healthy,Renewed early',
    '"Globex, Inc.",Logistics,watch,"Said ""great"" on the QBR"',
    ',Retail,healthy,no company on this line',
    'Initech,Software,on fire,unknown health',
  ].join('\r\n');
  const path = new URL('./output/crm-export.csv', import.meta.url).pathname;
  const { writeFile, mkdir } = await import('node:fs/promises');
  await mkdir(new URL('./output/', import.meta.url).pathname, { recursive: true });
  await writeFile(path, csv);
  await page.getByLabel('CRM export (CSV file)').setInputFiles(path);
  const preview = page.getByRole('region', { name: 'CSV preview' });
  await preview.waitFor();
  // The person maps the notes column by hand.
  await preview.getByLabel('Column “Owner notes”').selectOption({ label: 'Notes' });
  assert.equal(await preview.getByLabel('Column “Account”').inputValue(), 'company', 'the company column is guessed');
  const rejected = await preview.getByRole('list', { name: 'Rows that cannot be read' }).getByRole('listitem').allInnerTexts();
  assert.equal(rejected.length, 2, rejected.join(' | '));
  assert.match(rejected.join('\n'), /Line 4: no company/);
  assert.match(rejected.join('\n'), /Line 5: Health: “on fire” is not one of the options/);
  await preview.getByRole('button', { name: 'Add 2 candidates' }).click();
  await page.getByText('Added 2 candidates.').waitFor();
  assert.equal(await p.getByLabel('Company, record 1', { exact: true }).inputValue(), 'Fintrust');
  assert.equal(await p.getByLabel('Company, record 2', { exact: true }).inputValue(), 'Globex, Inc.');
  assert.equal(await p.getByLabel('Notes, record 2', { exact: true }).inputValue(), 'Said "great" on the QBR');
});

/** Program settings: at most `limit` live sales calls in 90 days, records kept 24 months. */
async function settings(page, limit) {
  const p = await goTo(page, 'criteria');
  await fill(p, 'Most activities of one type per customer (required)', String(limit));
  await fill(p, 'Rolling window (required)', '90');
  await fill(p, 'Keep records for (required)', '24');
  await p.getByRole('group', { name: 'Eligible reference types (required)' }).getByLabel('Live sales call', { exact: true }).check();
}

/** Verified consent for sales calls, and a profile approved for live sales calls, for each of `people`. */
async function references(page, people) {
  await addCustomers(page, people.map(([name, company]) => [company, name]));
  let p = await goTo(page, 'consent');
  for (const [name] of people) {
    await addRecord(p, 'Consent per use', { Customer: pickOf(name), Use: '=sales-call', Status: '=verified', Date: today });
  }
  p = await goTo(page, 'profile');
  for (const [name, company] of people) {
    await addRecord(p, 'References', {
      Customer: customer(company, name),
      Email: `${name.split(' ')[0].toLowerCase()}@example.com`,
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
}

// Regressions (issue 11, points 8 and 9): an approval typed into step 10
// skipped the eligible / available / within-tolerance check, and a withdrawn
// consent still showed the reference as active and approved in the directory.
test('a typed approval over the tolerance or not eligible is refused naming the condition; a withdrawn consent shows in the directory and its CSV', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  await settings(page, 1);
  await references(page, [['Ada Park', 'Fintrust'], ['Mia Chen', 'Initech']]);
  // Ada has done her one call in the window; Mia has withdrawn her consent.
  let p = await goTo(page, 'tracking');
  await addRecord(p, 'Interactions', { Customer: pickOf('Ada Park'), 'Reference type': '=live-sales-call', 'Requested on': today, Response: '=completed', 'Completed on': today });
  p = await goTo(page, 'escalation');
  await addRecord(p, 'Escalations', { Customer: pickOf('Mia Chen'), Type: '=consent-withdrawn', 'Escalated to': '=legal-reviewer', 'Escalated on': today });

  p = await goTo(page, 'approval');
  const cases = [
    ['Ada Park', /Approvals, record 1: Ada Park \(Fintrust\) cannot be approved: Within the usage tolerance — Over tolerance: 1 of 1 live sales call activities in the last 90 days/],
    ['Mia Chen', /Approvals, record 2: Mia Chen \(Initech\) cannot be approved: Eligible — Consent withdrawn for sales call/],
  ];
  for (const [who, why] of cases) {
    const n = await addRecord(p, 'Approvals', { Customer: pickOf(who), 'Reference type': '=live-sales-call', 'Decided on': today });
    const decision = p.getByLabel(`Decision, record ${n}`, { exact: true });
    await decision.selectOption('approved');
    const alert = p.getByRole('alert').filter({ hasText: `Approvals, record ${n}:` });
    await alert.waitFor();
    assert.match(await alert.innerText(), why);
    assert.equal(await decision.inputValue(), '', 'the refused decision is not shown as taken');
  }
  await saved(page);
  await app.reload();
  p = panelOf(page, 'approval');
  await p.waitFor();
  assert.equal(await p.getByLabel('Decision, record 1', { exact: true }).inputValue(), '', 'nor was it stored');
  const picked = p.getByLabel('Customer, record 2', { exact: true });
  assert.equal(await picked.evaluate((s) => s.selectedOptions[0]?.textContent), 'Initech — Mia Chen');

  // The directory and its export say Mia's consent is withdrawn.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  const directory = page.getByRole('table', { name: 'References' });
  await directory.locator('tbody tr').nth(1).waitFor();
  const mia = directory.locator('tbody tr').filter({ hasText: 'Mia Chen' });
  const cells = await mia.locator('td').allInnerTexts();
  assert.equal(cells[4], '', 'no longer approved for anything');
  assert.equal(cells[7], 'Consent withdrawn');
  const ada = await directory.locator('tbody tr').filter({ hasText: 'Ada Park' }).locator('td').allInnerTexts();
  assert.deepEqual([ada[4], ada[7]], ['Live sales call', 'Active']);
  await page.getByLabel('Status').selectOption('consent-withdrawn');
  assert.deepEqual(await directory.locator('tbody tr td:first-child').allInnerTexts(), ['Mia Chen (Initech)']);
  await page.getByLabel('Status').selectOption('');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export directory (CSV)' }).click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).split('\r\n');
  const miaLine = lines.find((l) => l.startsWith('Mia Chen'));
  assert.match(miaLine, /,Consent withdrawn,/);
  assert.doesNotMatch(miaLine, /Live sales call/);
  assert.match(lines.find((l) => l.startsWith('Ada Park')), /,Live sales call,.*,Active,/);
});

// Regression (issue 11, point 10): on an archived run the role boxes, the
// target date and the due dates stayed editable; the new text showed, the
// indicator said "Saved", and a reload showed it had never been stored.
test('an archived program run has no enabled input, and after a reload what shows is what was stored', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const owner = page.getByLabel(program.roles[0].name, { exact: true });
  await owner.fill('Ola Owner');
  await owner.blur();
  await fill(page, 'Target date', daysFrom(30));
  await settings(page, 2);

  // Close out with "Archived: yes". The keep-until date is the policy's.
  const p = await goTo(page, 'closure');
  for (const check of program.steps.at(-1).checks) await p.getByLabel(check.label, { exact: true }).check();
  await p.getByLabel('Final status (required)', { exact: true }).selectOption('completed');
  await fill(p, 'Closed on (required)', today);
  const keep = p.getByLabel('Keep until (required)', { exact: true });
  assert.equal(await keep.inputValue(), addMonths(today, 24), 'written in from the retention period');
  await p.getByRole('group', { name: 'Archived (required)' }).getByLabel('Yes', { exact: true }).check();
  await fill(p, 'Retention rule applied (required)', 'Records policy 4.2');
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  await page.getByRole('note').filter({ hasText: 'This program run is archived and read-only' }).first().waitFor();
  await saved(page);

  // Every step: nothing that changes the run is enabled.
  const run = page.locator('article.run-page');
  const controls = () =>
    run.locator('input, select, textarea, button').evaluateAll((els) =>
      els.map((e) => ({
        name: (e.getAttribute('aria-label') || e.labels?.[0]?.innerText || e.innerText || e.type).trim(),
        enabled: !e.disabled,
        value: e.type === 'checkbox' || e.type === 'radio' ? String(e.checked) : e.type === 'file' ? '' : e.value,
      })),
    );
  const allowed = (name, step) =>
    name.startsWith('Your name (for the activity log)') ||
    name === 'Download JSON' ||
    // Starts another run; this one stays as it is.
    name === 'Start the next period' ||
    (step === 'closure' && name === 'Reopen step');
  const shown = {};
  for (const step of program.steps) {
    await goTo(page, step.id);
    const all = await controls();
    const open = all.filter((c) => c.enabled && !allowed(c.name, step.id)).map((c) => c.name);
    assert.deepEqual(open, [], `enabled on step “${step.title}”`);
    shown[step.id] = all.map((c) => `${c.name}=${c.value}`);
  }
  assert.equal(await owner.inputValue(), 'Ola Owner');
  assert.equal(await page.getByLabel('Target date').inputValue(), daysFrom(30));

  await app.reload();
  await page.getByRole('note').filter({ hasText: 'This program run is archived and read-only' }).first().waitFor();
  for (const step of program.steps) {
    await goTo(page, step.id);
    assert.deepEqual((await controls()).map((c) => `${c.name}=${c.value}`), shown[step.id], `step “${step.title}” after a reload`);
  }
  // Reopening close-out, the one way back, is still there.
  await goTo(page, 'closure');
  await run.getByRole('button', { name: 'Reopen step' }).click();
  await page.getByRole('note').filter({ hasText: 'archived' }).waitFor({ state: 'detached' });
  assert.equal(await owner.isDisabled(), false);
});

// Regression (issue 11, point 11): the usage review was typed by hand and
// could contradict the engine's count, and an escalation outcome created no
// escalation record.
test('the usage review shows the engine count and a decision against it needs a reason; an escalation outcome adds its record', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  await settings(page, 1);
  await references(page, [['Ada Park', 'Fintrust']]);
  let p = await goTo(page, 'tracking');
  await addRecord(p, 'Interactions', { Customer: pickOf('Ada Park'), 'Reference type': '=live-sales-call', Audience: 'CFO', 'Requested on': today, Response: '=completed', 'Completed on': today });

  p = await goTo(page, 'usage-review');
  await addRecord(p, 'Usage reviews', { Customer: pickOf('Ada Park'), 'Reference type': '=live-sales-call', Audience: 'CFO' });
  const uses = p.getByLabel('Uses of this type in the window, record 1', { exact: true });
  assert.equal(await uses.inputValue(), '1');
  assert.equal(await uses.isDisabled(), true, 'the count is the engine’s, not typed');
  const same = p.getByRole('radiogroup', { name: 'Same audience as another use in the window, record 1' });
  assert.equal(await same.getByLabel('Yes', { exact: true }).isChecked(), true);
  assert.equal(await p.getByLabel('Reviewed on, record 1', { exact: true }).inputValue(), today);
  await p.getByLabel('Decision, record 1', { exact: true }).selectOption('within-tolerance');
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  const missing = p.getByRole('alert').filter({ hasText: 'This step cannot be completed yet' });
  await missing.waitFor();
  assert.match(
    await missing.innerText(),
    new RegExp(`Usage reviews, record 1: 1 of 1 live sales call uses in the 90 days to ${today} means “Used too often”, the decision says “Within tolerance”: give the reason in “Reason for a decision against the count”`),
  );
  await fill(p, 'Reason for a decision against the count, record 1', 'The call was a rehearsal, not a customer use');
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('listitem').nth(8).getByText('Done', { exact: true }).waitFor();

  p = await goTo(page, 'escalation');
  await p.getByRole('button', { name: 'Escalate to the legal reviewer' }).click();
  await p.getByLabel('What happened?').fill('Ada asked us to stop quoting her');
  await p.getByRole('button', { name: 'Confirm: Escalate to the legal reviewer' }).click();
  await p.getByLabel('Escalated to, record 1', { exact: true }).waitFor();
  assert.equal(await p.getByLabel('Escalated to, record 1', { exact: true }).inputValue(), 'legal-reviewer');
  assert.equal(await p.getByLabel('Escalated on, record 1', { exact: true }).inputValue(), today);
  assert.equal(await p.getByLabel('What happened, record 1', { exact: true }).inputValue(), 'Ada asked us to stop quoting her');
});
