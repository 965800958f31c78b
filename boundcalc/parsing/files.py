"""Files a user names, read defensively: regular files only, with a size cap that holds for any file.

A named pipe, a device or a directory is refused before it is opened (opening a pipe would block),
and a file is read through at most ``limit + 1`` bytes, so a file that grows while read cannot
exhaust memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from boundcalc.errors import BoundcalcError, EnvironmentFailure, InputError


def regular_file(path: str | Path, what: str) -> Path:
    """The path, if it names an existing regular file (after symlinks); else one clear InputError."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{what} {str(path)!r} does not exist") from None
    except OSError as error:
        raise InputError(f"{what} {str(path)!r}: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{what} {str(path)!r} is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(f"{what} {str(path)!r} is not a regular file (a pipe, socket or device)")
    return path


def read_bytes(path: str | Path, what: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; larger files are refused with the limit named."""
    path = regular_file(path, what)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"{what} {str(path)!r}: {error.strerror}") from None
    if len(data) > limit:
        raise InputError(f"{what} {str(path)!r} is larger than {_size(limit)}")
    return data


def read_text(path: str | Path, what: str, limit: int) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes."""
    data = read_bytes(path, what, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what} {str(path)!r} is not UTF-8 text") from None


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"


_USER_PATH_ERRORS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP}


def write_failure(path: str | Path, what: str, error: OSError) -> BoundcalcError:
    """An OSError from writing a user's path: a bad path is the input's fault (exit 2); a full
    disk, a missing permission or a read-only file system is the environment's (exit 1)."""
    message = f"{what}: cannot write {str(path)!r}: {error.strerror or error}"
    return InputError(message) if error.errno in _USER_PATH_ERRORS else EnvironmentFailure(message)


def writable_path(path: str | Path, what: str) -> Path:
    """A path boundcalc may write: absent, or a regular file (never a device, a pipe or /proc)."""
    target = Path(path)
    if target.exists() and not target.is_file():
        raise InputError(f"{what} {str(path)!r} is not a regular file (a folder, pipe or device): give a file path")
    return target


def write_text(path: str | Path, text: str, what: str) -> None:
    """Write a whole text file, or raise the one error `write_failure` chooses."""
    target = writable_path(path, what)
    if target.is_file() and Path("/proc") in target.resolve().parents:
        raise InputError(f"{what} {str(path)!r} is a kernel file, not one to write")
    try:
        target.write_text(text)
    except OSError as error:
        raise write_failure(path, what, error) from None
