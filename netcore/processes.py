"""Whether a process that left work behind (a hidden folder named after it) still runs."""

from __future__ import annotations

import os
import socket
from pathlib import Path

__all__ = ["has_ended"]


def has_ended(host: str, pid: int) -> bool:
    """True when process ``pid`` of ``host`` (this machine's name) runs no more.

    A process of another machine, or one this user may not signal, counts as
    running: its work is not ours to remove. A zombie (killed, not yet reaped
    by its parent or init) has ended: it will never clean up after itself.
    """
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    try:
        # The state follows the command name, which is in parentheses and may hold spaces.
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")
