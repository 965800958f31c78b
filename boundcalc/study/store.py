"""The SQLite store of a sweep: one row per (cell, width, seed), written by one process only.

Rows of one (cell, width) are inserted in one transaction, so a process killed at any moment
leaves either all of them or none; the primary key makes a rerun skip finished work and never
duplicate a row. While a sweep runs the store is in WAL mode (readers do not block the writer);
closing it switches it back to a rollback journal, so a closed store is one file and reading it
with any SQLite client (Python's sqlite3 included) leaves no ``-wal`` or ``-shm`` beside it.

A store defends itself, and nothing is written before every check has passed:

- a file is opened only if its header says it is boundcalc's (SQLite's application id, checked on
  the raw bytes before SQLite touches it; a store from before the marker is recognised by its exact
  schema, read-only). A foreign or corrupt file is refused untouched (exit 1);
- its schema version is read, read-only, before any write: a store of a newer or unknown schema,
  or with other columns than this version's, is refused untouched (exit 1);
- its contents are validated whenever they are read (settings, provenance and its steps plan,
  ``m_star``, each run's record): a malformed row is an ``InputError`` naming the store and the
  row (exit 2), and the writer reads and validates every row before its first write;
- one writer at a time: the writer holds an exclusive ``flock`` on the store file itself, so the
  lock belongs to the file (its device and inode), not to the name it was opened by: a second sweep
  through a symlink or a hard link is refused at once. The kernel releases the lock if the process
  dies. SQLite's own locks are POSIX record locks, which ``flock`` does not interact with on Linux.
"""

from __future__ import annotations

import errno
import fcntl
import json
import math
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from boundcalc.errors import EnvironmentFailure, InputError

