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
    """An immutable set of theorems by key; ``with_theorems`` returns a new registry.

    Immutable so that a user's bound file or override never changes what another caller reads.

    Args:
        theorems: The theorems it holds, each under its ``key``.

    Raises:
        ValueError: Two theorems share a key.
    """

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
            close = self.suggestions(str(key))
            named = [repr(k) for k in close]
            choices = " or ".join(filter(None, [", ".join(named[:-1]), named[-1]])) if named else ""
            hint = f"; did you mean {choices}?" if named else f"; known: {', '.join(self._theorems)}"
            raise UnknownTheoremError(str(key), f"unknown theorem {key!r}{hint}") from None

    def suggestions(self, key: str) -> list[str]:
        """The keys a mistyped one most likely meant: its family first, then the closest spellings.

        A key that begins another (``du19`` → ``du19-2layer``, ``du19-deep``, …) or shares its family
        (the part before the first hyphen: ``als19-sg`` → ``als19-gd``, ``als19-sgd``, …) names those
        keys; otherwise the closest spelling by ``difflib``.

        Args:
            key: The key that is not in the registry.

        Returns:
            Up to four keys, most likely first; empty where none is close.

        Examples:
            >>> REGISTRY.suggestions("du19")
            ['du19-2layer', 'du19-deep', 'du19-resnet']
            >>> REGISTRY.suggestions("zuo19")
            ['zou19']
        """
        lowered = key.strip().lower()
        keys = list(self._theorems)
        prefixed = [k for k in keys if lowered and k.startswith(lowered)]
        family = lowered.split("-")[0]
        same_family = [k for k in keys if family and k.split("-")[0] == family and k not in prefixed]
        if prefixed or same_family:
            ranked = sorted(same_family, key=lambda k: -difflib.SequenceMatcher(None, lowered, k).ratio())
            return (prefixed + ranked)[:4]
        return difflib.get_close_matches(lowered, keys, n=1)

    def __iter__(self) -> Iterator[str]:
        return iter(self._theorems)

    def __len__(self) -> int:
        return len(self._theorems)

    def with_theorems(self, *theorems: Theorem) -> Registry:
        """A new registry holding these theorems as well (a key already held is replaced).

        Args:
            *theorems: The theorems to add or replace, each under its ``key``.

        Returns:
            The new Registry; this one is unchanged.

        Raises:
            ValueError: Two of ``theorems`` share a key.
        """
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
