// Lists of records a person can read, on screen and on paper. Both SOPs are
// filled with long words, long names and decimal figures in every list; then:
// - on screen at 1280, 1920 and 360 px, no word of any list (headings, labels,
//   cells) is broken or wider than its box, no input is narrower than its
//   value's longest word, and the page never scrolls sideways;
// - printed on A4 and Letter, every value typed into a list is found whole on
//   one line of the PDF's text (a name, a figure, a date; each word of a longer
//   text) — "31.2" above "5" or "Sandova" above "l" fails it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openApp } from './lib/app.mjs';
import { assertNoSideways } from './lib/checks.mjs';
import { startRun, stepPanel, template } from './lib/sop.mjs';

const WIDTHS = [1280, 1920, 360];

/** Long words, each used once per run, so a value found on one line is that value. */
const WORDS = [
  'Internationalisation', 'Featherstonehaugh', 'Reconciliation', 'Interoperability', 'Telecommunications',
  'Decarbonisation', 'Pharmaceuticals', 'Characteristics', 'Responsibilities', 'Instrumentation',
  'Misunderstanding', 'Transformational', 'Standardisation', 'Infrastructure', 'Implementations',
  'Recommendations', 'Electrification', 'Accountability', 'Comprehensively', 'Multidisciplinary',
];
const FIRST = ['Mira', 'Ines', 'Bartholomew', 'Oluwaseun', 'Guadalupe', 'Kristjana', 'Maximiliane', 'Thandiwe'];
const LAST = ['Sandoval', 'Okafor-Lindqvist', 'Featherstonehaugh', 'Vasquez-Montgomery', 'Szczepanski', 'Abernathy'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** What was typed, and the values a reader must find whole. */
function makeTyping() {
  let n = 0;
  const whole = [];
  const next = () => n++;
  const word = () => {
    const i = next();
    const base = WORDS[i % WORDS.length];
    const round = Math.floor(i / WORDS.length);
    // Reused words get a suffix of letters: still one long word, still unique.
    const w = round === 0 ? base : `${base}${LETTERS[round % 26]}${LETTERS[Math.floor(round / 26) % 26]}`;
    whole.push(w);
    return w;
  };
  const person = () => {
    const i = next();
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    return name;
  };
  const today = new Date();
  return {
    whole,
    value(column) {
      switch (column.kind.type) {
        case 'person': {
          const name = person();
          whole.push(name);
          return name;
        }
        case 'short_text': {
          if (column.id === 'unit') {
            whole.push('minutes');
            return 'minutes';
          }
          return `${word()} ${word()}`;
        }
        case 'long_text':
          return `The ${word()} of ${word()} took longer than planned`;
        case 'number': {
          const figure = `${31 + next()}.25`;
          whole.push(figure);
          return figure;
        }
        case 'date': {
          // Relative to today: rules compare dates with the (fixed) clock.
          const d = new Date(today.getTime() - (next() % 20) * 86_400_000);
          const iso = d.toISOString().slice(0, 10);
          whole.push(iso);
          return iso;
        }
        case 'url': {
          // A link is one word: one a phone's card can show whole.
          const url = `https://example.com/story-${next()}`;
          whole.push(url);
          return url;
        }
        default:
          return null;
      }
    },
  };
}

/** Opens step `index` from the step list; returns its panel. */
async function openStep(page, sop, index) {
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: new RegExp(`^${index + 1}\\.`) }).click();
  const panel = stepPanel(page, index, sop.steps.length);
  await panel.waitFor();
  return panel;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A list's table, named by its legend (which says when the list is required). */
const listTable = (panel, list) =>
  panel.getByRole('table', { name: new RegExp(`^${escape(list.label)}( \\(required\\))?$`) });

