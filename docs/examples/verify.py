# Verifying Integrations Hub webhooks in Python 3.8+ (standard library only).
import base64
import hashlib
import hmac
import time

TOLERANCE_SECONDS = 5 * 60


def _header(headers, name):
    """A header from any mapping (Flask's and Django's are case-insensitive, a dict may not be)."""
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _fresh(timestamp, now, tolerance):
    if not timestamp or not (timestamp.isascii() and timestamp.isdigit()):
        return False
    return abs(now - int(timestamp)) <= tolerance


def _secrets(secrets):
    return [secrets] if isinstance(secrets, str) else list(secrets)


def verify_qualifio(raw_body, headers, secrets, now=None, tolerance=TOLERANCE_SECONDS):
    """X-Qualifio-Signature: "sha256=<hex>", or "sha256=<new>,sha256=<old>" during a rotation.

    raw_body is the bytes read off the wire (Flask: request.get_data(), Django: request.body),
    before any JSON parsing; secrets is your secret, or a list of them while you rotate.
    """
    now = time.time() if now is None else now
    signature = _header(headers, "x-qualifio-signature")
    if not signature or not _fresh(_header(headers, "x-qualifio-timestamp"), now, tolerance):
        return False
    received = [p.strip()[len("sha256="):] for p in signature.split(",") if p.strip().startswith("sha256=")]
    for secret in _secrets(secrets):
        expected = hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(c.encode("utf-8"), expected.encode("ascii")) for c in received):
            return True
    return False


def verify_standard_webhooks(raw_body, headers, secrets, now=None, tolerance=TOLERANCE_SECONDS):
    """webhook-signature: "v1,<base64 HMAC-SHA256 of id.timestamp.body>", space-separated."""
    now = time.time() if now is None else now
    msg_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signature = _header(headers, "webhook-signature")
    if not msg_id or not signature or not _fresh(timestamp, now, tolerance):
        return False
    received = [p[len("v1,"):] for p in signature.split(" ") if p.startswith("v1,")]
    signed = f"{msg_id}.{timestamp}.".encode("utf-8") + raw_body
    for secret in _secrets(secrets):
        if secret.startswith("whsec_"):
            key = base64.b64decode(secret[len("whsec_"):])
        else:
            key = secret.encode("utf-8")
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
        if any(hmac.compare_digest(c.encode("utf-8"), expected.encode("ascii")) for c in received):
            return True
    return False
