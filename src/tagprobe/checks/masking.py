"""masking: no typed or listed secret in any upload (in any simple disguise), masked regions arrive masked,
no PII in the payloads, and the recording is not blanked by an over-broad mask."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tagprobe.capture.records import Upload
from tagprobe.checks.canaries import MIN_CANARY_LENGTH, Canary, masked_preview
from tagprobe.checks.observation import Observation
from tagprobe.checks.payload_strings import PayloadString, payload_strings
from tagprobe.checks.pii import find_pii
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.dom import NEVER_MASKED_PARENTS, RecordedDom, is_masked_text
from tagprobe.decode.simple_selector import SimpleSelector
from tagprobe.errors import TagprobeError

NAME = "masking"
TYPING_ACTIONS = {"fill": "value", "type": "text"}
EXCERPT_RADIUS = 40
MIN_TEXT_FOR_BLANK_GUARD = 20


def _canaries(observation: Observation, options: Mapping[str, Any]) -> list[Canary]:
    canaries = [Canary(str(secret), "listed as sensitive") for secret in options.get("sensitive", ())]
    if options.get("typed_values", True):
        for number, result in enumerate(observation.record.steps, start=1):
            key = TYPING_ACTIONS.get(result.step.action)
            if key is not None:
                canaries.append(
                    Canary(str(result.step.args[key]), f"typed in step {number} ({result.step.location})")
                )
    return [canary for canary in canaries if len(canary.secret) >= MIN_CANARY_LENGTH]


def _excerpt(payload: str, start: int, secret: str) -> str:
    before = payload[max(0, start - EXCERPT_RADIUS) : start]
    after = payload[start + len(secret) : start + len(secret) + EXCERPT_RADIUS]
    return f"…{before}{masked_preview(secret)}{after}…"


def _raw_leaks(canary: Canary, uploads: Sequence[Upload]) -> Iterator[Evidence]:
    for form, text in canary.forms().items():
        for upload in uploads:
            position = (
                upload.payload.lower().find(text.lower()) if form == "as typed" else upload.payload.find(text)
            )
            if position >= 0:
                yield Evidence(
                    f"{masked_preview(canary.secret)} ({canary.origin}) is in upload {upload.index} {form}",
                    upload_index=upload.index,
                    time_ms=upload.received_ms,
                    excerpt=_excerpt(upload.payload, position, text),
                    location=f"raw payload, character {position}",
                )


def _decoded_leaks(canary: Canary, strings: Sequence[PayloadString]) -> Iterator[Evidence]:
    forms = {form: text.lower() for form, text in canary.forms().items()}
    for found in strings:
        lowered = found.text.lower()
        for form, text in forms.items():
            if text in lowered:
                yield Evidence(
                    f"{masked_preview(canary.secret)} ({canary.origin}) {form} in {found.location}",
                    upload_index=found.upload_index,
                    page_number=found.page_number,
                    time_ms=found.time_ms,
                    location=found.location,
                )
                break


def _canary_leaks(
    observation: Observation, options: Mapping[str, Any], strings: Sequence[PayloadString]
) -> Iterator[Evidence]:
    for canary in _canaries(observation, options):
        located = list(_decoded_leaks(canary, strings))
        yield from located or _raw_leaks(canary, observation.record.capture.uploads)


def _pii(strings: Sequence[PayloadString]) -> Iterator[Evidence]:
    for found in strings:
        for match in find_pii(found.text, phones=found.free_text):
            if is_masked_text(match.text):
                continue
            yield Evidence(
                f"{match.kind} {masked_preview(match.text)} sent in clear text in {found.location}",
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
                            excerpt=masked_preview(node.value),
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


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    if not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so there is nothing to inspect (see health)")
    strings = list(payload_strings(observation.session))
    problems = [
        *_canary_leaks(observation, options, strings),
        *_unmasked_regions(observation, options.get("masked", ())),
        *(_pii(strings) if options.get("pii_scan", True) else ()),
        *_blank_recording(observation, float(options.get("max_masked_share", 0.9))),
    ]
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems)
    canaries = len(_canaries(observation, options))
    return Verdict.passed(
        NAME,
        f"{canaries} sensitive value(s) and the built-in PII patterns appear in none of "
        f"{len(observation.record.capture.uploads)} uploads; the recording shows the page",
    )
