"""The study commands: sweep (train a grid of cells into a store) and report (tables and figures)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from boundcalc.cli.options import integer, progress_bar
from boundcalc.errors import EnvironmentFailure, InputError
from boundcalc.render import results
from boundcalc.render.columns import tabulate


@click.command("sweep")
@click.argument("spec")
@click.option("--store", default=None, help="SQLite store  [default: the spec's name with .sqlite]")
@click.option("--workers", default="1", show_default=True, help="local worker processes")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS", help="run on this Dask scheduler")
@click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu", show_default=True,
              help="where local workers train")  # fmt: skip
@click.option("--plan", "plan_only", is_flag=True, help="print the plan (cells, widths, time bound) and stop")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def sweep_command(spec, store, workers, dask_address, device, plan_only, fmt) -> None:
    """Run every cell of a sweep spec (checks/*.toml); a rerun resumes and skips finished runs."""
    from boundcalc.study.store import Store
    from boundcalc.study.sweep import run_sweep
    from boundcalc.study.sweep_spec import load_spec

    parsed = load_spec(spec)  # refused before any work if invalid
    workers = integer(workers, "--workers")
    if workers > 256:
        raise InputError(f"--workers must be at most 256, got {workers}")
    path = store or str(Path(spec).with_suffix(".sqlite"))
    opened = None if plan_only else Store(path)  # refused at once if foreign, corrupt or in use by another sweep
    if fmt == "text" or plan_only:
        from boundcalc.study.sweep import duration_text, plan

        planned, total = plan(parsed, device)
        click.echo(tabulate(planned, headers=["cell", "draw", "step", "T", "scan widths", "at most"]))
        click.echo(
            f"\nplan: {len(planned)} cells on {device}; at most {duration_text(total)} of training at this device's measured "
            "matmul rate if every width of every scan ran its full T (runs that reach ε stop early)\n"
        )
        if opened is None:
            return
    assert opened is not None
    progress = progress_bar(len(parsed.cells), "cells") if fmt == "text" else None
    try:
        counts = run_sweep(parsed, opened, workers=workers, dask=dask_address, progress=progress, device=device)
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
    from boundcalc.parsing.files import atomic_folder
    from boundcalc.study.report import write_report

    # written beside the old artefacts and renamed over them once all are complete: a failure
    # (a full disk, a malformed store, Ctrl-C) leaves the previous report as it was
    with atomic_folder(outdir, "--outdir") as staging:
        written = write_report(store, staging)
    for path in written:
        click.echo(Path(outdir) / path.relative_to(staging))


COMMANDS = (sweep_command, report_command)
