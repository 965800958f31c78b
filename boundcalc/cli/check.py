"""The check command: train the paper's network at chosen widths (needs torch)."""

from __future__ import annotations

import importlib.util

import click

from boundcalc.cli.options import integer, number, override_options, progress_bar
from boundcalc.errors import BoundcalcError, InputError
from boundcalc.parsing.files import probe_writable, write_text
from boundcalc.render import results
from boundcalc.theory.overrides import apply_overrides
from boundcalc.theory.registry import REGISTRY


def _widths(text: str) -> tuple[int | str, ...]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise InputError("--m: give widths such as 64,128,256 or bound")
    return tuple("bound" if item == "bound" else integer(item, "--m") for item in items)


@click.command("check")
@click.option("--n", "n", default="50", show_default=True, help="samples (synthetic or digits)")
@click.option("--L", "depth", default="3", show_default=True, help="hidden layers")
@click.option(
    "--m",
    "widths",
    default="64,128,256",
    show_default=True,
    help="widths, comma-separated; 'bound' trains at the theorem's width",
)
@click.option("--d-in", default="10", show_default=True, help="input dimension (synthetic data; one is the bias)")
@click.option("--d", "d", default="1", show_default=True, help="output dimension (synthetic or file data)")
@click.option("--seeds", default="4", show_default=True, help="independent networks, trained as one batch")
@click.option("--seed", default="0", show_default=True, help="first seed (data and weights)")
@click.option("--steps", default="1000", show_default=True, help="at most this many steps, or 'theory'")
@click.option("--eps", default="1e-3", show_default=True, help="stop once F ≤ ε")
@click.option("--lr", default="auto", show_default=True, help="auto (1/λ_max of the NTK), theory, or a number")
@click.option("--lr-search", is_flag=True, help="also find the largest stable step by doubling")
@click.option("--data", default="synthetic", show_default=True, help="synthetic, digits, or a .npy/.csv file")
@click.option("--labels", default=None, help="labels file for --data FILE (rows, or one class number per row)")
@click.option("--min-separation", default=None, help="synthetic points at least this far apart")
@click.option("--separation", default=None, help="synthetic data whose measured δ is exactly this (vary δ alone)")
@click.option("--batch", default=None, help="mini-batch size b: SGD instead of GD")
@click.option("--train-all", is_flag=True, help="train A and B too (the paper trains W_1..W_L only)")
@click.option("--dtype", type=click.Choice(["float32", "float64"]), default="float32", show_default=True)
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option("--record-every", default=None, help="measure every k steps  [default: steps/20]")
@click.option("--success-fraction", default="0.9", show_default=True, help="share of seeds that must reach ε")
@click.option(
    "--theorem", default=None, help="theorem for the theory columns  [default: als19-gd, als19-sgd with --batch]"
)
@override_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", default=None, help="also write the JSON results to this file")
def check_command(**options) -> None:
    """Train the paper's network at chosen widths and measure what its theorems predict."""
    from boundcalc.check.config import CheckConfig

    fmt, output, steps, lr = options["fmt"], options["output"], options["steps"], options["lr"]
    config = CheckConfig(
        n=integer(options["n"], "--n"),
        depth=integer(options["depth"], "--L"),
        widths=_widths(options["widths"]),
        d_in=integer(options["d_in"], "--d-in", 2),
        d=integer(options["d"], "--d"),
        seeds=integer(options["seeds"], "--seeds"),
        seed=integer(options["seed"], "--seed", 0),
        steps="theory" if steps == "theory" else integer(steps, "--steps", 0),
        eps=number(options["eps"], "--eps"),
        lr=lr if lr in ("auto", "theory") else number(lr, "--lr"),
        data=options["data"],
        labels=options["labels"],
        min_separation=None
        if options["min_separation"] is None
        else number(options["min_separation"], "--min-separation"),
        separation=None if options["separation"] is None else number(options["separation"], "--separation"),
        batch=None if options["batch"] is None else integer(options["batch"], "--batch"),
        train_all=options["train_all"],
        dtype=options["dtype"],
        device=options["device"],
        record_every=None if options["record_every"] is None else integer(options["record_every"], "--record-every"),
        lr_search=options["lr_search"],
        success_fraction=number(options["success_fraction"], "--success-fraction"),
    )
    theorem = REGISTRY[options["theorem"] or ("als19-sgd" if config.batch else "als19-gd")]
    theorem = apply_overrides(theorem, "width", options["exps"], options["constant"], options["log_power"])
    if output:
        probe_writable(output, "--output")  # refused before minutes of training, not after
    if importlib.util.find_spec("torch") is None:
        raise InputError("boundcalc check needs torch: pip install 'boundcalc[check]'")
    from boundcalc.check.run import run_check
    from boundcalc.check.summary import report_text

    progress = progress_bar(0) if fmt == "text" else None
    try:
        report = run_check(config, theorem, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    rows = results.to_json(report.rows())
    if output:
        try:
            write_text(output, rows + "\n", "--output")
        except BoundcalcError as failure:  # the measurements go to stdout rather than being lost
            click.echo(rows)
            failure.args = (f"{failure}; the results were printed above instead",)
            raise
    click.echo(rows if fmt == "json" else report_text(report))
    if report.interrupted:
        raise KeyboardInterrupt


COMMANDS = (check_command,)
