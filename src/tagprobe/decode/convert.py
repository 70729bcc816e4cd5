"""Maps clarity-decode's `{time, event, data}` entries to typed events; unknown shapes stay OtherEvent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from tagprobe.decode.events import (
    Change,
    Click,
    Consent,
    Custom,
    Dimensions,
    DomChange,
    DomNode,
    Event,
    Input,
    Log,
    Metrics,
    OtherEvent,
    Pointer,
    ScriptError,
    Scroll,
    Unload,
    Variables,
    Viewport,
    Visibility,
)

Data = Mapping[str, Any]


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _flatten(values: Any) -> tuple[str, ...]:
    """Variable values arrive wrapped once or twice (`["gold"]` or `[["gold"]]`)."""
    if isinstance(values, list | tuple):
        return tuple(item for value in values for item in _flatten(value))
    return (_str(values),)


def _click(time: int, kind: int, data: Data) -> Event:
    return Click(
        time,
        kind,
        target=_int(data.get("target")),
        x=_int(data.get("x")),
        y=_int(data.get("y")),
        button=_int(data.get("button")),
        reaction=_int(data.get("reaction"), 1),
        context=_int(data.get("context")),
        text=_str(data.get("text")),
        link=data.get("link") or None,
        hash=_str(data.get("hash")),
        trusted=data.get("trust") == 1,
        tag=_str(data.get("tag")).lower(),
        class_name=_str(data.get("class")),
        element_id=_str(data.get("id")),
        width=_int(data.get("w")),
        height=_int(data.get("h")),
    )


def _dom(time: int, kind: int, data: Any) -> Event:
    nodes = tuple(
        DomNode(
            id=_int(node.get("id")),
            parent=node.get("parent"),
            tag=_str(node.get("tag")),
            attributes=MappingProxyType({str(k): _str(v) for k, v in (node.get("attributes") or {}).items()}),
            value=None if node.get("value") is None else _str(node.get("value")),
        )
        for node in (data if isinstance(data, list) else [])
        if isinstance(node, dict)
    )
    return DomChange(time, kind, nodes)


def _keyed(data: Data) -> Mapping[int, Any]:
    return {_int(key, -1): value for key, value in data.items()}


CONVERTERS: Mapping[str, Callable[[int, int, Any], Event]] = {
    "click": _click,
    "dom": _dom,
    "scroll": lambda t, k, d: Scroll(t, k, _int(d.get("target")), _int(d.get("x")), _int(d.get("y"))),
    "pointer": lambda t, k, d: Pointer(t, k, _int(d.get("target")), _int(d.get("x")), _int(d.get("y"))),
    "input": lambda t, k, d: Input(t, k, _int(d.get("target")), _str(d.get("value"))),
    "change": lambda t, k, d: Change(t, k, _int(d.get("target")), _str(d.get("type")), _str(d.get("value"))),
    "custom": lambda t, k, d: Custom(
        t, k, _str(d.get("key")), None if d.get("value") is None else _str(d["value"])
    ),
    "variable": lambda t, k, d: Variables(
        t, k, MappingProxyType({str(n): _flatten(v) for n, v in d.items()})
    ),
    "dimension": lambda t, k, d: Dimensions(
        t, k, MappingProxyType({n: _flatten(v) for n, v in _keyed(d).items()})
    ),
    "metric": lambda t, k, d: Metrics(t, k, MappingProxyType({n: float(v) for n, v in _keyed(d).items()})),
    "consent": lambda t, k, d: Consent(
        t, k, _int(d.get("source")), d.get("ad_Storage") == 1, d.get("analytics_Storage") == 1
    ),
    "script": lambda t, k, d: ScriptError(
        t,
        k,
        _str(d.get("message")),
        _int(d.get("line")),
        _int(d.get("column")),
        _str(d.get("stack")),
        _str(d.get("source")),
    ),
    "log": lambda t, k, d: Log(
        t, k, _int(d.get("code")), _str(d.get("name")), _str(d.get("message")), _int(d.get("severity"))
    ),
    "visibility": lambda t, k, d: Visibility(t, k, d.get("visible") == 1),
    "unload": lambda t, k, d: Unload(t, k, _str(d.get("name"))),
    "doc": lambda t, k, d: Viewport(t, k, _int(d.get("width")), _int(d.get("height"))),
    "resize": lambda t, k, d: Viewport(t, k, _int(d.get("width")), _int(d.get("height"))),
}

NOT_EVENTS = frozenset({"envelope", "timestamp"})


def convert_upload(decoded: Mapping[str, Any]) -> list[Event]:
    """All events of one decoded upload, typed where tagprobe knows the shape, in time order."""
    events: list[Event] = []
    for group, entries in decoded.items():
        if group in NOT_EVENTS or not isinstance(entries, list):
            continue
        convert = CONVERTERS.get(group)
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            time, kind, data = _int(entry.get("time")), _int(entry.get("event")), entry.get("data")
            try:
                events.append(convert(time, kind, data) if convert else OtherEvent(time, kind, group, data))
            except (AttributeError, TypeError, ValueError):
                events.append(OtherEvent(time, kind, group, data))
    events.sort(key=lambda event: event.time)
    return events
