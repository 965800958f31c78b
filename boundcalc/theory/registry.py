"""The registry: an immutable set of theorems by key. The entries themselves are data, in ``catalogue/*.toml``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from boundcalc.errors import InputError, UnknownTheoremError
from boundcalc.theory.bound import Theorem
from boundcalc.theory.boundfile import builtin_theorems, load_bound_file


class Registry(Mapping[str, Theorem]):
    """An immutable set of theorems by key; ``with_theorems`` returns a new registry."""

    def __init__(self, theorems: Iterable[Theorem]) -> None:
        by_key: dict[str, Theorem] = {}
        for theorem in theorems:
            if theorem.key in by_key:
                raise ValueError(f"duplicate theorem key {theorem.key!r}")
            by_key[theorem.key] = theorem
        self._theorems = MappingProxyType(by_key)

    def __getitem__(self, key: str) -> Theorem:
        try:
            return self._theorems[key]
        except KeyError:
            close = difflib.get_close_matches(str(key), list(self._theorems), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(self._theorems)}"
            raise UnknownTheoremError(str(key), f"unknown theorem {key!r}{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._theorems)

    def __len__(self) -> int:
        return len(self._theorems)

    def with_theorems(self, *theorems: Theorem) -> Registry:
        """A new registry holding these theorems as well (a key already held is replaced)."""
        kept = [t for key, t in self._theorems.items() if key not in {t.key for t in theorems}]
        return Registry([*kept, *theorems])


REGISTRY = Registry(builtin_theorems())
"""The built-in theorems: every entry of the catalogue files in ``boundcalc/theory/catalogue/``."""


def registry_with(bound_files: Sequence[str | Path], base: Registry | None = None) -> Registry:
    """The built-in theorems (or ``base``) plus those of the bound files: a new registry."""
    base = REGISTRY if base is None else base
    if not bound_files:
        return base
    declared: dict[str, str | Path] = {}
    theorems = []
    for path in bound_files:
        for theorem in load_bound_file(path):
            if theorem.key in declared:
                raise InputError(
                    f"bound files {str(declared[theorem.key])!r} and {str(path)!r} both declare {theorem.key!r}"
                )
            declared[theorem.key] = path
            theorems.append(theorem)
    return base.with_theorems(*theorems)
