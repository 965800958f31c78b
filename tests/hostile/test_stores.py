"""Stores that know themselves: one writer per file (not per name), a newer schema refused untouched,
rows validated when read, one file on disk once closed (issue 26, items 3, 4, 5 and 9)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from boundcalc.study.store import Store

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "checks" / "study.toml"
if importlib.util.find_spec("sklearn") is None:  # the calculator alone: checking the digits grid needs scikit-learn
    _text = SPEC.read_text(encoding="utf-8")
    _digits = _text.index("# real data: scikit-learn's digits")
    SPEC = Path(tempfile.mkdtemp()) / "study.toml"
    SPEC.write_text(_text[:_digits] + _text[_text.index("# the theorem's step rule") :], encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path) -> list[tuple]:
    """Every row of both tables, read without writing anything."""
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return [
            *connection.execute("SELECT * FROM cells ORDER BY cell"),
            *connection.execute("SELECT * FROM runs ORDER BY cell, m, seed"),
        ]
    finally:
        connection.close()


@pytest.fixture
def study(tmp_path) -> Path:
    """A copy of the committed study store (26 cells, 840 runs)."""
    path = tmp_path / "study.sqlite"
    shutil.copyfile(ROOT / "checks" / "study.sqlite", path)
    return path


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_second_sweep_through_another_name_of_the_file_is_refused(cli, study, link):
    other = study.with_name("other-name.sqlite")
    (os.symlink if link == "symlink" else os.link)(study, other)
    rows = _rows(study)
    first = Store(study)  # the sweep in progress
    try:
        with pytest.raises(Exception, match="in use by another sweep"):
            Store(other)
        code, out, err = cli("sweep", str(SPEC), "--store", str(other))
        assert code == 1 and "in use by another sweep" in err and err.count("\n") == 1, err
        assert "trained" not in out
    finally:
        first.close()
    assert _rows(study) == rows
    assert not other.with_name(other.name + "-wal").exists()  # the second writer left nothing of its own
    Store(other).close()  # the lock went with the first writer


def _newer(path: Path, version: int, extra_column: bool) -> Path:
    Store(path).close()
    connection = sqlite3.connect(path)
    if extra_column:
        connection.execute("ALTER TABLE runs ADD COLUMN gpu TEXT")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(
    "version, extra_column, why",
    [(7, True, "newer schema"), (2**31 - 1, False, "newer schema"), (1, True, "tables and columns")],
)
def test_a_store_of_another_schema_is_refused_byte_for_byte(cli, tmp_path, version, extra_column, why):
    path = _newer(tmp_path / "s.sqlite", version, extra_column)
    before, listing = _digest(path), sorted(os.listdir(tmp_path))
    code, _, err = cli("sweep", str(SPEC), "--store", str(path))
    assert code == 1 and why in err and "untouched" in err and err.count("\n") == 1, err
    with pytest.raises(Exception, match=why):
        Store(path)
    assert _digest(path) == before and sorted(os.listdir(tmp_path)) == listing


def test_a_newer_schema_is_refused_by_the_reader_too(cli, tmp_path):
    path = _newer(tmp_path / "s.sqlite", 7, True)
    code, _, err = cli("report", "--store", str(path), "--outdir", str(tmp_path / "out"))
    assert code == 1 and "newer schema (version 7" in err, err
    assert not (tmp_path / "out").exists()


def _first_cell(path: Path) -> tuple[str, dict, dict]:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    key, settings, provenance = connection.execute("SELECT cell, settings, provenance FROM cells LIMIT 1").fetchone()
    connection.close()
    return key, json.loads(settings), json.loads(provenance)


def _spoil(path: Path, column: str, value) -> str:
    """Set one column of the first cell (or of its first run); return the cell's key."""
    key = _first_cell(path)[0]
    connection = sqlite3.connect(path)
    if column == "record":
        connection.execute(
            "UPDATE runs SET record = ? WHERE rowid = (SELECT MIN(rowid) FROM runs WHERE cell = ?)", (value, key)
        )
    else:
        connection.execute(f"UPDATE cells SET {column} = ? WHERE cell = ?", (value, key))
    connection.commit()
    connection.close()
    return key


def _without(mapping: dict, name: str) -> str:
    return json.dumps({k: v for k, v in mapping.items() if k != name})


def _record(path: Path) -> dict:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    (text,) = connection.execute("SELECT record FROM runs ORDER BY rowid LIMIT 1").fetchone()
    connection.close()
    return json.loads(text)


