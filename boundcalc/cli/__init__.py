"""The command line: a thin shell over the library. Bad input: one line on stderr, exit code 2."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click
from tabulate import tabulate

from boundcalc.errors import BoundcalcError, InputError
from boundcalc.numbers.evaluate import evaluate
from boundcalc.parsing.expression import parse_assignment
from boundcalc.parsing.number import parse_number
from boundcalc.render import results as _render
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry

FORMATS = ("text", "json", "latex")
_INPUT_OPTIONS = (
    ("--n", "n", "number of training samples n (positive integer)"),
    ("--L", "L", "number of hidden layers L (positive integer)"),
    ("--delta", "delta", "separation δ = min ‖x_i − x_j‖, in (0, 2]  [default: 1/L]"),
    ("--d", "d", "output dimension d  [default: 1]"),
    ("--eps", "eps", "target loss ε > 0  [default: 1e-3]"),
    ("--batch", "b", "mini-batch size b  [default: 1]"),
    ("--m", "m", "width m  [default: the theorem's own width bound]"),
    ("--eta", "eta", "step size η  [default: the theorem's step size]"),
    ("--omega", "omega", "radius ω  [default: Theorem 3's radius]"),
    ("--lambda0", "lambda0", "λ0, smallest eigenvalue of the kernel the result names"),
    ("--fail-prob", "fail_prob", "failure probability p in (0, 1)  [default: 0.1]"),
    ("--margin", "margin", "margin γ of the data"),
    ("--kappa", "kappa", "initialisation scale κ"),
    ("--d-in", "d_in", "input dimension"),
)


_BOUND_FILE = click.option(
    "--bound-file", "bound_files", multiple=True, metavar="FILE", help="TOML file of user-defined theorems (repeatable)"
)


def _registry(bound_files: Sequence[str]) -> Registry:
    """The built-in theorems plus those of the bound files (a new registry; the default is untouched)."""
    if not bound_files:
        return REGISTRY
    from boundcalc.theory.boundfile import load_bound_file

    return REGISTRY.with_theorems(*(t for path in bound_files for t in load_bound_file(path)))


def _common_options(command: Callable) -> Callable:
    options = [
        click.option(flag, name, default=None, metavar="X", help=text) for flag, name, text in _INPUT_OPTIONS
    ] + [
        click.option("--theorem", "theorem", default="als19-gd", show_default=True, help="theorem key (see `list`)"),
        _BOUND_FILE,
        click.option(
            "--exp",
            "exps",
            multiple=True,
            metavar="NAME=VALUE",
            help="override an exponent, e.g. n=20, delta=-6, L=3/2; QUANTITY.NAME=VALUE names another quantity",
        ),
        click.option("--constant", default=None, metavar="C", help="hidden constant (or QUANTITY=C)  [default: 1]"),
        click.option(
            "--log-power",
            "log_power",
            default=None,
            metavar="K",
            help="power of log m (or QUANTITY=K)  [default: as encoded]",
        ),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--digits", type=click.IntRange(1, 15), default=4, show_default=True, help="significant digits"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _split(text: str, what: str, primary: str | None) -> tuple[str, str]:
    """``QUANTITY=VALUE`` or a bare ``VALUE`` meaning the command's own quantity."""
    if "=" in text:
        name, value = text.split("=", 1)
        return name.strip(), value
    if primary is None:
        raise InputError(f"{what}: name the quantity, e.g. width={text}, since this command shows several")
    return primary, text


def _with_overrides(
    theorem: Theorem, primary: str | None, exps: Sequence[str], constant: str | None, log_power: str | None
) -> Theorem:
    """Apply --exp, --constant and --log-power; unqualified ones belong to the command's quantity."""
    per_quantity: dict[str, dict] = {}
    for text in exps:
        name, value = parse_assignment(text, "--exp")
        quantity, _, exponent = name.rpartition(".")
        if not quantity:
            if primary is None:
                raise InputError(
                    f"--exp {text}: name the quantity, e.g. width.{name}=..., since this command shows several"
                )
            quantity = primary
        per_quantity.setdefault(quantity, {}).setdefault("exponents", {})[exponent] = value
    for option, text in (("constant", constant), ("log_power", log_power)):
        if text is not None:
            quantity, value = _split(text, f"--{option.replace('_', '-')}", primary)
            per_quantity.setdefault(quantity, {})[option] = value
    for quantity, overrides in per_quantity.items():
        theorem = theorem.with_overrides(quantity, **overrides)
    return theorem


