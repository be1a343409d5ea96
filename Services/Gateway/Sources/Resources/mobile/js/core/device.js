// This phone's identity (webauthn.md item 1): a browser cannot read the IMEI, so at first start the app makes an
// ECDSA P-256 key pair that cannot leave the browser (non-extractable private key) and a random 128-bit registration
// key, and keeps both in IndexedDB. Sign-in proves the key over a one-time login challenge; identity registers an
// unknown phone as pending until a device manager enables it.
import { api } from "./api.js";
import { fromBase64, randomId, toBase64 } from "./bytes.js";
import { db } from "./db.js";

export const APP_VERSION = "1.0.0";

export async function deviceIdentity() {
  let identity = await db.get("device", "identity");
  if (!identity) {
    const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey));
    identity = { privateKey: keys.privateKey, publicKey: keys.publicKey, publicKeyRaw: toBase64(raw), registrationKey: randomId(16),
      createdAt: new Date().toISOString() };
    await db.put("device", identity, "identity");
  }
  return identity;
}

/** The phone's model as the browser tells it ("Pixel 8"), for the device list; "" when it does not. */
async function phoneModel() {
  try {
    const values = await navigator.userAgentData?.getHighEntropyValues?.(["model", "platform", "platformVersion"]);
    if (values?.model) return { model: values.model, os: `${values.platform || ""} ${values.platformVersion || ""}`.trim() };
  } catch { /* not offered */ }
  const match = /\(Linux; Android ([\d.]+); ([^;)]+)/.exec(navigator.userAgent) || /\((iPhone|iPad)[^)]*OS ([\d_]+)/.exec(navigator.userAgent);
  if (!match) return { model: "", os: "" };
  return match[1] === "iPhone" || match[1] === "iPad" ? { model: match[1], os: `iOS ${match[2].replace(/_/g, ".")}` }
    : { model: match[2].trim(), os: `Android ${match[1]}` };
}

/** ECDSA P-256 over SHA-256 with the device key: WebCrypto gives raw r‖s, which identity accepts. */
export async function signWithDevice(bytes) {
  const identity = await deviceIdentity();
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, identity.privateKey, bytes);
  return toBase64(new Uint8Array(signature));
}

/** Signs in with this phone: answers the tokens, or throws ApiError (412 DEVICE_PENDING_AUTHORIZATION included). */
export async function loginWithDevice(username, password) {
  const identity = await deviceIdentity();
  const challenge = await api.post("/v1/auth/login-challenge", {});
  const proof = await signWithDevice(fromBase64(challenge.challenge));
  const { model, os } = await phoneModel();
  return api.post("/v1/auth/login", {
    username, password,
    device: { kind: "app", registrationKey: identity.registrationKey, publicKey: identity.publicKeyRaw,
      name: model ? `${model}（移动端）` : "移动端浏览器", model, os, appVersion: APP_VERSION },
    deviceChallengeId: challenge.challengeId, deviceProof: proof,
  });
}
