"""What the benchmarks share to drive the platform as its users do: a keep-alive gateway connection, logins, a session
on an enrolled phone (through the mobile client) and the signature ceremony signed in-process with that phone's key.

Standard library only, except the ceremony's ECDSA P-256 signature, which needs the `cryptography` package (imported
only when a benchmark signs).
"""
import base64
import hashlib
import http.client
import json
import os
import subprocess
import time
import urllib.parse
import uuid


class Refused(Exception):
    pass


class Gateway:
    """One keep-alive HTTP connection; every write carries a fresh Idempotency-Key."""

    def __init__(self, base, token=None, device=None):
        url = urllib.parse.urlparse(base)
        self.host, self.port = url.hostname, url.port or 80
        self.token = token
        self.device = device
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def call(self, method, path, body=None, expect=(200, 201)):
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.device:
            headers["X-Device-Id"] = self.device
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if method != "GET":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # A keep-alive connection the server closed: reconnect once (the key makes a retried write safe).
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 1:
                    raise
        if response.status not in expect:
            raise Refused(f"{method} {path} → {response.status}: {payload[:500].decode(errors='replace')}")
        return json.loads(payload) if payload else {}


def login(base, username, password):
    return Gateway(base).call("POST", "/v1/auth/login", {"username": username, "password": password})["accessToken"]


def phone_session(base, admin, mobile_client, username, password, folder):
    """A session on an enrolled, enabled phone: the mobile client logs in (the new phone is pending), the
    administrator enables it, the client logs in again; its state file holds the token, the device id and the key.
    Returns (token, device id, the folder's device.json)."""
    def login_on_phone():
        for _ in range(120):
            result = subprocess.run([mobile_client, "login", "--gateway", base, "--state", folder, "--user", username, "--password", password],
                                    capture_output=True, text=True, timeout=60)
            lines = result.stdout.strip().splitlines()
            answer = json.loads(lines[-1]) if lines else {}
            # The gateway limits logins per address; many phones signing in from one machine meet that limit.
            if answer.get("httpStatus") == 429:
                time.sleep(float(answer["problem"].get("fields", {}).get("retryAfterSeconds", "1")))
                continue
            return result.returncode, answer
        raise Refused(f"mobile-client login for {username}: still rate-limited after 120 tries")
    code, answer = login_on_phone()
    if code == 3:
        imei = answer["imei"]
        devices = admin.call("GET", "/v1/devices?" + urllib.parse.urlencode({"query": imei}))["devices"]
        device = next(d for d in devices if d["imei"] == imei)
        admin.call("POST", f"/v1/devices/{device['id']}/enable", {"note": "基准测试手机"})
        code, answer = login_on_phone()
    if code != 0:
        raise Refused(f"mobile-client login for {username} failed ({code}): {answer}")
    with open(os.path.join(folder, "device.json")) as state:
        saved = json.load(state)
    return saved["accessToken"], saved["deviceID"], saved


class Phone:
    """A signed-in phone: its gateway connection and its device key, signing as `mobile-client sign` does (the
    ceremony in-process, so a benchmark does not start a process per signature)."""

    def __init__(self, base, session):
        from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415 - only signing benchmarks need it

        token, device, saved = session
        self.gateway = Gateway(base, token, device)
        self.device = device
        raw = base64.b64decode(saved["privateKey"])
        self.key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())

    def sign(self, submission, method="fingerprint"):
        """The receipt for a prepared submission (resource, digest, meaning; `canonical` checked when present)."""
        from cryptography.hazmat.primitives import hashes  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415

        digest = submission["digest"]
        canonical = submission.get("canonical")
        if canonical and hashlib.sha256(base64.b64decode(canonical)).hexdigest() != digest:
            raise Refused(f"the digest of {submission.get('resource')} is not its canonical content's")
        challenge = self.gateway.call("POST", "/v1/signatures/challenges", {
            "meaning": submission["meaning"], "resource": submission["resource"], "digest": digest, "deviceId": self.device}, expect=(201,))
        signature = self.key.sign(base64.b64decode(challenge["challenge"]), ec.ECDSA(hashes.SHA256()))
        completed = self.gateway.call("POST", f"/v1/signatures/challenges/{urllib.parse.quote(challenge['challengeId'], safe='')}/complete", {
            "digest": digest, "signature": base64.b64encode(signature).decode(), "method": method}, expect=(201,))
        return completed["receipt"]