def _inputs(kwargs: dict) -> dict[str, str]:
    return {name: kwargs.pop(name) for _, name, _ in _INPUT_OPTIONS if kwargs.get(name) is not None}


def _quantity_command(name: str, quantity: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @_common_options
    def command(theorem: str, bound_files, exps, constant, log_power, fmt: str, digits: int, **kwargs) -> None:
        registry = _registry(bound_files)
        chosen = _with_overrides(registry[theorem], quantity, exps, constant, log_power)
        evaluation = evaluate(chosen, quantity, _inputs(kwargs), registry=registry)
        if fmt == "json":
            click.echo(_render.to_json(evaluation.to_dict(digits)))
        elif fmt == "latex":
            click.echo(_render.evaluation_latex(evaluation, digits))
        else:
            click.echo(_render.evaluation_text(evaluation, digits))

    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="boundcalc", prog_name="boundcalc")
def cli() -> None:
    """Width, step size and iteration bounds of over-parameterized network theory, made concrete.

    Example: boundcalc width --n 1000 --L 10
    """


cli.add_command(_quantity_command("width", "width", "The width m a theorem demands (solved for its log m factor)."))
cli.add_command(_quantity_command("step-size", "step_size", "The step size η a theorem prescribes (at its own width)."))
cli.add_command(_quantity_command("iterations", "iterations", "The iterations T after which F ≤ ε is guaranteed."))


@cli.command("bounds")
@_common_options
def bounds_command(theorem: str, bound_files, exps, constant, log_power, fmt: str, digits: int, **kwargs) -> None:
    """Every quantity of one theorem at the same inputs (overrides must name their quantity)."""
    registry = _registry(bound_files)
    chosen = _with_overrides(registry[theorem], None, exps, constant, log_power)
    inputs = _inputs(kwargs)
    evaluations = [evaluate(chosen, q.name, inputs, registry=registry) for q in chosen.quantities]
    if fmt == "json":
        click.echo(_render.to_json([e.to_dict(digits) for e in evaluations]))
    elif fmt == "latex":
        click.echo(_render.evaluations_latex(evaluations, digits))
    else:
        click.echo(_render.evaluations_text(evaluations, digits))


@cli.command("explain")
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_BOUND_FILE
def explain_command(key: str, fmt: str, bound_files) -> None:
    """A theorem's formulas (Unicode and LaTeX), assumptions, source and status."""
    theorem = _registry(bound_files)[key]
    if fmt == "json":
        click.echo(_render.to_json(_render.theorem_dict(theorem)))
    else:
        click.echo(_render.theorem_text(theorem))


@cli.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_BOUND_FILE
def list_command(fmt: str, bound_files) -> None:
    """The theorems boundcalc knows, with their status labels."""
    summaries = [_render.theorem_summary(t) for t in _registry(bound_files).values()]
    if fmt == "json":
        click.echo(_render.to_json(summaries))
        return
    rows = [
        (s["key"], f"{s['paper']} {s['year'] or ''}".strip(), s["kind"], s["setting"], s["status"]) for s in summaries
    ]
    click.echo(tabulate(rows, headers=["key", "paper", "kind", "setting", "status"]))
    click.echo(
        "\nstatus: stated = read in the authors' text; restated = read in a paper that restates it; "
        "recalled = widely quoted, not read here (override freely)"
    )


def _command_line(exclude: set[str]) -> str:
    """The running command with the options that differ from their defaults, in a fixed order."""
    context = click.get_current_context()
    parts = [context.command_path]
    for param in context.command.params:
        value = context.params.get(param.name)
        if param.name in exclude or value in (None, (), False) or value == param.get_default(context):
            continue
        flag = param.opts[0]
        if isinstance(value, bool):
            parts.append(flag)
        else:
            parts += [f"{flag} {shlex.quote(str(v))}" for v in (value if isinstance(value, tuple) else (value,))]
    return " ".join(parts)


_TABLE_INPUTS = (
    ("--n", "n"),
    ("--L", "L"),
    ("--delta", "delta"),
    ("--d", "d"),
    ("--eps", "eps"),
    ("--batch", "b"),
    ("--m", "m"),
    ("--lambda0", "lambda0"),
    ("--fail-prob", "fail_prob"),
    ("--margin", "margin"),
    ("--kappa", "kappa"),
    ("--d-in", "d_in"),
)


