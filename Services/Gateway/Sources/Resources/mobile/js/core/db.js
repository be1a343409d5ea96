// The app's IndexedDB: what must survive a reload, closing the app and a phone without network.
//   device   — the device identity: a non-extractable ECDSA P-256 key pair (CryptoKey objects are stored as they
//              are: structured clone keeps them non-extractable) and the random registration key made at install.
//   outbox   — values typed and not yet confirmed by the server, in the order typed (auto-increment key).
//   conflicts — values the server refused on sync, with its reason, until the tester has seen and re-entered them.
//   cache    — the last answers of GETs the entry screen needs offline (task, procedure version), by path.
const NAME = "metrology-mobile";
const VERSION = 1;
let opened = null;

function open() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("device")) db.createObjectStore("device");
        if (!db.objectStoreNames.contains("outbox")) {
          const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
          outbox.createIndex("task", "taskId");
        }
        if (!db.objectStoreNames.contains("conflicts")) {
          const conflicts = db.createObjectStore("conflicts", { keyPath: "clientId" });
          conflicts.createIndex("task", "taskId");
        }
        if (!db.objectStoreNames.contains("cache")) db.createObjectStore("cache");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opened;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name, mode = "readonly") {
  return (await open()).transaction(name, mode).objectStore(name);
}

export const db = {
  get: async (name, key) => done((await store(name)).get(key)),
  put: async (name, value, key) => done((await store(name, "readwrite")).put(value, key)),
  delete: async (name, key) => done((await store(name, "readwrite")).delete(key)),
  byTask: async (name, taskId) => done((await store(name)).index("task").getAll(taskId)),
  all: async (name) => done((await store(name)).getAll()),
};
