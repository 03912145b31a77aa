"""Untrusted YAML to plain data with source locations: YAML 1.2 scalars, no tags, bounded size.

The document is built from the C parser's event stream with an explicit stack, so deep nesting
cannot exhaust the C or Python stack, aliases are counted as expanded (alias bombs are refused),
duplicate keys are errors and no tag can construct an object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from vendorscore.errors import InputError, Problem

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "Document", "parse_yaml"]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 100_000  # counted with aliases expanded

Path = tuple[str | int, ...]

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MAX_INT_DIGITS = 30
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class Document:
    """Plain data from one YAML document, with where each value and each key starts."""

    data: object
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)


def _resolve_plain(text: str) -> object:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text) and len(text) <= _MAX_INT_DIGITS:
        return int(text, 10)  # leading zeros stay decimal: YAML 1.2 has no implicit octal
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) and not _INT10.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


@dataclass
class _Frame:
    container: dict[object, object] | list[object]
    path: Path
    start: tuple[int, int]
    weight: int = 1
    key: object = None
    has_key: bool = False
    anchor: str | None = None


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document safely; InputError with a located problem when it is refused."""
    doc = Document(None)
    anchors: dict[str, tuple[object, int]] = {}
    stack: list[_Frame] = []
    total = 0
    documents = 0

    def fail(message: str, at: tuple[int, int]) -> InputError:
        return InputError(Problem(message, file, at[0], at[1]))

    def place(value: object, weight: int, at: tuple[int, int], anchor: str | None) -> None:
        nonlocal total
        total += weight
        if total > MAX_NODES:
            raise fail(
                f"document too large: more than {MAX_NODES:,} values once aliases are expanded "
                "(an alias bomb?)",
                at,
            )
        if anchor is not None:
            anchors[anchor] = (value, weight)
        if not stack:
            doc.data = value
            doc.values[()] = at
            return
        top = stack[-1]
        top.weight += weight
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
            doc.values[path] = at
        elif not top.has_key:
            if isinstance(value, dict | list):
                raise fail("a mapping key must be a plain value, not a list or mapping", at)
            if value in top.container:
                raise fail(f"duplicate key '{value}': each key may appear once", at)
            top.key, top.has_key = value, True
            doc.keys[(*top.path, _key_part(value))] = at
        else:
            top.container[top.key] = value
            doc.values[(*top.path, _key_part(top.key))] = at
            top.has_key = False

    def child_path(at: tuple[int, int]) -> Path:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if not top.has_key:
            raise fail("a mapping key must be a plain value, not a list or mapping", at)
        return (*top.path, _key_part(top.key))

    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            at = _mark(event)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail("expected one YAML document, found more (remove the `---`)", at)
            elif isinstance(event, yaml.ScalarEvent):
                if event.tag not in (None, "!", _STR_TAG):
                    raise fail(f"YAML tags are not allowed here (found {event.tag})", at)
                plain = event.implicit[0] and not event.style and event.tag is None
                value = _resolve_plain(event.value) if plain else event.value
                place(value, 1, at, event.anchor)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.tag not in (None, "!", _MAP_TAG, _SEQ_TAG):
                    raise fail(f"YAML tags are not allowed here (found {event.tag})", at)
                if len(stack) >= MAX_DEPTH:
                    raise fail(f"nesting deeper than {MAX_DEPTH} levels", at)
                container: dict[object, object] | list[object] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                stack.append(_Frame(container, child_path(at), at, anchor=event.anchor))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                place(frame.container, frame.weight, frame.start, frame.anchor)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise fail(f"unknown alias *{event.anchor}", at)
                value, weight = anchors[event.anchor]
                place(value, weight, at, None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = exc.problem or exc.context or "invalid YAML"
        raise InputError(Problem(f"not valid YAML: {reason}", file, line, col)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"not valid YAML: {exc}", file)) from None
    except RecursionError:
        raise InputError(Problem(f"nesting deeper than {MAX_DEPTH} levels", file)) from None
    return doc


def _key_part(key: object) -> str | int:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int | str):
        return key
    return str(key)
