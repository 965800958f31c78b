"""Two bounds compared: crossover (where they cross as one input varies, and how their ratio grows)."""

from __future__ import annotations

import click

from boundcalc.cli.options import INPUT_OPTIONS, bound_file_option, integer, keyed_override_options, pop_inputs
from boundcalc.errors import IncompleteError, InputError
from boundcalc.render import results
from boundcalc.theory.registry import registry_with


@click.command("crossover")
@click.argument("theorem_a", metavar="KEY_A")
@click.argument("theorem_b", metavar="KEY_B")
@click.option("--over", required=True, help="the input that varies (n, L, delta, lambda0, …); give every other one")
@click.option("--quantity", default="width", show_default=True, help="the quantity compared: width, step_size, …")
@click.option("--quantity-b", "quantity_b", default=None, help="KEY_B's quantity, where it differs from --quantity")
@keyed_override_options
@click.option("--points", default="200", show_default=True, help="grid points searched for a change of sign")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@bound_file_option
def crossover_command(
    theorem_a, theorem_b, over, quantity, quantity_b, exps, log_powers, orders, points, fmt, bound_files, **kwargs
) -> None:
    """Where two bounds cross as --over varies, the other inputs fixed, and how their ratio grows.

    Example: boundcalc crossover als19-gd du19-2layer --over n --L 2 --lambda0 0.1 --fail-prob 0.1
    """
    from boundcalc.numbers.crossover import crossover  # SymPy: loaded only when asked for
    from boundcalc.render.crossings import crossover_dict, crossover_text
    from boundcalc.theory.overrides import apply_keyed_overrides

    registry = registry_with(bound_files)
    first, second = registry[theorem_a], registry[theorem_b]
    if first.key != second.key:
        first, second = apply_keyed_overrides([first, second], exps, log_powers)
    else:
        first = second = apply_keyed_overrides([first], exps, log_powers)[0]
    try:
        result = crossover(
            first,
            second,
            over,
            quantity,
            pop_inputs(kwargs),
            quantity_b=quantity_b,
            registry=registry,
            orders=orders,
            points=integer(points, "--points", 3),
        )
    except IncompleteError as error:  # this command names the theorem in --exp: say so
        raise InputError(f"{error.theorem} {error.quantity} needs {error.needs(keyed=True)}") from None
    if fmt == "json":
        click.echo(results.to_json(crossover_dict(result)))
    else:
        click.echo(crossover_text(result))


# appended to a command already built, so in their own order (click adds them after --bound-file)
for _flag, _name, _text in INPUT_OPTIONS:
    crossover_command = click.option(_flag, _name, default=None, metavar="X", help=_text)(crossover_command)

COMMANDS = (crossover_command,)
