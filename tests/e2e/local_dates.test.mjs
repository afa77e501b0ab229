// "Today" is the person's today (issue 19, part 4): at 17:30 in Los Angeles
// (01:30 tomorrow in UTC) and at 08:00 in Auckland (19:00 yesterday in UTC),
// every date the app fills in and every flag it raises follows the person's
// calendar: a new run's title, a step's due date and overdue flag, the
// summary's start time with its offset, the date a rule gives an escalation
// record, and whether a consent expiring today or yesterday still allows an
// approval typed into step 10. And a run started late on a winter evening in
// Los Angeles keeps its due date and its printed start once summer time has
// begun.
//
// Each test fixes its own instant (the page's clock) and time zone (the
// browser context's), so it passes on any day and whatever clock the harness
// sets for the other tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { addCustomers, addRecord, customer, fill, goTo, program } from './lib/program.mjs';
import { startRun, stepPanel, template } from './lib/sop.mjs';
import { saved } from './lib/stored.mjs';

const story = template('customer-story-production');

/** The calendar day `n` days after the ISO date `day`. */
function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Where the person is, what their clock says, and the day that is for them and for UTC. */
const PLACES = [
  {
    name: '17:30 in Los Angeles',
    timezoneId: 'America/Los_Angeles',
    time: '2026-12-07T17:30:00-08:00',
    local: '2026-12-07',
    utc: '2026-12-08',
    stamp: '2026-12-07 17:30 (UTC-08:00)',
  },
  {
    name: '08:00 in Auckland',
    timezoneId: 'Pacific/Auckland',
    time: '2026-12-08T08:00:00+13:00',
    local: '2026-12-08',
    utc: '2026-12-07',
    stamp: '2026-12-08 08:00 (UTC+13:00)',
  },
];

/** Opens the app in `place`'s time zone with the page's clock at its instant. */
async function openAt(t, place) {
  const app = await openApp(t, null, { timezoneId: place.timezoneId, now: new Date(place.time) });
  await app.goto('');
  // The clock and the zone the app will read.
  const seen = await app.page.evaluate(() => ({
    day: new Date().toLocaleDateString('en-CA'),
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  }));
  assert.deepEqual(seen, { day: place.local, zone: place.timezoneId });
  return app;
}

