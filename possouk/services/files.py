"""Writing output files (exports, receipts, slips, labels) so that nobody sees half a file."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from possouk.domain.errors import N_, EnvironmentFault


def temporary_path(path: Path) -> Path:
    """A hidden name next to ``path``, renamed onto it once the file is complete."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def write_fault(path: Path, exc: OSError) -> EnvironmentFault:
    """The plain message for a file that could not be written (a full disk said so)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentFault(N_("The disk is full: {path} was not written. Free some space "
                                   "and try again."), path=str(path))
    return EnvironmentFault(
        N_("{path} could not be written ({reason}). If the file is open in another program, "
           "close it; check the folder exists and can be written to, then try again."),
        path=str(path), reason=exc.strerror or type(exc).__name__,
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, synced, then renamed.

    Raises :class:`EnvironmentFault` when the file cannot be written; nothing is left
    behind then (neither the temporary file nor half of ``path``).
    """
    temporary = temporary_path(path)
    try:
        with temporary.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise write_fault(path, exc) from exc
    finally:
        # When the folder itself is unreachable, nothing was created there to remove.
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
