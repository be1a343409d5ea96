// The app's service worker (scope /m/): it caches the app shell at install so the app opens and works without a
// network. Shell files are answered network-first (a phone online always gets the current app, as the gateway
// sends them no-cache) and from the cache when the network fails. The API (/v1/…) is never cached here: the app
// keeps what it needs offline in IndexedDB itself, per person and task.
// Bump VERSION with every change of the shell list.
const VERSION = "metrology-mobile-v1";
const SHELL = [
  "/m/",
  "/m/index.html",
  "/m/manifest.webmanifest",
  "/m/css/app.css",
  "/m/icons/icon-192.png",
  "/m/icons/icon-512.png",
  "/m/js/core/api.js",
  "/m/js/core/bytes.js",
  "/m/js/core/db.js",
  "/m/js/core/device.js",
  "/m/js/core/dom.js",
  "/m/js/core/outbox.js",
  "/m/js/core/plan.js",
  "/m/js/core/session.js",
  "/m/js/core/webauthn.js",
  "/m/js/main.js",
  "/m/js/screens/approval.js",
  "/m/js/screens/approvals.js",
  "/m/js/screens/login.js",
  "/m/js/screens/me.js",
  "/m/js/screens/regulations.js",
  "/m/js/screens/review.js",
  "/m/js/screens/reviews.js",
  "/m/js/screens/task.js",
  "/m/js/screens/tasks.js",
  "/m/js/ui/common.js",
  "/m/js/ui/record.js",
  "/m/js/ui/sign.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== VERSION) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith("/m/")) return;
  event.respondWith((async () => {
    const cache = await caches.open(VERSION);
    try {
      const response = await fetch(event.request);
      if (response.ok) cache.put(event.request, response.clone());
      return response;
    } catch (error) {
      const cached = (await cache.match(event.request, { ignoreSearch: true }))
        || (event.request.mode === "navigate" ? await cache.match("/m/") : undefined);
      if (cached) return cached;
      throw error;
    }
  })());
});
