"""The limit kernel of the paper's network on a data set (no torch)."""

from __future__ import annotations

import click

from boundcalc.cli.options import integer
from boundcalc.errors import InputError
from boundcalc.render import results


@click.command("kernel")
@click.option("--data", required=True, help="a .npy or .csv file, one point per row")
@click.option("--L", "depth", default="3", show_default=True, help="hidden layers")
@click.option("--d", "d", default="1", show_default=True, help="output dimension")
@click.option("--train-all", is_flag=True, help="A trained too (B's part vanishes in the limit)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def kernel_command(data, depth, d, train_all, fmt) -> None:
    """λ_min, λ_max of the infinite-width NTK (the limit of Θ/m) of Allen-Zhu–Li–Song's network on
    a data file, beside δ and λ0 = λ_min(H∞)."""
    from boundcalc.numbers.datastats import measure
    from boundcalc.numbers.kernel import MAX_KERNEL_ROWS, kernel

    depth_, d_ = integer(depth, "--L"), integer(d, "--d")
    if depth_ > 10_000 or d_ > 10_000:
        raise InputError("--L and --d must be at most 10000")
    summary = measure(data)  # checks the file, its size and shape first
    if summary.n > MAX_KERNEL_ROWS:
        raise InputError(f"the limit kernel is n × n: at most {MAX_KERNEL_ROWS} rows, got {summary.n}")
    assert summary.points is not None  # measure keeps the rows it normalised: the file is read once
    limit = kernel(summary.points, depth_, d_, train_all, source=data)
    payload = {**limit.to_dict(), "delta": summary.delta, "lambda0": summary.lambda0, "notes": summary.notes}
    if fmt == "json":
        click.echo(results.to_json(payload))
        return
    click.echo(f"limit NTK of {data} (n = {limit.n}, L = {depth_}, d = {d_}{', A trained' if train_all else ''})")
    click.echo(f"  λ_min(Θ/m) → {limit.lambda_min:.6g}   λ_max → {limit.lambda_max:.6g}   ratio {limit.condition:.4g}")
    lambda0 = "not measured" if summary.lambda0 is None else f"{summary.lambda0:.6g}"
    click.echo(f"  δ = {summary.delta:.6g} (paper's normalisation)   λ0 = λ_min(H∞) = {lambda0}")
    click.echo("  the limit of the checker's ntk_lambda_min / m (Jacot et al. 2018; derived here for A, B frozen)")
    for note in summary.notes:
        click.echo(f"  note: {note}")


COMMANDS = (kernel_command,)
