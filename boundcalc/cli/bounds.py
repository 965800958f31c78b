"""Commands that read theorems: width, step-size, iterations, bounds, explain, list."""

from __future__ import annotations

import click

from boundcalc.cli.options import bound_file_option, common_options, pop_inputs
from boundcalc.numbers.evaluate import evaluate
from boundcalc.render import results
from boundcalc.render.columns import tabulate
from boundcalc.theory.overrides import apply_overrides
from boundcalc.theory.registry import registry_with


def _quantity_command(name: str, quantity: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @common_options
    def command(theorem: str, bound_files, exps, constant, log_power, fmt: str, digits: int, orders, **kwargs) -> None:
        registry = registry_with(bound_files)
        chosen = apply_overrides(registry[theorem], quantity, exps, constant, log_power)
        evaluation = evaluate(chosen, quantity, pop_inputs(kwargs), registry=registry, orders=orders)
        if fmt == "json":
            click.echo(results.to_json(results.evaluation_dict(evaluation, digits)))
        elif fmt == "latex":
            click.echo(results.evaluation_latex(evaluation, digits))
        else:
            click.echo(results.evaluation_text(evaluation, digits))

    return command


width_command = _quantity_command("width", "width", "The width m a theorem demands (solved for its log m factor).")
step_size_command = _quantity_command(
    "step-size", "step_size", "The step size η a theorem prescribes (at its own width)."
)
iterations_command = _quantity_command("iterations", "iterations", "The iterations T after which F ≤ ε is guaranteed.")


@click.command("bounds")
@common_options
def bounds_command(
    theorem: str, bound_files, exps, constant, log_power, fmt: str, digits: int, orders, **kwargs
) -> None:
    """Every quantity of one theorem at the same inputs (overrides must name their quantity)."""
    registry = registry_with(bound_files)
    chosen = apply_overrides(registry[theorem], None, exps, constant, log_power)
    inputs = pop_inputs(kwargs)
    evaluations = [evaluate(chosen, q.name, inputs, registry=registry, orders=orders) for q in chosen.quantities]
    if fmt == "json":
        click.echo(results.to_json([results.evaluation_dict(e, digits) for e in evaluations]))
    elif fmt == "latex":
        click.echo(results.evaluations_latex(evaluations, digits))
    else:
        click.echo(results.evaluations_text(evaluations, digits))


@click.command("explain")
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@bound_file_option
def explain_command(key: str, fmt: str, bound_files) -> None:
    """A theorem's formulas (Unicode and LaTeX), assumptions, source and status."""
    theorem = registry_with(bound_files)[key]
    if fmt == "json":
        click.echo(results.to_json(results.theorem_dict(theorem)))
    else:
        click.echo(results.theorem_text(theorem))


@click.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@bound_file_option
def list_command(fmt: str, bound_files) -> None:
    """The theorems boundcalc knows, with their status labels."""
    summaries = [results.theorem_summary(t) for t in registry_with(bound_files).values()]
    if fmt == "json":
        click.echo(results.to_json(summaries))
        return
    rows = [
        (s["key"], f"{s['paper']} {s['year'] or ''}".strip(), s["kind"], s["setting"], s["status"]) for s in summaries
    ]
    click.echo(tabulate(rows, headers=["key", "paper", "kind", "setting", "status"]))
    click.echo(f"\nstatus: {results.STATUS_MEANINGS}")
    click.echo(results.how_to_cite())


@click.command("catalogue")
@click.option("--output", default=None, help="write to this file instead of standard output")
@bound_file_option
def catalogue_command(output, bound_files) -> None:
    """Every entry, formula by formula, with its evidence, version and BibTeX key (Markdown)."""
    from boundcalc.parsing.files import write_text
    from boundcalc.render.catalogue import catalogue_markdown

    text = catalogue_markdown(registry_with(bound_files))
    if output:
        write_text(output, text, "--output")
    else:
        click.echo(text, nl=False)


@click.command("coverage")
@click.option("--format", "fmt", type=click.Choice(["plain", "markdown", "json"]), default="plain", show_default=True)
@bound_file_option
def coverage_command(fmt: str, bound_files) -> None:
    """The comparison tables this field publishes, row by row as printed, each beside the entry that encodes it."""
    from boundcalc.render.catalogue import coverage_table
    from boundcalc.render.formats import render
    from boundcalc.theory.coverage import coverage

    rows = coverage(registry_with(bound_files))
    if fmt == "json":
        records = [
            {
                "table": r.table.name,
                "paper": r.table.paper,
                "where": r.table.where,
                "printed": dict(zip(r.table.columns, r.row.printed)),
                "entry": r.row.entry,
                "encoded": r.encoded,
                "note": r.row.note,
            }
            for r in rows
        ]
        click.echo(results.to_json(records))
    else:
        click.echo(render(coverage_table(rows), fmt), nl=False)


COMMANDS = (
    width_command,
    step_size_command,
    iterations_command,
    bounds_command,
    explain_command,
    list_command,
    catalogue_command,
    coverage_command,
)
