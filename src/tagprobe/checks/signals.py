"""signals: the frustration signals the detector found are the ones the scenario expects: every `present` one
was detected, no `absent` one was; each may name a signal type, an element and a page path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.detect.element import ElementSpec, ElementSpecError
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.urls import without_hash

NAME = "signals"
NEARBY_LIMIT = 5


class ExpectationError(ValueError):
    """An item of `present`/`absent` this check cannot read."""


@dataclass(frozen=True, slots=True)
class Expectation:
    type: SignalType
    element: ElementSpec | None = None
    page: str | None = None

    @staticmethod
    def parse(item: Any, where: str) -> Expectation:
        if isinstance(item, str):
            item = {"type": item}
        if not isinstance(item, Mapping) or "type" not in item:
            raise ExpectationError(
                f"{where}: expected a signal type or {{type, element, page}}, not {item!r}"
            )
        try:
            kind = SignalType(item["type"])
        except ValueError:
            known = ", ".join(kind.value for kind in SignalType)
            raise ExpectationError(
                f"{where}: unknown signal type {item['type']!r} (known: {known})"
            ) from None
        try:
            element = ElementSpec.parse(item["element"]) if item.get("element") is not None else None
        except ElementSpecError as error:
            raise ExpectationError(f"{where}.element: {error}") from None
        page = item.get("page")
        return Expectation(kind, element, str(page) if page is not None else None)

    def on_page(self, signal: Signal) -> bool:
        if self.page is None:
            return True
        wanted, seen = urlsplit(self.page), urlsplit(signal.page_url)
        if wanted.scheme:
            return without_hash(self.page) == without_hash(signal.page_url)
        if wanted.query:
            return (wanted.path, wanted.query) == (seen.path, seen.query)
        return wanted.path == seen.path

    def on_element(self, signal: Signal) -> bool:
        if self.element is None:
            return True
        return signal.element is not None and self.element.matches(signal.element)

    def matches(self, signal: Signal) -> bool:
        return signal.type is self.type and self.on_element(signal) and self.on_page(signal)

    def describe(self) -> str:
        element = f" on {self.element}" if self.element else ""
        page = f" (page {self.page})" if self.page else ""
        return f"{self.type.value}{element}{page}"


def evidence_for(signal: Signal, summary: str) -> Evidence:
    return Evidence(
        summary,
        page_number=signal.page_number,
        time_ms=signal.time_ms,
        excerpt=signal.reason,
        location=signal.element.describe() if signal.element else signal.page_url,
    )


def where_seen(signal: Signal) -> str:
    element = f" on {signal.element.describe()}" if signal.element else ""
    return f"{signal.type.value}{element} (page {signal.page_number} {signal.page_url}, at {signal.time_ms / 1000:.2f} s)"


def nearby(expected: Expectation, signals: Sequence[Signal]) -> list[Signal]:
    """What was detected instead: the same signal elsewhere, then other signals on the same element."""
    same_type = [signal for signal in signals if signal.type is expected.type]
    same_element = [
        signal
        for signal in signals
        if signal.type is not expected.type and expected.element is not None and expected.on_element(signal)
    ]
    return (same_type + same_element)[:NEARBY_LIMIT]


def missing_evidence(expected: Expectation, signals: Sequence[Signal]) -> Iterator[Evidence]:
    instead = nearby(expected, signals)
    yield Evidence(
        f"expected {expected.describe()}: not detected"
        + (f"; detected instead: {', '.join(where_seen(signal) for signal in instead)}" if instead else "")
    )
    for signal in instead:
        yield evidence_for(signal, f"detected instead of {expected.describe()}: {where_seen(signal)}")


def parse_list(options: Mapping[str, Any], key: str) -> list[Expectation]:
    items = options.get(key) or []
    if not isinstance(items, list):
        raise ExpectationError(f"expect.signals.{key}: expected a list, not {items!r}")
    return [Expectation.parse(item, f"expect.signals.{key}[{index}]") for index, item in enumerate(items)]


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    if not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so there is nothing to detect (see health)")
    signals = observation.signals
    try:
        present, absent = parse_list(options, "present"), parse_list(options, "absent")
    except ExpectationError as error:
        return Verdict.failed(NAME, str(error))
    problems: list[Evidence] = []
    headlines: list[str] = []
    for expected in present:
        if not any(expected.matches(signal) for signal in signals):
            found = list(missing_evidence(expected, signals))
            cut = [
                click
                for click in observation.unjudged
                if expected.type is SignalType.DEAD_CLICK
                and (expected.element is None or expected.element.matches(click.element))
            ]
            if cut:
                found[0] = Evidence(f"{found[0].summary}; {cut[0].describe()}")
            headlines.append(found[0].summary)
            problems.extend(found)
    for unwanted in absent:
        for signal in signals:
            if unwanted.matches(signal):
                summary = f"unexpected {where_seen(signal)}: {signal.reason}"
                headlines.append(summary)
                problems.append(evidence_for(signal, summary))
    not_judged = tuple(
        Evidence(
            f"not judged: {click.describe()}",
            page_number=click.page_number,
            time_ms=click.time_ms,
            excerpt=click.reason,
            location=click.element.describe(),
        )
        for click in observation.unjudged
    )
    if problems:
        more = f" (and {len(headlines) - 1} more)" if len(headlines) > 1 else ""
        return Verdict.failed(NAME, headlines[0] + more, *problems, *not_judged)
    detected = (*(evidence_for(signal, f"detected {where_seen(signal)}") for signal in signals), *not_judged)
    if present or absent:
        message = f"{len(present)} expected signal(s) detected, none of {len(absent)} unwanted one(s)"
    else:
        message = f"{len(signals)} signal(s) detected; nothing was expected or ruled out"
    return Verdict.passed(NAME, message, *detected)
