// Runsheet's service worker (the build prepends VERSION and ASSETS; see
// scripts/post-build/offline.mjs). What it promises:
//
// - Offline after the first visit: installing caches every file of this build
//   (the app shell, every hashed asset, the manifest and icons), and every
//   request under the app's scope is answered from that cache first.
// - One version at a time: the cache is named by the build's VERSION, and a
//   page is only ever served from one cache, so old HTML never meets new wasm.
// - Updates wait for the person: a new build installs beside the old one and
//   waits; the page offers "reload", which asks this worker to take over
//   ('skip-waiting'), and reloads once it has. Caches of other builds of this
//   scope are deleted when the new one takes over; other apps' caches on the
//   same origin (a GitHub Pages user site) are never touched.
/* global VERSION, ASSETS */
const SCOPE = new URL(self.registration.scope);
const PREFIX = `runsheet:${SCOPE.pathname}:`;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // cache: 'reload' skips the HTTP cache, so the files are this build's.
      cache.addAll(ASSETS.map((path) => new Request(new URL(path, SCOPE), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

/** The cached copy of one of this build's files, by its path under the scope. */
async function cached(path) {
  const cache = await caches.open(CACHE);
  return cache.match(new URL(path, SCOPE));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const path = url.pathname.slice(SCOPE.pathname.length);
  if (request.mode === 'navigate') {
    // The catalogue for the app's root, the neutral start page for any deep
    // link (as GitHub Pages answers them with 404.html); the app routes itself.
    const page = path === '' || path === 'index.html' ? 'index.html' : '404.html';
    event.respondWith(cached(page).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (!ASSETS.includes(path)) return;
  event.respondWith(cached(path).then((hit) => hit ?? fetch(request)));
});
