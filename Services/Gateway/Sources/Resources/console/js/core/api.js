// The console's only way to reach the gateway: JSON in and out, the session's bearer token, an Idempotency-Key on
// every write (so a retried click or a network retry is applied once), problem documents turned into ApiError.
import { session } from "./session.js";

/** A refused or failed call: `code` is the gateway's stable reason, `title` the Chinese message for people,
 *  `fields` the details (for a 400, `fields.field` names the input that is wrong). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = problem.code || `HTTP_${status}`;
    this.title = this.message;
    this.fields = problem.fields || {};
    this.traceId = problem.traceId;
    // The whole answer, for the few refusals that are not problem documents (a template import refused by its
    // bookmark check is a 422 carrying the issues found).
    this.body = problem;
  }
  /** The input this error is about, if the service said. */
  get field() { return this.fields.field; }
}

export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method, path, { query, body, idempotencyKey, raw = false } = {}, retried = false) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (session.accessToken) headers.Authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["Idempotency-Key"] = idempotencyKey || newIdempotencyKey();
  let response;
  try {
    response = await fetch(withQuery(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, { code: "NETWORK_UNREACHABLE", title: "无法连接到服务器，请检查网络后重试" });
  }
  // An expired access token is renewed once with the refresh token; the same call (same idempotency key) then retries.
  if (response.status === 401 && !retried && session.refreshToken && path !== "/v1/auth/refresh") {
    if (await session.refresh(refreshTokens)) {
      return send(method, path, { query, body, idempotencyKey: headers["Idempotency-Key"], raw }, true);
    }
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not a problem document */ }
    const error = new ApiError(response.status, problem);
    // A refused sign-in is the form's business; a 401 with a session means the session is over.
    if (response.status === 401 && headers.Authorization) session.expired(error);
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : response.text();
}

async function refreshTokens(refreshToken) {
  return send("POST", "/v1/auth/refresh", { body: { refreshToken } }, true);
}

export const api = {
  get: (path, query) => send("GET", path, { query }),
  post: (path, body = {}, options = {}) => send("POST", path, { body, ...options }),
  put: (path, body = {}, options = {}) => send("PUT", path, { body, ...options }),
  patch: (path, body = {}, options = {}) => send("PATCH", path, { body, ...options }),
  delete: (path, options = {}) => send("DELETE", path, options),
  /** A file download (templates, regulations): the response itself, for its blob and headers. */
  download: (path) => send("GET", path, { raw: true }),
  /** Trades the refresh token for new tokens now (after a forced password change the new access token no longer
   *  carries the "must change password" claim); false when identity refused the refresh token. */
  refreshSession: () => session.refresh(refreshTokens),
};
