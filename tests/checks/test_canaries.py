"""Sensitive values and the disguises that still count as leaks."""

from __future__ import annotations

import base64
import hashlib

from tagprobe.checks.canaries import Canary, masked_preview


def test_every_simple_transform_is_a_form() -> None:
    forms = Canary("4111 1111 1111 1111", "test").forms()
    assert forms["as typed"] == "4111 1111 1111 1111"
    assert forms["without spaces"] == "4111111111111111"
    assert forms["percent-encoded"] == "4111%201111%201111%201111"
    assert forms["SHA-256"] == hashlib.sha256(b"4111 1111 1111 1111").hexdigest()
    assert forms["MD5"] == hashlib.md5(b"4111 1111 1111 1111", usedforsecurity=False).hexdigest()
    assert forms["base64"] == base64.b64encode(b"4111 1111 1111 1111").decode().rstrip("=")


def test_case_forms_are_kept_once() -> None:
    forms = Canary("Jane.Doe@Example.com", "test").forms()
    assert forms["lower case"] == "jane.doe@example.com"
    assert forms["upper case"] == "JANE.DOE@EXAMPLE.COM"
    assert len(set(forms.values())) == len(forms)


def test_a_preview_never_shows_the_whole_secret() -> None:
    assert masked_preview("4111111111111111") == "41••••••••••••11"
    assert masked_preview("short") == "•••••"
