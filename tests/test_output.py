"""Safe output: suffix, input protection through any spelling, locks, atomic replacement."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from vendorscore.errors import OutputError
from vendorscore.report.output import atomic_write, atomic_write_text, check_output_path


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "vendors"
    folder.mkdir()
    a = folder / "acme.yaml"
    a.write_text("name: Acme\n")
    crit = tmp_path / "criteria.xlsx"  # an input that happens to have the output's suffix
    crit.write_text("x")
    return [a, crit]


def _message(exc: pytest.ExceptionInfo[OutputError]) -> str:
    assert len(exc.value.problems) == 1
    text = str(exc.value)
    assert "\n" not in text
    return text


def test_accepts_a_new_xlsx_next_to_the_inputs(tmp_path: Path, inputs: list[Path]) -> None:
    out = check_output_path(tmp_path / "report.xlsx", inputs=inputs, suffix=".xlsx")
    assert out == tmp_path / "report.xlsx"


@pytest.mark.parametrize("name", ["REPORT.XLSX", "report.Xlsx", "r.xLsX"])
def test_suffix_is_case_insensitive(tmp_path: Path, inputs: list[Path], name: str) -> None:
    # The path comes back as given (not lower-cased), and a second allowed suffix works too.
    assert check_output_path(tmp_path / name, inputs=inputs, suffix=".xlsx") == tmp_path / name
    out = check_output_path(tmp_path / "R.CSV", inputs=inputs, suffix=(".json", ".csv"))
    assert out == tmp_path / "R.CSV"
    with pytest.raises(OutputError) as exc:
        check_output_path(tmp_path / "R.XLS", inputs=inputs, suffix=".xlsx")
    assert _message(exc) == "R.XLS".join(
        [f"{tmp_path}/", ": the output must be a .xlsx file (got 'R.XLS')"]
    )


@pytest.mark.parametrize("name", ["report.xls", "report.csv", "report", "report.xlsx.bak"])
def test_refuses_a_wrong_suffix(tmp_path: Path, inputs: list[Path], name: str) -> None:
    with pytest.raises(OutputError) as exc:
        check_output_path(tmp_path / name, inputs=inputs, suffix=".xlsx")
    assert "must be a .xlsx file" in _message(exc)


def test_refuses_an_input_file_by_its_own_name(inputs: list[Path]) -> None:
    with pytest.raises(OutputError) as exc:
        check_output_path(inputs[1], inputs=inputs, suffix=".xlsx")
    assert "refusing to overwrite the input file" in _message(exc)


def test_refuses_an_input_through_dot_and_dotdot(
    tmp_path: Path, inputs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "vendors")
    with pytest.raises(OutputError):
        check_output_path(Path("./../vendors/../criteria.xlsx"), inputs=inputs, suffix=".xlsx")
    # ... and when the input itself was given relative.
    with pytest.raises(OutputError):
        check_output_path(tmp_path / "criteria.xlsx", inputs=["../criteria.xlsx"], suffix=".xlsx")


def test_refuses_an_input_through_a_symlink(tmp_path: Path, inputs: list[Path]) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(inputs[1])
    with pytest.raises(OutputError) as exc:
        check_output_path(link, inputs=inputs, suffix=".xlsx")
    assert "input" in _message(exc)


def test_refuses_an_input_through_a_hard_link(tmp_path: Path, inputs: list[Path]) -> None:
    link = tmp_path / "hard.xlsx"
    os.link(inputs[1], link)
    with pytest.raises(OutputError):
        check_output_path(link, inputs=inputs, suffix=".xlsx")


def test_refuses_a_missing_folder(tmp_path: Path, inputs: list[Path]) -> None:
    with pytest.raises(OutputError) as exc:
        check_output_path(tmp_path / "nope" / "r.xlsx", inputs=inputs, suffix=".xlsx")
    assert "does not exist" in _message(exc)


def test_refuses_a_folder_as_output(tmp_path: Path, inputs: list[Path]) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(OutputError) as exc:
        check_output_path(tmp_path / "dir.xlsx", inputs=inputs, suffix=".xlsx")
    assert "is a folder" in _message(exc)


@pytest.mark.parametrize("lock", [".~lock.report.xlsx#", "~$report.xlsx"])
def test_reports_a_target_open_in_an_office_suite(
    tmp_path: Path, inputs: list[Path], lock: str
) -> None:
    (tmp_path / lock).write_text("user,host")
    with pytest.raises(OutputError) as exc:
        check_output_path(tmp_path / "report.xlsx", inputs=inputs, suffix=".xlsx")
    assert "open in another program" in _message(exc)


def test_a_file_without_write_bits_is_refused_even_for_root(
    tmp_path: Path, inputs: list[Path]
) -> None:
    """No write bits: refused even for root, who could write it anyway."""
    target = tmp_path / "report.xlsx"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(OutputError) as exc:
        check_output_path(target, inputs=inputs, suffix=".xlsx")
    assert "read-only or locked" in _message(exc)


def _unprivileged(check: Callable[[], str]) -> str:
    """`check()` run as an ordinary user: as root (CI), in a child that drops to `nobody`.

    Root ignores file permissions, so a read-only file only means something to another user. The
    child forks from this process (the package is already imported) and sends back the message.
    """
    if os.geteuid() != 0:
        return check()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, check().encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        message = fh.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the unprivileged check failed"
    return message


def test_reports_a_read_only_target() -> None:
    # A folder the unprivileged user may write in (pytest's tmp_path is private to root), holding
    # a report that belongs to root and is read-only.
    with tempfile.TemporaryDirectory(prefix="vendorscore-ro-") as folder:
        root = Path(folder)
        root.chmod(0o777)
        (root / "acme.yaml").write_text("name: Acme\n")
        target = root / "report.xlsx"
        target.write_text("old")
        target.chmod(0o444)

        def check() -> str:
            try:
                check_output_path(target, inputs=[root / "acme.yaml"], suffix=".xlsx")
            except OutputError as exc:
                assert len(exc.problems) == 1
                return str(exc)
            return "accepted"

        assert _unprivileged(check) == f"{target}: is read-only or locked by another program"
        target.chmod(0o644)  # writable by its owner again; still read-only to everyone else
        expected = (
            "accepted"
            if os.geteuid() != 0
            else f"{target}: is read-only or locked by another program"
        )
        assert _unprivileged(check) == expected


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_atomic_write_keeps_the_permissions_of_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "error", [RuntimeError("boom"), KeyboardInterrupt(), OSError(28, "No space")]
)
def test_failed_write_leaves_old_file_identical_and_no_temp(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "report.xlsx"
    old = b"PK\x03\x04 previous report"
    target.write_bytes(old)

    def write(fh: IO[bytes]) -> None:
        fh.write(b"half a workbook")
        raise error

    expected: type[BaseException] = OutputError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected):
        atomic_write(target, write)
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_disk_full_is_one_readable_line(tmp_path: Path) -> None:
    def write(fh: IO[bytes]) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as exc:
        atomic_write(tmp_path / "r.xlsx", write)
    assert _message(exc).endswith("cannot write: the disk is full")


def test_locked_target_on_rename_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")

    def deny(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", deny)
    with pytest.raises(OutputError) as exc:
        atomic_write_text(target, "new")
    assert "locked by another program" in _message(exc)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "fresh.json"
    atomic_write_text(target, "{}")
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
