#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml). Runs in the project root with
// TRUNK_STAGING_DIR (the finished build, before trunk moves it to dist/) and
// TRUNK_PUBLIC_URL (e.g. "/" or "/runsheet/") in the environment.
//
// 1. Content-Security-Policy: trunk writes its start-up code as an inline
//    <script type="module">, which `script-src 'self'` forbids. Move every inline
//    script into its own content-hashed file next to index.html and load it with
//    <script src> (plus a subresource-integrity hash), so no 'unsafe-inline' is needed.
// 2. GitHub Pages has no rewrite rules: a reload of a deep link such as
//    /<repo>/runs is answered with 404.html. Copy index.html to 404.html so that
//    answer is the app itself, which then routes on the real URL.
//
// Before those, and after:
// 0. Lazy loading (post-build/split.mjs): replace trunk's single wasm module with
//    the one wasm-split cuts from cargo's output: the first route's module plus
//    on-demand chunks, in one folder `app-<hash>/`.
// 3. Something to read before the wasm arrives (post-build/prerender.mjs): the
//    catalogue in index.html, a neutral "Loading…" in 404.html.
// 4. Offline (post-build/offline.mjs): sw.js, the service worker that caches
//    every file of this build, written last so it lists them all.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeServiceWorker } from './post-build/offline.mjs';
import { catalogueMarkup, catalogueTemplates, intoBody, loadingMarkup } from './post-build/prerender.mjs';
import { splitWasm } from './post-build/split.mjs';

function fail(message) {
  console.error(`trunk-post-build: ${message}`);
  process.exit(1);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail('TRUNK_STAGING_DIR is not set (this script is run by trunk as a post_build hook)');
let publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
if (!publicUrl.endsWith('/')) publicUrl += '/';

const indexPath = join(staging, 'index.html');
if (!existsSync(indexPath)) fail(`${indexPath} does not exist`);
let html = readFileSync(indexPath, 'utf8');

if (!/<meta\s[^>]*http-equiv\s*=\s*["']?Content-Security-Policy/i.test(html)) {
  fail('index.html has no Content-Security-Policy <meta>; refusing to publish without one');
}

/**
 * The folder of target/wasm32-unknown-unknown/ that holds the module cargo just
 * built. Trunk tells a hook only "release" or "debug" (TRUNK_PROFILE), so another
 * cargo profile (scripts/test builds the e2e one) must be named through
 * TRUNK_BUILD_CARGO_PROFILE, trunk's own variable for --cargo-profile (the flag
 * alone, or a data-cargo-profile in index.html, would leave this hook splitting
 * the release profile's module).
 */
function cargoProfileDir(release) {
  const profile = process.env.TRUNK_BUILD_CARGO_PROFILE || (release ? 'release' : 'dev');
  // Cargo writes the dev profile to debug/ and every other profile to a folder of its name.
  return profile === 'dev' ? 'debug' : profile;
}

const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

// --- 0. lazy loading: the split module replaces trunk's -----------------------
const BIN = 'runsheet';
const trunkJs = html.match(new RegExp(`${BIN}-[0-9a-f]+\\.js`))?.[0];
if (!trunkJs) fail(`index.html loads no ${BIN}-<hash>.js (trunk's wasm-bindgen output)`);
const trunkWasm = trunkJs.replace(/\.js$/, '_bg.wasm');
let split;
try {
  const targetDir = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { encoding: 'utf8' }),
  ).target_directory;
  const release = process.env.TRUNK_PROFILE === 'release';
  split = splitWasm({ staging, bin: BIN, profile: cargoProfileDir(release), targetDir, optimise: release });
} catch (error) {
  fail(error.message);
}
rmSync(join(staging, trunkJs), { force: true });
rmSync(join(staging, trunkWasm), { force: true });
// Trunk's preload links name its own files; the split module gets its own.
html = html.replace(/<link rel="(?:modulepreload|preload)" href="[^"]*" [^>]*>/g, '');
html = html.replaceAll(`${publicUrl}${trunkJs}`, `${publicUrl}${split.js}`);
html = html.replaceAll(`${publicUrl}${trunkWasm}`, `${publicUrl}${split.wasm}`);
const preloads =
  `<link rel="modulepreload" href="${publicUrl}${split.js}" crossorigin="anonymous" integrity="${sri(readFileSync(join(staging, split.js)))}">` +
  `<link rel="modulepreload" href="${publicUrl}${split.dir}/__wasm_split.js" crossorigin="anonymous" integrity="${sri(readFileSync(join(staging, split.dir, '__wasm_split.js')))}">` +
  `<link rel="preload" href="${publicUrl}${split.wasm}" crossorigin="anonymous" integrity="${sri(readFileSync(join(staging, split.wasm)))}" as="fetch" type="application/wasm">`;
