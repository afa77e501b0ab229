// The program overview counts what was entered: a program run filled with
// known references, requests, uses, escalations and a close-out long past,
// then each count on the overview is checked against it, a count's link
// reaches its section, an item's link opens the record's step, and the page
// fits a 360 px phone with no axe violation.
//
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { assertFitsAndAccessible } from './lib/checks.mjs';
import { addMonths, daysFrom as dayFromToday, today } from './lib/clock.mjs';
import { addCustomers, addRecord, customer, fill, goTo, program } from './lib/program.mjs';
import { startRun, stepPanel } from './lib/sop.mjs';
import { saved } from './lib/stored.mjs';

const total = program.steps.length;
/** A close-out long past, and its keep-until date (24 months on, also past). */
const CLOSED_ON = dayFromToday(-1000);
const KEEP_UNTIL = addMonths(CLOSED_ON, 24);
const PHONE = { width: 360, height: 740 };

/** The company of each contact entered, once, as a candidate. */
const COMPANY = { 'Ada Park': 'Fintrust', 'Gus Lee': 'Globex', 'Mia Chen': 'Initech' };
/** How a record picks the customer whose contact is `name`. */
const pickOf = (name) => customer(COMPANY[name], name);

/** The items listed in the overview section headed `heading`. */
const sectionItems = (page, heading) => page.getByRole('region', { name: heading, exact: true }).getByRole('listitem');

