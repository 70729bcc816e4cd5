"""The launch arguments that close the ways out a proxy does not see: WebRTC's UDP (STUN, TURN, host
candidates and their mDNS names) and host-name lookups for anything but loopback and the allowed hosts.

The egress guard sees every HTTP(S) and WebSocket request, because the browser sends them to its proxy.
WebRTC does not use the proxy for UDP, and a lookup of a name leaves the machine before any request does.
`disable_non_proxied_udp` leaves WebRTC only TCP through the proxy (where the guard refuses it, e.g. a TURN
server over TCP), and the resolver rules answer every other name with "not found" without asking DNS."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tagprobe.capture.allowed_hosts import allowed_hosts as checked_hosts
from tagprobe.errors import TagprobeError

RESOLVER_RULES_ARG = "--host-resolver-rules"
WEBRTC_POLICY_ARG = "--webrtc-ip-handling-policy=disable_non_proxied_udp"
LOOPBACK_NAMES = ("localhost", "127.0.0.1")
EGRESS_SWITCHES = (
    "--no-proxy-server",
    "--proxy-server",
    "--proxy-pac-url",
    "--proxy-auto-detect",
    "--proxy-bypass-list",
    "--winhttp-proxy-resolver",
    "--webrtc-ip-handling-policy",
    "--force-webrtc-ip-handling-policy",
    "--webrtc-udp-port-range",
)
"""Switches that would route the browser around the egress guard or reopen WebRTC: never the user's to set."""


class EgressArgumentError(TagprobeError):
    """A launch argument of the user's that would undo what keeps the recording on this machine."""


def refuse_egress_args(args: Sequence[str]) -> None:
    """`EgressArgumentError` for the first argument that would change the proxy or WebRTC's network policy."""
    for arg in args:
        name = str(arg).split("=", 1)[0].strip().lower()
        if name in EGRESS_SWITCHES:
            raise EgressArgumentError(
                f"browser argument {arg!r}: tagprobe sets the browser's proxy and WebRTC policy itself, so that "
                "no recording leaves this machine",
                hint="remove it; to let the browser reach the site under test, use --allow-host HOST",
            )


def resolver_rules(allowed_hosts: Iterable[str]) -> str:
    """Every name resolves to nothing, except loopback and the allowed hosts (which resolve as usual)."""
    excluded = ", ".join(f"EXCLUDE {host}" for host in (*LOOPBACK_NAMES, *checked_hosts(allowed_hosts)))
    return f"{RESOLVER_RULES_ARG}=MAP * ~NOTFOUND, {excluded}"


def sealing_args(allowed_hosts: Iterable[str], other_args: Sequence[str] = ()) -> tuple[str, ...]:
    """The arguments to launch Chromium with, after `other_args` (the user's), so that they win.

    Resolver rules the user gave (`--host-resolver-rules=...`, e.g. a staging host mapped to an address)
    replace tagprobe's: resolution is theirs, while the proxy and the WebRTC policy still hold."""
    own_rules = any(arg.startswith(RESOLVER_RULES_ARG) for arg in other_args)
    return (WEBRTC_POLICY_ARG,) if own_rules else (WEBRTC_POLICY_ARG, resolver_rules(allowed_hosts))
