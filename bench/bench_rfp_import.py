"""Time importing returned RFP questionnaires against openpyxl alone reading them, in one run.

    PYTHONPATH=src python bench/bench_rfp_import.py [--files 500] [--repeat 3]

`--files` returned workbooks are made from the template for the default criteria, each filled
with a sample vendor's answers (renamed), then
  * import:   every file through `read_response` (container checks, openpyxl read-only with
              defusedxml, answers converted and validated into a profile) and `profile_yaml`,
              then written with `atomic_write_text` into a fresh folder, as `rfp import` does;
  * parse:    the same without writing the profiles (checks, read, validate, YAML text);
  * openpyxl: `openpyxl.load_workbook(read_only=True)` of every file and every cell of every
              sheet read (the floor: the import reads fewer sheets, but must check and validate).
Target (issue 15): import under 1.5x openpyxl alone. Best of `--repeat` runs each, interleaved.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_responses(folder: Path, count: int) -> list[Path]:
    """`count` filled questionnaires from the sample vendors."""
    from tests.rfp_fill import fill

    from vendorscore._version import __version__
    from vendorscore.inputs.loading import load_criteria, load_yaml
    from vendorscore.report.excel.questionnaire import write_questionnaire
    from vendorscore.scoring.questions import build_questionnaire

    template = folder / "questionnaire.xlsx"
    with template.open("wb") as fh:
        write_questionnaire(
            build_questionnaire(load_criteria("default")), fh, tool_version=__version__
        )
    samples = sorted((ROOT / "samples" / "vendors").glob("*.yaml"))
    filled = []
    for i, path in enumerate(samples):
        doc, _ = load_yaml(path)
        out = folder / f"base{i}.xlsx"
        fill(template, doc.data, out)
        filled.append(out.read_bytes())
    paths = []
    for n in range(count):
        path = folder / "responses" / f"vendor{n:04d}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(filled[n % len(filled)])
        paths.append(path)
    return paths


def run_import(paths: list[Path], out: Path | None) -> int:
    from vendorscore.inputs.loading import load_criteria
    from vendorscore.inputs.rfp_import import read_response
    from vendorscore.report.output import atomic_write_text
    from vendorscore.report.profile_yaml import profile_yaml
    from vendorscore.scoring.questions import build_questionnaire

    questionnaire = build_questionnaire(load_criteria("default"))
    total = 0
    for path in paths:
        imported = read_response(path, questionnaire)
        text = profile_yaml(imported.profile, header=[f"Source: {path}", imported.sha256])
        if out is not None:
            atomic_write_text(out / f"{path.stem}.yaml", text)
        total += imported.answered
    return total


def run_openpyxl(paths: list[Path]) -> int:
    import openpyxl

    cells = 0
    for path in paths:
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def main() -> None:
    """Print each timing and the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_responses(folder, args.files)
        best = {"import": float("inf"), "parse": float("inf"), "openpyxl": float("inf")}
        for r in range(args.repeat):
            out = folder / f"profiles{r}"
            out.mkdir()
            runs: dict[str, Any] = {
                "openpyxl": lambda: run_openpyxl(paths),
                "parse": lambda: run_import(paths, None),
                "import": lambda out=out: run_import(paths, out),
            }
            for name, fn in runs.items():
                start = time.perf_counter()
                fn()
                best[name] = min(best[name], time.perf_counter() - start)
        base = best["openpyxl"]
        print(f"{args.files} returned questionnaires, best of {args.repeat}:")
        print(
            f"  openpyxl read-only, every cell: {base:7.2f} s  ({1000 * base / args.files:.1f} ms each)"
        )
        for name in ("parse", "import"):
            t = best[name]
            print(
                f"  {name:<30}  {t:7.2f} s  ({1000 * t / args.files:.1f} ms each)  {t / base:.2f}x"
            )


if __name__ == "__main__":
    main()
