"""The plot command: one quantity of one or more entries against one input, as a figure for a paper."""

from __future__ import annotations

from pathlib import Path

import click

from boundcalc.cli.options import INPUT_OPTIONS, bound_file_option, integer, keyed_override_options, pop_inputs
from boundcalc.errors import InputError

_SUFFIXES = {".png": "png", ".pdf": "pdf", ".svg": "svg", ".tex": "pgfplots"}


@click.command("plot")
@click.argument("quantity", default="width")
@click.option("--over", required=True, metavar="NAME=LOW:HIGH", help="the input that varies and its range, n=10:1e6")
@click.option("--theorem", "theorems", default="als19-gd", show_default=True, help="one key or several: a,b,c")
@click.option("--output", required=True, metavar="FILE", help="the file to write (.png, .pdf, .svg or .tex)")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "pdf", "svg", "pgfplots"]),
    default=None,
    help="[default: from the --output suffix; .tex is pgfplots]",
)
@click.option("--size", type=click.Choice(["column", "two-column"]), default="column", show_default=True)
@click.option(
    "--scale", type=click.Choice(["log", "linear"]), default=None, help="x axis  [default: log over a decade or more]"
)
@click.option("--points", default="200", show_default=True, help="grid points of the input")
@click.option("--references", is_flag=True, help="draw every floor and existence row as a lower reference")
@click.option("--store", default=None, metavar="FILE", help="overlay the measured m* of a study store (read-only)")
@click.option("--looseness", is_flag=True, help="draw log10(bound / m*) at the store's cells instead")
@click.option("--crossovers", is_flag=True, help="mark where two entries cross (as `crossover` finds it)")
@keyed_override_options
@bound_file_option
def plot_command(
    quantity,
    over,
    theorems,
    output,
    fmt,
    size,
    scale,
    points,
    references,
    store,
    looseness,
    crossovers,
    exps,
    log_powers,
    orders,
    bound_files,
    **given,
) -> None:
    """Draw QUANTITY (width, step_size, iterations) of one or more entries as one input varies.

    The other inputs are fixed as in `compare`. Entries with no value here (an input or exponent
    missing, only an order known) are left out, each with a note on stderr saying why.

    Example: boundcalc plot width --over n=10:1e6 --L 10 --theorem als19-gd,du19-2layer --lambda0 0.01 --output fig.pdf
    """
    from boundcalc.figures.data import plot_data
    from boundcalc.theory.overrides import apply_keyed_overrides
    from boundcalc.theory.registry import registry_with

    if fmt is None:
        fmt = _SUFFIXES.get(Path(output).suffix.lower())
        if fmt is None:
            raise InputError(f"--output {output!r}: name a .png, .pdf, .svg or .tex file, or give --format")
    registry = registry_with(bound_files)
    keys = [key.strip() for key in theorems.split(",") if key.strip()]
    chosen = apply_keyed_overrides([registry[key] for key in keys], exps, log_powers)
    data = plot_data(
        quantity,
        over,
        chosen,
        pop_inputs(given),
        points=integer(points, "--points", 2),
        scale=scale,
        references=references,
        store=store,
        looseness=looseness,
        crossovers=crossovers,
        orders=orders,
        registry=registry,
    )
    from boundcalc.figures.draw import write

    write(data, output, fmt, size)
    for note in data.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"wrote {output} ({fmt}: {len(data.lines)} entries"
        + (f", {len(data.measured)} measured m*)" if data.measured else ")")
    )


# appended to a command already built, so in their own order (click adds them after --bound-file)
for _flag, _name, _text in INPUT_OPTIONS:
    plot_command = click.option(_flag, _name, default=None, metavar="X", help=_text)(plot_command)

COMMANDS = (plot_command,)
