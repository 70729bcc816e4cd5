"""Sensitive strings and the simple transforms under which a leak still counts as a leak."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

MIN_CANARY_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Canary:
    secret: str
    origin: str
    """Where it came from: `typed in step 3` or `listed as sensitive`."""

    def forms(self) -> dict[str, str]:
        """Each transformed spelling of the secret, by the name of the transform."""
        secret = self.secret
        forms = {
            "as typed": secret,
            "lower case": secret.lower(),
            "upper case": secret.upper(),
            "percent-encoded": quote(secret, safe=""),
            "form-encoded": quote_plus(secret),
            "base64": base64.b64encode(secret.encode()).decode().rstrip("="),
            "base64url": base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
            "SHA-256": hashlib.sha256(secret.encode()).hexdigest(),
            "MD5": hashlib.md5(secret.encode(), usedforsecurity=False).hexdigest(),
        }
        compact = re.sub(r"[\s-]", "", secret)
        if compact != secret and len(compact) >= MIN_CANARY_LENGTH:
            forms["without spaces"] = compact
        unique: dict[str, str] = {}
        for name, text in forms.items():
            if text not in unique.values():
                unique[name] = text
        return unique


def masked_preview(secret: str) -> str:
    """Enough of a secret to recognise it in a report, never the whole of it."""
    if len(secret) < 8:
        return "•" * len(secret)
    return f"{secret[:2]}{'•' * (len(secret) - 4)}{secret[-2:]}"
