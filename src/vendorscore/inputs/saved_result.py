"""Saved results (`rank --format json`, or the copy inside an exported workbook) read back safely.

A saved result is untrusted: a file a colleague mailed. It is read within a size limit, parsed
by the standard library's JSON decoder, and checked key by key before anything uses it; every
problem is reported at once as `file:line:col: message`. Keys this version does not know are
ignored (a newer vendorscore may add keys within the same format version); a newer format
version is refused with one clear line.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from vendorscore.errors import InputError, Problem
from vendorscore.inputs.jsoncheck import MAX_LIST, MAX_TEXT, JsonChecker, JsonPath, describe
from vendorscore.inputs.jsonpos import duplicate_key, locate
from vendorscore.inputs.paths import PathLike
from vendorscore.model.results import CriterionInfo, InputFile, Method, MissingPolicy
from vendorscore.model.saved import FORMAT_NAME, FORMAT_VERSION, SavedRun, SavedVendor

__all__ = ["MAX_RESULT_BYTES", "read_saved_run", "saved_run_from_text"]

# A saved ranking takes about 5 kB per vendor: 64 MB holds some 12,000 vendors.
MAX_RESULT_BYTES = 64_000_000
MAX_PROBLEMS = 20  # a file that is not a result at all would otherwise list thousands
_SAVE_HINT = "save one with `vendorscore rank ... --format json > FILE`"
_METHODS = ("weighted_sum", "topsis")
_POLICIES = ("worst", "neutral", "exclude")
_KINDS = ("vendor", "criteria", "demand", "ratings")
_SCALARS = {str, int, float, bool, type(None)}  # what a raw profile value may be in JSON
_NUMBERS = {int, float}
_HEX = set("0123456789abcdef")


def _all_in_range(mapping: dict[str, Any], ids: set[str], high: float, *, nullable: bool) -> bool:
    """Every criterion present, every value a finite number from 0 to `high`: checked in bulk,
    as a thousand vendors hold some 100,000 of these numbers.

    A NaN or an infinity makes the sum non-finite, so it takes the strict path, which says why.
    """
    if mapping.keys() != ids:
        return False
    values = [v for v in mapping.values() if v is not None] if nullable else list(mapping.values())
    if not values:
        return True
    if not set(map(type, values)) <= _NUMBERS or not math.isfinite(sum(values)):
        return False
    return bool(min(values) >= 0 and max(values) <= high)


def read_saved_run(path: PathLike) -> SavedRun:
    """A saved result from a `.json` file or an exported `.xlsx` workbook, checked."""
    path = Path(path)
    data = _read_bytes(path)
    if data.startswith(b"PK\x03\x04"):
        from vendorscore.inputs.saved_workbook import result_text_from_workbook

        text = result_text_from_workbook(path, data)
        return saved_run_from_text(text, str(path), in_workbook=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            Problem(f"not UTF-8 text, so not a saved result; {_SAVE_HINT}", str(path), line, col)
        ) from None
    return saved_run_from_text(text, str(path))


def _read_bytes(path: Path) -> bytes:
    shown = str(path)
    try:
        if path.is_dir():
            raise InputError(Problem("is a folder, expected a saved result (.json)", shown))
        size = path.stat().st_size
        if size > MAX_RESULT_BYTES:
            raise InputError(
                Problem(
                    f"file is {size:,} bytes; a saved result may be {MAX_RESULT_BYTES:,}", shown
                )
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_RESULT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem("no such file", shown)) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror or exc}", shown)) from None
    if len(data) > MAX_RESULT_BYTES:
        raise InputError(Problem(f"file is larger than {MAX_RESULT_BYTES:,} bytes", shown))
    if not data.strip():
        raise InputError(
            Problem(
                "the file is empty (did a shell redirect `> FILE` overwrite it?); " + _SAVE_HINT,
                shown,
            )
        )
    return data


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKeyError
    return result


class _DuplicateKeyError(Exception):
    pass


def saved_run_from_text(text: str, source: str, *, in_workbook: bool = False) -> SavedRun:
    """A saved result from its JSON text; `source` names it in messages and in the result."""

    def at(where: tuple[int, int] | None) -> tuple[int | None, int | None]:
        return (None, None) if in_workbook or where is None else where

    prefix = "the saved result inside the workbook: " if in_workbook else ""
    try:
        doc = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        line, col = at((exc.lineno, exc.colno))
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            message = "the JSON ends early: the file is cut short (truncated?); " + _SAVE_HINT
        elif not text.lstrip().startswith(("{", "[")):
            message = f"not JSON, so not a saved vendorscore result; {_SAVE_HINT}"
        else:
            message = f"not valid JSON: {exc.msg}"
        raise InputError(Problem(prefix + message, source, line, col)) from None
    except _DuplicateKeyError:
        found = duplicate_key(text)
        name = ".".join(map(str, found[0])) if found else "a key"
        line, col = at(found[1] if found else None)
        message = f"{name}: the key appears twice in one object; keep one"
        raise InputError(Problem(prefix + message, source, line, col)) from None
    except RecursionError:
        raise InputError(Problem(prefix + "the JSON is nested too deeply", source)) from None
    except ValueError:  # the one other refusal: an integer beyond Python's 4,300 digits
        message = "not valid JSON: a number has more than 4,300 digits"
        raise InputError(Problem(prefix + message, source)) from None
    _check_kind(doc, source, prefix, lambda path: at(locate(text, path)))
    check = _Checker()
    run = check.run(doc, source)
    if check.problems:
        problems = []
        for path, message, on_key in check.problems[:MAX_PROBLEMS]:
            line, col = at(locate(text, path, key=on_key))
            problems.append(Problem(prefix + message, source, line, col))
        extra = len(check.problems) - MAX_PROBLEMS
        if extra > 0:
            problems.append(Problem(f"... and {extra} more problems", source))
        raise InputError(problems)
    assert run is not None
    return run


def _check_kind(
    doc: object,
    source: str,
    prefix: str,
    at: Callable[[JsonPath], tuple[int | None, int | None]],
) -> None:
    """One clear line for JSON that is not a saved ranking, or one this version cannot read."""
    if not isinstance(doc, dict):
        raise InputError(
            Problem(f"{prefix}not a saved vendorscore result; {_SAVE_HINT}", source, *at(()))
        )
    kind = doc.get("format")
    if kind is None and "vendors" in doc and "criteria" in doc:
        raise InputError(
            Problem(
                f"{prefix}saved by a vendorscore that did not record the weights and values a "
                f"comparison needs (no `format_version`); run `vendorscore rank ... --format json` "
                f"again on the same files to save it anew",
                source,
                *at(()),
            )
        )
    if kind != FORMAT_NAME:
        what = (
            f"a `{kind.removeprefix('vendorscore-')}` document, not a saved ranking"
            if isinstance(kind, str) and kind.startswith("vendorscore-")
            else "not a saved vendorscore result"
        )
        raise InputError(Problem(f"{prefix}{what}; {_SAVE_HINT}", source, *at(())))
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        tool = doc.get("tool_version")
        by = f" by vendorscore {tool}" if isinstance(tool, str) and len(tool) < 40 else ""
        from vendorscore._version import __version__

        raise InputError(
            Problem(
                f"{prefix}saved in result format {version}{by}; this vendorscore ({__version__}) "
                f"reads format {FORMAT_VERSION} and older: upgrade vendorscore to compare it",
                source,
                *at(("format_version",)),
            )
        )


class _Checker(JsonChecker):
    """The layout of a saved ranking, checked key by key."""

    def run(self, doc: dict[str, Any], source: str) -> SavedRun | None:
        """The whole document, or None when any problem was found."""
        version = self.get(doc, "format_version", (), "int")
        if version is not None and version < 1:
            self.fail(("format_version",), f"must be 1 or more, got {version}")
        tool_version = self.get(doc, "tool_version", (), "text", max=100)
        crit = self.get(doc, "criteria", (), "object") or {}
        here: JsonPath = ("criteria",)
        name = self.get(crit, "name", here, "text")
        file = self.get(crit, "file", here, "text", empty=True)
        method = self.get(crit, "method", here, "choice", choices=_METHODS)
        currency = self.get(crit, "base_currency", here, "text", max=10)
        policy = self.get(crit, "missing_policy", here, "choice", choices=_POLICIES)
        rules = self.texts(crit, "requirements", here)
        tree = self._tree(crit)
        vendors = self._vendors(doc, self.ids, self.leaf_ids)
        inputs = self._inputs(doc)
        warnings = self.texts(doc, "warnings", ())
        if self.problems:
            return None
        return SavedRun(
            source=source,
            format_version=version,
            tool_version=tool_version,
            criteria_name=name,
            criteria_file=file,
            method=cast(Method, method),
            base_currency=currency,
            missing_policy=cast(MissingPolicy, policy),
            criteria=tree,
            requirement_rules=rules,
            vendors=vendors,
            inputs=inputs,
            warnings=warnings,
        )

    def _tree(self, crit: dict[str, Any]) -> tuple[CriterionInfo, ...]:
        """The criteria tree; every id seen goes to `ids`/`leaf_ids`, even on a bad node."""
        self.ids: set[str] = set()
        self.leaf_ids: set[str] = set()
        nodes = self.get(crit, "tree", ("criteria",), "list") or []
        infos: list[CriterionInfo] = []
        depth: dict[str, int] = {}
        groups: set[str] = set()
        for i, node in enumerate(nodes):
            here: JsonPath = ("criteria", "tree", i)
            if self.value(node, here, "object") is None:
                continue
            cid = self.get(node, "id", here, "text", max=64)
            parent = self.get(node, "parent", here, "text", nullable=True, max=64)
            leaf = self.get(node, "leaf", here, "bool")
            if isinstance(cid, str):
                self.ids.add(cid)
                if leaf:
                    self.leaf_ids.add(cid)
            if cid is not None and cid in depth:
                self.fail((*here, "id"), f"criterion id '{cid}' appears twice")
            if parent is not None and parent not in groups:
                self.fail((*here, "parent"), f"'{parent}' is not a group listed before this node")
            weight = self.get(node, "weight", here, "number", low=0)
            local = self.get(node, "local_weight", here, "number", low=0, high=1)
            effective = self.get(node, "effective_weight", here, "number", low=0, high=1)
            label = self.get(node, "label", here, "text", empty=True, max=500)
            field = self.get(node, "field", here, "text", nullable=not leaf, max=500)
            scale = self.get(node, "scale", here, "text", nullable=not leaf)
            missing = self.get(
                node, "missing", here, "choice", choices=_POLICIES, nullable=not leaf
            )
            if cid is None or leaf is None or None in (weight, local, effective, label):
                continue
            depth[cid] = 0 if parent is None else depth.get(parent, 0) + 1
            if not leaf:
                groups.add(cid)
            infos.append(
                CriterionInfo(
                    cid,
                    label,
                    parent,
                    depth[cid],
                    weight,
                    local,
                    effective,
                    leaf,
                    field,
                    scale,
                    missing,
                )
            )
        children: dict[str, list[str]] = {}
        for c in infos:
            if c.parent is not None:
                children.setdefault(c.parent, []).append(c.id)
        return tuple(c._replace(children=tuple(children.get(c.id, ()))) for c in infos)

    def _vendors(
        self, doc: dict[str, Any], ids: set[str], leaves: set[str]
    ) -> tuple[SavedVendor, ...]:
        items = self.get(doc, "vendors", (), "list", max=1_000_000) or []
        out: list[SavedVendor] = []
        names: dict[str, int] = {}
        for i, item in enumerate(items):
            here: JsonPath = ("vendors", i)
            if self.value(item, here, "object") is None:
                continue
            name = self.get(item, "name", here, "text", max=500)
            if name is not None:
                if name.casefold() in names:
                    self.fail(
                        (*here, "name"),
                        f"vendor '{name}' is listed twice "
                        f"(first as vendors.{names[name.casefold()]})",
                    )
                names.setdefault(name.casefold(), i)
            rank = self.get(item, "rank", here, "int", nullable=True)
            eligible = self.get(item, "eligible", here, "bool")
            if eligible is not None and (rank is None) == eligible:
                self.fail(
                    (*here, "rank"), "an eligible vendor has a rank and a knocked-out one has none"
                )
            vendor = SavedVendor(
                name=name,
                file=self.get(item, "file", here, "text", empty=True),
                delivery_model=self.get(item, "delivery_model", here, "text", max=100),
                rank=rank,
                eligible=eligible,
                total=self.get(item, "total", here, "number", low=0, high=100),
                completeness=self.get(item, "completeness", here, "number", low=0, high=1),
                failed_requirements=self.texts(item, "failed_requirements", here),
                scores=self._numbers(item, "scores", here, ids, nullable=True, high=100),
                # Not None once every check passed (the record is dropped otherwise).
                contributions=cast(
                    dict[str, float], self._numbers(item, "contributions", here, leaves, high=100)
                ),
                effective_weights=cast(
                    dict[str, float], self._numbers(item, "effective_weights", here, leaves, high=1)
                ),
                values=self._values(item, here),
            )
            out.append(vendor)
        return tuple(out)

    def _numbers(
        self, item: dict[str, Any], key: str, path: JsonPath, ids: set[str], *,
        nullable: bool = False, high: float,
    ) -> dict[str, float | None]:  # fmt: skip
        mapping = self.get(item, key, path, "object") or {}
        if _all_in_range(mapping, ids, high, nullable=nullable):
            return mapping  # every key known, every value a finite number in range
        out: dict[str, float | None] = {}
        for k, v in mapping.items():
            if k not in ids:
                self.fail((*path, key, k), "not a criterion of this result's tree", on_key=True)
                continue
            out[k] = self.value(v, (*path, key, k), "number", nullable=nullable, low=0, high=high)
        if key in item and isinstance(mapping, dict):
            lost = sorted(ids - mapping.keys())
            if lost:
                self.fail(
                    (*path, key),
                    f"no value for {', '.join(lost[:5])}{' ...' if len(lost) > 5 else ''}",
                )
        return out

    def _values(self, item: dict[str, Any], path: JsonPath) -> dict[str, object]:
        mapping = self.get(item, "values", path, "object") or {}
        for k, v in mapping.items():
            kind = type(v)
            if kind is list:
                if len(v) > MAX_LIST or not all(type(x) in _SCALARS for x in v):
                    self.fail((*path, "values", k), "must be a list of plain values")
            elif kind not in _SCALARS:
                self.fail((*path, "values", k), f"must be a plain value, got {describe(v)}")
            elif kind is str and len(v) > MAX_TEXT:
                self.fail((*path, "values", k), f"too long (at most {MAX_TEXT:,} characters)")
        return dict(mapping)

    def _inputs(self, doc: dict[str, Any]) -> tuple[InputFile, ...]:
        out: list[InputFile] = []
        for i, item in enumerate(self.get(doc, "inputs", (), "list", max=1_000_000) or []):
            here: JsonPath = ("inputs", i)
            if self.value(item, here, "object") is None:
                continue
            kind = self.get(item, "kind", here, "choice", choices=_KINDS)
            path = self.get(item, "path", here, "text")
            digest = self.get(item, "sha256", here, "text", max=64)
            if isinstance(digest, str) and (len(digest) != 64 or not set(digest) <= _HEX):
                self.fail((*here, "sha256"), "must be 64 lowercase hexadecimal digits")
            out.append(InputFile(path, digest, kind))
        return tuple(out)
