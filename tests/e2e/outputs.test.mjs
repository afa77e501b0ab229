// What a visitor takes away from a run: the JSON record, importing it elsewhere,
// refusing a bad file without touching storage, and the printed summary.
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { OUTPUT_DIR, openApp } from './lib/app.mjs';
import { completeStep, startRun, stepPanel, template } from './lib/sop.mjs';

const story = template('customer-story-production');

/** A story run with two steps done, a role assigned and a note; returns what was typed. */
async function preparedRun(page) {
  await startRun(page, story.title);
  await page.getByLabel('Content owner', { exact: true }).fill('Dee Owner');
  await page.getByLabel('Content owner', { exact: true }).blur();
  const first = await completeStep(page, story, 0);
  const second = await completeStep(page, story, 1);
  const panel = stepPanel(page, 2, story.steps.length);
  await panel.getByLabel('Notes', { exact: true }).fill('Book the room <b>early</b> & confirm');
  await page.getByRole('status').filter({ hasText: /^Saved / }).first().waitFor();
  return { ...first, ...second };
}

async function downloadJson(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download JSON' }).first().click(),
  ]);
  await mkdir(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), path, json: JSON.parse(await readFile(path, 'utf8')) };
}

async function appStorage(page) {
  return page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      out[key] = localStorage.getItem(key);
    }
    return out;
  });
}