for (const place of PLACES) {
  test(`at ${place.name}, a new run is dated, due and flagged by the local day`, async (t) => {
    assert.notEqual(place.local, place.utc, 'the instant is one where UTC is on another day');
    const app = await openAt(t, place);
    const { page } = app;
    await startRun(page, story.title);

    // The default title carries the person's date, not UTC's.
    const title = `${story.title} — ${place.local}`;
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();

    // Step 1 is due three days after the run started, on the person's calendar.
    const steps = page.getByRole('navigation', { name: 'Steps' });
    const first = steps.getByRole('listitem').first();
    assert.match(await first.innerText(), new RegExp(`due ${addDays(place.local, 3)}`));
    assert.equal(await page.getByText('Overdue', { exact: true }).count(), 0, 'a fresh run is not overdue');

    // Due today is not overdue; due yesterday is. (UTC's day would answer
    // otherwise in one of the two places.)
    const due = stepPanel(page, 0, story.steps.length).getByLabel('Due date', { exact: true });
    await due.fill(place.local);
    await due.blur();
    await first.getByText(`due ${place.local}`).waitFor();
    await saved(page);
    assert.equal(await first.getByText('Overdue', { exact: true }).count(), 0, `due ${place.local}, today`);
    await due.fill(addDays(place.local, -1));
    await due.blur();
    await first.getByText('Overdue', { exact: true }).waitFor();
    await page.locator('.run-header').getByText('Overdue', { exact: true }).waitFor();

    // The summary prints when the run started with the offset it had then.
    await page.getByRole('link', { name: 'Summary and print' }).click();
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    const facts = await page.locator('.summary-facts').innerText();
    assert.match(facts, new RegExp(`Started\\s+${place.stamp.replace(/[()+]/g, '\\$&')}`));
  });

  test(`at ${place.name}, the program's rules date and judge on the local day`, async (t) => {
    const app = await openAt(t, place);
    const { page } = app;
    await startRun(page, program.title);

    let p = await goTo(page, 'criteria');
    await fill(p, 'Most activities of one type per customer (required)', '2');
    await fill(p, 'Rolling window (required)', '90');
    await fill(p, 'Keep records for (required)', '24');
    await p.getByRole('group', { name: 'Eligible reference types (required)' }).getByLabel('Live sales call', { exact: true }).check();

    // Ada's consent ran out yesterday; Gus's runs out today, so it still holds.
    const people = [
      ['Ada Park', 'Fintrust', addDays(place.local, -1)],
      ['Gus Lee', 'Globex', place.local],
    ];
    await addCustomers(page, people.map(([name, company]) => [company, name]));
    p = await goTo(page, 'consent');
    for (const [name, company, expires] of people) {
      await addRecord(p, 'Consent per use', {
        Customer: customer(company, name),
        Use: '=sales-call',
        Status: '=verified',
        Date: addDays(place.local, -30),
        'Expires on': expires,
      });
    }
    p = await goTo(page, 'profile');
    for (const [name, company] of people) {
      await addRecord(p, 'References', {
        Customer: customer(company, name),
        'Approved reference types': ['Live sales call'],
        'Time zone': place.timezoneId,
        Availability: '=available',
        Status: '=active',
      });
    }

    // A decision typed with no date is judged on the person's today.
    p = await goTo(page, 'approval');
    for (const [name, company] of people) {
      await addRecord(p, 'Approvals', { Customer: customer(company, name), 'Reference type': '=live-sales-call' });
    }
    const decision = (n) => p.getByLabel(`Decision, record ${n}`, { exact: true });
    await decision(1).selectOption('approved');
    const refused = p.getByRole('alert').filter({ hasText: 'Approvals, record 1:' });
    await refused.waitFor();
    assert.match(await refused.innerText(), new RegExp(`Consent for sales call expired on ${addDays(place.local, -1)}`));
    assert.equal(await decision(1).inputValue(), '', 'the refused decision is not taken');
    await decision(2).selectOption('approved');
    await saved(page);
    assert.equal(await decision(2).inputValue(), 'approved', 'a consent holds on its expiry day');
    assert.equal(await p.getByRole('alert').filter({ hasText: 'Approvals, record 2:' }).count(), 0);

    // An escalation taken now is recorded on the person's day.
    p = await goTo(page, 'escalation');
    await p.getByRole('button', { name: 'Escalate to the legal reviewer' }).click();
    await p.getByLabel('What happened?').fill('Gus asked us to pause the calls');
    await p.getByRole('button', { name: 'Confirm: Escalate to the legal reviewer' }).click();
    const escalatedOn = p.getByLabel('Escalated on, record 1', { exact: true });
    await escalatedOn.waitFor();
    assert.equal(await escalatedOn.inputValue(), place.local);
    await saved(page);
  });
}

// Regression: a run started in Los Angeles at 23:30 on 6 March (07:30 on the
// 7th in UTC) showed step 1 "due 2026-03-09" that evening and "due
// 2026-03-10" once summer time had begun, and its summary said "Started
// 2026-03-07 00:30 (UTC-07:00)" under a title dated 2026-03-06: past instants
// were shown at today's offset, not their own.
test('a run started at 23:30 in Los Angeles keeps its day and its offset once summer time has begun', async (t) => {
  const app = await openAt(t, {
    timezoneId: 'America/Los_Angeles',
    time: '2026-03-06T23:30:00-08:00',
    local: '2026-03-06',
  });
  const { page } = app;
  await startRun(page, story.title);
  const title = `${story.title} — 2026-03-06`;
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  const first = page.getByRole('navigation', { name: 'Steps' }).getByRole('listitem').first();
  await first.getByText('due 2026-03-09').waitFor();
  await saved(page);

  // Three days on, in summer time (UTC−7).
  await page.clock.setFixedTime(new Date('2026-03-09T09:00:00-07:00'));
  await app.reload();
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  await first.getByText('due 2026-03-09').waitFor();
  assert.equal(await first.getByText('Overdue', { exact: true }).count(), 0, 'due today is not overdue');
  await page.getByRole('link', { name: 'Summary and print' }).click();
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  const facts = await page.locator('.summary-facts').innerText();
  assert.match(facts, /Started\s+2026-03-06 23:30 \(UTC-08:00\)/);
});
