// Driving a Customer Reference Program run by its labels: moving between its
// steps, adding records, and entering each customer once, as a candidate,
// for every later record to pick.
import { daysFrom } from './clock.mjs';
import { stepPanel, template } from './sop.mjs';

/** The reference program as new runs follow it (its newest version). */
export const program = template('customer-reference-program');

/**
 * completeStep options (lib/sop.mjs) that take a program run through all its
 * steps: outreach needs verified consent for the type offered (a case study);
 * every record names its reference as the profile does, so the program's rules
 * (usage review, approval) find it; close-out keeps the keep-until date the
 * retention policy writes in; and nothing is left open at close-out, which would
 * list it first (a cancelled request, a consent running a year ahead).
 */
export const THROUGH_EVERY_STEP = {
  choose: { 'consents.use': 'public-case-study', 'consents.status': 'verified', 'requests.status': 'cancelled' },
  type: { 'references.name': 'Reference value 1', 'consents.expires-on': daysFrom(365) },
  keep: ['retain-until'],
};

/** Opens step `id` from the step list; returns its panel. */
export async function goTo(page, id) {
  const index = program.steps.findIndex((s) => s.id === id);
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: new RegExp(`^${index + 1}\\.`) }).click();
  const panel = stepPanel(page, index, program.steps.length);
  await panel.waitFor();
  return panel;
}

/** Types `value` into the input labelled `label` and leaves it, as a person would. */
export async function fill(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.blur();
}

/**
 * Adds a record to a list and fills its cells: text by label, a choice by its
 * option id ("=id"), a picked record by how it reads ("@Fintrust — Ada Park"),
 * a multiple choice by its option labels. Returns the record's number.
 */
export async function addRecord(panel, list, cells) {
  await panel.getByRole('button', { name: `Add to ${list}`, exact: true }).click();
  const n = await panel.getByRole('table', { name: list }).locator('tbody tr').count();
  await fillRecord(panel, n, cells);
  return n;
}

/** Fills cells of record `n` of a list, written as for {@link addRecord}. */
export async function fillRecord(panel, n, cells) {
  for (const [column, value] of Object.entries(cells)) {
    const name = `${column}, record ${n}`;
    if (Array.isArray(value)) {
      for (const option of value) await panel.getByRole('group', { name, exact: true }).getByLabel(option, { exact: true }).check();
    } else if (value.startsWith('=')) {
      await panel.getByLabel(name, { exact: true }).selectOption(value.slice(1));
    } else if (value.startsWith('@')) {
      // A pick offers its records once it is used, as a person's focus does.
      const select = panel.getByLabel(name, { exact: true });
      await select.focus();
      await select.selectOption({ label: value.slice(1) });
    } else {
      await fill(panel, name, value);
    }
  }
}

/** How a customer reads wherever a record picks it: "Company — Contact". */
export const customer = (company, contact) => `@${company} — ${contact}`;

/** Enters customers once, as candidates of step 2: `[company, contact]` pairs. */
export async function addCustomers(page, pairs) {
  const p = await goTo(page, 'candidates');
  for (const [company, contact] of pairs) {
    await addRecord(p, 'Candidates', { Company: company, Contact: contact });
  }
  return p;
}

/** Opens the match page from the main navigation. */
export async function matchPage(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  await page.getByRole('link', { name: 'Match a request' }).click();
  await page.getByRole('heading', { level: 1, name: 'Match a request' }).waitFor();
}
