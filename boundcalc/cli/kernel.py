"""The limit kernel of the paper's network on a data set (no torch)."""

from __future__ import annotations

import click

from boundcalc.cli.options import integer, number
from boundcalc.errors import InputError
from boundcalc.render import results


@click.command("kernel")
@click.option("--data", required=True, help="synthetic, digits, or a .npy/.csv file (one point per row)")
@click.option("--n", default=None, help="samples (synthetic or digits)  [default: 50]")
@click.option("--d-in", "d_in", default=None, help="input dimension (synthetic; one is the bias)  [default: 10]")
@click.option("--seed", default=None, help="seed of the synthetic data or of the digits chosen  [default: 0]")
@click.option("--separation", default=None, help="synthetic data whose δ is exactly this")
@click.option("--L", "depth", default="3", show_default=True, help="hidden layers")
@click.option("--d", "d", default="1", show_default=True, help="output dimension")
@click.option("--train-all", is_flag=True, help="A trained too (B's part vanishes in the limit)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def kernel_command(data, n, d_in, seed, separation, depth, d, train_all, fmt) -> None:
    """λ_min, λ_max of the infinite-width NTK (the limit of Θ/m) of Allen-Zhu–Li–Song's network on
    a data set, beside δ and λ0 = λ_min(H∞)."""
    from boundcalc.data.kernel import MAX_KERNEL_ROWS, kernel

    depth_, d_ = integer(depth, "--L"), integer(d, "--d")
    if depth_ > 10_000 or d_ > 10_000:
        raise InputError("--L and --d must be at most 10000")
    summary = _summary(data, n, d_in, seed, separation, d_)  # checks the data, its size and shape first
    if summary.n > MAX_KERNEL_ROWS:
        raise InputError(f"the limit kernel is n × n: at most {MAX_KERNEL_ROWS} rows, got {summary.n}")
    assert summary.points is not None  # measure keeps the rows it normalised: the file is read once
    limit = kernel(summary.points, depth_, d_, train_all, source=summary.path)
    payload = {**limit.to_dict(), "delta": summary.delta, "lambda0": summary.lambda0, "notes": summary.notes}
    if fmt == "json":
        click.echo(results.to_json(payload))
        return
    click.echo(
        f"limit NTK of {summary.path} (n = {limit.n}, L = {depth_}, d = {d_}{', A trained' if train_all else ''})"
    )
    click.echo(f"  λ_min(Θ/m) → {limit.lambda_min:.6g}   λ_max → {limit.lambda_max:.6g}   ratio {limit.condition:.4g}")
    lambda0 = "not measured" if summary.lambda0 is None else f"{summary.lambda0:.6g}"
    click.echo(f"  δ = {summary.delta:.6g} (paper's normalisation)   λ0 = λ_min(H∞) = {lambda0}")
    click.echo("  the limit of the checker's ntk_lambda_min / m (Jacot et al. 2018; derived here for A, B frozen)")
    for note in summary.notes:
        click.echo(f"  note: {note}")


MAX_ENTRIES = 10**8  # synthetic points drawn (800 MB in float64)


def _summary(data: str, n, d_in, seed, separation, d: int):
    from boundcalc.data.kernel import MAX_KERNEL_ROWS
    from boundcalc.data.stats import measure, summarise

    given = {"--n": n, "--d-in": d_in, "--seed": seed, "--separation": separation}
    if data not in ("synthetic", "digits"):
        for name, value in given.items():
            if value is not None:
                raise InputError(f"{name} applies to --data synthetic or digits, not to a file")
        return measure(data)
    if data == "digits" and (d_in is not None or separation is not None):
        raise InputError("--d-in and --separation apply to --data synthetic")
    # the checker's own data and its checks of them (NumPy only: no torch)
    from boundcalc.check import data as datasets
    from boundcalc.check.config import CheckConfig

    rows = integer(n or "50", "--n")
    if rows > MAX_KERNEL_ROWS:
        raise InputError(f"--n: the limit kernel is n × n, at most {MAX_KERNEL_ROWS} rows, got {n}")
    config = CheckConfig(
        n=rows,
        d_in=integer(d_in or "10", "--d-in"),
        d=d,
        seed=integer(seed or "0", "--seed", minimum=0),
        data=data,
        separation=None if separation is None else number(separation, "--separation"),
    )
    if config.n * config.d_in > MAX_ENTRIES:  # checked before the points are drawn
        raise InputError(f"--n × --d-in must be at most {MAX_ENTRIES:,} entries, got {config.n * config.d_in:,}")
    dataset = datasets.load(config)
    return summarise(dataset.x, dataset.description, dataset.x.shape[1])


COMMANDS = (kernel_command,)
