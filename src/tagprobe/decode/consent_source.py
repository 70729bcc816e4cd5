"""Where a consent state the tag recorded came from: Clarity's `ConsentSource` numbers, named.

The numbers are clarity-js 0.8.70's (types/data.d.ts); 100 and above are consent-manager integrations."""

from __future__ import annotations

SOURCE_NAMES: dict[int, str] = {
    0: "implicit",
    1: "api",
    2: "gcm",
    3: "tcf",
    4: "api-v1",
    5: "api-v2",
    6: "cookie",
    7: "default",
}
"""The name a scenario uses (`expect.consent.source`) for each of Clarity's own sources."""
CMP = "cmp"
UNKNOWN = "unknown"
FIRST_CMP_SOURCE = 100
UNKNOWN_SOURCE = 255
SCENARIO_SOURCES = (*SOURCE_NAMES.values(), CMP)

_MEANINGS: dict[str, str] = {
    "implicit": "the tag's start config (track)",
    "api": "the tag's API",
    "gcm": "Google Consent Mode",
    "tcf": "IAB TCF",
    "api-v1": 'clarity("consent")',
    "api-v2": 'clarity("consentv2")',
    "cookie": "an earlier consent kept in _clck",
    "default": "the tag's default",
}
_INTEGRATIONS: dict[int, str] = {
    100: "Clarity Shopify pixel",
    101: "Clarity Shopify app",
    102: "Microsoft UET",
    150: "My Agile Privacy",
    151: "Usercentrics",
    152: "Cookiebot",
    153: "Axeptio",
    154: "CookieHub",
    155: "CookieYes",
    156: "WebToffee",
    157: "WPConsent",
    158: "Seers AI",
}


def source_name(code: int) -> str:
    """`gcm`, `api-v2`, ... ; `cmp` for any consent-manager integration."""
    if code in SOURCE_NAMES:
        return SOURCE_NAMES[code]
    if FIRST_CMP_SOURCE <= code < UNKNOWN_SOURCE:
        return CMP
    return UNKNOWN


def source_label(code: int) -> str:
    """The name with what it means, e.g. `gcm (Google Consent Mode)`, `cmp 152 (Cookiebot)`."""
    name = source_name(code)
    if name == CMP:
        return f"cmp {code} ({_INTEGRATIONS.get(code, 'a consent-manager integration')})"
    if name == UNKNOWN:
        return f"unknown ({code})"
    return f"{name} ({_MEANINGS[name]})"
