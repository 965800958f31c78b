"""Every public function, class and method has a Google-style docstring that documents each parameter.

Google style is what mkdocs.yml tells mkdocstrings to render; a Sphinx role (``:class:`X```) prints
literally there, so none may appear. Public means a name of a facade's ``__all__``: ``boundcalc``,
``boundcalc.tables``, ``boundcalc.errors``, ``boundcalc.check``, ``boundcalc.study``, and the public
methods of its classes. Parameters are read from the live signature; the docstring is parsed by
griffe, as mkdocstrings parses it.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import re

import pytest
from support import DOCSTRINGS_NOT_YET

griffe = pytest.importorskip("griffe")

FACADES = ("boundcalc", "boundcalc.tables", "boundcalc.errors", "boundcalc.check", "boundcalc.study")
NOT_YET = DOCSTRINGS_NOT_YET  # tests/support.py: packages tolerated while others rewrite them (none now)
SPHINX_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const|ref|doc|term):`")
# members every object has, documented by Python itself
INHERITED = {"with_traceback", "add_note", "count", "index"}


def _not_yet(module: str) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in NOT_YET)


def _facade_objects():
    seen = {}
    for facade_name in FACADES:
        try:
            facade = importlib.import_module(facade_name)
        except ImportError:
            continue
        for name in facade.__all__:
            if name.startswith("__"):
                continue
            try:
                value = getattr(facade, name)
            except ImportError:  # torch absent: the checker's names load on first use
                continue
            if inspect.isclass(value) or inspect.isfunction(value):
                seen.setdefault(f"{value.__module__}.{value.__qualname__}", (f"{facade_name}.{name}", value))
    return sorted(seen.values(), key=lambda item: item[0])


def _members(cls):
    for name, value in vars(cls).items():
        if name.startswith("_") or name in INHERITED:
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value):
            yield f"{cls.__name__}.{name}", value


def _parameters(function) -> list[str]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    return [name for name in signature.parameters if name not in ("self", "cls")]


def _documented(docstring: str) -> tuple[set[str], list]:
    logging.getLogger("griffe").setLevel(logging.ERROR)
    sections = griffe.Docstring(docstring, parser="google").parse()
    names = set()
    for section in sections:
        if section.kind.value in ("parameters", "attributes", "other parameters"):
            names |= {item.name.lstrip("*") for item in section.value}
    return names, sections


def _problems(where: str, obj, own_parameters: bool = True) -> list[str]:
    docstring = inspect.getdoc(obj) if not inspect.isclass(obj) else obj.__doc__
    if not (docstring or "").strip():
        return [f"{where}: no docstring"]
    docstring = inspect.cleandoc(docstring)
    found = []
    if SPHINX_ROLE.search(docstring):
        found.append(f"{where}: a Sphinx role {SPHINX_ROLE.search(docstring).group(0)!r} prints literally")
    if own_parameters:
        documented, _ = _documented(docstring)
        if inspect.isclass(obj) and obj.__init__ is not object.__init__ and obj.__init__.__doc__:
            documented |= _documented(inspect.cleandoc(obj.__init__.__doc__))[0]
        target = obj if not inspect.isclass(obj) else obj
        missing = [name for name in _parameters(target) if name not in documented]
        if missing:
            found.append(f"{where}: parameters not documented: {', '.join(missing)}")
    return found


def _checked():
    for public, value in _facade_objects():
        if _not_yet(value.__module__):
            continue
        if value.__module__.startswith("boundcalc.check") and importlib.util.find_spec("torch") is None:
            continue
        yield public, value


def test_there_are_public_objects_to_check():
    checked = [public for public, _ in _checked()]
    assert "boundcalc.width" in checked and "boundcalc.compare" in checked and len(checked) >= 30


@pytest.mark.parametrize(("public", "value"), list(_checked()), ids=[public for public, _ in _checked()])
def test_public_docstring(public, value):
    exception = inspect.isclass(value) and issubclass(value, BaseException)
    problems = _problems(public, value, own_parameters=not exception)
    if inspect.isclass(value):
        for where, method in _members(value):
            problems += _problems(f"{public.rsplit('.', 1)[0]}.{where}", method)
    assert not problems, "\n".join(problems)


def test_the_check_finds_what_it_must():
    def undocumented(n, L):
        """One line, no parameters."""

    def with_role(n):
        """Build a :class:`Table`.

        Args:
            n: samples.
        """

    def complete(n, *keys, **inputs):
        """All of them.

        Args:
            n: samples.
            *keys: keys.
            **inputs: inputs.
        """

    assert _problems("u", undocumented) == ["u: parameters not documented: n, L"]
    assert _problems("r", with_role) == ["r: a Sphinx role ':class:`' prints literally"]
    assert _problems("c", complete) == []


def test_pydoc_documents_every_parameter_of_width():
    import pydoc

    import boundcalc

    text = pydoc.render_doc(boundcalc.width, renderer=pydoc.plaintext)
    for name in ("theorem", "exponents", "constant", "log_power", "registry", "inputs"):
        assert f"{name}:" in text, name
