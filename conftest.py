"""Collection rules for the whole repository: where an optional extra (torch, the study's libraries)
is not installed, the modules that import it are not collected for their doctests; their tests skip
themselves with importorskip."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent
collect_ignore_glob = ["site/*", "build/*"]
if importlib.util.find_spec("torch") is None:
    collect_ignore_glob.append("boundcalc/check/__init__.py")  # imports without torch; its example trains


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Skip a package module whose import needs a library this environment does not have."""
    if collection_path.suffix != ".py" or collection_path.name == "__main__.py":
        return None  # doctest never imports a __main__, which would run the command line
    if ROOT / "boundcalc" not in collection_path.parents:
        return None
    parts = collection_path.relative_to(ROOT).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and not error.name.startswith("boundcalc"):
            return True
        raise
    return None