MALFORMED = {
    "settings-not-json": ("settings", lambda s, p, r: "{not json"),
    "settings-a-list": ("settings", lambda s, p, r: "[1, 2]"),
    "settings-without-n": ("settings", lambda s, p, r: _without(s, "n")),
    "settings-n-text": ("settings", lambda s, p, r: json.dumps({**s, "n": "eight"})),
    "settings-fraction-2": ("settings", lambda s, p, r: json.dumps({**s, "success_fraction": 2})),
    "provenance-not-json": ("provenance", lambda s, p, r: "\x00\x01"),
    "steps-plan-a-number": ("provenance", lambda s, p, r: json.dumps({**p, "steps_plan": 5})),
    "steps-plan-without-time-limit": (
        "provenance",
        lambda s, p, r: json.dumps(
            {**p, "steps_plan": {k: v for k, v in p["steps_plan"].items() if k != "time_limited"}}
        ),
    ),
    "m-star-text": ("m_star", lambda s, p, r: "sixty-four"),
    "m-star-negative": ("m_star", lambda s, p, r: -4),
    "record-not-json": ("record", lambda s, p, r: "]"),
    "record-without-trajectory": ("record", lambda s, p, r: _without(r, "trajectory")),
    "record-loss-text": ("record", lambda s, p, r: json.dumps({**r, "trajectory": {**r["trajectory"], "loss": "x"}})),
    "record-of-another-width": ("record", lambda s, p, r: json.dumps({**r, "m": r["m"] + 1})),
    "record-deeply-nested": ("record", lambda s, p, r: "[" * 100_000 + "]" * 100_000),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_row_is_an_input_error_naming_the_store_and_the_row(cli, study, name):
    column, make = MALFORMED[name]
    _, settings, provenance = _first_cell(study)
    key = _spoil(study, column, make(settings, provenance, _record(study)))
    before, listing = _digest(study), sorted(os.listdir(study.parent))
    code, _, err = cli("report", "--store", str(study), "--outdir", str(study.parent / "out"))
    assert code == 2 and "malformed" in err and str(study) in err and key in err, err
    assert err.count("\n") == 1 and "unexpected" not in err
    code, out, err = cli("sweep", str(SPEC), "--store", str(study))
    assert code == 2 and "malformed" in err and key in err and "trained" not in out, err
    assert _digest(study) == before and sorted(os.listdir(study.parent)) == listing  # not a byte written


def test_a_read_only_store_with_an_empty_wal_is_read_and_nothing_is_created(tmp_path):
    path = tmp_path / "s.sqlite"
    shutil.copyfile(ROOT / "checks" / "study.sqlite", path)
    (tmp_path / "s.sqlite-wal").write_bytes(b"")  # left by a killed run
    path.chmod(0o444)
    reader = Store.reader(path)
    assert len(reader.cells()) == 27 and len(reader.runs()) == 1352
    reader.close()
    assert sorted(os.listdir(tmp_path)) == ["s.sqlite", "s.sqlite-wal"]  # no -shm made beside it


def test_a_closed_store_is_one_file_that_any_sqlite_reader_leaves_alone(tmp_path):
    path = tmp_path / "s.sqlite"
    Store(path).close()
    assert path.read_bytes()[18:20] == b"\x01\x01"  # a rollback journal, not WAL
    connection = sqlite3.connect(path)  # as a notebook would open it
    assert connection.execute("SELECT COUNT(*) FROM runs").fetchone() == (0,)
    connection.close()
    assert os.listdir(tmp_path) == ["s.sqlite"]


# The rows of the committed store, as they were when the sweep wrote it in WAL mode: switching its
# journal mode must not change a row (a digest of every row of both tables, in key order).
COMMITTED = {
    "study.sqlite": "f4e535610e687800671dfc55771cf59df25b8bf151b21704b0c38aa134912d71",
}


@pytest.mark.parametrize("name", list(COMMITTED))
def test_the_committed_stores_are_unchanged_and_leave_no_files_when_read(tmp_path, name):
    committed = ROOT / "checks" / name
    assert committed.read_bytes()[18:20] == b"\x01\x01"
    digest = hashlib.sha256()
    for row in _rows(committed):
        digest.update(repr(row).encode())
    assert digest.hexdigest() == COMMITTED[name]
    copy = tmp_path / name
    shutil.copyfile(committed, copy)
    connection = sqlite3.connect(copy)
    connection.execute("SELECT COUNT(*) FROM runs").fetchone()
    connection.close()
    assert os.listdir(tmp_path) == [name]
