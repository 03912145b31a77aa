"""Untrusted YAML to plain data with source locations: YAML 1.2 scalars, no tags, bounded size.

libyaml's C parser composes the node graph; this module turns it into dicts, lists and scalars
with an explicit stack. Aliases are counted as expanded (alias bombs are refused), recursive
aliases and duplicate keys are errors, and no tag can construct an object. The C composer
recurses once per nesting level, so a document that could nest deeper than MAX_DEPTH in flow
style (`[[[[...`) is first checked on the event stream, which does not recurse. Source locations
are worked out only when a problem has to be reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError
from yaml.resolver import BaseResolver

from vendorscore.errors import InputError, Problem

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "Document", "Locations", "parse_yaml"]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 100_000  # counted with aliases expanded

Path = tuple[str | int, ...]

_PLAIN = "vendorscore:plain"  # our marker for an untagged plain scalar, resolved by YAML 1.2 rules
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALLOWED_TAGS = {_PLAIN, _STR, _MAP, _SEQ, "!"}

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBER_START = frozenset("0123456789+-.")
_INT10 = re.compile(r"[-+]?[0-9]{1,30}")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
# Anything that can open a nesting level: flow brackets, and block `-`/`?` indicators followed
# by a blank (several can stand on one line: `- - - x`). Counting them as plain substrings
# overcounts (a `- ` inside text counts too) but never misses one, at C speed.
_OPENERS = ("[", "{", "- ", "-\t", "-\n", "-\r", "? ", "?\t", "?\n", "?\r")
# The C composer recurses once per level: a document that cannot nest deeper than this is
# composed directly (`_convert` then refuses it past MAX_DEPTH, at the same place the event
# scan would); one that might is first checked on the event stream, which does not recurse.
_COMPOSE_DIRECTLY = 400
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


class _NumberTooLarge(Exception):
    """A plain number beyond the float range (not written as .inf)."""


def _resolve_plain(text: str) -> object:
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if not text or text[0] not in _NUMBER_START:
        return text
    if text.isascii() and text.isdigit() and len(text) <= 30:
        return int(text, 10)  # leading zeros stay decimal: YAML 1.2 has no implicit octal
    if _INT10.fullmatch(text):
        return int(text, 10)
    if _INT8.fullmatch(text):
        return int(text[2:], 8)
    if _INT16.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        number = float(text)
        if number in (math.inf, -math.inf):
            raise _NumberTooLarge
        return number
    if _INF.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.fullmatch(text):
        return float("nan")
    return text


class _Loader(CParser, BaseResolver):
    """The C parser and composer, with every untagged plain scalar left for YAML 1.2 rules."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        BaseResolver.__init__(self)

    # The composer asks for the tag of every untagged node (and of `!` ones): PyYAML's own
    # rules without its implicit resolvers and path resolvers, which this loader has none of.
    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is MappingNode else _SEQ

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class Locations(Mapping[Path, tuple[int, int]]):
    """Path of keys/indexes -> (line, column) of a value (or of a key), built on first use.

    Only the source text is kept: holding thousands of node graphs alive would make the garbage
    collector rescan them over and over, and locations are needed only to report a problem.
    """

    def __init__(self, text: str | None, *, keys: bool) -> None:
        self._text, self._keys = text, keys
        self._map: dict[Path, tuple[int, int]] | None = None

    def _built(self) -> dict[Path, tuple[int, int]]:
        if self._map is None:
            self._map = {}
            if self._text is not None:
                self._walk(_Loader(self._text).get_single_node())
        return self._map

    def _walk(self, root: Node | None) -> None:
        assert self._map is not None
        if root is None:
            return
        out = self._map
        if not self._keys:
            out[()] = _at(root)
        stack: list[tuple[Node, Path]] = [(root, ())]
        seen: set[int] = set()
        while stack:
            node, path = stack.pop()
            if id(node) in seen or len(path) > MAX_DEPTH:
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode):
                for key, value in node.value:
                    here = (*path, _key_part(key))
                    out[here] = _at(key) if self._keys else _at(value)
                    stack.append((value, here))
            elif isinstance(node, SequenceNode):
                for i, value in enumerate(node.value):
                    if not self._keys:
                        out[(*path, i)] = _at(value)
                    stack.append((value, (*path, i)))

    def __getitem__(self, path: Path) -> tuple[int, int]:
        return self._built()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


