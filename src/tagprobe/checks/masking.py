"""masking: no typed value (from the moment it was typed), listed value or value from the environment in any
upload (in any simple disguise), masked regions arrive masked, no PII in the payloads, and the recording is
not blanked by an over-broad mask."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tagprobe.checks.canaries import Canary, canaries
from tagprobe.checks.leaks import Leak, first_leak
from tagprobe.checks.observation import Observation
from tagprobe.checks.payload_strings import PayloadString, payload_strings
from tagprobe.checks.pii import find_pii, mask_value
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.dom import NEVER_MASKED_PARENTS, RecordedDom, is_masked_text
from tagprobe.decode.simple_selector import SimpleSelector
from tagprobe.errors import TagprobeError
from tagprobe.scenario.model import REDACTED

NAME = "masking"
MIN_TEXT_FOR_BLANK_GUARD = 20
SCRAMBLED = frozenset("▪▫")


def _leak_evidence(leak: Leak) -> Evidence:
    canary = leak.canary
    when = "after that step " if canary.typed_at_ms is not None else ""
    more = f" (and {leak.elsewhere} more place(s))" if leak.elsewhere else ""
    upload = (
        f"upload {leak.upload_index}, " if leak.upload_index is not None else f"page {leak.page_number}, "
    )
    return Evidence(
        f"{canary.label} is in what the tag recorded {when}({leak.match.how}): first in {upload}"
        f"{leak.location}{more}",
        upload_index=leak.upload_index,
        page_number=leak.page_number,
        time_ms=leak.time_ms,
        excerpt=leak.excerpt,
        location=leak.location,
    )


def _canary_leaks(
    observation: Observation, found: Sequence[Canary], strings: Sequence[PayloadString]
) -> Iterator[Evidence]:
    for canary in found:
        leak = first_leak(canary, strings, observation.record.capture.uploads, observation.session)
        if leak is not None:
            yield _leak_evidence(leak)


def _masked(text: str, secrets: frozenset[str]) -> str:
    """A found value as messages show it: `***` when it holds a value from the environment."""
    folded = text.casefold()
    return REDACTED if any(secret.casefold() in folded for secret in secrets if secret) else mask_value(text)


def _pii(strings: Sequence[PayloadString], secrets: frozenset[str]) -> Iterator[Evidence]:
    for found in strings:
        for match in find_pii(found.text, phones=found.free_text):
            if is_masked_text(match.text):
                continue
            yield Evidence(
                f"{match.kind} {_masked(match.text, secrets)} sent in clear text in {found.location}",
                upload_index=found.upload_index,
                page_number=found.page_number,
                time_ms=found.time_ms,
                location=found.location,
            )


def _unmasked_regions(observation: Observation, selectors: Sequence[str]) -> Iterator[Evidence]:
    for text in selectors:
        try:
            selector = SimpleSelector.parse(text)
        except TagprobeError as error:
            yield Evidence(f"masked: {error.message} ({error.hint})")
            continue
        seen = False
        for page in observation.session.pages:
            dom = RecordedDom.of(page)
            for recorded in list(dom.nodes.values()):
                if not selector.matches(recorded.node):
                    continue
                seen = True
                for node in dom.descendants_text(recorded.node.id):
                    if node.value and not is_masked_text(node.value):
                        yield Evidence(
                            f"{text} should arrive masked, but its text was sent in clear",
                            page_number=page.number,
                            time_ms=recorded.time,
                            excerpt=_masked(node.value, observation.record.scenario.secrets),
                            location=f"node {node.id} in {dom.describe(node)}",
                        )
        if not seen:
            yield Evidence(
                f"{text} was not found in any recorded page, so tagprobe cannot tell whether it was masked"
            )


def _blank_recording(observation: Observation, max_share: float) -> Iterator[Evidence]:
    for page in observation.session.pages:
        dom = RecordedDom.of(page)
        total = masked = 0
        for node in dom.text_nodes():
            parent = dom.parent_element(node)
            if parent is not None and parent.tag in NEVER_MASKED_PARENTS:
                continue
            size = sum(1 for character in node.value or "" if not character.isspace())
            total += size
            masked += size if is_masked_text(node.value or "") else 0
        if total >= MIN_TEXT_FOR_BLANK_GUARD and masked / total > max_share:
            culprits = [
                dom.describe(recorded.node)
                for recorded in dom.nodes.values()
                if "data-clarity-mask" in recorded.node.attributes
            ]
            yield Evidence(
                f"page {page.number} is blank in the recording: {masked / total:.0%} of its text is masked "
                f"(more than {max_share:.0%})",
                page_number=page.number,
                location=f"masked by {', '.join(culprits[:3])}"
                if culprits
                else "masked by the tag config (content: false?)",
            )


def scrambled_words(strings: Sequence[PayloadString]) -> int:
    """Words the tag itself scrambled (balanced masking sends a word holding a digit or `@` as ▪ and ▫),
    counted once per place and text."""
    seen = {(found.place, found.text) for found in strings if found.free_text}
    return sum(1 for _, text in seen for word in text.split() if SCRAMBLED & set(word))


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    uploads = observation.record.capture.uploads
    if not uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so there is nothing to inspect (see health)")
    strings = list(payload_strings(observation.session, uploads))
    found = canaries(observation.record, options)
    pii_scan = options.get("pii_scan", True)
    problems = [
        *_canary_leaks(observation, found, strings),
        *_unmasked_regions(observation, options.get("masked", ())),
        *(_pii(strings, observation.record.scenario.secrets) if pii_scan else ()),
        *_blank_recording(observation, float(options.get("max_masked_share", 0.9))),
    ]
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems)
    scanned = (
        f"no email, card or phone number in clear text (the tag itself scrambled "
        f"{scrambled_words(strings)} word(s) holding a digit or @)"
        if pii_scan
        else "PII scan off"
    )
    return Verdict.passed(
        NAME,
        f"{len(found)} sensitive value(s) leak in none of {len(uploads)} uploads; {scanned}; "
        "the recording shows the page",
    )