test('download the JSON, import it into a fresh browser and get the same run back', async (t) => {
  const app = await openApp(t, '');
  const typed = await preparedRun(app.page);
  const file = await downloadJson(app.page);

  assert.match(file.name, /^customer-story-production_customer-story-production-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.json$/);
  const { json } = file;
  assert.equal(json.format, 'runsheet-run');
  assert.equal(json.schema, 1);
  assert.equal(json.template.id, story.id);
  assert.equal(json.template.version, story.version);
  assert.equal(json.record_id, json.run.id);
  assert.match(json.fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(json.run.assignments['content-owner'], 'Dee Owner');
  assert.equal(json.run.steps[0].status.state, 'done');
  assert.equal(json.run.steps[1].status.state, 'done');
  assert.equal(json.run.steps[0].values.request.value, typed.request);
  assert.equal(json.run.steps[2].notes, 'Book the room <b>early</b> & confirm');
  assert.ok(json.run.activity.length > 10);
  assert.ok(json.run.activity.every((e) => /^[0-9a-f]{64}$/.test(e.hash)));

  // A second browser profile: empty storage.
  const other = await openApp(t, 'runs');
  await other.page.getByText('No runs yet.').waitFor();
  await other.page.getByLabel('Import a run or backup (JSON file)').setInputFiles(file.path);
  const preview = other.page.getByRole('region', { name: 'Import preview' });
  await preview.getByText(/holds 1 run/).waitFor();
  assert.match(await preview.innerText(), /new/);
  await preview.getByRole('button', { name: 'Apply import' }).click();
  await other.page.getByText('Imported 1 run.').waitFor();
  await other.page.getByRole('link', { name: json.run.title, exact: true }).click();
  const panel = stepPanel(other.page, 2, story.steps.length);
  await panel.waitFor();
  assert.equal(await panel.getByLabel('Notes', { exact: true }).inputValue(), 'Book the room <b>early</b> & confirm');
  assert.equal(await other.page.getByLabel('Content owner', { exact: true }).inputValue(), 'Dee Owner');

  // Exported again from the other browser, the run is identical.
  const again = await downloadJson(other.page);
  assert.deepEqual(again.json.run, json.run);
  assert.equal(again.json.fingerprint, json.fingerprint);

  // Importing the same file again offers the clash choice and keeps both.
  await other.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await other.page.getByLabel('Import a run or backup (JSON file)').setInputFiles(file.path);
  const clash = other.page.getByRole('region', { name: 'Import preview' });
  await clash.getByRole('group', { name: /A run with this id exists here/ }).getByLabel('Keep both').check();
  await clash.getByRole('button', { name: 'Apply import' }).click();
  await other.page.getByRole('link', { name: `${json.run.title} (imported)`, exact: true }).waitFor();
});

test('a malformed or altered file is explained and storage stays exactly as it was', async (t) => {
  const app = await openApp(t, '');
  await preparedRun(app.page);
  const file = await downloadJson(app.page);
  await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  const before = await appStorage(app.page);

  const cases = [
    ['not-json.json', '{ "format": "runsheet-run", ', /not valid JSON/],
    ['wrong-format.json', JSON.stringify({ hello: 'world' }), /not a Runsheet run or backup/],
    ['newer.json', JSON.stringify({ ...file.json, schema: 9 }), /newer version of Runsheet/],
    ['missing-field.json', JSON.stringify({ ...file.json, run: { ...file.json.run, title: undefined } }), /the entry “title” is missing/],
    ['wrong-type.json', JSON.stringify({ ...file.json, run: { ...file.json.run, steps: 'all done' } }), /its list of steps holds the text “all done” where a list belongs/],
  ];
  for (const [name, contents, message] of cases) {
    const path = join(OUTPUT_DIR, name);
    await writeFile(path, contents);
    await app.page.getByLabel('Import a run or backup (JSON file)').setInputFiles(path);
    const alert = app.page.getByRole('alert').filter({ hasText: name });
    await alert.waitFor();
    assert.match(await alert.innerText(), message);
    assert.match(await alert.innerText(), /Nothing was changed/);
    assert.deepEqual(await appStorage(app.page), before, `storage unchanged after ${name}`);
  }

  // Altered outside the app: recognised, still importable, marked.
  const altered = structuredClone(file.json);
  altered.run.steps[2].notes = 'Someone else wrote this';
  const path = join(OUTPUT_DIR, 'altered.json');
  await writeFile(path, JSON.stringify(altered));
  await app.page.getByLabel('Import a run or backup (JSON file)').setInputFiles(path);
  const preview = app.page.getByRole('region', { name: 'Import preview' });
  assert.match(await preview.innerText(), /Changed outside Runsheet: its content does not match its fingerprint/);
  await preview.getByLabel('Keep both').check();
  await preview.getByRole('button', { name: 'Apply import' }).click();
  await app.page.getByRole('link', { name: `${file.json.run.title} (imported)` }).click();
  await app.page.getByRole('note').filter({ hasText: 'changed outside Runsheet' }).waitFor();
});

test('the printed summary holds the run, every step and the recorded values, and no navigation', async (t) => {
  const app = await openApp(t, '');
  const typed = await preparedRun(app.page);
  await app.page.getByRole('link', { name: 'Summary and print' }).click();
  await app.page.getByRole('heading', { level: 1, name: /Customer Story Production —/ }).waitFor();
  const record = await app.page.locator('.summary-facts').innerText();
  // The activity log is printed only when asked for.
  await app.page.getByLabel('Include activity log').check();
  const text = await app.pdfText('summary-story');
  await app.screenshot('summary-story');

  assert.match(text, /Customer Story Production — \d{4}-\d{2}-\d{2}/);
  for (const step of story.steps) {
    assert.ok(text.replace(/\s+/g, ' ').includes(step.title), `step title “${step.title}” is printed`);
  }
  for (const [key, value] of Object.entries(typed)) {
    const firstWords = String(value).split(' ').slice(0, 2).join(' ');
    assert.ok(text.includes(firstWords), `value of ${key} (“${value}”) is printed`);
  }
  assert.match(text, /Dee Owner/);
  assert.match(text, /Book the room <b>early<\/b> & confirm/);
  assert.match(text, /Sign-off/);
  assert.match(text, /Activity log/);
  const id = record.match(/Record id\s+(\S+)/)[1];
  const fingerprint = record.match(/Fingerprint\s+(\S+)/)[1];
  assert.ok(text.includes(id) && text.includes(fingerprint), 'record id and fingerprint are printed');
  assert.match(text, /Page 1 of \d+/);
  for (const chrome of ['Print / Save as PDF', 'Copy as Markdown', 'Download JSON', 'Catalogue', 'Back to the run', 'All data stays']) {
    assert.ok(!text.includes(chrome), `“${chrome}” is not printed`);
  }

  // Leaving the activity log out.
  await app.page.getByLabel('Include activity log').uncheck();
  const short = await app.pdfText('summary-story-no-log');
  assert.ok(!short.includes('Activity log'));

  // Letter paper prints too.
  const letter = await app.pdfText('summary-story-letter', { format: 'Letter' });
  assert.match(letter, /Sign-off/);
});

test('copy as Markdown puts the same summary on the clipboard', async (t) => {
  const app = await openApp(t, '');
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.origin });
  await preparedRun(app.page);
  await app.page.getByRole('link', { name: 'Summary and print' }).click();
  await app.page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await app.page.getByText('Copied the summary as Markdown.').waitFor();
  const markdown = await app.page.evaluate(() => navigator.clipboard.readText());
  assert.match(markdown, /^# Customer Story Production — /);
  assert.match(markdown, /### 1\. .* — Done/);
  assert.match(markdown, /Book the room \\<b\\>early\\<\/b\\> & confirm/);
});
