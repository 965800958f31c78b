"""The one place the version is written (pyproject.toml reads it from here), and the revision results record."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

__version__ = "0.1.0"

PACKAGE = Path(__file__).resolve().parent


@functools.cache  # two `git` calls per process, not per width of a sweep
def revision(package: Path = PACKAGE) -> str:
    """The code a result came from: boundcalc's own git revision where it runs from its checkout, else its version.

    A checkout is boundcalc's own where the work tree's top is the folder above the package and
    holds its pyproject.toml; an installed boundcalc inside another repository (a virtual
    environment in a project's folder) records its version, never that repository's HEAD.

    Args:
        package: The folder of the ``boundcalc`` package (this one by default).

    Returns:
        ``HEAD``'s hash, with ``+changes`` where the package's files differ from it, or the version.

    Examples:
        >>> import tempfile
        >>> revision(Path(tempfile.mkdtemp()) / "boundcalc") == __version__
        True
    """
    root = package.parent
    try:
        top = _git(package, "rev-parse", "--show-toplevel")
        if top is None or Path(top).resolve() != root.resolve() or not (root / "pyproject.toml").is_file():
            return __version__
        head = _git(package, "rev-parse", "HEAD")
        changed = _git(package, "status", "--porcelain", "--", str(package))
    except (OSError, subprocess.SubprocessError):
        return __version__
    if not head:
        return __version__
    return head + ("+changes" if changed else "")


def _git(where: Path, *args: str) -> str | None:
    if not where.is_dir():
        return None
    done = subprocess.run(["git", *args], capture_output=True, text=True, timeout=5, cwd=where)
    return done.stdout.strip() if done.returncode == 0 else None
