"""Width, step size and iterations of several results at one point, or on a data file's statistics.

Each result gets the inputs it reads; one that lacks an input says which (``{"needs": name}``), and
one whose input the data make infinite (δ = 0, λ0 = 0) says so (``{"infinite": reason}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundcalc.errors import InputError, MissingInputError
from boundcalc.numbers.evaluate import Evaluation, evaluate
from boundcalc.parsing.number import parse_number
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import LARGEST_SEPARATION

if TYPE_CHECKING:
    from boundcalc.numbers.datastats import DataSummary

COMPARED = ("width", "step_size", "iterations")


@dataclass
class Comparison:
    """Width, step size and iterations of each result at one point; a value or the reason there is none."""

    point: dict[str, str]
    records: list[dict]
    evaluations: list[Evaluation]
    data: DataSummary | None = None


def _theorem_point(
    theorem: Theorem, point: Mapping[str, str], data: DataSummary | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The inputs a result gets, and the inputs it lacks because the data make them infinite."""
    point = dict(point)
    infinite: dict[str, str] = {}
    if data is not None:
        point.setdefault("n", str(data.n))
        point.setdefault("d_in", str(data.d_in))
        if "delta" not in point:
            if data.delta > 0:
                point["delta"] = repr(min(data.delta, LARGEST_SEPARATION))
            else:
                infinite["delta"] = "δ = 0"
        if "lambda0" not in point and theorem.kernel.startswith("H∞"):
            if data.lambda0 > 1e-12:
                point["lambda0"] = repr(data.lambda0)
            else:
                infinite["lambda0"] = "λ0 ≤ 0"
    return point, infinite


def compare(
    theorems: Sequence[Theorem],
    inputs: Mapping[str, str | None],
    registry: Registry = REGISTRY,
    data: DataSummary | None = None,
) -> Comparison:
    point = {name: value for name, value in inputs.items() if value is not None}
    for name, value in point.items():
        parse_number(value, name)
    records, evaluations = [], []
    for theorem in theorems:
        if not set(COMPARED) & set(theorem.quantity_names):
            continue
        own, infinite = _theorem_point(theorem, point, data)
        record: dict[str, object] = {
            "theorem": theorem.key,
            "kind": theorem.kind,
            "status": theorem.status,
            "setting": theorem.architecture,
            "data_assumption": theorem.data_assumption,
            "kernel": theorem.kernel,
            "source": theorem.source,
        }
        for name in COMPARED:
            if name not in theorem.quantity_names:
                record[name] = None
                continue
            try:
                evaluation = evaluate(theorem, name, own, registry=registry)
            except MissingInputError as error:
                reason = infinite.get(error.name)
                record[name] = {"infinite": reason} if reason else {"needs": error.name}
                continue
            except InputError as error:
                record[name] = {"error": str(error)}
                continue
            # a default (δ = 1/L, say) standing in for a value the data make infinite is no answer
            unbounded = [infinite[i.name] for i in evaluation.inputs if i.name in infinite and i.origin != "given"]
            if unbounded:
                record[name] = {"infinite": unbounded[0]}
                continue
            evaluations.append(evaluation)
            record[name] = {
                "log10": evaluation.log10,
                "value": evaluation.value.sci(4),
                "status": evaluation.status,
                "integer": evaluation.value.integer,
            }
            record["status"] = evaluation.status if name == "width" else record["status"]
        records.append(record)
    return Comparison(point, records, evaluations, data)
