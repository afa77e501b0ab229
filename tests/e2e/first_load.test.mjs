// The first-load budget (scripts/first-load.mjs, run by scripts/test on the
// release build): what counts as the first load, and that exceeding the budget fails.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

import { BUDGET, firstLoadFiles, measure } from '../../scripts/first-load.mjs';
import { DIST_DIR } from './lib/server.mjs';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/first-load.mjs', import.meta.url));

test('the first load is the HTML, its styles and scripts, their static imports and the preloaded wasm', async (t) => {
  const dist = await mkdtemp(join(tmpdir(), 'runsheet-first-load-'));
  t.after(() => rm(dist, { recursive: true, force: true }));
  await mkdir(join(dist, 'app-1'));
  await writeFile(
    join(dist, 'index.html'),
    '<!-- <script src="/p/commented.js"></script> --><link rel="stylesheet" href="/p/a.css">' +
      '<script type="module" src="/p/start.js"></script><link rel="preload" href="/p/app-1/m_bg.wasm" as="fetch">' +
      '<link rel="icon" href="favicon.svg"><link rel="manifest" href="manifest.webmanifest">',
  );
  await writeFile(join(dist, 'a.css'), 'body{}');
  await writeFile(join(dist, 'start.js'), "import init from '/p/app-1/m.js';\nawait init();\n");
  await writeFile(join(dist, 'app-1', 'm.js'), 'import * as split from "./split.js"\nexport default () => split;\n');
  await writeFile(join(dist, 'app-1', 'split.js'), 'export const x = 1;\n');
  await writeFile(join(dist, 'app-1', 'm_bg.wasm'), Buffer.alloc(1000, 7));
  await writeFile(join(dist, 'app-1', 'chunk_1.wasm'), Buffer.alloc(1000, 9));
  assert.deepEqual(firstLoadFiles(dist, '/p/'), ['index.html', 'a.css', 'start.js', 'app-1/m_bg.wasm', 'app-1/m.js', 'app-1/split.js']);

  const { total } = measure(dist, '/p/');
  const under = await run(process.execPath, [script, dist, '--public-url', '/p/', '--budget', String(total.gzip)]);
  assert.match(under.stdout, /budget: \d+ B gzip <= \d+ B \(ok\)/);
  await assert.rejects(
    run(process.execPath, [script, dist, '--public-url', '/p/', '--budget', String(total.gzip - 1)]),
    (error) => error.code === 1 && /first-load budget exceeded/.test(error.stderr),
  );
});

/** The release build scripts/test measures the budget on (the e2e build keeps debug assertions, which cost bytes). */
const RELEASE_DIST = process.env.RUNSHEET_RELEASE_DIST;

test("the e2e build's first load is the first route's module and no lazy chunk", () => {
  const { rows } = measure(DIST_DIR, '/runsheet/');
  assert.ok(rows.some((r) => r.file.endsWith('_bg.wasm')), 'the wasm is part of the first load');
  assert.ok(!rows.some((r) => /chunk_|split___/.test(r.file)), 'no lazy chunk is part of the first load');
});

test(`the release build's first load is within the budget (${BUDGET} B gzip)`, { skip: !process.env.CI && !RELEASE_DIST && 'RUNSHEET_RELEASE_DIST is not set (scripts/test sets it)' }, () => {
  assert.ok(RELEASE_DIST, 'RUNSHEET_RELEASE_DIST names the release build');
  const { rows, total } = measure(RELEASE_DIST, '/runsheet/');
  assert.ok(rows.some((r) => r.file.endsWith('_bg.wasm')), 'the wasm is part of the first load');
  assert.ok(!rows.some((r) => /chunk_|split___/.test(r.file)), 'no lazy chunk is part of the first load');
  assert.ok(total.gzip <= BUDGET, `${total.gzip} B gzip > ${BUDGET} B`);
});
