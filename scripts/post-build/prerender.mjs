// Something to read before the wasm arrives: the page frame and the catalogue,
// written into index.html at build time from the same template files the app
// embeds (src/templates/, in the registry's order, newest version of each id).
// The markup mirrors src/ui/shell.rs and src/pages/catalogue.rs; the e2e test
// `the catalogue in the HTML is the one the app renders` compares the two.
//
// It is inert: no landmarks (the live app's <header>, <main>, <footer> are the
// landmarks), "Start run" is disabled until the app is running, and the app
// removes the whole block in the same task as it mounts, so the two never show
// together. 404.html (the answer to every deep link) gets the frame with a
// neutral "Loading…" instead, so a link to a run never shows the catalogue.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** The built-in templates as the catalogue lists them (see domain/catalogue.rs `newest_per_id`). */
export function catalogueTemplates(root) {
  const registry = readFileSync(join(root, 'src/domain/procedure/registry.rs'), 'utf8');
  const files = [...registry.matchAll(/include_str!\("\.\.\/\.\.\/templates\/([^"]+\.json)"\)/g)].map((m) => m[1]);
  if (files.length === 0) throw new Error('no include_str!(…templates/….json) found in src/domain/procedure/registry.rs');
  const latest = [];
  for (const file of files) {
    const t = JSON.parse(readFileSync(join(root, 'src/templates', file), 'utf8'));
    const at = latest.findIndex((l) => l.id === t.id);
    if (at < 0) latest.push(t);
    else if (latest[at].version < t.version) latest[at] = t;
  }
  return latest;
}

function card(t) {
  const roles = (t.roles ?? []).map((r) => r.name).join(', ');
  return (
    `<li class="card" aria-labelledby="sop-${escape(t.id)}">` +
    `<h2 id="sop-${escape(t.id)}">${escape(t.title)}</h2>` +
    `<p>${escape(t.summary ?? '')}</p>` +
    `<p class="meta">${t.steps.length} steps · version ${t.version}</p>` +
    `<p class="meta">Roles: ${escape(roles)}</p>` +
    `<button type="button" class="primary" disabled aria-label="Start run: ${escape(t.title)}">Start run</button>` +
    '</li>'
  );
}

function frame(content) {
  return [
    '<div id="boot" class="boot">',
    '<div class="site-header"><a class="brand" href="./">Runsheet</a>',
    '<ul class="boot-nav"><li><a href="./">Catalogue</a></li><li><a href="runs">Runs</a></li><li><a href="references">References</a></li></ul></div>',
    `<div class="boot-main">${content}</div>`,
    '<div class="site-footer"><p>All data stays in this browser: nothing is sent to a server.</p></div>',
    '</div>',
  ].join('\n');
}

/** The catalogue page as the app renders it (src/pages/catalogue.rs), inert. */
export function catalogueMarkup(templates) {
  return frame(
    '<section class="page"><h1>Catalogue</h1>' +
      '<p class="lead">Pick a standard operating procedure and start a run. ' +
      'Each run keeps its own record of every check, value and decision.</p>' +
      `<ul class="cards">${templates.map(card).join('')}</ul></section>`,
  );
}

/** What a deep link shows until the app has started: no page pretends to be the one asked for. */
export function loadingMarkup() {
  return frame('<p class="boot-loading" role="status">Loading Runsheet…</p>');
}

/** Put `markup` as the first thing in <body>. */
export function intoBody(html, markup) {
  const at = html.search(/<body[^>]*>/i);
  if (at < 0) throw new Error('index.html has no <body>');
  const end = html.indexOf('>', at) + 1;
  return `${html.slice(0, end)}\n${markup}\n${html.slice(end)}`;
}
