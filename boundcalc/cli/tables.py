"""Commands that make tables: table, compare, make-tables."""

from __future__ import annotations

import click

from boundcalc.cli.options import (
    INPUT_OPTIONS,
    bound_file_option,
    keyed_override_options,
    override_options,
)
from boundcalc.errors import InputError
from boundcalc.parsing.files import write_text
from boundcalc.render import results
from boundcalc.render.requests import TABLE_INPUTS, TableRequest
from boundcalc.theory.registry import registry_with
from boundcalc.theory.symbols import input_flag


def _table_inputs(command):
    for name in reversed(TABLE_INPUTS):
        command = click.option(
            input_flag(name), name, default=None, metavar="X[,X…]", help=f"{name}: one value or a list"
        )(command)
    return command


def _keys(text: str) -> tuple[str, ...]:
    """The theorem keys of ``--theorem a,b``; none at all (``,,,``) is refused."""
    keys = tuple(key.strip() for key in text.split(",") if key.strip())
    if not keys:
        raise InputError(f"--theorem {text!r} names no theorem: give a key or several, a,b (see boundcalc list)")
    return keys


@click.command("table")
@click.option("--quantity", default="width", show_default=True, help="width, step_size, iterations, …")
@click.option("--theorem", "theorems", default="als19-gd", show_default=True, help="one key or several: a,b")
@click.option("--formulas", is_flag=True, help="a table of each theorem's formulas with citations")
@click.option("--compare", is_flag=True, help="width, step size and iterations of several theorems at one point")
@click.option(
    "--survey", is_flag=True, help="a related-work table of every result (or --theorem a,b), grouped shallow and deep"
)
@click.option("--long", "long_form", is_flag=True, help="one row per grid point instead of rows × columns")
@override_options
@click.option(
    "--format", "fmt", type=click.Choice(["latex", "markdown", "plain", "csv"]), default="plain", show_default=True
)
@click.option("--digits", type=click.IntRange(1, 15), default=2, show_default=True, help="significant digits")
@click.option("--caption", default=None, help="caption (made inert: never a LaTeX command or HTML)")
@click.option("--label", default=None, help="LaTeX label")
@click.option("--standalone", is_flag=True, help="a complete LaTeX document instead of a fragment for \\input")
@click.option(
    "--orders",
    is_flag=True,
    hidden=True,
    help="no longer needed: every result whose exponents are known is evaluated (kept so old scripts run)",
)
@click.option(
    "--cite",
    is_flag=True,
    help="LaTeX: \\citet{…} in rows and \\cite{…} in notes (natbib); a standalone table carries its .bib",
)
@click.option(
    "--width",
    type=click.Choice(["text", "column"]),
    default="text",
    show_default=True,
    help="LaTeX: fit the text block (table*) or one column of a two-column paper (table)",
)
@click.option("--output", default=None, help="write to this file instead of standard output")
@bound_file_option
@_table_inputs
def table_command(
    quantity,
    theorems,
    formulas,
    compare,
    survey,
    long_form,
    exps,
    constant,
    log_power,
    fmt,
    digits,
    caption,
    label,
    standalone,
    orders,
    cite,
    width,
    output,
    bound_files,
    **lists,
) -> None:
    """Tables for papers: one quantity over a grid (--n 100,1000 --L 2,10), --formulas, --compare or --survey."""
    kinds = [kind for kind, chosen in (("formulas", formulas), ("compare", compare), ("survey", survey)) if chosen]
    if len(kinds) > 1:
        raise InputError(f"{' and '.join('--' + kind for kind in kinds)} exclude each other")
    request = TableRequest(
        kind=kinds[0] if kinds else "grid",
        quantity=quantity,
        theorems=_keys(theorems),
        inputs={name: value for name, value in lists.items() if value is not None},
        long=long_form,
        exponents=tuple(exps),
        constant=constant,
        log_power=log_power,
        digits=digits,
        caption=caption,
        label=label,
        standalone=standalone,
        bound_files=tuple(bound_files),
        orders=orders,
        cite=cite,
        width=width,
    )
    text = request.render(fmt)
    if output:
        write_text(output, text, "--output")
    else:
        click.echo(text, nl=False)


_COMPARE_INPUTS = tuple(name for name in TABLE_INPUTS if name != "m")


@click.command("compare")
@click.option("--theorem", "theorems", default=None, help="keys to compare, a,b  [default: every result]")
@click.option("--data", default=None, help="a .npy or .csv file, one point per row: n, δ and λ0 measured on it")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--digits", type=click.IntRange(1, 15), default=3, show_default=True, help="significant digits")
@keyed_override_options
@bound_file_option
def compare_command(theorems, data, fmt, digits, exps, log_powers, orders, bound_files, **given) -> None:
    """Width, parameters, step size and iterations of every result side by side, at given inputs or on data.

    A row prints no number where its source leaves an exponent unknown (it names what is missing); a
    result known only as an order is evaluated with what it leaves out set to 1, and the note names it.
    """
    from boundcalc.numbers.queries import compare, measure
    from boundcalc.render.builders import compare_table
    from boundcalc.render.formats import render
    from boundcalc.theory.overrides import apply_keyed_overrides

    summary = None if data is None else measure(data)
    inputs = {name: given[name] for name in _COMPARE_INPUTS}
    if fmt == "json":
        keys = [k.strip() for k in theorems.split(",") if k.strip()] if theorems else None
        result = compare(
            keys, data=summary, exponents=exps, log_powers=log_powers, orders=orders, bound_files=bound_files, **inputs
        )
        click.echo(results.to_json(result.to_dict()))
        return
    registry = registry_with(bound_files)
    keys = list(_keys(theorems)) if theorems is not None else list(registry)
    chosen = apply_keyed_overrides([registry[key] for key in keys], exps, log_powers)
    table = compare_table(chosen, inputs, registry, data=summary, orders=orders)
    click.echo(render(table, "markdown" if fmt == "markdown" else "plain", digits), nl=False)


for _flag, _name, _text in reversed(INPUT_OPTIONS):
    if _name in _COMPARE_INPUTS:
        compare_command = click.option(_flag, _name, default=None, metavar="X", help=_text)(compare_command)


@click.command("make-tables")
@click.argument("spec", required=False)
@click.option("--outdir", default=None, help="where to write  [default: the spec's folder]")
@click.option("--check", "check_only", is_flag=True, help="only report tables that differ from the spec's output")
def make_tables_command(spec: str | None, outdir: str | None, check_only: bool) -> None:
    """Regenerate every table a spec file lists (e.g. boundcalc make-tables tables/tables.toml)."""
    from boundcalc.render.requests import generate_tables

    if spec is None:  # no default path: outside the repository a default would name nothing
        raise InputError("make-tables: name the spec file, e.g. boundcalc make-tables tables/tables.toml")
    stale = generate_tables(spec, outdir, check_only)
    if check_only and stale:
        raise InputError(f"stale tables (run make tables): {', '.join(str(p) for p in stale)}")


COMMANDS = (table_command, compare_command, make_tables_command)