APPLICATION_ID = 0x62634C43  # "bcLC" in the header: this file is a boundcalc store
SCHEMA_VERSION = 1
_KNOWN_VERSIONS = (0, 1)  # 0: a store written before the version was set
_SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    cell TEXT NOT NULL,
    m INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    reached_at INTEGER NOT NULL,
    diverged_at INTEGER NOT NULL,
    final_loss REAL,
    record TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (cell, m, seed)
);
CREATE TABLE IF NOT EXISTS cells (
    cell TEXT PRIMARY KEY,
    settings TEXT NOT NULL,
    provenance TEXT NOT NULL,
    m_star INTEGER,
    status TEXT NOT NULL
);
"""
_COLUMNS = {
    "runs": ["cell", "m", "seed", "reached_at", "diverged_at", "final_loss", "record", "created"],
    "cells": ["cell", "settings", "provenance", "m_star", "status"],
}


def _refuse(path: str, why: str) -> EnvironmentFailure:
    return EnvironmentFailure(f"store {path!r} {why}; it was left untouched")


def check_store_file(path: str) -> bool:
    """Whether ``path`` holds a store (False: it does not exist or is empty); refuse anything else.

    Raises InputError for a path that is not a regular file, EnvironmentFailure for an unreadable,
    foreign or corrupt file or one of a newer or unknown schema version.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _refuse(path, f"cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"store {path!r} is not a regular file (a folder, pipe or device)")
    if info.st_size == 0:
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise _refuse(path, f"cannot be read ({error.strerror})") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise _refuse(path, "is not an SQLite database (foreign or corrupt)")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == APPLICATION_ID:
        _check_version(path, int.from_bytes(header[60:64], "big"))
        return True
    if application_id == 0 and _legacy_schema(path):
        return True
    raise _refuse(path, "is an SQLite database but not a boundcalc store")


def _check_version(path: str, version: int) -> None:
    if version not in _KNOWN_VERSIONS:
        newer = "a newer" if version > SCHEMA_VERSION else "an unknown"
        raise _refuse(path, f"has {newer} schema (version {version}; this boundcalc reads version {SCHEMA_VERSION})")


def _legacy_schema(path: str) -> bool:
    """A store written before the header marker: exactly boundcalc's two tables and their columns."""
    try:
        with _read_only(path) as connection:
            return _schema_matches(connection)
    except sqlite3.DatabaseError:
        return False


def _schema_matches(connection: sqlite3.Connection) -> bool:
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables != set(_COLUMNS):
        return False
    return all(
        [row[1] for row in connection.execute(f"PRAGMA table_info({table})")] == columns
        for table, columns in _COLUMNS.items()
    )


def _writer_active(path: str) -> bool:
    """Whether a sweep holds the store's lock now (then its pages may change while read)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing drops the shared lock at once
    return False


def _read_only(path: str) -> sqlite3.Connection:
    # With no writer and nothing pending in a -wal (none, or an empty one left by a killed or
    # read-only run) the file cannot change while read: immutable reads need no -shm and create
    # nothing beside the store, so a store in a read-only folder is still read.
    wal = path + "-wal"
    pending = os.path.exists(wal) and os.path.getsize(wal) > 0
    mode = "ro" if pending or _writer_active(path) else "ro&immutable=1"
    return sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode={mode}", uri=True)


class Store:
    """A sweep's store. ``Store(path)`` opens it for the one writer; ``Store.reader(path)`` for reading.

    Opening raises EnvironmentFailure (exit 1) for a foreign, corrupt or newer-schema file, one in
    use by another sweep or one that cannot be written, and InputError (exit 2) for a path that is
    not a regular file or a store whose rows are malformed; in every case the file is untouched.
    """

    def __init__(self, path: str | Path, *, _reading: bool = False) -> None:
        self.path = str(path)
        self._lock: int | None = None
        exists = check_store_file(self.path)
        if _reading:
            if not exists:
                raise InputError(f"store {self.path!r} does not exist or is empty")
            self.connection = _guard(self.path, lambda: _read_only(self.path))
            return
        self._lock = _acquire_lock(self.path)
        try:
            if exists:
                self._validate()  # read-only: nothing is written to a store that fails a check
            self.connection = _guard(self.path, lambda: self._open_for_writing(new=not exists))
        except BaseException:
            self._release()
            raise

    @classmethod
    def reader(cls, path: str | Path) -> Store:
        """The store opened read-only: nothing is created, written or switched to WAL."""
        return cls(path, _reading=True)

    def _validate(self) -> None:
        """The schema and every row, read through a read-only connection before the first write."""
        reading = _guard(self.path, lambda: _read_only(self.path))
        try:
            (version,) = _guard(self.path, lambda: reading.execute("PRAGMA user_version").fetchone())
            _check_version(self.path, version)
            if not _guard(self.path, lambda: _schema_matches(reading)):
                raise _refuse(self.path, f"does not have the tables and columns of schema {SCHEMA_VERSION}")
            _read_cells(self.path, reading)
            _read_runs(self.path, reading)
        finally:
            reading.close()

    def _open_for_writing(self, new: bool) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        if new:
            connection.executescript(SCHEMA)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return connection

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def close(self) -> None:
        if self._lock is not None:
            try:  # one file again: a reader with any client creates no -wal or -shm beside it
                self.connection.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.DatabaseError:  # a reader still open: the -wal stays and is read
                pass
        self.connection.close()
        self._release()

    def add_cell(self, cell, provenance: dict) -> None:
        self.connection.execute(
            "INSERT INTO cells VALUES (?, ?, ?, NULL, 'searching') "
            "ON CONFLICT(cell) DO UPDATE SET provenance = excluded.provenance, status = 'searching'",
            (cell.key, json.dumps(cell.settings, sort_keys=True), json.dumps(provenance, sort_keys=True)),
        )

    def finish_cell(self, key: str, m_star: int | None, status: str) -> None:
        self.connection.execute("UPDATE cells SET m_star = ?, status = ? WHERE cell = ?", (m_star, status, key))

    def interrupt_searching(self, why: str) -> None:
        """Cells still being searched when a sweep stops say so (a rerun resumes them)."""
        self.connection.execute("UPDATE cells SET status = ? WHERE status = 'searching'", (f"interrupted: {why}",))

    def add_runs(self, key: str, records: list[dict]) -> None:
        with self.connection:  # one transaction: all of a width's seeds or none
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.executemany(
                "INSERT OR IGNORE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        key,
                        r["m"],
                        r["seed"],
                        r["reached_at"],
                        r["diverged_at"],
                        r["final_loss"],
                        json.dumps(r, sort_keys=True),
                        time.time(),
                    )
                    for r in records
                ],
            )

    def seeds_done(self, key: str, m: int) -> set[int]:
        rows = self.connection.execute("SELECT seed FROM runs WHERE cell = ? AND m = ?", (key, m))
        return {seed for (seed,) in rows}

    def reached(self, key: str, m: int) -> dict[int, int]:
        """seed → the step at which F ≤ ε was reached (−1: never), for one cell and width."""
        rows = self.connection.execute("SELECT seed, reached_at FROM runs WHERE cell = ? AND m = ?", (key, m))
        return dict(rows)

    def success_rate(self, key: str, m: int, seeds: int) -> float:
        (reached,) = self.connection.execute(
            "SELECT COUNT(*) FROM runs WHERE cell = ? AND m = ? AND seed < ? AND reached_at >= 0", (key, m, seeds)
        ).fetchone()
        return reached / seeds

    def runs(self) -> list[dict]:
        """Every run as ``{"cell": key, **record}``, validated (InputError naming a malformed row)."""
        return _read_runs(self.path, self.connection)

    def cells(self) -> list[dict]:
        """Every cell with its settings, provenance, m_star and status, validated like ``runs``."""
        return _read_cells(self.path, self.connection)


def _acquire_lock(path: str) -> int:
    """An exclusive lock on the store file itself, taken at once or refused: one writer per file."""
    try:  # O_CREAT: SQLite would create the file anyway; an empty file is a new store to it
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        why = "its folder or the file is read-only" if error.errno in (errno.EACCES, errno.EROFS) else error.strerror
        raise EnvironmentFailure(f"store {path!r} cannot be opened for writing ({why})") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise EnvironmentFailure(
            f"store {path!r} is in use by another sweep (through this name or another link to the file); "
            "wait for it to finish"
        ) from None
    return descriptor


def _guard(path: str, action):
    """Run ``action``; SQLite's own failures become one line (exit 1) naming the store."""
    try:
        return action()
    except sqlite3.DatabaseError as error:
        raise EnvironmentFailure(f"store {path!r} cannot be used: {error}") from None


# ---- the rows, validated as they are read ----


class _Malformed(Exception):
    """What is wrong with one value of a row (turned into an InputError naming the row)."""


def _whole(low: int) -> Callable[[object], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= low


def _real(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _between(low: float, high: float, *, with_low: bool = False) -> Callable[[object], bool]:
    """A number in (low, high], or [low, high] ``with_low``."""

    def check(v: object) -> bool:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return False
        return (low < v or (with_low and v == low)) and v <= high

    return check


def _optional(check: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda v: v is None or check(v)


def _numbers(v: object) -> bool:
    return isinstance(v, list) and all(x is None or _real(x) for x in v)


_SETTINGS = {
    "n": _whole(1),
    "L": _whole(1),
    "d": _whole(1),
    "seeds": _whole(1),
    "data": lambda v: isinstance(v, str),
    "success_fraction": _between(0, 1),
}
_OPTIONAL_SETTINGS = {"separation": _optional(_between(0, math.sqrt(2.0)))}
_PLAN = {"time_limited": lambda v: isinstance(v, bool)}
_OPTIONAL_PLAN = {name: _optional(_whole(0)) for name in ("iterations_kernel", "steps_per_kernel", "step_cap", "steps")}
_RECORD = {
    "m": _whole(1),
    "seed": _whole(0),
    "reached_at": _whole(-1),
    "diverged_at": _whole(-1),
    "trajectory": lambda v: isinstance(v, dict),
}
_OPTIONAL_RECORD = {
    "delta": _optional(_between(0, math.inf, with_low=True)),
    "iterations_kernel": _optional(_whole(0)),
}
_TRAJECTORY = {name: _numbers for name in ("loss", "grad_sq", "movement_fro_rel")}


def _json_object(text: object, column: str) -> dict:
    if not isinstance(text, str):
        raise _Malformed(f"{column} is not JSON text")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise _Malformed(f"{column} is not valid JSON") from None
    if not isinstance(value, dict):
        raise _Malformed(f"{column} is not a JSON object")
    return value


def _fields(value: Mapping, column: str, required: Mapping, optional: Mapping | None = None) -> None:
    for name, check in required.items():
        if name not in value:
            raise _Malformed(f"{column} has no {name!r}")
        if not check(value[name]):
            raise _Malformed(f"{column}[{name!r}] has the wrong type or range: {value[name]!r:.60}")
    for name, check in (optional or {}).items():
        if name in value and not check(value[name]):
            raise _Malformed(f"{column}[{name!r}] has the wrong type or range: {value[name]!r:.60}")


def _malformed(path: str, row: str, error: _Malformed) -> InputError:
    return InputError(f"store {path!r}: {row} is malformed: {error}; the store was left untouched")


def _read_cells(path: str, connection: sqlite3.Connection) -> list[dict]:
    rows = _guard(
        path,
        lambda: connection.execute(
            "SELECT cell, settings, provenance, m_star, status FROM cells ORDER BY cell"
        ).fetchall(),
    )
    cells = []
    for key, settings_text, provenance_text, m_star, status in rows:
        try:
            if not isinstance(key, str):
                raise _Malformed("its key is not text")
            settings = _json_object(settings_text, "settings")
            _fields(settings, "settings", _SETTINGS, _OPTIONAL_SETTINGS)
            provenance = _json_object(provenance_text, "provenance")
            plan = provenance.get("steps_plan")
            if plan is not None:
                if not isinstance(plan, dict):
                    raise _Malformed("provenance['steps_plan'] is not an object")
                _fields(plan, "provenance['steps_plan']", _PLAN, _OPTIONAL_PLAN)
            if not _optional(_whole(1))(m_star):
                raise _Malformed(f"m_star is not a positive whole number: {m_star!r:.60}")
            if not isinstance(status, str):
                raise _Malformed("status is not text")
        except _Malformed as error:
            raise _malformed(path, f"cell {key!r:.80}", error) from None
        cells.append({"cell": key, "settings": settings, "provenance": provenance, "m_star": m_star, "status": status})
    return cells


def _read_runs(path: str, connection: sqlite3.Connection) -> list[dict]:
    rows = _guard(
        path, lambda: connection.execute("SELECT cell, m, seed, record FROM runs ORDER BY cell, m, seed").fetchall()
    )
    runs = []
    for key, m, seed, text in rows:
        try:
            record = _json_object(text, "record")
            _fields(record, "record", _RECORD, _OPTIONAL_RECORD)
            _fields(record["trajectory"], "record['trajectory']", _TRAJECTORY)
            if (record["m"], record["seed"]) != (m, seed):
                raise _Malformed(f"record says m {record['m']}, seed {record['seed']}, its columns m {m}, seed {seed}")
        except _Malformed as error:
            raise _malformed(path, f"run (cell {key!r:.80}, m {m!r:.20}, seed {seed!r:.20})", error) from None
        runs.append({"cell": key, **record})
    return runs
