"""Evaluator files (one per evaluator, untrusted) read and checked against the run's criteria
set and vendors: every problem located, all at once.

A rating must be a level of its criterion's rubric, given by a role the rubric allows, to a
vendor in the run (named as in its profile; a look-alike name is refused, not matched), on a
rated criterion; an evaluator has one file, and rates no vendor they declared a conflict with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from vendorscore.errors import InputError, Problem, VendorScoreError
from vendorscore.inputs.loading import _validate, load_yaml
from vendorscore.inputs.names import how_names_differ, look_alike_keys, name_key
from vendorscore.inputs.paths import PathLike, vendor_paths
from vendorscore.model.criteria import Criteria, CriterionNode
from vendorscore.model.panel import ConflictDeclared, Panel, PanelEvaluator, PanelRating
from vendorscore.model.ratings import MAX_EVALUATORS, Evaluator, EvaluatorFile, Rating, Rubric
from vendorscore.model.results import InputFile
from vendorscore.model.vendor import Vendor

__all__ = ["check_panel", "load_evaluators", "load_panel", "rated_criteria"]

Where = tuple[str | int, ...]


def rated_criteria(criteria: Criteria) -> dict[str, Rubric]:
    """The rubric of every rated leaf, by criterion id, in file order."""
    out: dict[str, Rubric] = {}

    def walk(nodes: Iterable[CriterionNode]) -> None:
        for node in nodes:
            if node.rated is not None:
                out[node.id] = node.rated
            walk(node.criteria or ())

    walk(criteria.spec.criteria)
    return out


def load_evaluators(paths: PathLike | Iterable[PathLike]) -> list[Evaluator]:
    """Every evaluator file in `paths` (files or folders of *.yaml), validated; all problems."""
    files, problems = vendor_paths(paths)
    if not files and not problems:
        raise InputError(Problem("no evaluator files given"))
    if len(files) > MAX_EVALUATORS:
        raise InputError(
            Problem(f"{len(files)} evaluator files; a panel has at most {MAX_EVALUATORS}")
        )
    out: list[Evaluator] = []
    for path in files:
        try:
            doc, digest = load_yaml(Path(path))
            spec = _validate(EvaluatorFile, doc, str(path))
        except VendorScoreError as exc:
            problems.extend(exc.problems)
            continue
        out.append(Evaluator(spec, str(path), digest, doc.values, doc.keys))
    if problems:
        raise InputError(problems)
    return out


def load_panel(
    paths: PathLike | Iterable[PathLike], *, criteria: Criteria, vendors: Sequence[Vendor]
) -> Panel:
    """The panel's ratings from its evaluator files, checked against `criteria` and `vendors`."""
    evaluators = load_evaluators(paths)
    return check_panel(evaluators, criteria=criteria, vendors=vendors)


class _Checker:
    """Collects the problems of one evaluator file, located."""

    def __init__(
        self, evaluator: Evaluator, problems: list[Problem], scored: frozenset[str]
    ) -> None:
        self.evaluator, self.problems, self.scored = evaluator, problems, scored

    def at(self, where: Where, message: str, *, key: bool = False) -> None:
        e = self.evaluator
        found = (e.key_locations if key else e.locations).get(where) or e.locations.get(where)
        line, col = found or (1, 1)
        self.problems.append(Problem(message, e.file, line, col))


