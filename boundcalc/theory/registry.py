"""The registry: an immutable set of theorems by key. The entries themselves are data, in ``sources/``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from boundcalc.errors import UnknownTheoremError
from boundcalc.theory.bound import Theorem
from boundcalc.theory.sources import ALL_THEOREMS


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


REGISTRY = Registry(ALL_THEOREMS)
"""The built-in theorems: every entry of :mod:`boundcalc.theory.sources`."""
