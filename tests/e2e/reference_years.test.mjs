// The reference program over three periods, as a program manager runs it for
// years: a consent withdrawn by escalation in period 1, a consent that runs out
// in period 2, an escalation still open at close-out, and every action pressed
// twice. After each roll-over the directory, its CSV, matching and the overview
// list each customer once, from the newest period, and say what is true.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { NOW, daysFrom } from './lib/clock.mjs';
import { parseCsv } from './lib/csv.mjs';
import { addCustomers, addRecord, customer, fill, fillRecord, goTo, matchPage, program } from './lib/program.mjs';
import { startRun } from './lib/sop.mjs';
import { saved, storedRuns } from './lib/stored.mjs';

const KEYSTONE = ['Keystone Bank', 'Marcus Lee'];
const FINTRUST = ['Fintrust', 'Ada Park'];
const GLOBEX = ['Globex', 'Gus Lee'];
const THREE = [KEYSTONE, FINTRUST, GLOBEX];
/** How the directory and matching name a customer: "Contact (Company)". */
const named = ([company, contact]) => `${contact} (${company})`;

/** The second period starts this many days after the first. */
const PERIOD_2 = 120;
/** Globex's consent runs out between the two. */
const GLOBEX_EXPIRES = daysFrom(100);

/** The run's address, from a page showing one of its steps. */
const runOf = (page) => page.url().replace(/\/steps\/.*$/, '');

/** Opens step `id` of the run at `runUrl` from another page. */
async function openStep(page, runUrl, id) {
  await page.goto(`${runUrl}/steps/${id}`);
  return goTo(page, id);
}