def check_panel(
    evaluators: Sequence[Evaluator], *, criteria: Criteria, vendors: Sequence[Vendor]
) -> Panel:
    """Evaluators checked against the run: rubric levels, roles, names, conflicts; one Panel."""
    rubrics = rated_criteria(criteria)
    problems: list[Problem] = []
    if not rubrics:
        raise InputError(
            Problem(
                "this criteria set has no rated criteria, so there is nothing to rate; give a "
                "leaf a `rated:` rubric (see samples/panel/criteria.yaml)",
                criteria.file,
            )
        )
    names = _VendorNames(vendors)
    scored = frozenset(_all_ids(criteria.spec.criteria)) - set(rubrics)
    seen: dict[str, Evaluator] = {}
    people: list[PanelEvaluator] = []
    ratings: list[PanelRating] = []
    conflicts: list[ConflictDeclared] = []
    for evaluator in evaluators:
        spec, check = evaluator.spec, _Checker(evaluator, problems, scored)
        earlier = seen.get(name_key(spec.evaluator))
        if earlier is not None:
            check.at(
                ("evaluator",),
                f"evaluator '{spec.evaluator}' already has a file ({earlier.file}); "
                "one file per evaluator",
            )
            continue
        seen[name_key(spec.evaluator)] = evaluator
        people.append(PanelEvaluator(spec.evaluator, spec.role, spec.date, evaluator.file))
        declared: dict[str, int] = {}
        for i, conflict in enumerate(spec.conflicts):
            vendor, why = names.find(conflict.vendor)
            if why:
                check.at(("conflicts", i, "vendor"), why)
            if vendor is not None:
                declared[vendor] = i
                conflicts.append(ConflictDeclared(spec.evaluator, vendor, conflict.reason))
        rated_vendors: dict[str, str] = {}
        for written, by_criterion in spec.ratings.items():
            here: Where = ("ratings", written)
            vendor, why = names.find(written)
            if vendor is None:
                check.at(here, why or "", key=True)
                continue
            if vendor in rated_vendors:
                check.at(
                    here,
                    f"vendor '{vendor}' is rated twice (also as '{rated_vendors[vendor]}')",
                    key=True,
                )
                continue
            rated_vendors[vendor] = written
            if vendor in declared:
                line = evaluator.locations.get(("conflicts", declared[vendor], "vendor"), (0, 0))[0]
                check.at(
                    here,
                    f"'{spec.evaluator}' declared a conflict of interest with '{vendor}' (line "
                    f"{line}) and so cannot rate it; remove these ratings or the declaration",
                    key=True,
                )
                continue
            for criterion, given in by_criterion.items():
                found = _rating(check, rubrics, criterion, given, spec.role, (*here, criterion))
                if found is not None:
                    ratings.append(
                        PanelRating(spec.evaluator, spec.role, vendor, criterion, *found)
                    )
    if problems:
        raise InputError(problems)
    return Panel(
        rubrics=rubrics,
        evaluators=tuple(people),
        ratings=tuple(ratings),
        conflicts=tuple(conflicts),
        vendors=tuple(v.profile.name for v in vendors),
        files=tuple(InputFile(e.file, e.sha256, "ratings") for e in evaluators),
    )


def _rating(
    check: _Checker,
    rubrics: dict[str, Rubric],
    criterion: str,
    given: float | Rating,
    role: str,
    here: Where,
) -> tuple[float, str | None] | None:
    """A rating checked against its criterion's rubric: (level, comment), or None (a problem)."""
    rubric = rubrics.get(criterion)
    if rubric is None and criterion in check.scored:
        check.at(
            here,
            f"'{criterion}' is scored from the vendor's profile, not rated by the panel; "
            f"rated criteria: {', '.join(rubrics)}",
            key=True,
        )
        return None
    if rubric is None:
        near = _close(criterion, list(rubrics))
        hint = f"; did you mean '{near}'?" if near else f"; rated criteria: {', '.join(rubrics)}"
        check.at(
            here, f"'{criterion}' is not a rated criterion of this criteria set{hint}", key=True
        )
        return None
    value, comment = (given.rating, given.comment) if isinstance(given, Rating) else (given, None)
    ok = True
    if rubric.roles is not None and role not in rubric.roles:
        check.at(
            here,
            f"role '{role}' may not rate '{criterion}' (its rubric allows: "
            f"{', '.join(rubric.roles)})",
            key=True,
        )
        ok = False
    if value not in rubric.scale:
        where = (*here, "rating") if isinstance(given, Rating) else here
        check.at(
            where,
            f"rating {value:g} for '{criterion}' is outside its rubric: levels "
            f"{', '.join(str(level) for level in rubric.scale)}",
        )
        ok = False
    return (value, comment) if ok else None


def _all_ids(nodes: Iterable[CriterionNode]) -> Iterable[str]:
    for node in nodes:
        yield node.id
        yield from _all_ids(node.criteria or ())


class _VendorNames:
    """Vendor names as the run knows them; a written name is found, or a problem says why not."""

    def __init__(self, vendors: Sequence[Vendor]) -> None:
        self.by_key = {name_key(v.profile.name): v.profile.name for v in vendors}
        self.look_alikes = {
            k: v.profile.name for v in vendors for k in enumerate(look_alike_keys(v.profile.name))
        }

    def find(self, written: str) -> tuple[str | None, str | None]:
        """The vendor's name as in its profile, or None and why not."""
        found = self.by_key.get(name_key(written))
        if found is not None:
            return found, None
        alike = next(
            (
                self.look_alikes[k]
                for k in enumerate(look_alike_keys(written))
                if k in self.look_alikes
            ),
            None,
        )
        if alike is not None:
            return None, (
                f"vendor '{written}' looks like '{alike}' but differs in "
                f"{how_names_differ(written, alike)}; write the name as in its profile"
            )
        near = _close(written, list(self.by_key.values()))
        hint = f"; did you mean '{near}'?" if near else ""
        return None, f"no vendor named '{written}' in this run{hint}"


def _close(word: str, choices: list[str]) -> str | None:
    import difflib

    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not near:  # case and accents aside: 'andes cx medellin'
        folded = {name_key(c): c for c in choices}
        near = [
            folded[k]
            for k in difflib.get_close_matches(name_key(word), list(folded), n=1, cutoff=0.6)
        ]
    return near[0] if near else None
