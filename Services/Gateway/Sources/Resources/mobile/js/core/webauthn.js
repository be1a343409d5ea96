// Biometric confirmation (§4.3.2.2) through WebAuthn with the phone's platform authenticator and user verification
// (fingerprint or face): one credential per person and phone, registered after the first sign-in on an enabled
// phone; every signature (submit, review, approve) asks identity for a challenge, which is the WebAuthn challenge,
// and completes it with the assertion (identity checks the UV flag, RP id, origin and counter) and the handwriting.
import { api, ApiError } from "./api.js";
import { fromBase64, fromBase64url, sha256Hex, toBase64, toBase64url } from "./bytes.js";
import { signWithDevice } from "./device.js";

export const webauthnAvailable = () => Boolean(window.PublicKeyCredential && navigator.credentials);

/** The person's credentials on this phone (GET /v1/webauthn/credentials lists all of theirs). */
export async function credentialsHere(as) {
  const who = as || (await import("./session.js")).session;
  const answer = await api.get("/v1/webauthn/credentials", undefined, as ? { as } : {});
  const list = Array.isArray(answer) ? answer : answer?.credentials || [];
  return list.filter((c) => !c.deviceId || c.deviceId === who.deviceId);
}

export async function registerCredential(as) {
  if (!webauthnAvailable()) throw new ApiError(0, { code: "WEBAUTHN_UNSUPPORTED", title: "此浏览器不支持指纹/面容验证（WebAuthn）" });
  const options = as ? { as } : {};
  const started = await api.post("/v1/webauthn/registrations", {}, options);
  const o = started.publicKey;
  const publicKey = {
    ...o,
    challenge: fromBase64url(o.challenge),
    user: { ...o.user, id: fromBase64url(o.user.id) },
    excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
  };
  const credential = await ceremony(() => navigator.credentials.create({ publicKey }));
  // The phone's own device key vouches for the new credential (challenge ‖ credential id): a stolen session token
  // alone cannot register an authenticator of its own choosing.
  const rawId = new Uint8Array(credential.rawId);
  const bound = new Uint8Array(publicKey.challenge.length + rawId.length);
  bound.set(publicKey.challenge, 0);
  bound.set(rawId, publicKey.challenge.length);
  return api.post(`/v1/webauthn/registrations/${encodeURIComponent(started.challengeId)}/complete`, {
    credentialId: toBase64url(rawId),
    clientDataJSON: toBase64url(credential.response.clientDataJSON),
    attestationObject: toBase64url(credential.response.attestationObject),
    deviceSignature: await signWithDevice(bound),
  }, options);
}

/** A refused or cancelled ceremony becomes an ApiError with a Chinese message. */
async function ceremony(run) {
  try {
    const result = await run();
    if (!result) throw new Error("no credential");
    return result;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const cancelled = error?.name === "NotAllowedError" || error?.name === "AbortError";
    throw new ApiError(0, { code: cancelled ? "WEBAUTHN_CANCELLED" : "WEBAUTHN_FAILED",
      title: cancelled ? "指纹/面容验证未完成（已取消或超时），请重试" : `指纹/面容验证失败：${error?.message || error}` });
  }
}

/**
 * The signing ceremony for a prepared submission ({ resource, digest, meaning, canonical? }): checks that the digest
 * is the content's own (what is signed is what was shown), asks identity for a challenge, has the authenticator
 * verify the person and sign it, and completes it with the handwriting. Answers the receipt.
 */
export async function signSubmission(submission, { handwritingPng, as } = {}) {
  const options = as ? { as } : {};
  const who = as || (await import("./session.js")).session;
  if (submission.canonical && (await sha256Hex(fromBase64(submission.canonical))) !== submission.digest) {
    throw new ApiError(0, { code: "DIGEST_MISMATCH", title: "待签内容与摘要不符，已停止签名" });
  }
  const challenge = await api.post("/v1/signatures/challenges", { meaning: submission.meaning, resource: submission.resource,
    digest: submission.digest, deviceId: who.deviceId }, options);
  const w = challenge.webauthn;
  if (!w) throw new ApiError(0, { code: "WEBAUTHN_NOT_REGISTERED", title: "本机尚未为您注册指纹/面容签名，请先在“我的”中注册" });
  const assertion = await ceremony(() => navigator.credentials.get({ publicKey: {
    // "preferred", not the "required" identity answers: a phone whose authenticator can verify the person (fingerprint,
    // face) still does so, and identity — the one place that decides — refuses an assertion without the UV flag with
    // IDENTITY_WEBAUTHN_USER_NOT_VERIFIED and its Chinese message, instead of the browser failing with a bare
    // NotAllowedError that cannot say why.
    challenge: fromBase64url(w.challenge), rpId: w.rpId, timeout: w.timeout, userVerification: "preferred",
    allowCredentials: (w.allowCredentials || []).map((c) => ({ type: c.type || "public-key", id: fromBase64url(c.id) })),
  } }));
  const body = {
    digest: submission.digest,
    webauthn: {
      credentialId: toBase64url(assertion.rawId),
      clientDataJSON: toBase64url(assertion.response.clientDataJSON),
      authenticatorData: toBase64url(assertion.response.authenticatorData),
      signature: toBase64url(assertion.response.signature),
    },
  };
  if (handwritingPng) body.handwritingPng = toBase64(handwritingPng);
  return api.post(`/v1/signatures/challenges/${encodeURIComponent(challenge.challengeId)}/complete`, body, options);
}
