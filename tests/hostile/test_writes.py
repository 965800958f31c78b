"""Writes that cannot lose (issue 26, item 6): every output goes to a temporary file beside its target
and replaces it only when complete, so a failure mid-write (here a disk that fills up halfway through
the first chunk) leaves an existing file byte for byte as it was, and no temporary file behind."""

from __future__ import annotations

import errno
import importlib.util
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OLD = "the previous output, which must survive\n"


@pytest.fixture
def full_disk(monkeypatch):
    """os.write to a temporary output writes half of what it is given, then fails as a full disk does."""
    real_write = os.write

    def write(descriptor, data):
        if os.readlink(f"/proc/self/fd/{descriptor}").endswith(".part"):
            real_write(descriptor, bytes(data[: max(1, len(data) // 2)]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write)


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize(
    "command",
    [
        ["table", "--n", "100,1000", "--L", "2,10"],
        ["table", "--formulas", "--format", "latex"],
        ["catalogue"],
    ],
)
def test_an_existing_output_survives_a_full_disk(cli, tmp_path, full_disk, command):
    target = tmp_path / "out.txt"
    target.write_text(OLD)
    code, _, err = cli(*command, "--output", str(target))
    assert code == 1 and "No space left on device" in err and err.count("\n") == 1, err
    assert target.read_text() == OLD and _listing(tmp_path) == ["out.txt"]


def test_an_output_is_written_whole_through_a_symlink_and_keeps_its_mode(cli, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(OLD)
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, _ = cli("table", "--n", "100", "--L", "2", "--output", str(link))
    assert code == 0 and link.is_symlink() and "als19-gd" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o640 and _listing(tmp_path) == ["link.txt", "real.txt"]


def test_make_tables_leaves_every_existing_table_when_the_disk_fills(cli, tmp_path, full_disk):
    spec = tmp_path / "tables.toml"
    shutil.copyfile(ROOT / "tables" / "tables.toml", spec)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("als19-width-grid.tex", "compare.md"):
        (out / name).write_text(OLD)
    code, _, err = cli("make-tables", str(spec), "--outdir", str(out))
    assert code == 1 and "No space left" in err, err
    assert _listing(out) == ["als19-width-grid.tex", "compare.md"]
    assert all((out / name).read_text() == OLD for name in _listing(out))


needs_matplotlib = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib")


@needs_matplotlib
def test_a_failed_report_leaves_the_previous_report(cli, tmp_path, monkeypatch):
    import matplotlib.figure

    out = tmp_path / "report"
    out.mkdir()
    for name in ("width.png", "looseness.tex"):
        (out / name).write_text(OLD)

    def savefig(self, path, **_):
        Path(path).write_bytes(b"\x89PNG half a figure")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    code, _, err = cli("report", "--store", str(ROOT / "checks" / "study.sqlite"), "--outdir", str(out))
    assert code == 1 and "No space left" in err and err.count("\n") == 1, err
    assert _listing(out) == ["looseness.tex", "width.png"]
    assert all((out / name).read_text() == OLD for name in _listing(out))


@needs_matplotlib
def test_a_report_names_the_files_where_they_end_up(cli, tmp_path):
    out = tmp_path / "new" / "report"
    code, printed, _ = cli("report", "--store", str(ROOT / "checks" / "study.sqlite"), "--outdir", str(out))
    assert code == 0
    assert sorted(printed.split()) == sorted(str(out / name) for name in _listing(out))
    assert "looseness.tex" in _listing(out) and not any(name.startswith(".") for name in _listing(out))


def test_a_refused_report_creates_no_folder(cli, tmp_path):
    code, _, _ = cli("report", "--store", str(tmp_path / "missing.sqlite"), "--outdir", str(tmp_path / "out"))
    assert code == 2 and _listing(tmp_path) == []


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="needs torch")
def test_check_output_survives_a_full_disk_and_the_results_are_printed(cli, tmp_path, full_disk):
    target = tmp_path / "results.json"
    target.write_text(OLD)
    code, out, err = cli(
        "check", "--n", "4", "--m", "4", "--steps", "2", "--seeds", "1", "--d-in", "3", "--output", str(target)
    )
    assert code == 1 and "printed above instead" in err, err
    assert '"m": 4' in out and target.read_text() == OLD and _listing(tmp_path) == ["results.json"]