@cli.command("table")
@click.option("--quantity", default="width", show_default=True, help="width, step_size, iterations, …")
@click.option("--theorem", "theorems", default="als19-gd", show_default=True, help="one key or several: a,b")
@click.option("--formulas", is_flag=True, help="a table of each theorem's formulas with citations")
@click.option("--compare", is_flag=True, help="width, step size and iterations of several theorems at one point")
@click.option("--long", "long_form", is_flag=True, help="one row per grid point instead of rows × columns")
@click.option("--exp", "exps", multiple=True, metavar="NAME=VALUE", help="override an exponent of the quantity")
@click.option("--constant", default=None, metavar="C", help="hidden constant of the quantity")
@click.option("--log-power", "log_power", default=None, metavar="K", help="power of log m in the quantity")
@click.option(
    "--format", "fmt", type=click.Choice(["latex", "markdown", "plain", "csv"]), default="plain", show_default=True
)
@click.option("--digits", type=click.IntRange(1, 15), default=2, show_default=True, help="significant digits")
@click.option("--caption", default=None, help="LaTeX caption (escaped for you)")
@click.option("--label", default=None, help="LaTeX label")
@click.option("--standalone", is_flag=True, help="a complete LaTeX document instead of a fragment for \\input")
@click.option("--output", default=None, help="write to this file instead of standard output")
@_BOUND_FILE
def table_command(
    quantity,
    theorems,
    formulas,
    compare,
    long_form,
    exps,
    constant,
    log_power,
    fmt,
    digits,
    caption,
    label,
    standalone,
    output,
    bound_files,
    **lists,
) -> None:
    """Tables for papers: one quantity over a grid (--n 100,1000 --L 2,10), --formulas or --compare."""
    from boundcalc.render import tables_tmp as _tables

    registry = _registry(bound_files)
    keys = [key.strip() for key in theorems.split(",") if key.strip()]
    if compare and theorems == "als19-gd":
        keys = list(registry)
        quantity = "width"
    chosen = [registry[key] for key in keys]
    if exps or constant is not None or log_power is not None:
        chosen = [_with_overrides(t, quantity, exps, constant, log_power) for t in chosen]
    inputs = {name: lists[name] for _, name in _TABLE_INPUTS}
    if formulas:
        table = _tables.formula_table(chosen)
    elif compare:
        table = _tables.compare_table(chosen, inputs, registry)
    else:
        table = _tables.grid_table(chosen, quantity, inputs, registry, long=long_form)
    text = _tables.render(table, fmt, digits, caption, label, standalone, _command_line(exclude={"output"}))
    if output:
        try:
            Path(output).write_text(text)
        except OSError as error:
            raise InputError(f"--output: cannot write {output!r}: {error.strerror}") from None
    else:
        click.echo(text, nl=False)


for _flag, _name in reversed(_TABLE_INPUTS):
    table_command = click.option(_flag, _name, default=None, metavar="X[,X…]", help=f"{_name}: one value or a list")(
        table_command
    )


_COMPARE_INPUTS = ("n", "L", "delta", "d", "eps", "b", "lambda0", "fail_prob", "margin", "kappa", "d_in")


@cli.command("compare")
@click.option("--theorem", "theorems", default=None, help="keys to compare, a,b  [default: every result]")
@click.option("--data", default=None, help="a .npy or .csv file, one point per row: n, δ and λ0 measured on it")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--digits", type=click.IntRange(1, 15), default=3, show_default=True, help="significant digits")
@_BOUND_FILE
def compare_command(theorems, data, fmt, digits, bound_files, **given) -> None:
    """Width, step size and iterations of every result side by side, at given inputs or on a data file."""
    from boundcalc.render import tables_tmp as _tables

    registry = _registry(bound_files)
    keys = [k.strip() for k in theorems.split(",") if k.strip()] if theorems else list(registry)
    chosen = [registry[key] for key in keys]
    summary = None
    if data is not None:
        from boundcalc.numbers.datastats import measure

        summary = measure(data)
    inputs = {name: given[name] for name in _COMPARE_INPUTS}
    if fmt == "json":
        result = _tables.compare(chosen, inputs, registry, data=summary)
        payload = {"inputs": result.point, "results": result.records}
        if summary is not None:
            payload["data"] = summary.to_dict()
        click.echo(_render.to_json(payload))
        return
    table = _tables.compare_table(chosen, inputs, registry, data=summary)
    click.echo(_tables.render(table, "markdown" if fmt == "markdown" else "plain", digits), nl=False)


