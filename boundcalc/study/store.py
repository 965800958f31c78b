"""The SQLite store of a sweep: one row per (cell, width, seed), written by one process only.

Rows of one (cell, width) are inserted in one transaction, so a process killed at any moment
leaves either all of them or none; the primary key makes a rerun skip finished work and never
duplicate a row. WAL journaling keeps readers (reports, tests) from blocking the writer.

A store defends itself: a file is opened only if its header says it is boundcalc's (SQLite's
application id, checked on the raw bytes before SQLite touches it; a store from before the marker
is recognised by its exact schema, read-only). A foreign or corrupt file is refused untouched. One
writer at a time: the writer holds an exclusive lock on ``STORE.lock`` (released by the kernel if
the process dies), and a second sweep is refused at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import stat
import time
from pathlib import Path

from boundcalc.errors import EnvironmentFailure, InputError

APPLICATION_ID = 0x62634C43  # "bcLC" in the header: this file is a boundcalc store
SCHEMA_VERSION = 1
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
    """Whether ``path`` holds a store (False: it does not exist or is empty); refuse anything else."""
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
        return True
    if application_id == 0 and _legacy_schema(path):
        return True
    raise _refuse(path, "is an SQLite database but not a boundcalc store")


def _legacy_schema(path: str) -> bool:
    """A store written before the header marker: exactly boundcalc's two tables and their columns."""
    try:
        with _read_only(path) as connection:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables != set(_COLUMNS):
                return False
            return all(
                [row[1] for row in connection.execute(f"PRAGMA table_info({table})")] == columns
                for table, columns in _COLUMNS.items()
            )
    except sqlite3.DatabaseError:
        return False


def _read_only(path: str) -> sqlite3.Connection:
    # without a -wal file nothing is pending: immutable reads create no -shm beside the store
    mode = "ro" if os.path.exists(path + "-wal") else "ro&immutable=1"
    return sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode={mode}", uri=True)


class Store:
    """A sweep's store. ``Store(path)`` opens it for the one writer; ``Store.reader(path)`` for reading."""

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
            self.connection = _guard(self.path, self._open_for_writing)
        except BaseException:
            self._release()
            raise

    @classmethod
    def reader(cls, path: str | Path) -> Store:
        """The store opened read-only: nothing is created, written or switched to WAL."""
        return cls(path, _reading=True)

    def _open_for_writing(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.executescript(SCHEMA)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return connection

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def close(self) -> None:
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
        rows = _guard(
            self.path, lambda: self.connection.execute("SELECT cell, record FROM runs ORDER BY cell, m, seed")
        )
        return [{"cell": cell, **json.loads(record)} for cell, record in rows]

    def cells(self) -> list[dict]:
        rows = _guard(
            self.path,
            lambda: self.connection.execute(
                "SELECT cell, settings, provenance, m_star, status FROM cells ORDER BY cell"
            ).fetchall(),
        )
        return [
            {"cell": c, "settings": json.loads(s), "provenance": json.loads(p), "m_star": m, "status": st}
            for c, s, p, m, st in rows
        ]


def _acquire_lock(path: str) -> int:
    """An exclusive lock on ``path.lock``, taken at once or refused: one writer per store."""
    lock_path = path + ".lock"
    try:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise EnvironmentFailure(f"store {path!r}: cannot create its lock {lock_path!r} ({error.strerror})") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise EnvironmentFailure(f"store {path!r} is in use by another sweep; wait for it to finish") from None
    return descriptor


def _guard(path: str, action):
    """Run ``action``; SQLite's own failures become one line (exit 1) naming the store."""
    try:
        return action()
    except sqlite3.DatabaseError as error:
        raise EnvironmentFailure(f"store {path!r} cannot be used: {error}") from None
