// Driving a run of an SOP as a person would: by the labels and button names the
// page shows. What to fill comes from the template files themselves, so these
// helpers keep working as the SOP wording evolves.
import { readFileSync } from 'node:fs';

import { catalogueTemplates } from '../../../scripts/post-build/prerender.mjs';
import { daysFrom, today } from './clock.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const templatesDir = new URL('../../../src/templates/', import.meta.url);

/** A template as new runs follow it: its newest published version. */
export function template(id) {
  const found = catalogueTemplates(root).find((t) => t.id === id);
  if (!found) throw new Error(`no built-in template ${id}`);
  return found;
}

/** One published version of a template, by its file under src/templates/. */
export function templateFile(file) {
  return JSON.parse(readFileSync(new URL(file, templatesDir), 'utf8'));
}

/** The label the page shows for a field: required ones say so. */
export const fieldLabel = (field) => (field.required ? `${field.label} (required)` : field.label);

/** The step panel in focus, found by its heading ("Step 3 of 8: …"). */
export function stepPanel(page, index, total) {
  return page.getByRole('region', { name: new RegExp(`^Step ${index + 1} of ${total}:`) });
}

/** Date fields that name a day still to come: a consent's last day, a deadline. */
const AHEAD = new Set(['expires-on', 'needed-by', 'due']);

/**
 * A plausible value of each kind, so a filled run reads like a real record.
 * Dates are the browser's today (lib/clock.mjs), the day a person fills the
 * run in; a day still to come is a month ahead.
 */
function sample(field, suffix = '') {
  switch (field.kind.type) {
    case 'url':
      return `https://example.com/${field.id}${suffix}`;
    case 'date':
      return AHEAD.has(field.id) ? daysFrom(30) : today;
    case 'date_time':
      return `${today}T10:30`;
    case 'number':
      return '45';
    default:
      return `${field.label} value${suffix}`;
  }
}

/**
 * Put a value into one input. `scope` is the step panel; `name` is the input's
 * accessible name (its label, or "Column, record N" inside a list). `typed`,
 * when given, is the text to type instead of the sample. An input the app
 * disables (a column it works out itself) is left alone: returns null.
 */
async function fillOne(scope, field, name, suffix, chosen, typed) {
  const kind = field.kind.type;
  if (kind === 'yes_no') {
    const group = scope.getByRole(field.inList ? 'radiogroup' : 'group', { name, exact: true });
    const yes = group.getByLabel('Yes', { exact: true });
    if (await yes.isDisabled()) return null;
    await yes.check();
    return 'Yes';
  }
  if (kind === 'pick' && field.inList) {
    // A record's pick is a select: the first record offered.
    const input = scope.getByLabel(name, { exact: true });
    if (await input.isDisabled()) return null;
    // It offers its records once it is used, as a person's focus does.
    await input.focus();
    await input.locator('option').nth(1).waitFor({ state: 'attached' });
    const options = await input.locator('option').allInnerTexts();
    if (options.length < 2) throw new Error(`nothing to pick for ${name}`);
    await input.selectOption({ index: 1 });
    return options[1].trim();
  }
  if (kind === 'pick') {
    // The first record offered (only qualifying records are offered).
    const group = scope.getByRole('group', { name, exact: true });
    const option = group.getByRole(field.kind.multiple ? 'checkbox' : 'radio').first();
    await option.check();
    return (await option.locator('xpath=..').innerText()).trim();
  }
  if (kind === 'multiple_choice') {
    const group = scope.getByRole('group', { name, exact: true });
    const option = field.kind.options[0];
    await group.getByLabel(option.label, { exact: true }).check();
    return option.label;
  }
  const input = scope.getByLabel(name, { exact: true });
  if (await input.isDisabled()) return null;
  if (kind === 'single_choice') {
    const option = field.kind.options.find((o) => o.id === chosen) ?? field.kind.options[0];
    await input.selectOption(option.id);
    return option.label;
  }
  const value = typed ?? sample(field, suffix);
  await input.fill(value);
  // Dates and numbers are taken when the input is left, as a person would.
  await input.blur();
  return value;
}

/**
 * Fill every required field and tick every check of step `index`, then press
 * "Complete step". Returns the values typed, by field id (lists: first record).
 * `choose` picks other options than the first, by "field" or "list.column" id;
 * `type` types other text than the sample, by the same ids; `keep` lists the
 * field ids whose value the app fills in (and a person would leave as it is).
 */
export async function completeStep(page, sop, index, { only = 'required', choose = {}, type = {}, keep = [] } = {}) {
  const step = sop.steps[index];
  const panel = stepPanel(page, index, sop.steps.length);
  await panel.waitFor();
  const typed = {};
  for (const check of step.checks ?? []) {
    await panel.getByLabel(check.label, { exact: true }).check();
  }
  for (const field of step.fields ?? []) {
    if (only === 'required' && !field.required) continue;
    if (field.kind.type === 'list') {
      // Records the run started with (the approvers the SOP requires) are
      // filled in; otherwise one record is added.
      const first = field.kind.fields[0];
      let count = 0;
      while (await panel.getByLabel(`${first.label}, record ${count + 1}`, { exact: true }).count()) count += 1;
      if (count === 0) {
        await panel.getByRole('button', { name: `Add to ${field.label}`, exact: true }).click();
        count = 1;
      }
      // Every column, so yes/no columns such as "verified" or "approved" are
      // answered; columns the app stamps itself, and choices already made
      // (an approver's role), are left alone.
      for (let n = 1; n <= count; n += 1) {
        for (const column of field.kind.fields) {
          if (column.stamp_version_of || column.stamp_name_from) continue;
          const id = `${field.id}.${column.id}`;
          if (keep.includes(id)) continue;
          const name = `${column.label}, record ${n}`;
          if (column.kind.type === 'single_choice' && (await panel.getByLabel(name, { exact: true }).inputValue())) continue;
          const value = await fillOne(panel, { ...column, inList: true }, name, ` ${n}`, choose[id], type[id]);
          if (n === 1) typed[id] = value;
        }
      }
    } else {
      if (keep.includes(field.id)) continue;
      typed[field.id] = await fillOne(panel, field, fieldLabel(field), '', choose[field.id], type[field.id]);
    }
  }
  await panel.getByRole('button', { name: 'Complete step', exact: true }).click();
  return typed;
}

/** Start a run of the SOP titled `title` from the catalogue; returns the run URL. */
export async function startRun(page, title) {
  await page.getByRole('button', { name: `Start run: ${title}` }).click();
  await page.getByRole('heading', { level: 2, name: /^Step 1 of/ }).waitFor();
  return page.url();
}

/** The activity log rows as text, newest first: every one, showing older changes as a person would. */
export async function activityRows(page) {
  const log = page.getByRole('region', { name: 'Activity log' });
  const older = log.getByRole('button', { name: 'Show older changes' });
  while (await older.count()) await older.click();
  return log.getByRole('table').locator('tbody tr').allInnerTexts();
}
