// The app's only way to reach the gateway: JSON in and out, the bearer token and the session's device (X-Device-Id),
// an Idempotency-Key on every write, problem documents turned into ApiError. A call that cannot reach the server
// is ApiError code NETWORK_UNREACHABLE (status 0): the callers that work offline look for it.
import { db } from "./db.js";
import { uuid } from "./bytes.js";
import { session } from "./session.js";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = problem.code || `HTTP_${status}`;
    this.title = this.message;
    this.fields = problem.fields || {};
    this.body = problem;
  }
  get offline() { return this.status === 0; }
}

const OFFLINE = { code: "NETWORK_UNREACHABLE", title: "无法连接到服务器，请检查网络后重试" };

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

/** `as`: another person's session on this phone ({ accessToken, deviceId }), for the reviewer of §4.3.10.5. */
async function send(method, path, { query, body, idempotencyKey, raw = false, as = null } = {}, retried = false) {
  const who = as || session;
  const headers = { Accept: "application/json, application/problem+json" };
  if (who.accessToken) headers.Authorization = `Bearer ${who.accessToken}`;
  if (who.deviceId) headers["X-Device-Id"] = who.deviceId;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["Idempotency-Key"] = idempotencyKey || uuid();
  // The browser knows it is offline: fail at once instead of waiting for a connection that cannot come.
  if (navigator.onLine === false) throw new ApiError(0, OFFLINE);
  let response;
  try {
    response = await fetch(withQuery(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store" });
  } catch {
    throw new ApiError(0, OFFLINE);
  }
  let problem = null;
  if (!response.ok) {
    try { problem = await response.json(); } catch { problem = {}; }
  }
  // A 401 about the session (expired token) is renewed once; a 401 refusing a signature (IDENTITY_WEBAUTHN_…: the
  // authenticator did not verify the person) is the ceremony's answer, not the end of the session.
  const sessionRefused = response.status === 401 && !String(problem?.code || "").startsWith("IDENTITY_WEBAUTHN_")
    && !as && !path.startsWith("/v1/auth/");
  if (sessionRefused && !retried && session.refreshToken) {
    if (await session.refresh(refreshTokens)) {
      return send(method, path, { query, body, idempotencyKey: headers["Idempotency-Key"], raw }, true);
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, problem);
    if (sessionRefused && headers.Authorization) {
      session.clear();
      session.onExpired(error);
    }
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
  get: (path, query, options = {}) => send("GET", path, { query, ...options }),
  post: (path, body = {}, options = {}) => send("POST", path, { body, ...options }),
  delete: (path, options = {}) => send("DELETE", path, options),
  /** A file (PDF preview, regulation text): the response itself, for its blob. */
  download: (path, query, options = {}) => send("GET", path, { query, raw: true, ...options }),
  /** A GET whose last answer is kept in IndexedDB and given back when the phone is offline: `{ value, cached }`. */
  async cachedGet(path, query) {
    const key = withQuery(path, query);
    try {
      const value = await send("GET", path, { query });
      await db.put("cache", { value, at: new Date().toISOString() }, key);
      return { value, cached: false };
    } catch (error) {
      if (!error.offline) throw error;
      const saved = await db.get("cache", key);
      if (!saved) throw error;
      return { value: saved.value, cached: true, at: saved.at };
    }
  },
  rememberCached: (path, value) => db.put("cache", { value, at: new Date().toISOString() }, path),
};