test('the overview counts what was entered and links to each record', async (t) => {
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);

  // At most 1 live sales call per reference in 90 days; records kept 24 months.
  let p = await goTo(page, 'criteria');
  await fill(p, 'Most activities of one type per customer (required)', '1');
  await fill(p, 'Rolling window (required)', '90');
  await fill(p, 'Keep records for (required)', '24');
  await p.getByRole('group', { name: 'Eligible reference types (required)' }).getByLabel('Live sales call', { exact: true }).check();

  await addCustomers(page, Object.entries(COMPANY).map(([contact, company]) => [company, contact]));
  // Gus's consent runs out in 10 days: it is listed as expiring.
  p = await goTo(page, 'consent');
  for (const who of ['Ada Park', 'Gus Lee', 'Mia Chen']) {
    const cells = { Customer: pickOf(who), Use: '=sales-call', Status: '=verified', Date: today };
    if (who === 'Gus Lee') cells['Expires on'] = dayFromToday(10);
    await addRecord(p, 'Consent per use', cells);
  }

  // Three references, two of them active.
  p = await goTo(page, 'profile');
  for (const [name, company, status] of [['Ada Park', 'Fintrust', 'active'], ['Gus Lee', 'Globex', 'active'], ['Mia Chen', 'Initech', 'paused']]) {
    await addRecord(p, 'References', {
      Customer: customer(company, name),
      'Approved reference types': ['Live sales call'],
      'Time zone': 'Europe/Berlin',
      Availability: '=available',
      Status: `=${status}`,
    });
  }

  // Three requests: two open (one past its date needed), one cancelled.
  p = await goTo(page, 'matching');
  const requests = [
    ['Sam Sales', 'CFO of a bank', dayFromToday(-1), 'open'],
    ['Kim Sales', 'CTO of a retailer', dayFromToday(20), 'open'],
    ['Lou Sales', 'COO of an insurer', dayFromToday(5), 'cancelled'],
  ];
  for (const [requester, audience, needed, status] of requests) {
    await addRecord(p, 'Requests', {
      'Received on': dayFromToday(-3),
      'Requested by': requester,
      'Reference type': '=live-sales-call',
      Audience: audience,
      'Needed by': needed,
      Status: `=${status}`,
    });
  }

  // Ada did one call today: she has reached the limit of 1.
  p = await goTo(page, 'tracking');
  await addRecord(p, 'Interactions', { Customer: pickOf('Ada Park'), 'Reference type': '=live-sales-call', 'Requested on': today, Response: '=completed', 'Completed on': today });

  // Two escalations, one of them settled.
  p = await goTo(page, 'escalation');
  await addRecord(p, 'Escalations', { Customer: pickOf('Gus Lee'), Type: '=negative-sentiment', 'Escalated to': '=customer-success-leader', 'Escalated on': today });
  await addRecord(p, 'Escalations', { Customer: pickOf('Ada Park'), Type: '=missed-commitment', 'Escalated to': '=program-sponsor', 'Escalated on': today, Outcome: 'Rescheduled; done' });

  // Closed long ago: the keep-until date the program works out (24 months on) has passed.
  p = await goTo(page, 'closure');
  await fill(p, 'Closed on (required)', CLOSED_ON);
  assert.equal(await p.getByLabel('Keep until (required)', { exact: true }).inputValue(), KEEP_UNTIL);
  await saved(page);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('heading', { level: 1, name: 'Program overview' }).waitFor();
  assert.equal(await page.title(), 'Program overview — Runsheet');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

  const counts = page.getByRole('list', { name: 'Counts' }).getByRole('link');
  assert.deepEqual(await counts.allInnerTexts(), [
    'Active references: 2',
    'Open requests: 2',
    'References at or over tolerance: 1',
    'Consent expiring soon: 1',
    'Open escalations: 1',
    'Records past retention: 1',
  ]);

  // Each count is the number of items listed under it.
  const active = await sectionItems(page, 'Active references').allInnerTexts();
  assert.equal(active.length, 2);
  assert.match(active.join('\n'), /Ada Park \(Fintrust\)[\s\S]*Gus Lee \(Globex\)/);
  const open = await sectionItems(page, 'Open requests').allInnerTexts();
  assert.equal(open.length, 2);
  assert.match(open[0], /^Sam Sales — Live sales call for CFO of a bank Overdue/);
  assert.match(open[0], new RegExp(`needed by ${dayFromToday(-1)}`));
  assert.doesNotMatch(open[1], /Overdue/);
  assert.match(open[1], new RegExp(`^Kim Sales .*needed by ${dayFromToday(20)}`, 's'));
  const over = await sectionItems(page, 'References at or over tolerance').allInnerTexts();
  assert.equal(over.length, 1);
  assert.match(over[0], /^Ada Park \(Fintrust\)\s+Live sales call: 1 of 1 in 90 days/);
  const expiring = await sectionItems(page, 'Consent expiring soon').allInnerTexts();
  assert.equal(expiring.length, 1);
  assert.match(expiring[0], /Gus Lee \(Globex\)/);
  assert.match(expiring[0], new RegExp(dayFromToday(10)));
  assert.match(open[0], /3 days/, 'the age counts from the day received');
  const escalations = await sectionItems(page, 'Open escalations').allInnerTexts();
  assert.equal(escalations.length, 1);
  assert.match(escalations[0], /^Gus Lee \(Globex\)\s+Negative sentiment · to the customer success leader/);
  const past = await sectionItems(page, 'Records past retention').allInnerTexts();
  assert.equal(past.length, 1);
  assert.match(past[0], new RegExp(`keep until ${KEEP_UNTIL}`));

  // A count's link moves to its section.
  await counts.filter({ hasText: 'Open escalations' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'open-escalations');
  assert.ok(await page.getByRole('heading', { level: 2, name: 'Open escalations' }).isVisible());
  assert.match(page.url(), /\/references\/overview$/, 'the page is still the overview');

  // On a phone: nothing sideways, nothing axe objects to.
  await page.setViewportSize(PHONE);
  await assertFitsAndAccessible(page, 'the program overview at 360 px');
  await app.screenshot('program-overview-phone');

  // An item's link opens the record's step.
  await sectionItems(page, 'Open escalations').getByRole('link', { name: 'Gus Lee (Globex)' }).click();
  await page.waitForURL(/\/steps\/escalation$/);
  const panel = stepPanel(page, program.steps.findIndex((s) => s.id === 'escalation'), total);
  await panel.waitFor();
  const picked = panel.getByLabel('Customer, record 1', { exact: true });
  assert.equal(await picked.evaluate((s) => s.selectedOptions[0]?.textContent), 'Globex — Gus Lee');
});
