"""The SQLite store of a sweep: one row per (cell, width, seed), written by one process only.

Rows of one (cell, width) are inserted in one transaction, so a process killed at any moment
leaves either all of them or none; the primary key makes a rerun skip finished work and never
duplicate a row. WAL journaling keeps readers (reports, tests) from blocking the writer.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

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


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def add_cell(self, cell, provenance: dict) -> None:
        self.connection.execute(
            "INSERT INTO cells VALUES (?, ?, ?, NULL, 'searching') "
            "ON CONFLICT(cell) DO UPDATE SET provenance = excluded.provenance, status = 'searching'",
            (cell.key, json.dumps(cell.settings, sort_keys=True), json.dumps(provenance, sort_keys=True)),
        )

    def finish_cell(self, key: str, m_star: int | None, status: str) -> None:
        self.connection.execute("UPDATE cells SET m_star = ?, status = ? WHERE cell = ?", (m_star, status, key))

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

    def success_rate(self, key: str, m: int, seeds: int) -> float:
        (reached,) = self.connection.execute(
            "SELECT COUNT(*) FROM runs WHERE cell = ? AND m = ? AND seed < ? AND reached_at >= 0", (key, m, seeds)
        ).fetchone()
        return reached / seeds

    def runs(self) -> list[dict]:
        rows = self.connection.execute("SELECT cell, record FROM runs ORDER BY cell, m, seed")
        return [{"cell": cell, **json.loads(record)} for cell, record in rows]

    def cells(self) -> list[dict]:
        rows = self.connection.execute("SELECT cell, settings, provenance, m_star, status FROM cells ORDER BY cell")
        return [
            {"cell": c, "settings": json.loads(s), "provenance": json.loads(p), "m_star": m, "status": st}
            for c, s, p, m, st in rows
        ]
