"""The command line: a thin shell over the library. Bad input: one line on stderr, exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import click
from tabulate import tabulate

from . import _render
from ._errors import BoundcalcError, InputError
from ._evaluate import evaluate
from ._parse import parse_assignment
from ._registry import CAVEATS, REGISTRY
from ._theorem import Theorem

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
)


def _common_options(command: Callable) -> Callable:
    options = [
        click.option(flag, name, default=None, metavar="X", help=text) for flag, name, text in _INPUT_OPTIONS
    ] + [
        click.option("--theorem", "theorem", default="als19-gd", show_default=True, help="theorem key (see `list`)"),
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
    def command(theorem: str, exps, constant, log_power, fmt: str, digits: int, **kwargs) -> None:
        chosen = _with_overrides(REGISTRY[theorem], quantity, exps, constant, log_power)
        evaluation = evaluate(chosen, quantity, _inputs(kwargs))
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
def bounds_command(theorem: str, exps, constant, log_power, fmt: str, digits: int, **kwargs) -> None:
    """Every quantity of one theorem at the same inputs (overrides must name their quantity)."""
    chosen = _with_overrides(REGISTRY[theorem], None, exps, constant, log_power)
    inputs = _inputs(kwargs)
    evaluations = [evaluate(chosen, q.name, inputs) for q in chosen.quantities]
    if fmt == "json":
        click.echo(_render.to_json([e.to_dict(digits) for e in evaluations]))
    elif fmt == "latex":
        click.echo(_render.evaluations_latex(evaluations, digits))
    else:
        click.echo(_render.evaluations_text(evaluations, digits))


@cli.command("explain")
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_command(key: str, fmt: str) -> None:
    """A theorem's formulas (Unicode and LaTeX), assumptions, source and status."""
    theorem = REGISTRY[key]
    if fmt == "json":
        click.echo(_render.to_json(_render.theorem_dict(theorem)))
    else:
        click.echo(_render.theorem_text(theorem, CAVEATS))


@cli.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_command(fmt: str) -> None:
    """The theorems boundcalc knows, with their status labels."""
    summaries = [_render.theorem_summary(t) for t in REGISTRY.values()]
    if fmt == "json":
        click.echo(_render.to_json(summaries))
        return
    rows = [
        (s["key"], f"{s['paper']} {s['year']}", s["theorem"], s["status"], s["title"]) for s in summaries
    ]
    click.echo(tabulate(rows, headers=["key", "paper", "theorem", "status", "what it says"]))
    click.echo(
        "\nstatus: stated = read in the authors' text; restated = read in a paper that restates it; "
        "recalled = widely quoted, not read here (override freely)"
    )


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
