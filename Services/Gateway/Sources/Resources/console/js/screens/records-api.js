// The records routes the console calls, in one place: the gateway's paths (openapi.yaml, tag records) and the shape
// of its list answers. Lists page by cursor (`cursor` → `nextCursor`, `total` the true count); `cursorPages` turns
// that into the page numbers the console's tables show.
import { api } from "../core/api.js";

const id = (value) => encodeURIComponent(value);

export const records = {
  customers: (query) => api.get("/v1/customers", query),
  customer: (customerId) => api.get(`/v1/customers/${id(customerId)}`),
  createCustomer: (body, options) => api.post("/v1/customers", body, options),
  updateCustomer: (customerId, body, options) => api.patch(`/v1/customers/${id(customerId)}`, body, options),

  instruments: (customerId, query) => api.get(`/v1/customers/${id(customerId)}/instruments`, query),
  createInstrument: (customerId, body, options) => api.post(`/v1/customers/${id(customerId)}/instruments`, body, options),
  updateInstrument: (instrumentId, body, options) => api.patch(`/v1/instruments/${id(instrumentId)}`, body, options),
  importInstruments: (customerId, body, options) => api.post(`/v1/customers/${id(customerId)}/instruments/import`, body, options),

  commissions: (query) => api.get("/v1/commissions", query),
  commission: (commissionId) => api.get(`/v1/commissions/${id(commissionId)}`),
  createCommission: (body, options) => api.post("/v1/commissions", body, options),
  acceptCommission: (commissionId, body, options) => api.post(`/v1/commissions/${id(commissionId)}/accept`, body, options),
  refuseCommission: (commissionId, body, options) => api.post(`/v1/commissions/${id(commissionId)}/refuse`, body, options),

  tasks: (query) => api.get("/v1/tasks", query),
  task: (taskId) => api.get(`/v1/tasks/${id(taskId)}`),
};

/**
 * A `load({ page, pageSize })` for pagedTable over a cursor-paged list: page n is fetched with the cursor page n − 1
 * answered. The table moves one page at a time, so the cursor of every page it can ask for is known; page 1 starts
 * afresh (after a filter changed) and forgets the rest. `fetch({ cursor, pageSize })` → { rows, total, nextCursor }.
 */
export function cursorPages(fetch) {
  let cursors = [""];
  return async ({ page, pageSize }) => {
    if (page <= 1) cursors = [""];
    const index = Math.min(page, cursors.length) - 1;
    const answer = await fetch({ cursor: cursors[index] || undefined, pageSize });
    if (answer.nextCursor) cursors[index + 1] = answer.nextCursor;
    return { rows: answer.rows, total: answer.total };
  };
}