class Document:
    """Plain data from one YAML document, with where each value and each key starts."""

    def __init__(self, data: object, text: str | None = None) -> None:
        self.data = data
        self.values: Mapping[Path, tuple[int, int]] = Locations(text, keys=False)
        self.keys: Mapping[Path, tuple[int, int]] = Locations(text, keys=True)


def _key_part(node: Node) -> str:
    # Keys are names: always the text as written (`true:` and `1:` are the keys "true" and "1").
    return str(node.value) if isinstance(node, ScalarNode) else "<complex key>"


# libyaml 0.2.6 and later (PyYAML 6.0.4 wheels) stop nesting beyond 1,000 levels in the
# scanner, before any event of the document is emitted; older versions do not.
_LIBYAML_NESTING = "exceeded maximum nesting depth"


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH without recursing (the event stream is flat)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    line, col = event.start_mark.line + 1, event.start_mark.column + 1
                    raise InputError(
                        Problem(f"nesting deeper than {MAX_DEPTH} levels", file, line, col)
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if _LIBYAML_NESTING in (exc.problem or "") and mark is not None:
            # The text before libyaml's own limit nests under it and over MAX_DEPTH: scanning
            # that prefix finds the level to blame, so every libyaml reports the same place.
            if 0 < mark.index < len(text):
                _check_depth(text[: mark.index], file)
            line, col = mark.line + 1, mark.column + 1
            raise InputError(
                Problem(f"nesting deeper than {MAX_DEPTH} levels", file, line, col)
            ) from None
        return  # the composer reports syntax errors with their location
    except yaml.YAMLError:
        return


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document safely; InputError with a located problem when it is refused."""
    # Block nesting by indentation alone stays under ~1,400 levels in a file of MAX_FILE_BYTES
    # (level k needs k spaces), which the C composer handles; the indicators can nest faster.
    if sum(map(text.count, _OPENERS)) + text.endswith(("-", "?")) > _COMPOSE_DIRECTLY:
        _check_depth(text, file)
    try:
        root = _Loader(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        if _LIBYAML_NESTING in (exc.problem or ""):
            _check_depth(text, file)  # raises the same located refusal as older libyaml
        raise InputError(_syntax_problem(exc, text, file)) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"control character {char} is not allowed in YAML text (remove it)"
        raise InputError(Problem(message, file, line, col)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"not valid YAML: {exc}", file)) from None
    if root is None:
        return Document(None)
    return Document(_convert(root, file), text)


# libyaml notices an unclosed quote or bracket only where the text ends or the next key starts;
# the place to fix is where it opened (libyaml's context mark).
_UNCLOSED = {
    ("while scanning a quoted scalar", "end of stream"): (
        "this quoted text is never closed (add the closing quote)"
    ),
    ("while parsing a flow mapping", "did not find expected"): (
        "this `{` is never closed (add `}`, or a `,` between items)"
    ),
    ("while parsing a flow sequence", "did not find expected"): (
        "this `[` is never closed (add `]`, or a `,` between items)"
    ),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    start = exc.context_mark
    for (context, problem), opened in _UNCLOSED.items():
        if start and context == (exc.context or "").strip() and problem in (exc.problem or ""):
            return Problem(f"not valid YAML: {opened}", file, start.line + 1, start.column + 1)
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "expected a single document" in (exc.context or ""):
        return Problem("expected one YAML document, found more (remove the `---`)", file, line, col)
    if "undefined alias" in problem and mark is not None:
        name = re.match(r"\*[^\s,\]}]*", text[mark.index :])
        problem = f"unknown alias {name.group(0) if name else ''}: define it with &name first"
    elif "'\\t'" in problem or "\t" in problem:
        problem = "a tab cannot indent YAML; indent with spaces"
    else:
        problem = f"not valid YAML: {problem}"
    return Problem(problem, file, line, col)


class _Frame:
    """A list or mapping being filled while its children are converted."""

    __slots__ = ("container", "depth", "i", "items", "node", "size")

    def __init__(self, node: Node, depth: int) -> None:
        self.node = node
        self.depth = depth
        self.items: list[Any] = node.value
        self.i = 0
        self.size = 1
        self.container: dict[str, object] | list[object] = (
            {} if isinstance(node, MappingNode) else []
        )


def _convert(root: Node, file: str) -> object:
    """Nodes to plain data in one iterative pass; aliases share their value, counted as expanded."""

    def fail(message: str, node: Node) -> InputError:
        line, col = _at(node)
        return InputError(Problem(message, file, line, col))

    def scalar(node: ScalarNode) -> object:
        if node.tag == _PLAIN:
            try:
                return _resolve_plain(node.value)
            except _NumberTooLarge:
                shown = node.value if len(node.value) <= 20 else node.value[:17] + "..."
                message = f"the number {shown} is too large (at most about 1.8e308)"
                raise fail(message + "; put it in quotes if it is text", node) from None
        if node.tag not in _ALLOWED_TAGS:
            raise fail(f"YAML tags are not allowed here (found {node.tag})", node)
        return node.value

    if isinstance(root, ScalarNode):
        return scalar(root)
    built: dict[int, tuple[object, int]] = {}  # finished lists/mappings: value, expanded size
    active: set[int] = set()  # ids of the lists/mappings being filled (the current path)
    stack = [_Frame(root, 0)]
    active.add(id(root))
    while True:
        frame = stack[-1]
        node = frame.node
        if node.tag not in _ALLOWED_TAGS:
            raise fail(f"YAML tags are not allowed here (found {node.tag})", node)
        mapping = isinstance(node, MappingNode)
        descended = False
        while frame.i < len(frame.items):
            item = frame.items[frame.i]
            child: Node = item[1] if mapping else item
            if isinstance(child, ScalarNode):
                value: object = scalar(child)
                size = 1
            elif id(child) in built:
                value, size = built[id(child)]  # an alias of a finished list or mapping
            elif id(child) in active:
                raise fail("an alias refers to the list or mapping that contains it", child)
            else:
                if frame.depth + 1 >= MAX_DEPTH:
                    raise fail(f"nesting deeper than {MAX_DEPTH} levels", child)
                stack.append(_Frame(child, frame.depth + 1))
                active.add(id(child))
                descended = True
                break
            _place(frame, item, value, size, mapping, fail)
            frame.i += 1
        if descended:
            continue
        if frame.size > MAX_NODES:
            raise fail(
                f"document too large: more than {MAX_NODES:,} values (counting each use of an "
                "alias in full)",
                node,
            )
        stack.pop()
        active.discard(id(node))
        built[id(node)] = (frame.container, frame.size)
        if not stack:
            return frame.container
        parent = stack[-1]
        parent_mapping = isinstance(parent.node, MappingNode)
        _place(parent, parent.items[parent.i], frame.container, frame.size, parent_mapping, fail)
        parent.i += 1


def _place(frame: _Frame, item: Any, value: object, size: int, mapping: bool, fail: Any) -> None:
    """Add a converted child to its parent list or mapping."""
    frame.size += size
    if not mapping:
        assert isinstance(frame.container, list)
        frame.container.append(value)
        return
    key_node = item[0]
    if not isinstance(key_node, ScalarNode):
        raise fail("a mapping key must be a plain value, not a list or mapping", key_node)
    key = key_node.value  # keys are names: the text as written
    assert isinstance(frame.container, dict)
    if key in frame.container:
        raise fail(f"duplicate key '{key}': each key may appear once", key_node)
    frame.container[key] = value
    frame.size += 1