for _flag, _name, _text in reversed(_INPUT_OPTIONS):
    if _name in _COMPARE_INPUTS:
        compare_command = click.option(_flag, _name, default=None, metavar="X", help=_text)(compare_command)


def _inverse_text(result, quantity: str, target: str) -> str:
    symbol = result.symbol
    if result.value is None:
        return f"no {symbol} in range: {result.theorem} {quantity} exceeds {target} everywhere"
    side = "≤" if result.within == "below" else "≥"
    value = result.value if isinstance(result.value, int) else f"{result.value:.6g}"
    bound = " (the edge of the range searched: every value fits)" if result.unbounded else ""
    return f"{result.theorem}: {quantity} ≤ {target} for every {symbol} {side} {value}{bound}"


@cli.command("max-n")
@_common_options
def max_n_command(theorem, bound_files, exps, constant, log_power, fmt, digits, **kwargs) -> None:
    """The largest n a theorem certifies at width --m: width(n) ≤ m < width(n + 1)."""
    from boundcalc.numbers.inverse import max_n

    registry = _registry(bound_files)
    chosen = _with_overrides(registry[theorem], "width", exps, constant, log_power)
    inputs = _inputs(kwargs)
    m = inputs.pop("m", None)
    if m is None:
        raise InputError("max-n needs --m, the width available")
    if "n" in inputs:
        raise InputError("max-n solves for n: do not give --n")
    result = max_n(chosen, m=m, registry=registry, **inputs)
    if fmt == "json":
        click.echo(_render.to_json(result.to_dict()))
    else:
        click.echo(_inverse_text(result, "width", m))


@cli.command("solve")
@click.option("--for", "symbol", required=True, help="the input to solve for (n, L, delta, lambda0, …)")
@click.option("--quantity", default="width", show_default=True)
@click.option("--value", "target", required=True, help="the value the quantity may not exceed")
@_common_options
def solve_command(symbol, quantity, target, theorem, bound_files, exps, constant, log_power, fmt, digits, **kwargs):
    """Solve a bound for one of its inputs: the extreme input keeping the quantity ≤ the value."""
    from boundcalc.numbers.inverse import solve

    registry = _registry(bound_files)
    chosen = _with_overrides(registry[theorem], quantity, exps, constant, log_power)
    result = solve(chosen, quantity, target, symbol, _inputs(kwargs), registry)
    if fmt == "json":
        click.echo(_render.to_json(result.to_dict()))
    else:
        click.echo(_inverse_text(result, quantity, target))


@cli.command("sweep")
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
    workers = _integer(workers, "--workers")
    path = store or str(Path(spec).with_suffix(".sqlite"))
    progress = None
    if fmt == "text" and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=len(parsed.cells), desc="cells", file=sys.stderr)
    opened = Store(path)
    try:
        counts = run_sweep(parsed, opened, workers=workers, dask=dask_address, progress=progress)
        cells = opened.cells()
    finally:
        opened.close()
        if progress is not None:
            progress.close()
    if fmt == "json":
        click.echo(_render.to_json({"store": path, **counts, "cells": cells}))
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


@cli.command("report")
@click.option("--store", required=True, help="SQLite store written by `boundcalc sweep`")
@click.option("--outdir", default="tables/study", show_default=True, help="where tables and figures go")
def report_command(store, outdir) -> None:
    """Tables (LaTeX, Markdown) and figures (PNG, PDF) of a sweep, from its store alone."""
    from boundcalc.study.report import write_report

    if not Path(store).is_file():
        raise InputError(f"--store {store!r} does not exist")
    for path in write_report(store, outdir):
        click.echo(path)


@cli.command("make-tables")
@click.argument("spec", default="tables/tables.toml")
@click.option("--outdir", default=None, help="where to write  [default: the spec's folder]")
@click.option("--check", "check_only", is_flag=True, help="only report tables that differ from the spec's output")
def make_tables_command(spec: str, outdir: str | None, check_only: bool) -> None:
    """Regenerate every table a spec file lists (tables/ is generated, never hand-written)."""
    from boundcalc.render.requests import generate_tables

    stale = generate_tables(Path(spec), Path(outdir) if outdir else None, check_only)
    if check_only and stale:
        raise InputError(f"stale tables (run make tables): {', '.join(str(p) for p in stale)}")


