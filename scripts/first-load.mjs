#!/usr/bin/env node
// What a first visit downloads, read from a build's index.html: the HTML, every
// stylesheet, every script and module preload, the wasm it preloads, and every
// module those scripts import statically (followed transitively). Lazy chunks,
// the service worker, icons and the manifest are not part of it.
//
//   node scripts/first-load.mjs DIST [--public-url /runsheet/] [--budget BYTES]
//
// Prints raw and gzip bytes per file (gzip -9, what a static host serves) and the
// total; with --budget, exits 1 when the gzip total exceeds it. scripts/test runs
// it on the e2e build with the budget below; scripts/bench prints it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The first-load budget in gzip bytes (issue 14: at most 350 KB this round). */
export const BUDGET = 350_000;

/** Files of the first load, as paths relative to `dist`, in the order found. */
export function firstLoadFiles(dist, publicUrl = '/') {
  const files = ['index.html'];
  const html = readFileSync(join(dist, 'index.html'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const local = (url) => {
    if (/^[a-z]+:/i.test(url) || url.startsWith('//')) return null;
    const path = url.startsWith(publicUrl) ? url.slice(publicUrl.length) : url.replace(/^\.?\//, '');
    return posix.normalize(path);
  };
  const add = (path) => {
    if (path && !files.includes(path)) files.push(path);
  };
  for (const [tag] of html.matchAll(/<(?:link|script)\b[^>]*>/gi)) {
    const attr = (name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'))?.[1];
    if (tag.startsWith('<script')) add(local(attr('src') ?? ''));
    else if (/^(stylesheet|modulepreload|preload)$/i.test(attr('rel') ?? '')) add(local(attr('href') ?? ''));
  }
  // Static imports of every script, e.g. the start script imports the bindings,
  // which import the split loader (inline scripts too: trunk's default start-up).
  const importsOf = (code, from) => {
    for (const [, spec] of code.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm)) {
      if (spec.startsWith('.')) add(posix.normalize(posix.join(posix.dirname(from), spec)));
      else add(local(spec));
    }
  };
  for (const [, body] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)) importsOf(body, 'index.html');
  for (let i = 0; i < files.length; i += 1) {
    if (files[i].endsWith('.js')) importsOf(readFileSync(join(dist, files[i]), 'utf8'), files[i]);
  }
  return files.filter((f) => /\.(html|css|js|wasm)$/.test(f));
}

/** [{ file, raw, gzip }] plus the totals. */
export function measure(dist, publicUrl) {
  const rows = firstLoadFiles(dist, publicUrl).map((file) => {
    const path = join(dist, file);
    if (!existsSync(path)) throw new Error(`${file} is part of the first load but missing from ${dist}`);
    const bytes = readFileSync(path);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return { rows, total };
}

export function table({ rows, total }) {
  const line = (a, b, c) => `${a.padEnd(48)} ${String(b).padStart(10)} ${String(c).padStart(10)}`;
  return [line('file', 'raw B', 'gzip B'), ...rows.map((r) => line(r.file, r.raw, r.gzip)), line('first load', total.raw, total.gzip)].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const publicUrl = option('--public-url') ?? '/';
  const budget = option('--budget');
  const dist = args[0] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const result = measure(dist, publicUrl);
  console.log(table(result));
  if (budget !== undefined) {
    const limit = budget === 'default' ? BUDGET : Number(budget);
    if (result.total.gzip > limit) {
      console.error(`first-load budget exceeded: ${result.total.gzip} B gzip > ${limit} B`);
      process.exit(1);
    }
    console.log(`first-load budget: ${result.total.gzip} B gzip <= ${limit} B (ok)`);
  }
}
