// 批量下载: the whole query's certificates as one zip, made and streamed by the gateway
// (GET /v1/certificates/archive with the list's filters). The body is read with a ReadableStream so the screen can
// show how far it is: certificates and files seen so far (found by their zip local headers as the bytes arrive),
// bytes received, and the total from X-Total-Count. The zip is then saved under the name the gateway gave it.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { formatBytes } from "../ui/format.js";
import { filenameFrom } from "./template-files.js";

/** The archive path for the list's query (empty values left out, as `api.get` does). */
export function archivePath(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/v1/certificates/archive?${text}` : "/v1/certificates/archive";
}

// A stored or deflated entry's local header as ZipStream writes it: signature, version 2.0, flags 0x0808 (data
// descriptor, UTF-8 name). Ten fixed bytes: a PDF's compressed streams will not repeat them by chance.
const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x08];

/**
 * Counts the zip's entries as its bytes arrive: `feed` each chunk in order; `files`, `certificates` (distinct
 * top-level folders) and `lastName` say what has been seen. A header split across two chunks is found once the rest
 * arrives (the unfinished tail is kept).
 */
export function zipEntryCounter() {
  const decoder = new TextDecoder();
  const folders = new Set();
  let carry = new Uint8Array(0);
  let carryStart = 0; // stream offset of carry[0]
  let counted = -1; // stream offset of the last header counted
  const state = { files: 0, certificates: 0, lastName: "" };
  state.feed = (chunk) => {
    const window = new Uint8Array(carry.length + chunk.length);
    window.set(carry, 0);
    window.set(chunk, carry.length);
    const windowStart = carryStart;
    let keepFrom = Math.max(0, window.length - 29);
    for (let i = window.indexOf(0x50); i >= 0 && i <= window.length - 8; i = window.indexOf(0x50, i + 1)) {
      if (!LOCAL_HEADER.every((byte, k) => window[i + k] === byte) || windowStart + i <= counted) continue;
      if (i + 30 > window.length) { keepFrom = i; break; }
      const nameLength = window[i + 26] | (window[i + 27] << 8);
      if (i + 30 + nameLength > window.length) { keepFrom = i; break; }
      const name = decoder.decode(window.subarray(i + 30, i + 30 + nameLength));
      counted = windowStart + i;
      state.lastName = name;
      if (name.includes("/")) {
        state.files += 1;
        folders.add(name.split("/")[0]);
        state.certificates = folders.size;
      }
    }
    carry = window.slice(keepFrom);
    carryStart = windowStart + keepFrom;
  };
  return state;
}

/**
 * A 批量下载 button and its progress line for the certificates screen. `query()` gives the list's current filters.
 */
export function archiveDownload({ query, onError }) {
  const bar = h("progress", { max: 1, value: 0, class: "hidden", "data-testid": "archive-progress-bar" });
  const status = h("span", { class: "muted", "data-testid": "archive-progress", "aria-live": "polite" });
  const button = h("button", { type: "button", "data-testid": "download-archive", title: "按当前查询条件，把查到的证书（含原始记录）打成一个压缩包下载" }, "批量下载（当前查询）");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "正在准备压缩包…";
    try {
      // The gateway reads every file with this session's access token while the zip streams, and refuses a token
      // with less than 10 minutes left (401 ARCHIVE_TOKEN_TOO_SHORT): a fresh one (15 minutes) first. A refused
      // refresh is left to the download's own 401 handling.
      await api.refreshSession();
      const response = await api.download(archivePath(query()));
      const total = Number(response.headers.get("X-Total-Count") || 0);
      bar.max = Math.max(total, 1);
      bar.value = 0;
      bar.classList.remove("hidden");
      const counter = zipEntryCounter();
      const parts = [];
      let pending = [];
      let pendingBytes = 0;
      let received = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
        counter.feed(value);
        pending.push(value);
        pendingBytes += value.length;
        // Folded into Blobs every 32 MiB: the browser may keep large Blobs on disk rather than in the page's memory.
        if (pendingBytes >= 32 * 1024 * 1024) { parts.push(new Blob(pending)); pending = []; pendingBytes = 0; }
        bar.value = Math.min(counter.certificates, total);
        status.textContent = `已接收 ${counter.certificates} / ${total} 份证书，${counter.files} 个文件，${formatBytes(received)}`;
      }
      const blob = new Blob([...parts, ...pending], { type: "application/zip" });
      const name = filenameFrom(response, "证书批量下载.zip");
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: name, class: "hidden", "data-testid": "archive-link", "data-size": blob.size, "data-files": counter.files });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      bar.value = bar.max;
      status.textContent = `已下载 ${total} 份证书，${counter.files} 个文件，${formatBytes(blob.size)}`;
    } catch (error) {
      status.textContent = "";
      bar.classList.add("hidden");
      onError(error);
    } finally {
      button.disabled = false;
    }
  });
  return { button, progress: h("span", { class: "archive-progress" }, bar, " ", status) };
}
