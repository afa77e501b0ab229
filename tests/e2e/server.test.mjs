// The test server itself must behave like GitHub Pages, or the e2e tests prove nothing.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { startServer } from './lib/server.mjs';

test('the static server serves dist/ under /runsheet/ like GitHub Pages', async (t) => {
  const dist = await mkdtemp(join(tmpdir(), 'runsheet-e2e-dist-'));
  t.after(() => rm(dist, { recursive: true, force: true }));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>index</title>');
  await writeFile(join(dist, '404.html'), '<!doctype html><title>fallback</title>');
  await writeFile(join(dist, 'app-1234.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  await writeFile(join(dist, 'app-1234.js'), 'export default 1;');
  await mkdir(join(dist, 'docs'));
  await writeFile(join(dist, 'docs', 'index.html'), '<!doctype html><title>docs</title>');

  const server = await startServer({ distDir: dist });
  t.after(() => server.close());
  const get = (path) => fetch(server.origin + path, { redirect: 'manual' });

  let r = await get('/runsheet/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(await r.text(), /<title>index/);

  r = await get('/runsheet/app-1234.wasm');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/wasm');

  r = await get('/runsheet/app-1234.js');
  assert.match(r.headers.get('content-type'), /^text\/javascript/);

  r = await get('/runsheet/runs/42?tab=steps');
  assert.equal(r.status, 404);
  assert.match(await r.text(), /<title>fallback/);

  r = await get('/runsheet');
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/runsheet/');

  r = await get('/runsheet/docs');
  assert.equal(r.status, 301);
  r = await get('/runsheet/docs/');
  assert.match(await r.text(), /<title>docs/);

  r = await get('/index.html');
  assert.equal(r.status, 404);
  assert.doesNotMatch(await r.text(), /<title>/);

  r = await get('/runsheet/%2e%2e/%2e%2e/etc/passwd');
  assert.equal(r.status, 404);
  assert.doesNotMatch(await r.text(), /root:/);
});
