"""The launch arguments that close WebRTC's UDP and every name lookup but loopback and the allowed hosts."""

from __future__ import annotations

import pytest

from tagprobe.capture.allowed_hosts import DisallowedHostError
from tagprobe.capture.sealing import (
    WEBRTC_POLICY_ARG,
    EgressArgumentError,
    refuse_egress_args,
    resolver_rules,
    sealing_args,
)


def test_every_name_but_loopback_and_the_allowed_hosts_resolves_to_nothing() -> None:
    assert resolver_rules(["Shop.Example.test"]) == (
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE shop.example.test"
    )


def test_webrtc_udp_is_closed_and_resolution_sealed_by_default() -> None:
    assert sealing_args(()) == (WEBRTC_POLICY_ARG, resolver_rules(()))
    assert WEBRTC_POLICY_ARG == "--webrtc-ip-handling-policy=disable_non_proxied_udp"


def test_the_users_own_resolver_rules_replace_tagprobes_but_not_the_webrtc_policy() -> None:
    assert sealing_args((), ["--host-resolver-rules=MAP staging.example.com 10.0.0.5"]) == (
        WEBRTC_POLICY_ARG,
    )


def test_a_clarity_host_cannot_be_excluded_from_the_seal() -> None:
    with pytest.raises(DisallowedHostError):
        resolver_rules(["k.clarity.ms"])


@pytest.mark.parametrize(
    "arg",
    [
        "--no-proxy-server",
        "--proxy-server=direct://",
        "--proxy-bypass-list=*",
        "--PROXY-PAC-URL=data:,x",
        "--webrtc-ip-handling-policy=default",
        "--force-webrtc-ip-handling-policy=default",
    ],
)
def test_launch_arguments_that_would_reopen_a_way_out_are_refused(arg: str) -> None:
    with pytest.raises(EgressArgumentError, match="no recording leaves this machine"):
        refuse_egress_args(["--lang=de-DE", arg])


def test_other_launch_arguments_and_resolver_rules_are_the_users() -> None:
    refuse_egress_args(["--lang=de-DE", "--host-resolver-rules=MAP staging.example.com 10.0.0.5"])
