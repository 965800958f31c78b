"""Files a user names, read defensively and written so that nothing is lost.

A named pipe, a device or a directory is refused before it is opened (opening a pipe would block),
and a file is read through at most ``limit + 1`` bytes, so a file that grows while read cannot
exhaust memory. Every output is written to a temporary file beside its target and renamed over it
only once complete and flushed to disk (``atomic_path``): a full disk, a kill or an error
mid-write leaves an existing file as it was, never truncated or partial.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


def _target(path: str | Path, what: str) -> Path:
    """The file a write replaces: never a device, a pipe or a kernel file; a symlink's target, not the link."""
    target = writable_path(path, what)
    if target.is_file() and Path("/proc") in target.resolve().parents:
        raise InputError(f"{what} {str(path)!r} is a kernel file, not one to write")
    return Path(os.path.realpath(target))


def _new_file_mode(existing: Path) -> int:
    try:
        return stat.S_IMODE(existing.stat().st_mode)  # a replaced file keeps its permissions
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_path(path: str | Path, what: str) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; it replaces ``path`` only if the block completes.

    Raises InputError for a path that is no file to write or names a missing folder, and
    EnvironmentFailure for a full disk or a missing permission (``write_failure``); either way
    an existing file at ``path`` is left unchanged and the temporary file is removed.
    """
    target = _target(path, what)
    temporary = _temporary_beside(target, path, what)
    try:
        yield temporary
        os.chmod(temporary, _new_file_mode(target))
        flushed = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(flushed)  # on disk before the rename makes it the file
        finally:
            os.close(flushed)
        os.replace(temporary, target)
    except OSError as error:
        raise write_failure(path, what, error) from None
    finally:
        temporary.unlink(missing_ok=True)


def _temporary_beside(target: Path, path: str | Path, what: str) -> Path:
    """An empty hidden file in the target's folder (a rename there is atomic); its failure is write_failure's."""
    try:
        descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as error:
        raise write_failure(path, what, error) from None
    os.close(descriptor)
    return Path(name)


def probe_writable(path: str | Path, what: str) -> None:
    """Refuse, before minutes of work, an output that ``atomic_path`` could not write; writes nothing."""
    _temporary_beside(_target(path, what), path, what).unlink()


@contextmanager
def atomic_folder(folder: str | Path, what: str) -> Iterator[Path]:
    """A hidden folder inside ``folder`` to write files into; they replace their namesakes in
    ``folder`` (each by one rename) only if the block completes. On any failure nothing in ``folder``
    has changed, and a ``folder`` this call created is removed again."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{what} {str(folder)!r} is not a folder")
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=".partial-"))
    except OSError as error:
        raise write_failure(folder, what, error) from None
    try:
        yield staging
        for written in sorted(staging.iterdir()):
            os.replace(written, folder / written.name)
    except OSError as error:
        raise write_failure(folder, what, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()


def write_bytes(path: str | Path, data: bytes, what: str) -> None:
    """Replace a whole file with ``data`` atomically, or raise the one error ``write_failure`` chooses."""
    with atomic_path(path, what) as temporary:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_TRUNC)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view[: 1 << 20]) :]
        finally:
            os.close(descriptor)


def write_text(path: str | Path, text: str, what: str) -> None:
    """Replace a whole UTF-8 text file atomically (see ``write_bytes``)."""
    write_bytes(path, text.encode("utf-8"), what)
