"""The study commands: sweep (train a grid of cells into a store) and report (tables and figures)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from tabulate import tabulate

from boundcalc.cli.options import integer, progress_bar
from boundcalc.errors import EnvironmentFailure, InputError
from boundcalc.render import results


@click.command("sweep")
@click.argument("spec")
@click.option("--store", default=None, help="SQLite store  [default: the spec's name with .sqlite]")
@click.option("--workers", default="1", show_default=True, help="local worker processes")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS", help="run on this Dask scheduler")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def sweep_command(spec, store, workers, dask_address, fmt) -> None:
    """Run every cell of a sweep spec (checks/*.toml); a rerun resumes and skips finished runs."""
    from boundcalc.study.store import Store
    from boundcalc.study.sweep import run_sweep
    from boundcalc.study.sweep_spec import load_spec

    parsed = load_spec(spec)  # refused before any work if invalid
    workers = integer(workers, "--workers")
    if workers > 256:
        raise InputError(f"--workers must be at most 256, got {workers}")
    path = store or str(Path(spec).with_suffix(".sqlite"))
    progress = progress_bar(len(parsed.cells), "cells") if fmt == "text" else None
    opened = Store(path)  # refused at once if foreign, corrupt or in use by another sweep
    try:
        counts = run_sweep(parsed, opened, workers=workers, dask=dask_address, progress=progress)
        cells = opened.cells()
    except sqlite3.DatabaseError as error:  # the disk or the file failed under us
        raise EnvironmentFailure(f"store {path!r} failed during the sweep: {error}") from None
    finally:
        opened.close()
        if progress is not None:
            progress.close()
    if fmt == "json":
        click.echo(results.to_json({"store": path, **counts, "cells": cells}))
        return
    rows = [
        (
            c["settings"]["n"],
            c["settings"]["L"],
            c["settings"]["d"],
            c["settings"]["data"],
            c["m_star"] or "—",
            c["status"],
        )
        for c in cells
    ]
    click.echo(tabulate(rows, headers=["n", "L", "d", "data", "m*", "status"]))
    click.echo(f"\nstore {path}: {counts['runs_trained']} runs trained, {counts['runs_reused']} reused")


@click.command("report")
@click.option("--store", required=True, help="SQLite store written by `boundcalc sweep`")
@click.option("--outdir", required=True, help="where tables and figures go (created if missing), e.g. tables/study")
def report_command(store, outdir) -> None:
    """Tables (LaTeX, Markdown) and figures (PNG, PDF) of a sweep, from its store alone."""
    from boundcalc.study.report import write_report

    if Path(outdir).exists() and not Path(outdir).is_dir():
        raise InputError(f"--outdir {outdir!r} is not a folder")
    for path in write_report(store, outdir):
        click.echo(path)


COMMANDS = (sweep_command, report_command)
