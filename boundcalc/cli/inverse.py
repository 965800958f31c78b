"""Inverse questions: max-n (the largest n a width certifies) and solve (any input for a target value)."""

from __future__ import annotations

import click

from boundcalc.cli.options import common_options, pop_inputs
from boundcalc.errors import InputError
from boundcalc.render import results
from boundcalc.theory.overrides import apply_overrides
from boundcalc.theory.registry import registry_with


def _inverse_text(result, theorem, quantity: str, target: str) -> str:
    symbol = result.symbol
    origin = (
        f"\nsource: {theorem.source}; version: {theorem.version}; "
        f"status: {theorem.quantity(quantity).status or theorem.status} (hidden constants C = 1)"
    )
    if result.value is None:
        return f"no {symbol} in range: {result.theorem} {quantity} exceeds {target} everywhere" + origin
    side = "≤" if result.within == "below" else "≥"
    value = result.value if isinstance(result.value, int) else f"{result.value:.6g}"
    bound = " (the edge of the range searched: every value fits)" if result.unbounded else ""
    return f"{result.theorem}: {quantity} ≤ {target} for every {symbol} {side} {value}{bound}" + origin


@click.command("max-n")
@common_options
def max_n_command(theorem, bound_files, exps, constant, log_power, fmt, digits, orders, **kwargs) -> None:
    """The largest n a theorem certifies at width --m: width(n) ≤ m < width(n + 1)."""
    from boundcalc.numbers.inverse import max_n

    registry = registry_with(bound_files)
    chosen = apply_overrides(registry[theorem], "width", exps, constant, log_power)
    inputs = pop_inputs(kwargs)
    m = inputs.pop("m", None)
    if m is None:
        raise InputError("max-n needs --m, the width available")
    if "n" in inputs:
        raise InputError("max-n solves for n: do not give --n")
    result = max_n(chosen, m=m, registry=registry, orders=orders, **inputs)
    if fmt == "json":
        click.echo(results.to_json(result.to_dict()))
    else:
        click.echo(_inverse_text(result, chosen, "width", m))


@click.command("solve")
@click.option("--for", "symbol", required=True, help="the input to solve for (n, L, delta, lambda0, …)")
@click.option("--quantity", default="width", show_default=True)
@click.option("--value", "target", required=True, help="the value the quantity may not exceed")
@common_options
def solve_command(
    symbol, quantity, target, theorem, bound_files, exps, constant, log_power, fmt, digits, orders, **kwargs
):
    """Solve a bound for one of its inputs: the extreme input keeping the quantity ≤ the value."""
    from boundcalc.numbers.inverse import solve

    registry = registry_with(bound_files)
    chosen = apply_overrides(registry[theorem], quantity, exps, constant, log_power)
    result = solve(chosen, quantity, target, symbol, pop_inputs(kwargs), registry, orders)
    if fmt == "json":
        click.echo(results.to_json(result.to_dict()))
    else:
        click.echo(_inverse_text(result, chosen, quantity, target))


COMMANDS = (max_n_command, solve_command)