/** Fills one cell of a record; an input the app disables or a pick with nothing to offer is left alone. */
async function fillCell(panel, column, name, typing) {
  const kind = column.kind.type;
  if (kind === 'yes_no') {
    const yes = panel.getByRole('radiogroup', { name, exact: true }).getByLabel('Yes', { exact: true });
    if (!(await yes.isDisabled())) await yes.check();
    return;
  }
  if (kind === 'multiple_choice') {
    const group = panel.getByRole('group', { name, exact: true });
    const boxes = group.getByRole('checkbox');
    if ((await boxes.count()) && !(await boxes.first().isDisabled())) await boxes.first().check();
    return;
  }
  const input = panel.getByLabel(name, { exact: true });
  if (await input.isDisabled()) return;
  if (kind === 'pick') {
    await input.focus();
    const options = input.locator('option');
    await options.nth(1).waitFor({ state: 'attached', timeout: 2_000 }).catch(() => {});
    if ((await options.count()) > 1) await input.selectOption({ index: 1 });
    return;
  }
  if (kind === 'single_choice') {
    // The longest option: the widest a select has to be.
    const longest = [...column.kind.options].sort((a, b) => b.label.length - a.label.length)[0];
    await input.selectOption(longest.id);
    return;
  }
  const value = typing.value(column);
  if (value === null) return;
  await input.fill(value);
  await input.blur();
}

/**
 * Fills every list of the run: two new records each (approvers the run starts
 * with are filled instead), every column it may type into. `leave` names
 * cells to leave empty, as "list.column.record".
 */
async function fillLists(page, sop, typing, leave = []) {
  for (const [index, step] of sop.steps.entries()) {
    const lists = (step.fields ?? []).filter((f) => f.kind.type === 'list');
    if (!lists.length) continue;
    const panel = await openStep(page, sop, index);
    for (const list of lists) {
      let records = await listTable(panel, list).locator('tbody tr').count();
      if (records === 0) {
        for (let k = 0; k < 2; k += 1) await panel.getByRole('button', { name: `Add to ${list.label}`, exact: true }).click();
        records = 2;
      }
      for (let r = 1; r <= records; r += 1) {
        for (const column of list.kind.fields) {
          if (column.stamp_version_of || column.stamp_name_from) continue;
          if (leave.includes(`${list.id}.${column.id}.${r}`)) continue;
          await fillCell(panel, column, `${column.label}, record ${r}`, typing);
        }
      }
    }
  }
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
}

/**
 * On the page as it is: every word inside a list is on one line and inside its
 * box, every card's label fits, every input is as wide as its value's longest
 * word. Returns the problems found, in words.
 */
function measureLists(page, selector = '.list-field') {
  return page.evaluate((selector) => {
    const problems = [];
    const canvas = document.createElement('canvas').getContext('2d');
    const textWidth = (text, font) => {
      canvas.font = font;
      return canvas.measureText(text).width;
    };
    const longest = (text) => text.split(/\s+/).filter(Boolean).sort((a, b) => b.length - a.length)[0] ?? '';
    const hidden = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return true;
      }
      return false;
    };
    const boxOf = (el) => el.closest('td, th, dt, dd, legend, label, small, p, span, li') ?? el;
    for (const list of document.querySelectorAll(selector)) {
      const name = list.querySelector('legend, caption')?.textContent ?? list.getAttribute('aria-label') ?? selector;
      // Every word of every text: one line, within its box.
      const walker = document.createTreeWalker(list, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || hidden(el) || el.closest('option, select, button')) continue;
        const box = boxOf(el).getBoundingClientRect();
        for (const match of node.textContent.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          if (rects.length > 1) problems.push(`${name}: “${match[0]}” is broken over ${rects.length} lines`);
          const r = range.getBoundingClientRect();
          if (r.right > box.right + 1 || r.left < box.left - 1) {
            problems.push(`${name}: “${match[0]}” (${Math.round(r.width)} px) is wider than its box (${Math.round(box.width)} px)`);
          }
        }
      }
      // A card's label (drawn from data-label) fits its field.
      for (const cell of list.querySelectorAll('td[data-label]')) {
        const before = getComputedStyle(cell, '::before');
        if (before.content === 'none' || before.display === 'none' || hidden(cell)) continue;
        const word = longest(cell.dataset.label);
        const need = textWidth(word, before.font);
        if (need > cell.clientWidth + 1) problems.push(`${name}: the label “${word}” needs ${Math.round(need)} px in a ${cell.clientWidth} px field`);
      }
      // Inputs: as wide as their value's longest word.
      for (const input of list.querySelectorAll('input, select, textarea')) {
        if (hidden(input) || input.type === 'radio' || input.type === 'checkbox') continue;
        const style = getComputedStyle(input);
        const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        let text = input.value;
        let extra = 0;
        if (input.tagName === 'SELECT') {
          text = input.selectedOptions[0]?.textContent ?? '';
          extra = 16; // the arrow
        } else if (input.type === 'date') {
          text = '00/00/0000';
          extra = 20; // the calendar button
        }
        const word = longest(text);
        if (!word) continue;
        const need = textWidth(word, style.font) + extra;
        if (need > inner + 1) {
          problems.push(`${name}: ${input.getAttribute('aria-label') ?? input.id} shows “${word}” (${Math.round(need)} px) in ${Math.round(inner)} px`);
        }
      }
    }
    return problems;
  }, selector);
}

