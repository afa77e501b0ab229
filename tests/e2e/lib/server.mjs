// A small static server that serves the built app the way GitHub Pages serves a
// project site: every file of dist/ under one path prefix (`/runsheet/`), files by
// path, a folder by its index.html, and any unknown path under the prefix gets
// dist/404.html with status 404 (that is what makes deep links work there).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Where the release build for the e2e tests lives (scripts/test builds it). */
export const DIST_DIR = resolve(
  process.env.RUNSHEET_E2E_DIST ?? join(here, '..', '..', '..', 'target', 'e2e-dist'),
);

/** The sub-path the app is served under, as on https://org.github.io/runsheet/. */
export const PREFIX = '/runsheet/';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function fileAt(path) {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) {
      const index = join(path, 'index.html');
      if ((await stat(index)).isFile()) return index;
    }
  } catch {
    // missing: fall through
  }
  return null;
}

/**
 * Start the server on 127.0.0.1 and a free port chosen by the OS.
 * Resolves to { origin, url(path), requests, setDistDir(dir), close() };
 * `requests` lists every request the server saw as { method, path, status };
 * `setDistDir` serves another build from then on, as a new deployment would.
 */
export async function startServer({ distDir = DIST_DIR, prefix = PREFIX } = {}) {
  let root = resolve(distDir);
  if (!(await fileAt(join(root, 'index.html')))) {
    throw new Error(
      `no build in ${root}: run scripts/test (or trunk build --release --public-url ${prefix} --dist ${root})`,
    );
  }
  const requests = [];

  const server = createServer(async (req, res) => {
    const send = (status, body, type, extra = {}) => {
      requests.push({ method: req.method, path: req.url, status });
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'method not allowed\n', MIME['.txt'], { Allow: 'GET, HEAD' });
    }

    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request\n', MIME['.txt']);
    }

    // GitHub Pages redirects the bare project path to the one with a slash.
    if (pathname === prefix.slice(0, -1)) {
      return send(301, '', MIME['.txt'], { Location: prefix });
    }
    // Nothing exists outside the project's prefix.
    if (!pathname.startsWith(prefix)) {
      return send(404, 'not found (outside the project prefix)\n', MIME['.txt']);
    }

    const relative = pathname.slice(prefix.length);
    const candidate = resolve(root, '.' + sep + relative);
    if (candidate !== root && !candidate.startsWith(root + sep)) {
      return send(404, 'not found\n', MIME['.txt']);
    }

    // A folder without a trailing slash is redirected, as GitHub Pages does.
    const found = await fileAt(candidate);
    if (found && found !== candidate && !pathname.endsWith('/')) {
      return send(301, '', MIME['.txt'], { Location: pathname + '/' });
    }
    if (found) {
      const body = await readFile(found);
      return send(200, body, MIME[extname(found).toLowerCase()] ?? 'application/octet-stream');
    }

    const notFound = await fileAt(join(root, '404.html'));
    if (notFound) {
      return send(404, await readFile(notFound), MIME['.html']);
    }
    return send(404, 'not found\n', MIME['.txt']);
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    prefix,
    requests,
    setDistDir: (dir) => {
      root = resolve(dir);
    },
    /** Absolute URL of a path relative to the prefix: url('runs') -> http://127.0.0.1:N/runsheet/runs */
    url: (path = '') => origin + prefix + String(path).replace(/^\//, ''),
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