def number(text: str, what: str) -> float:
    return float(parse_number(text, what))


def _integer(text: str, what: str, minimum: int = 1) -> int:
    value = parse_number(text, what)
    if value.denominator != 1 or value < minimum:
        raise InputError(f"{what} must be an integer ≥ {minimum}, got {text}")
    return int(value)


def _widths(text: str) -> tuple[int | str, ...]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise InputError("--m: give widths such as 64,128,256 or bound")
    return tuple("bound" if item == "bound" else _integer(item, "--m") for item in items)


@cli.command("check")
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
@click.option("--batch", default=None, help="mini-batch size b: SGD instead of GD")
@click.option("--train-all", is_flag=True, help="train A and B too (the paper trains W_1..W_L only)")
@click.option("--dtype", type=click.Choice(["float32", "float64"]), default="float32", show_default=True)
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option("--record-every", default=None, help="measure every k steps  [default: steps/20]")
@click.option("--success-fraction", default="0.9", show_default=True, help="share of seeds that must reach ε")
@click.option(
    "--theorem", default=None, help="theorem for the theory columns  [default: als19-gd, als19-sgd with --batch]"
)
@click.option("--exp", "exps", multiple=True, metavar="NAME=VALUE", help="override an exponent of the width")
@click.option("--constant", default=None, metavar="C", help="hidden constant of the width")
@click.option("--log-power", "log_power", default=None, metavar="K", help="power of log m in the width")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", default=None, help="also write the JSON results to this file")
def check_command(**options) -> None:
    """Train the paper's network at chosen widths and measure what its theorems predict."""
    try:
        import torch  # noqa: F401
    except ImportError:
        raise InputError("boundcalc check needs torch: pip install 'boundcalc[check]'") from None
    from boundcalc.check.run import CheckConfig, run_check
    from boundcalc.check.summary import report_text

    fmt, output = options["fmt"], options["output"]
    steps = options["steps"]
    lr = options["lr"]
    config = CheckConfig(
        n=_integer(options["n"], "--n"),
        depth=_integer(options["depth"], "--L"),
        widths=_widths(options["widths"]),
        d_in=_integer(options["d_in"], "--d-in", 2),
        d=_integer(options["d"], "--d"),
        seeds=_integer(options["seeds"], "--seeds"),
        seed=_integer(options["seed"], "--seed", 0),
        steps="theory" if steps == "theory" else _integer(steps, "--steps", 0),
        eps=number(options["eps"], "--eps"),
        lr=lr if lr in ("auto", "theory") else number(lr, "--lr"),
        data=options["data"],
        labels=options["labels"],
        min_separation=None
        if options["min_separation"] is None
        else number(options["min_separation"], "--min-separation"),
        batch=None if options["batch"] is None else _integer(options["batch"], "--batch"),
        train_all=options["train_all"],
        dtype=options["dtype"],
        device=options["device"],
        record_every=None if options["record_every"] is None else _integer(options["record_every"], "--record-every"),
        lr_search=options["lr_search"],
        success_fraction=number(options["success_fraction"], "--success-fraction"),
    )
    if config.eps <= 0:
        raise InputError(f"--eps must be positive, got {options['eps']}")
    if isinstance(config.lr, float) and config.lr <= 0:
        raise InputError(f"--lr must be positive, got {lr}")
    if not 0 < config.success_fraction <= 1:
        raise InputError("--success-fraction must lie in (0, 1]")
    theorem = REGISTRY[options["theorem"] or ("als19-sgd" if config.batch else "als19-gd")]
    theorem = _with_overrides(theorem, "width", options["exps"], options["constant"], options["log_power"])
    progress = None
    if fmt == "text" and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=0, file=sys.stderr, leave=False)
    try:
        report = run_check(config, theorem, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    rows = report.rows()
    if output:
        try:
            Path(output).write_text(_render.to_json(rows) + "\n")
        except OSError as error:
            raise InputError(f"--output: cannot write {output!r}: {error.strerror}") from None
    if fmt == "json":
        click.echo(_render.to_json(rows))
    else:
        click.echo(report_text(report))


def _fail(message: str) -> int:
    click.echo(f"boundcalc: error: {' '.join(message.split())}", err=True)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="boundcalc", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        return _fail("aborted")
    except click.ClickException as error:
        return _fail(error.format_message())
    except BoundcalcError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    return 0


def entry_point() -> None:
    sys.exit(main())
