"""The one rule for `--allow-host`: exact host names (or IPv4 addresses) only, and never one of Clarity's.

Whatever is allowed goes straight into the browser's proxy bypass list and resolver exclusions, whose own
syntax knows patterns (`*.x`, `.x`), lists (`a,b`), ports, schemes and CIDR ranges. So a value is accepted
only when it is a plain name that can mean nothing but itself; everything else is refused before a browser
starts. Every entry point (CLI, pytest plugin, the egress guard itself) goes through `allowed_hosts`."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from tagprobe.errors import TagprobeError

CLARITY_DOMAINS = ("clarity.ms", "c.bing.com", "clarity.microsoft.com")
"""Where Clarity's loader, scripts and uploads live (`www.`, `scripts.` and the letter hosts of clarity.ms),
the cookie-sync host Clarity's documentation names (c.bing.com), and the product's own site. A name equal to
one of these, or under one, is never allowed."""

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_MAX_NAME = 253


class DisallowedHostError(TagprobeError):
    """An `--allow-host` value that is not one exact, non-Clarity host name."""


def is_clarity_host(host: str) -> bool:
    """True for Clarity's domains and every name under them, in any letter case, with or without a final dot."""
    name = host.strip().rstrip(".").lower()
    return any(name == domain or name.endswith("." + domain) for domain in CLARITY_DOMAINS)


def allowed_host(value: str) -> str:
    """The host `value` names, lower-cased; `DisallowedHostError` unless it is one exact, non-Clarity host."""
    host = value.lower()
    shown = repr(value)
    if is_clarity_host(host):
        raise DisallowedHostError(
            f"--allow-host {shown}: Clarity's hosts ({', '.join(CLARITY_DOMAINS)} and every name under "
            "them) are never reachable",
            hint="tagprobe captures the tag's uploads on this machine; allow only the site under test",
        )
    if not host or any(mark in host for mark in ",; \t\r\n"):
        raise DisallowedHostError(
            f"--allow-host {shown}: one host per option, not a list",
            hint="repeat the option: --allow-host a.example.com --allow-host b.example.com",
        )
    if _is_ipv4(host) or _is_exact_name(host):
        return host
    raise DisallowedHostError(
        f"--allow-host {shown}: not an exact host name (patterns, wildcards, ports, schemes and address "
        "ranges are refused)",
        hint="name the host exactly as in the site's URL, e.g. --allow-host staging.example.com",
    )


def allowed_hosts(values: Iterable[str]) -> tuple[str, ...]:
    """Every value checked with `allowed_host`, duplicates dropped, in the order given."""
    return tuple(dict.fromkeys(allowed_host(value) for value in values))


def _is_ipv4(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


def _is_exact_name(host: str) -> bool:
    labels = host.split(".")
    return (
        len(host) <= _MAX_NAME
        and all(_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()
    )
