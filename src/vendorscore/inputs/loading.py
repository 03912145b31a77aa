"""Files to validated models: vendor profiles and criteria sets, every problem located."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar, overload

from pydantic_core import ValidationError

from vendorscore.errors import CriteriaError, InputError, Problem, ProfileError, VendorScoreError
from vendorscore.inputs.digest import sha256_hex
from vendorscore.inputs.names import how_names_differ, look_alike_keys, name_key
from vendorscore.inputs.paths import (
    NOT_REGULAR,
    YAML_SUFFIXES,
    PathLike,
    path_problem,
    vendor_paths,
)
from vendorscore.inputs.yamlsafe import MAX_FILE_BYTES, Document, parse_yaml
from vendorscore.model.criteria import Criteria, CriteriaSpec, CriterionNode, Requirement
from vendorscore.model.records import Record
from vendorscore.model.results import InputFile
from vendorscore.model.vendor import Vendor, VendorProfile
from vendorscore.scoring.batch import collector_paused
from vendorscore.scoring.fields import FieldKind, field_kind
from vendorscore.scoring.scales import check_scale_fits

if TYPE_CHECKING:
    from vendorscore.model.demand import Demand

__all__ = [
    "bundled_criteria",
    "bundled_criteria_dir",
    "criteria_from_data",
    "criteria_from_text",
    "input_files",
    "load_criteria",
    "load_demand",
    "load_vendors",
    "load_yaml",
    "vendor_from_data",
    "vendor_from_text",
    "vendor_paths",
]


def _read(path: Path) -> tuple[str, str, bool]:
    """The text of a file (line ends as written), its SHA-256 and whether it starts with a
    UTF-8 byte-order mark; InputError when it cannot be read or is too large."""
    shown = str(path)
    try:
        # Non-blocking, so that a named pipe (FIFO) is refused instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(Problem(path_problem(path, exc), shown)) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise InputError(Problem("is a folder, expected a YAML file", shown))
            if not stat.S_ISREG(mode):
                raise InputError(Problem(NOT_REGULAR, shown))
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(
                    Problem(
                        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} "
                        "(is this a profile?)",
                        shown,
                    )
                )
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InputError(Problem(path_problem(path, exc), shown)) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            Problem(f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes", shown)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            Problem("not UTF-8 text (save the file as UTF-8)", shown, line, col)
        ) from None
    return text, sha256_hex(data), data.startswith(b"\xef\xbb\xbf")


@overload
def load_yaml(path: Path) -> tuple[Document, str]: ...


@overload
def load_yaml(path: Path, *, with_text: Literal[True]) -> tuple[Document, str, bool]: ...


def load_yaml(
    path: Path, *, with_text: bool = False
) -> tuple[Document, str] | tuple[Document, str, bool]:
    """A YAML file parsed safely (YAML 1.2 scalars, no tags, bounded), and its SHA-256; or, with
    `with_text`, its text as written and whether it starts with a byte-order mark."""
    text, digest, bom = _read(path)
    doc = parse_yaml(text, str(path))
    return (doc, text, bom) if with_text else (doc, digest)


R = TypeVar("R", bound=Record)


def _validate(model: type[R], doc: Document, file: str) -> R:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else "not a mapping of keys to values"
        raise InputError(Problem(f"the file is {what}; expected `key: value` lines", file, 1, 1))
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        from vendorscore.inputs.diagnostics import problems_from_validation  # only on bad input

        raise ProfileError(
            problems_from_validation(
                exc, model=model, file=file, values=doc.values, keys=doc.keys, data=doc.data
            )
        ) from None


def load_vendors(paths: PathLike | Iterable[PathLike]) -> list[Vendor]:
    """Every vendor profile in `paths` (files or folders, str or Path); all problems at once."""
    with collector_paused():
        return _load_vendors(paths)


def _load_vendors(paths: PathLike | Iterable[PathLike]) -> list[Vendor]:
    vendors: list[Vendor] = []
    files, problems = vendor_paths(paths)
    if not files and not problems:
        raise InputError(Problem("no vendor files given"))
    first_seen: dict[str, Vendor] = {}  # by name_key
    look_alikes: dict[tuple[int, str], Vendor] = {}
    for path in files:
        try:
            doc, digest = load_yaml(path)
            profile = _validate(VendorProfile, doc, str(path))
        except VendorScoreError as exc:
            problems.extend(exc.problems)
            continue
        vendor = Vendor(profile, str(path), digest, doc.values, doc.keys)
        key = name_key(profile.name)
        keys = list(enumerate(look_alike_keys(profile.name)))
        earlier = first_seen.get(key) or next(
            (look_alikes[k] for k in keys if k in look_alikes), None
        )
        if earlier is not None:
            line, col = doc.values.get(("name",), (1, 1))
            problems.append(Problem(_clash(profile.name, earlier), str(path), line, col))
            continue
        first_seen[key] = vendor
        look_alikes.update((k, vendor) for k in keys)
        vendors.append(vendor)
    if problems:
        raise ProfileError(problems)
    return vendors


def _clash(name: str, earlier: Vendor) -> str:
    """Why a vendor name cannot be used again: the same name, or one that reads the same."""
    if name.casefold() == earlier.profile.name.casefold():
        return f"vendor name '{name}' is already used by {earlier.file}; names must be unique"
    other = earlier.profile.name
    return (
        f"vendor name '{name}' looks the same as '{other}' in {earlier.file} (they differ only "
        f"in {how_names_differ(name, other)}); names must be unique"
    )


def bundled_criteria_dir() -> Path:
    """The folder of bundled criteria sets (inside the wheel, or the checkout's criteria/)."""
    package = Path(__file__).resolve().parents[1]  # src/vendorscore, or site-packages/vendorscore
    packaged = package / "criteria"  # inside an installed wheel
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "criteria"  # a source checkout


def bundled_criteria() -> dict[str, Path]:
    """Bundled criteria sets by name (file stem), sorted."""
    folder = bundled_criteria_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def resolve_criteria_path(spec: PathLike | None) -> Path:
    """A criteria file path from a path or a bundled set's name; `None` means `default`."""
    bundled = bundled_criteria()
    if spec is None:
        spec = "default"
    text = os.fspath(spec)
    path = Path(text)
    try:
        exists = path.exists()
    except OSError:  # a name too long, a folder on the way unreadable: the read says which
        exists = True
    if exists or path.suffix.lower() in YAML_SUFFIXES or os.sep in text:
        return path
    if text in bundled:
        return bundled[text]
    names = ", ".join(bundled) or "none found"
    raise InputError(Problem(f"'{text}' is neither a file nor a bundled criteria set ({names})"))


def load_criteria(spec: PathLike | None = None) -> Criteria:
    """A criteria set from a file path or bundled name, checked against the profile fields."""
    path = resolve_criteria_path(spec)
    doc, digest = load_yaml(path)
    criteria = _criteria(doc, str(path), digest)
    if path.parent == bundled_criteria_dir():  # the user copies it to edit, never edits it
        return dataclasses.replace(criteria, bundled=path.stem)
    return criteria


def criteria_from_text(text: str, file: str = "<criteria>") -> Criteria:
    """A criteria set from YAML text (for notebooks and tests), checked like a file."""
    return _criteria(parse_yaml(text, file), file, sha256_hex(text.encode()))


def vendor_from_text(text: str, file: str = "<vendor>") -> Vendor:
    """One vendor profile from YAML text (for notebooks and tests), validated like a file."""
    doc = parse_yaml(text, file)
    profile = _validate(VendorProfile, doc, file)
    return Vendor(profile, file, sha256_hex(text.encode()), doc.values, doc.keys)


def vendor_from_data(data: Mapping[str, object], file: str = "<vendor>") -> Vendor:
    """One vendor profile from plain data (a mapping as YAML gives), validated like a file."""
    with _no_lines():
        profile = _validate(VendorProfile, Document(dict(data)), file)
    return Vendor(profile, file, _digest(data))


def criteria_from_data(data: Mapping[str, object], file: str = "<criteria>") -> Criteria:
    """A criteria set from plain data (a mapping as YAML gives), checked like a file."""
    with _no_lines():
        return _criteria(Document(dict(data)), file, _digest(data))


@contextmanager
def _no_lines() -> Iterator[None]:
    """Problems in data that has no source text name the file alone, with no line or column."""
    try:
        yield
    except VendorScoreError as exc:
        raise type(exc)([Problem(p.message, p.file) for p in exc.problems]) from None


def _digest(data: Mapping[str, object]) -> str:
    import json

    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return sha256_hex(text.encode())


def _criteria(doc: Document, file: str, digest: str) -> Criteria:
    try:
        parsed = _validate(CriteriaSpec, doc, file)
    except ProfileError as exc:
        raise CriteriaError(exc.problems) from None
    criteria = Criteria(parsed, file, digest, doc.values, doc.keys)
    problems = _check_criteria(criteria)
    if problems:
        raise CriteriaError(problems)
    return criteria


def _check_criteria(criteria: Criteria) -> list[Problem]:
    """Cross-field checks pydantic cannot do alone: ids, sibling weights, field paths, scale fit."""
    problems: list[Problem] = []
    file = criteria.file

    def at(path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        line, col = (criteria.key_locations if key else criteria.locations).get(
            path
        ) or criteria.locations.get(path, (1, 1))
        problems.append(Problem(message, file, line, col))

    seen: dict[str, tuple[str | int, ...]] = {}

    def walk(nodes: list[CriterionNode], base: tuple[str | int, ...], parent: str) -> None:
        if sum(n.weight for n in nodes) <= 0:
            at(base, f"the weights under {parent} sum to 0; give at least one a positive weight")
        for i, node in enumerate(nodes):
            here = (*base, i)
            if node.id in seen:
                at(
                    (*here, "id"),
                    f"criterion id '{node.id}' is used twice; ids must be unique across the tree",
                )
            seen[node.id] = here
            if node.criteria is not None:
                walk(node.criteria, (*here, "criteria"), f"'{node.id}'")
                continue
            if node.rated is not None:  # checked with the evaluator files (inputs/ratings.py)
                continue
            assert node.field is not None and node.scale is not None
            try:
                kind = field_kind(node.field)
            except ValueError as exc:
                at((*here, "field"), f"criterion '{node.id}': {exc}")
                continue
            for reason in check_scale_fits(node.scale, kind):
                at((*here, "scale"), f"criterion '{node.id}' on {node.field}: {reason}")

    walk(criteria.spec.criteria, ("criteria",), "the top level")
    for i, req in enumerate(criteria.spec.requirements):
        here: tuple[str | int, ...] = ("requirements", i)
        try:
            kind = field_kind(req.field)
        except ValueError as exc:
            at((*here, "field"), f"requirement: {exc}")
            continue
        if (req.min is not None or req.max is not None) and kind.kind not in ("number", "any"):
            at(
                here,
                f"requirement on {req.field}: min/max need a number field, this one is {kind.kind}",
            )
        if req.includes is not None and kind.kind not in ("list", "any"):
            at(
                here,
                f"requirement on {req.field}: `includes` needs a list field, "
                f"this one is {kind.kind}",
            )
        if req.includes and kind.choices:
            unknown = [x for x in req.includes if x not in kind.choices]
            if unknown:
                at(
                    here,
                    f"requirement on {req.field}: {', '.join(unknown)} can never occur; "
                    f"its values are: {', '.join(kind.choices)}",
                )
        for reason in _comparison_problems(req, kind):
            at(here, f"requirement on {req.field}: {reason}")
    return problems


def _comparison_problems(req: Requirement, kind: FieldKind) -> list[str]:
    """Why `equals`/`in` values can never match this field, or min exceeds max."""
    out = []
    if req.min is not None and req.max is not None and req.min > req.max:
        out.append(f"min {req.min:g} is above max {req.max:g}, so no vendor can pass")
    wanted = [("equals", [req.equals])] if req.equals is not None else []
    if req.in_ is not None:
        wanted.append(("in", list(req.in_)))
    for op, values in wanted:
        if kind.kind == "list":
            out.append(f"`{op}` compares one value, but this field is a list; use `includes`")
            continue
        for value in values:
            if not _can_match(value, kind):
                shown = repr(value) if isinstance(value, str) else str(value).lower()
                hint = f"; its values are: {', '.join(kind.choices)}" if kind.choices else ""
                out.append(f"`{op}` value {shown} can never match a {kind.kind} field{hint}")
    return out


def _can_match(value: object, kind: FieldKind) -> bool:
    if kind.kind == "any":
        return True
    if kind.kind == "bool":
        return isinstance(value, bool)
    if kind.kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind.kind == "category":
        return isinstance(value, str) and value in kind.choices
    return isinstance(value, str)  # text, date


def load_demand(path: PathLike) -> Demand:
    """A demand profile (the buyer's forecast and targets) from a YAML file."""
    from vendorscore.model.demand import Demand, DemandProfile

    path = Path(path)
    doc, digest = load_yaml(path)
    spec = _validate(DemandProfile, doc, str(path))
    return Demand(spec, str(path), digest, doc.values)


def input_files(
    vendors: Sequence[Vendor], criteria: Criteria, extra: Sequence[InputFile] = ()
) -> tuple[InputFile, ...]:
    """Provenance of a run: the criteria file and every vendor file, with SHA-256."""
    return (
        InputFile(criteria.file, criteria.sha256, "criteria"),
        *extra,
        *(InputFile(v.file, v.sha256, "vendor") for v in vendors),
    )
