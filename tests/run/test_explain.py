"""Playwright's call logs turned into sentences."""

from __future__ import annotations

from tagprobe.run.explain import covering_element

CALL_LOG = """Page.click: Timeout 300ms exceeded.
Call log:
  - waiting for locator("#todo-count")
  -   locator resolved to <span id="todo-count">…</span>
  - attempting click action
  -   <ul id="filters">…</ul> intercepts pointer events
  - retrying click action
  -   <li class="a b">Active</li> from <div id="modal">…</div> subtree intercepts pointer events
"""


def test_the_last_element_that_took_the_pointer_is_named_with_the_subtree_it_belongs_to() -> None:
    assert covering_element(CALL_LOG) == '<li class="a b"> (inside <div id="modal">)'
    assert covering_element(CALL_LOG.rsplit("\n", 2)[0]) == '<ul id="filters">'


def test_a_call_log_without_interception_names_nothing() -> None:
    assert covering_element("Page.click: Timeout 300ms exceeded.\n  - waiting for locator('#x')") is None
