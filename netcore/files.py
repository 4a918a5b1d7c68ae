"""Writing files so that a failure never leaves a half-written one behind, and nothing special is clobbered.

A new file is written beside its target under a temporary name and renamed
over it. The target is resolved first: a symbolic link is written through
to the file it points to (the link stays), and anything that is not a
regular file (a device, a FIFO, a socket, a folder) is refused, since
renaming over it would replace, say, ``/dev/null`` with a plain file. An
existing file keeps its permissions (and, for root, its owner).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netcore.errors import NetcoreError

__all__ = ["check_writable", "move_into_place", "read_regular_file", "write_atomically"]

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


def _fault(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _resolve_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The regular file to replace (symbolic links followed) and its status, if it exists."""
    try:
        status = path.stat()  # follows links, even those realpath cannot name (/dev/stdout to a pipe)
    except FileNotFoundError:
        status = None
    except NotADirectoryError:
        raise NetcoreError(f"{path}: cannot write: a parent of it is a file, not a folder") from None
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot write ({_fault(exc)})") from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode), "an unknown kind of file")
        raise NetcoreError(f"{path}: is {kind}, not a regular file; refusing to replace it")
    target = Path(os.path.realpath(path))  # a link is written through: the file it names is replaced
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise NetcoreError(f"{path}: cannot write: a parent of it is a file, not a folder") from None
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot create its folder ({_fault(exc)})") from None
    return target, status


def _give_permissions(tmp: Path, status: os.stat_result | None) -> None:
    """Give ``tmp`` the mode (and owner) of the file it replaces, or what a plain open() would."""
    if status is None:
        # mkstemp makes the file private (0600); give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    if os.geteuid() == 0 and (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        os.chown(tmp, status.st_uid, status.st_gid)
    os.chmod(tmp, stat.S_IMODE(status.st_mode))


def _replace(tmp: Path, path: Path, target: Path, status: os.stat_result | None) -> None:
    with _removed_on_failure(tmp, path):
        _give_permissions(tmp, status)
        os.replace(tmp, target)


@contextmanager
def _removed_on_failure(part: Path, path: Path) -> Iterator[None]:
    """Delete ``part`` if the block fails; an OS error becomes one line naming ``path``, never ``part``."""
    try:
        yield
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise NetcoreError(f"{path}: cannot write ({_fault(exc)})") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Refuse now, as a write would, a target that cannot be replaced (a FIFO, a device, a file as folder).

    For commands that work for minutes before writing; makes the target's folder.
    """
    _resolve_target(Path(path))


def write_atomically(path: Path, body: bytes) -> None:
    """Write ``body`` to ``path`` so that no partial file is ever left behind.

    Faults raise :class:`NetcoreError` naming ``path`` (never the temporary file).
    """
    path = Path(path)
    target, status = _resolve_target(path)
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot write ({_fault(exc)})") from None
    tmp = Path(name)
    with _removed_on_failure(tmp, path):
        with os.fdopen(fd, "wb") as out:
            out.write(body)
    _replace(tmp, path, target, status)


def move_into_place(finished: Path, path: Path) -> None:
    """Rename the finished file ``finished`` over ``path``, checked as :func:`write_atomically` does.

    Make ``finished`` in the same folder as ``path``, so that the rename is
    atomic; when ``path`` is a link to another file system, the file is copied
    beside the link's target first. ``finished`` is gone afterwards, whatever happens.
    """
    path, finished = Path(path), Path(finished)
    with _removed_on_failure(finished, path):
        target, status = _resolve_target(path)
        if os.stat(finished).st_dev != os.stat(target.parent).st_dev:
            write_atomically(target, finished.read_bytes())
            finished.unlink()
            return
    _replace(finished, path, target, status)


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path`` (a link is followed), at most ``max_bytes`` of them.

    Anything else is one :class:`NetcoreError` naming ``path``, and nothing
    blocks: a FIFO is opened without waiting for a writer and refused, as are
    devices and folders; the size is checked before reading (and a file that
    grows meanwhile is read no further than the cap).
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise NetcoreError(f"{path}: file not found") from None
    except ValueError:  # a NUL byte in the name
        raise NetcoreError(f"{path!r}: a file name cannot hold a NUL byte") from None
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot read ({_fault(exc)})") from None
    with os.fdopen(fd, "rb") as file:
        mode, size = os.fstat(fd).st_mode, os.fstat(fd).st_size
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "an unknown kind of file")
            raise NetcoreError(f"{path}: is {kind}, not a regular file")
        if size > max_bytes:
            raise NetcoreError(f"{path}: file is {size:,} bytes, more than the {max_bytes:,} allowed")
        try:
            body = file.read(max_bytes + 1)
        except OSError as exc:
            raise NetcoreError(f"{path}: cannot read ({_fault(exc)})") from None
    if len(body) > max_bytes:
        raise NetcoreError(f"{path}: file grew past the {max_bytes:,} bytes allowed while being read")
    return body
