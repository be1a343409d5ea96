// A screen needs only the services whose data it shows. Data from another service that only adds to it (item names
// on a person's page) is loaded through `optional`: when that service is down the screen still opens, without it,
// and says so with a notice instead of failing as a whole.
import { h } from "../core/dom.js";
import { withCode } from "./errors.js";

/** Resolves to `load()`'s value, or to `fallback` when it fails or has not answered within `waitSeconds`: a call to
 *  a service that is down waits in its queue until the gateway's 10 s deadline, and the screen should not. */
export async function optional(load, fallback, { waitSeconds = 4 } = {}) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject({ code: "OPTIONAL_DATA_LATE", title: "等待超时" }), waitSeconds * 1000);
  });
  try {
    return { value: await Promise.race([load(), late]), failed: null };
  } catch (error) {
    if (error?.status === 401) throw error;   // the session is over: that is not a partial outage
    return { value: fallback, failed: error };
  } finally {
    clearTimeout(timer);
  }
}

/** The notice a degraded screen shows above its content; `null` when nothing is missing. */
export function degradedNotice(failed, message) {
  if (!failed) return null;
  return withCode(h("p", { class: "notice warn", role: "status", "data-testid": "degraded-notice" }, message), failed);
}
