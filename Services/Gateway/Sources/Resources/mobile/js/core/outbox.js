// Values typed on the phone go to IndexedDB first and to the server second (POST /v1/tasks/{id}/offline-batches),
// so nothing typed is lost to a dead network, a reload or a closed app. Each capture has a client id made when it was
// typed; the server applies each client id once, so a batch resent after a lost answer changes nothing twice.
// Batches go in typing order, one task at a time; a value the server refuses (conflict, invalid) leaves the outbox
// for the conflict list, shown beside the cell with the server's message.
import { api } from "./api.js";
import { uuid } from "./bytes.js";
import { db } from "./db.js";
import { session } from "./session.js";

const running = new Map();
const listeners = new Set();

export const outbox = {
  /** Stores one capture; answers the stored entry. `baseRevision`: the record revision the tester saw. */
  async add(taskId, cell, value, { baseRevision = 0, reason = "" } = {}) {
    const entry = { taskId, userId: session.user?.id || "", clientId: uuid(), cell: { itemCode: cell.itemCode, point: cell.point || 0, run: cell.run || 0 }, value,
      capturedAt: new Date().toISOString(), baseRevision, reason };
    entry.seq = await db.put("outbox", entry);
    notify(taskId);
    return entry;
  },

  /** The signed-in person's captures for the task, in typing order. Another person's stay on the phone until they
   *  sign in again (the server takes values only from the task's tester). */
  async pending(taskId) {
    return (await db.byTask("outbox", taskId)).filter(mine).sort((a, b) => a.seq - b.seq);
  },

  async conflicts(taskId) { return (await db.byTask("conflicts", taskId)).filter(mine); },
  async dismiss(clientId) { await db.delete("conflicts", clientId); },

  /** Sends what waits for the task; answers the batch result, or null when nothing was sent (empty, offline). */
  sync(taskId) {
    if (!running.has(taskId)) {
      running.set(taskId, send(taskId).finally(() => running.delete(taskId)));
    }
    return running.get(taskId);
  },

  /** Every task with something waiting (on start and when the network returns). */
  async syncAll() {
    const tasks = new Set((await db.all("outbox")).filter(mine).map((e) => e.taskId));
    for (const taskId of tasks) {
      try { await this.sync(taskId); } catch { /* shown when the task is opened */ }
    }
  },

  onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); },
};

const mine = (entry) => !entry.userId || entry.userId === session.user?.id;

function notify(taskId, result) {
  for (const listener of listeners) listener(taskId, result);
}

async function send(taskId) {
  const entries = await outbox.pending(taskId);
  if (!entries.length) return null;
  let result;
  try {
    result = await api.post(`/v1/tasks/${encodeURIComponent(taskId)}/offline-batches`, {
      values: entries.map((e) => ({ clientId: e.clientId, cell: e.cell, value: e.value, capturedAt: e.capturedAt,
        baseRevision: e.baseRevision, ...(e.reason ? { reason: e.reason } : {}) })),
    });
  } catch (error) {
    if (error.offline) return null;
    throw error;
  }
  const sent = new Map(entries.map((e) => [e.clientId, e]));
  for (const outcome of result.outcomes || []) {
    const entry = sent.get(outcome.clientId);
    if (!entry) continue;
    if (outcome.outcome === "conflict" || outcome.outcome === "invalid") {
      await db.put("conflicts", { ...entry, outcome: outcome.outcome, reason: outcome.reason, message: outcome.message });
    }
    await db.delete("outbox", entry.seq);
  }
  // What was typed while this batch travelled was typed on a screen that already showed the batch's values: it is
  // based on the record after them.
  for (const later of await outbox.pending(taskId)) {
    await db.put("outbox", { ...later, baseRevision: result.revision });
  }
  notify(taskId, result);
  return result;
}
