"""URL rules every layer shares: what part of a URL tells one recorded page from another."""

from __future__ import annotations


def without_hash(url: str) -> str:
    """The URL without its #fragment: a change of hash alone starts no new page in Clarity."""
    return url.split("#", 1)[0]