async function nav(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

/** Opens the request whose requester is `who` on the match page. */
async function matchRequest(page, who) {
  await matchPage(page);
  await page.getByRole('table', { name: 'Requests' }).getByRole('button', { name: new RegExp(`^Match: ${who}`) }).click();
  await page.getByRole('heading', { name: /Ranked references/ }).first().waitFor();
}

/** The excluded references of the request open on the match page: name → reasons. */
async function excluded(page) {
  const items = page.getByRole('list', { name: 'Excluded references' }).locator(':scope > li');
  const texts = await items.allInnerTexts();
  const byName = new Map();
  for (const text of texts) {
    const name = text.split('\n')[0].trim();
    assert.ok(!byName.has(name), `${name} is excluded twice: ${texts.join(' | ')}`);
    byName.set(name, text);
  }
  return byName;
}

/** The ranked references' names ("Contact (Company)"). */
async function ranked(page) {
  const headings = await page.getByRole('list', { name: 'Ranked references' }).getByRole('heading', { level: 3 }).allInnerTexts();
  return headings.map((h) => h.replace(/ — score -?\d+$/, ''));
}

/** The directory as the person sees it (rows) and as its CSV says (name → cells by header). */
async function directory(page) {
  await nav(page, 'References');
  const table = page.getByRole('table', { name: 'References' });
  await table.locator('tbody tr').first().waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export directory (CSV)' }).click()]);
  const [header, ...lines] = parseCsv(await readFile(await download.path(), 'utf8'));
  const csv = new Map();
  for (const line of lines) {
    const cells = Object.fromEntries(header.map((h, i) => [h, line[i]]));
    const name = `${cells.Name} (${cells.Company})`;
    assert.ok(!csv.has(name), `${name} is in the CSV twice`);
    csv.set(name, cells);
  }
  return { rows, csv, lines: lines.length };
}

/** The overview's counts ("Heading: n") and the items of one section. */
async function overview(page, section) {
  await nav(page, 'Overview');
  await page.getByRole('heading', { level: 1, name: 'Program overview' }).waitFor();
  const counts = await page.getByRole('list', { name: 'Counts' }).getByRole('link').allInnerTexts();
  const region = page.getByRole('region', { name: section, exact: true });
  const items = await region.getByRole('listitem').allInnerTexts();
  return { counts, items, text: await region.innerText() };
}

/** The consent column of the directory's CSV for sales calls. */
const salesCallConsent = (cells) => cells[Object.keys(cells).find((h) => /^sales call consent$/i.test(h))];

/** Closes the open period with what close-out lists carried; starts period `period` by a double click. */
async function closeAndRollOver(page, period, closedOn, expectOpen) {
  const p = await goTo(page, 'closure');
  for (const check of program.steps.at(-1).checks) await p.getByLabel(check.label, { exact: true }).check();
  await p.getByLabel('Final status (required)', { exact: true }).selectOption('superseded');
  await fill(p, 'Closed on (required)', closedOn);
  await p.getByRole('group', { name: 'Archived (required)' }).getByLabel('Yes', { exact: true }).check();
  await fill(p, 'Retention rule applied (required)', 'Records policy 4.2');
  // Close-out lists what would be lost, and will not close over it.
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  const alert = p.getByRole('alert').filter({ hasText: 'What is still open' });
  for (const what of expectOpen) await alert.filter({ hasText: what }).waitFor();
  await p.getByLabel('What is still open', { exact: true }).selectOption('carried');
  await p.getByRole('button', { name: 'Complete step', exact: true }).click();
  await page.getByRole('note').filter({ hasText: 'archived and read-only' }).first().waitFor();
  await saved(page);
  const runsBefore = (await storedRuns(page)).length;

  // A double click starts one period: the first click starts it and the
  // button becomes the link to it, which the second click may follow.
  const archived = runOf(page);
  await page.getByRole('button', { name: 'Start the next period' }).dblclick();
  const title = new RegExp(`\\(period ${period}\\)$`);
  await page.locator('#next-period').or(page.getByRole('heading', { level: 1, name: title })).first().waitFor();
  await saved(page);
  await page.goto(`${archived}/steps/closure`);
  await page.getByRole('link', { name: 'Go to the next period' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Start the next period' }).count(), 0);
  assert.equal((await storedRuns(page)).length, runsBefore + 1, 'one successor');
  await page.getByRole('link', { name: 'Go to the next period' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  return runOf(page);
}

/** After each roll-over: each customer once everywhere, from the newest period. */
async function assertOnceEverywhere(page, requester) {
  const { rows, csv, lines } = await directory(page);
  assert.equal(rows.length, 3, `one directory row per customer: ${rows.join(' | ')}`);
  assert.equal(lines, 3, 'one CSV line per customer');
  for (const c of THREE) assert.ok(csv.has(named(c)), `${named(c)} in the CSV`);
  await matchRequest(page, requester);
  const out = await excluded(page);
  const inRank = await ranked(page);
  for (const c of THREE) {
    const times = (out.has(named(c)) ? 1 : 0) + inRank.filter((n) => n === named(c)).length;
    assert.equal(times, 1, `${named(c)} is on the match page once`);
  }
  for (const [name, why] of out) assert.doesNotMatch(why, /Program run archived/, `${name}: an archived copy is history, not an entry`);
  return { csv, out, inRank };
}

test('three periods in a row: withdrawal, expiry and an open escalation follow each customer, and every action happens once', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  let runUrl = runOf(page);

  // ── Period 1 ──────────────────────────────────────────────────────────
  let p = await goTo(page, 'criteria');
  for (const label of ['Product fit', 'Relationship health', 'Willingness to speak in public', 'Industry relevance']) {
    await fill(p, `${label} (required)`, `${label}: as agreed with the program sponsor`);
  }
  await p.getByRole('group', { name: 'Eligible reference types (required)' }).getByLabel('Live sales call', { exact: true }).check();
  await fill(p, 'Most activities of one type per customer (required)', '2');
  await fill(p, 'Rolling window (required)', '90');
  await fill(p, 'Keep records for (required)', '24');

  // Step 2 is where a customer's industry and product are typed, once.
  p = await addCustomers(page, THREE);
  for (let n = 1; n <= 3; n += 1) {
    await fill(p, `Industry, record ${n}`, 'Financial services');
    await fill(p, `Product used, record ${n}`, 'Payments');
  }

  p = await goTo(page, 'consent');
  for (const c of THREE) {
    const cells = { Customer: customer(...c), Use: '=sales-call', Status: '=verified', Date: daysFrom(0) };
    if (c === GLOBEX) cells['Expires on'] = GLOBEX_EXPIRES;
    await addRecord(p, 'Consent per use', cells);
  }

  // A profile picking its customer starts from what step 2 holds: not asked again.
  p = await goTo(page, 'profile');
  for (const [company, contact] of THREE) {
    const n = await addRecord(p, 'References', {
      Customer: customer(company, contact),
      Email: `${contact.split(' ')[0].toLowerCase()}@example.com`,
      'Job title': 'VP Operations',
      'Approved reference types': ['Live sales call'],
      Region: 'EMEA',
      'Time zone': 'Europe/Berlin',
      Availability: '=available',
      Status: '=active',
    });
    assert.equal(await p.getByLabel(`Industry, record ${n}`, { exact: true }).inputValue(), 'Financial services');
    assert.equal(await p.getByLabel(`Product used, record ${n}`, { exact: true }).inputValue(), 'Payments');
  }

  p = await goTo(page, 'matching');
  const requestCells = (who, audience) => ({
    'Received on': daysFrom(-3),
    'Requested by': who,
    'Reference type': '=live-sales-call',
    Audience: audience,
    Industry: 'Financial services',
    Geography: 'EMEA',
    Product: 'Payments',
    'Needed by': daysFrom(10),
    Status: '=open',
  });
  await addRecord(p, 'Requests', requestCells('Sam Sales', 'CFO of a bank'));
  await addRecord(p, 'Requests', requestCells('Kim Sales', 'COO of an insurer'));
  await saved(page);

  // Send Sam's request to Ada, twice: the second press changes nothing and says so.
  await matchRequest(page, 'Sam Sales');
  const ada = named(FINTRUST);
  await page.getByRole('button', { name: `Send request to ${ada}` }).click();
  await page.getByText(`Request sent to ${ada}: an interaction awaiting confirmation is recorded.`).waitFor();
  await page.getByRole('button', { name: `Send request to ${ada}` }).click();
  await page.getByText(/is sent to .* already and awaits its answer\. Nothing was changed\./).waitFor();
  // Approve by a double click: one approval, on the request.
  await page.getByRole('button', { name: `Approve ${ada}` }).dblclick();
  await page.getByText(/Approved Ada Park \(Fintrust\) for this request\.|approved already\. Nothing was changed\./).first().waitFor();
  await saved(page);
  const samLine = page.getByRole('table', { name: 'Requests' }).locator('tbody tr').filter({ hasText: 'Sam Sales' });
  assert.equal((await samLine.locator('td').allInnerTexts())[1], 'Approved', 'the request list follows the approval');

  const [run1] = await storedRuns(page);
  const rowsOf = (run, step, list) => run.steps.find((s) => s.step_id === step).values[list]?.value ?? [];
  assert.equal(rowsOf(run1, 'tracking', 'interactions').length, 1, 'one interaction for two sends');
  const approvals = rowsOf(run1, 'approval', 'approvals');
  assert.equal(approvals.length, 1, 'one approval for a double click');
  const sam = rowsOf(run1, 'matching', 'requests').find((r) => JSON.stringify(r).includes('Sam Sales'));
  assert.match(JSON.stringify(sam), /"approved"/, 'step 7 says approved');
  assert.match(JSON.stringify(approvals[0]), new RegExp(`"request":\\{[^}]*\\[${sam.id}\\]`), 'the approval names its request');

  // Marcus withdraws his consent, recorded by an escalation outcome in step 11.
  p = await openStep(page, runUrl, 'escalation');
  await p.getByRole('button', { name: 'Escalate to the legal reviewer' }).click();
  await p.getByLabel('What happened?').fill('Marcus asked us to stop all reference calls');
  await p.getByRole('button', { name: 'Confirm: Escalate to the legal reviewer' }).click();
  await p.getByLabel('Escalated to, record 1', { exact: true }).waitFor();
  await fillRecord(p, 1, { Customer: customer(...KEYSTONE), Type: '=consent-withdrawn', Outcome: 'Removed from the program' });
  await saved(page);

  // ── Roll-over 1 ───────────────────────────────────────────────────────
  runUrl = await closeAndRollOver(page, 2, daysFrom(0), ['Request still open (step 7)']);
  let seen = await assertOnceEverywhere(page, 'Kim Sales');
  assert.match(salesCallConsent(seen.csv.get(named(KEYSTONE))), /Withdrawn/i, 'the withdrawal follows Keystone');
  assert.match(seen.out.get(named(KEYSTONE)) ?? '', /Consent withdrawn/i);
  assert.equal(await page.getByRole('button', { name: `Approve ${named(KEYSTONE)}` }).count(), 0);
  let o = await overview(page, 'Active references');
  assert.ok(o.counts.includes('Active references: 2'), o.counts.join(' | '));
  assert.doesNotMatch(o.text, /Marcus Lee/);

  // ── Period 2, four months on: Globex's consent has run out ────────────
  await app.context.clock.setFixedTime(new Date(NOW.getTime() + PERIOD_2 * 86_400_000));
  await app.reload();
  const later = (n) => daysFrom(PERIOD_2 + n);
  await matchRequest(page, 'Kim Sales');
  let out = await excluded(page);
  assert.match(out.get(named(GLOBEX)) ?? '', new RegExp(`expired on ${GLOBEX_EXPIRES}`));

  // An interaction imported from a spreadsheet, twice: counted once, and the second import says so.
  p = await openStep(page, runUrl, 'tracking');
  const file = {
    name: 'interactions.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(['Company,Contact,Reference type,Requested on,Response,Completed on,Audience', `Fintrust,Ada Park,Live sales call,${later(-12)},Completed,${later(-10)},Hooli`].join('\r\n')),
  };
  for (const expected of ['Added 1 interactions.', 'Every interaction of this file is in the run already. Nothing was changed.']) {
    await page.getByLabel('Interactions (CSV file)').setInputFiles(file);
    const preview = page.getByRole('region', { name: 'CSV preview' });
    await preview.getByRole('button', { name: 'Add 1 interactions' }).click();
    await page.getByText(expected).waitFor();
  }
  await saved(page);

  // Ada's escalation is still with the customer success leader at close-out.
  p = await openStep(page, runUrl, 'escalation');
  await addRecord(p, 'Escalations', {
    Customer: customer(...FINTRUST),
    Type: '=negative-sentiment',
    'Escalated to': '=customer-success-leader',
    'Escalated on': later(-1),
  });
  await saved(page);
  o = await overview(page, 'Open escalations');
  assert.equal(o.items.length, 1, o.items.join(' | '));
  assert.match(o.items[0], /Ada Park \(Fintrust\)/);

  // ── Roll-over 2 ───────────────────────────────────────────────────────
  await openStep(page, runUrl, 'closure');
  runUrl = await closeAndRollOver(page, 3, later(0), ['Escalation without an outcome (step 11)']);
  seen = await assertOnceEverywhere(page, 'Kim Sales');
  assert.match(salesCallConsent(seen.csv.get(named(KEYSTONE))), /Withdrawn/i, 'still withdrawn two periods on');
  assert.match(salesCallConsent(seen.csv.get(named(GLOBEX))), /Expired/i, 'the expiry follows Globex');
  assert.match(seen.out.get(named(GLOBEX)) ?? '', new RegExp(`expired on ${GLOBEX_EXPIRES}`));
  assert.match(seen.out.get(named(KEYSTONE)) ?? '', /Consent withdrawn/i);
  o = await overview(page, 'Open escalations');
  assert.doesNotMatch(o.text, /None: every escalation/, 'the overview never says none while one is open');
  assert.equal(o.items.length, 1, o.items.join(' | '));
  assert.match(o.items[0], /Ada Park \(Fintrust\)/);
  assert.ok(o.counts.includes('Open escalations: 1'), o.counts.join(' | '));

  // The third period works on: the carried request, the one customer free to call.
  await matchRequest(page, 'Kim Sales');
  assert.deepEqual(await ranked(page), [ada], 'Ada alone may be asked');
  out = await excluded(page);
  assert.deepEqual([...out.keys()].sort(), [named(GLOBEX), named(KEYSTONE)].sort());
  assert.equal((await storedRuns(page)).length, 3, 'three periods, no more');
});