/** Measures every list of every step of the run at each width. */
async function measureEverywhere(page, sop) {
  const found = [];
  for (const [index, step] of sop.steps.entries()) {
    if (!(step.fields ?? []).some((f) => f.kind.type === 'list')) continue;
    await page.setViewportSize({ width: 1280, height: 900 });
    await openStep(page, sop, index);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      for (const problem of await measureLists(page)) found.push(`${width} px, step ${index + 1}: ${problem}`);
      await assertNoSideways(page, `${sop.title}, step ${index + 1} at ${width} px`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

/** The values not found whole on one line of the PDF's text. */
function brokenIn(text, values) {
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' '));
  return values.filter((v) => !lines.some((l) => l.includes(v)));
}

async function printBoth(app, name, values) {
  await app.page.getByRole('link', { name: 'Summary and print' }).click();
  await app.page.getByRole('heading', { level: 1 }).waitFor();
  for (const format of ['A4', 'Letter']) {
    const text = await app.pdfText(`${name}-${format}`, { format });
    const broken = brokenIn(text, values);
    assert.deepEqual(broken, [], `${format}: these values are not whole on one line of the printed ${name}`);
  }
}

test('the story SOP: every list reads whole on screen at three widths and on A4 and Letter', async (t) => {
  const story = template('customer-story-production');
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, story.title);
  const typing = makeTyping();
  // The Roles form names everyone; the first approver goes by that name.
  for (const role of story.roles) {
    const name = typing.value({ kind: { type: 'person' } });
    await page.getByLabel(role.name, { exact: true }).fill(name);
    await page.getByLabel(role.name, { exact: true }).blur();
  }
  await fillLists(page, story, typing, ['approvers.approver.1']);

  // The approver named on the Roles form says so, in its first cell and in its empty box.
  const approvals = story.steps.findIndex((s) => s.id === 'approvals');
  const panel = await openStep(page, story, approvals);
  const first = listTable(panel, { label: 'Approvers' }).locator('tbody tr').first();
  const header = await first.getByRole('rowheader').innerText();
  const roleOfFirst = story.steps[approvals].gates.find((g) => g.required_roles)?.required_roles[0];
  const named = await page.getByLabel(story.roles.find((r) => r.id === roleOfFirst).name, { exact: true }).inputValue();
  assert.match(header, new RegExp(`${named}[\\s\\S]*\\(from Roles\\)`), `the first approver reads as ${named}`);
  assert.equal(await panel.getByLabel('Approver, record 1', { exact: true }).getAttribute('placeholder'), `${named} (from Roles)`);
  await app.screenshot('tables-story-approvals-1280');

  const problems = await measureEverywhere(page, story);
  assert.deepEqual(problems, [], 'every list of the story fits its content');
  await printBoth(app, 'tables-story', typing.whole);
});

test('the reference program: every list reads whole on screen at three widths and on A4 and Letter', async (t) => {
  const program = template('customer-reference-program');
  const app = await openApp(t, '');
  const { page } = app;
  await startRun(page, program.title);
  const typing = makeTyping();
  await fillLists(page, program, typing);
  const problems = await measureEverywhere(page, program);
  // The directory of what was entered: its headers and cells, dates included, whole too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'References' }).click();
  await page.getByRole('table', { name: 'References' }).locator('tbody tr').first().waitFor();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    for (const problem of await measureLists(page, '.directory-table')) problems.push(`${width} px, directory: ${problem}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goBack();
  assert.deepEqual(problems, [], 'every list of the program, and its directory, fits its content');
  await printBoth(app, 'tables-program', typing.whole);
});
