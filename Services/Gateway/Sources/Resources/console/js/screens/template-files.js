// Files in and out of the browser, shared by the template and regulation screens: the upload routes take the file as
// base64 inside JSON, and the download routes answer with the file itself (saved under the name the service gives).
import { api } from "../core/api.js";
import { h } from "../core/dom.js";

/** The file's bytes as standard base64 (what `content` of the import requests takes). */
export function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(new Error(`无法读取文件“${file.name}”`));
    // A data: URL is the one FileReader output that is base64 already, without building a binary string.
    reader.readAsDataURL(file);
  });
}

/** The file name from `Content-Disposition` (RFC 6266 / 8187 `filename*=UTF-8''…` first, then `filename="…"`). */
export function filenameFrom(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try { return decodeURIComponent(extended[1].trim()); } catch { /* a malformed name: use the next one */ }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : fallback;
}

/** Downloads a stored file through the API (the bearer token cannot ride on a plain link) and saves it. */
export async function downloadFile(path, fallbackName) {
  const response = await api.download(path);
  const blob = await response.blob();
  const name = filenameFrom(response, fallbackName);
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, class: "hidden", "data-testid": "download-link", "data-size": blob.size });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the save in some browsers; a minute is plenty for a local blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: blob.size };
}

/** The first 12 hex digits: enough to tell versions apart on screen (the full value is the tooltip). */
export function shortSha(sha256) {
  return h("span", { class: "mono", title: sha256 }, (sha256 || "").slice(0, 12));
}

export const MiB = 1024 * 1024;
