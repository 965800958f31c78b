"""Width, step size and iterations of several results at one point, or on a data file's statistics.

Each result gets the inputs it reads, and its record says which it took and from where (``reads``).
A value is printed only where one means something; otherwise the cell says why not:
``{"needs": name}`` (an input not given), ``{"incomplete": what}`` (an exponent no source gives, and
the option that supplies it),
``{"infinite": reason}`` (an input the data make infinite: δ = 0, λ0 = 0). A value carries the order
symbol its source writes (``order_symbol``: Ω, Ω̃, Θ, O, Õ, or "" for an exact count) and what the
source leaves out, set to 1 (``leaves_out``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundcalc.errors import IncompleteError, InputError, MissingInputError
from boundcalc.numbers.evaluate import Evaluation, evaluate
from boundcalc.numbers.exact import coerce_inputs
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import LARGEST_SEPARATION

if TYPE_CHECKING:
    from boundcalc.data.stats import DataSummary

COMPARED = ("width", "parameters", "step_size", "iterations")


@dataclass
class Comparison:
    """Width, parameters, step size and iterations of each result at one point; a value or why there is none.

    Attributes:
        point: The inputs given, by name, as text.
        records: One dict per result: its key, kind, status, setting, source and version, the
            inputs it read and where from (``reads``), and for each of width, parameters,
            step_size and iterations a value (``log10``, ``value``, ``status``) or why there is none.
        evaluations: The evaluations behind the values, with their full provenance.
        data: The data set's statistics, where the inputs were measured on one.
    """

    point: dict[str, str]
    records: list[dict]
    evaluations: list[Evaluation]
    data: DataSummary | None = None

    def to_dict(self) -> dict:
        """The JSON ``boundcalc compare --format json`` prints: ``inputs``, ``results`` and ``data``.

        Returns:
            A dict of plain values (the data's statistics only where a data set was measured).
        """
        payload: dict[str, object] = {"inputs": self.point, "results": self.records}
        if self.data is not None:
            payload["data"] = self.data.to_dict()
        return payload


def _theorem_point(
    theorem: Theorem, point: Mapping[str, str], data: DataSummary | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The inputs a result gets, and the inputs it lacks because the data make them infinite.

    Only λ0 of H∞ is measured on data: the other kernels' λ (λ_H, λ*) must be given.
    """
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
        if "lambda0" not in point and theorem.kernel.startswith("H∞") and data.lambda0 is not None:
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
    orders: bool = False,
) -> Comparison:
    """Width, step size and iterations of each theorem at one point (the public ``boundcalc.compare`` builds on it).

    Args:
        theorems: The theorems compared, overrides applied.
        inputs: The inputs by name as text; None for one not given.
        registry: Where derived inputs (a width from another theorem) are looked up.
        data: A data set's statistics, filling n, d_in, δ and λ0 where not given.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).

    Returns:
        The comparison, one record per theorem that has a width, step size or iterations.

    Raises:
        InputError: An input outside its domain.
    """
    point = {name: value for name, value in inputs.items() if value is not None}
    coerce_inputs(point)  # a value outside its domain (n = 0, δ > √2) is refused, not shown as n/a in every row
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
            "version": theorem.version,
        }
        reads: dict[str, str] = {}
        record["reads"] = reads
        for name in COMPARED:
            if name not in theorem.quantity_names:
                record[name] = None
                continue
            try:
                evaluation = evaluate(theorem, name, own, registry=registry, orders=orders)
            except MissingInputError as error:
                reason = infinite.get(error.name)
                record[name] = {"infinite": reason} if reason else {"needs": error.name, "meaning": error.meaning}
                continue
            except IncompleteError as error:
                record[name] = {"incomplete": error.needs(keyed=True)}
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
            for item in evaluation.inputs:
                measured = item.origin == "given" and item.name not in point and data is not None
                reads.setdefault(item.name, "measured on the data" if measured else item.origin)
            record[name] = {
                "log10": evaluation.log10,
                "value": evaluation.value.sci(4),
                "status": evaluation.status,
                "integer": evaluation.value.integer,
                "order_symbol": evaluation.quantity.order,
                "leaves_out": evaluation.quantity.order_only,
            }
            if name in ("width", "parameters"):  # the row's label is that of the size it gives
                record["status"] = evaluation.status
        records.append(record)
    return Comparison(point, records, evaluations, data)