html = html.replace(/<\/head>/i, `${preloads}</head>`);

// Script types that the browser executes (and CSP therefore governs).
const EXECUTABLE = new Set(['', 'module', 'text/javascript', 'application/javascript']);
const attr = (attrs, name) => {
  const m = attrs.match(new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
};

// Work on the markup outside <!-- comments --> only: a comment may mention "<script>".
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const outsideComments = (text, edit) =>
  text
    .split(/(<!--[\s\S]*?-->)/)
    .map((part, i) => (i % 2 === 1 ? part : edit(part)))
    .join('');
const withoutComments = (text) => text.replace(/<!--[\s\S]*?-->/g, '');

let moved = 0;
html = outsideComments(html, (part) => part.replace(SCRIPT, (whole, attrs, body) => {
  if (attr(attrs, 'src') !== null) return whole;
  const type = (attr(attrs, 'type') ?? '').trim().toLowerCase();
  if (!EXECUTABLE.has(type)) return whole;
  if (body.trim() === '') return whole;
  if (body.includes('{{__TRUNK_')) {
    // Trunk's live-reload script: its placeholders are filled in by `trunk serve`
    // inside index.html only, so it cannot live in a file. Trunk.toml disables it.
    console.warn(
      'trunk-post-build: leaving trunk\'s inline live-reload script in place; the CSP will block it ' +
        '(run without autoreload: scripts/serve, or `trunk serve --no-autoreload`)',
    );
    return whole;
  }
  const code = body.replace(/^\s*\n/, '');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = `start-${hash}.js`;
  writeFileSync(join(staging, file), code);
  const integrity = sri(code);
  const kept = attrs.replace(/\s+$/, '');
  moved += 1;
  return `<script${kept} src="${publicUrl}${file}" integrity="${integrity}"></script>`;
}));

// Anything executable still inline would be blocked by the CSP: fail the build instead.
const markup = withoutComments(html);
const leftovers = [...markup.matchAll(SCRIPT)].filter(
  ([, attrs, body]) =>
    attr(attrs, 'src') === null &&
    EXECUTABLE.has((attr(attrs, 'type') ?? '').trim().toLowerCase()) &&
    body.trim() !== '' &&
    !body.includes('{{__TRUNK_'),
);
if (leftovers.length > 0) fail(`${leftovers.length} inline script(s) remain in index.html`);
if (/<[^>]*\son[a-z]+\s*=/i.test(markup.replace(SCRIPT, ''))) {
  fail('index.html has an inline event handler attribute (on...=), which the CSP blocks');
}

// --- 3. something to read before the wasm arrives -------------------------------
let templates;
try {
  templates = catalogueTemplates(process.env.TRUNK_SOURCE_DIR || process.cwd());
} catch (error) {
  fail(`prerendering the catalogue: ${error.message}`);
}
writeFileSync(indexPath, intoBody(html, catalogueMarkup(templates)));
writeFileSync(join(staging, '404.html'), intoBody(html, loadingMarkup()));

// --- 4. offline: the service worker lists every file written above ------------
const { version, assets } = writeServiceWorker(staging);
console.log(
  `trunk-post-build: split the wasm into ${split.parts.length} files in ${split.dir}/; ` +
    `moved ${moved} inline script(s) into files; prerendered the catalogue (${templates.length} SOPs); ` +
    `wrote 404.html and sw.js (build ${version}, ${assets.length} files cached; public URL ${publicUrl})`,
);
