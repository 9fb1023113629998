"""Who holds a claim: each running bot (an instance) names itself once, and its inbox and outbox claim under it.

The name says where the instance runs ("host:pid:token"), so that an
instance of the same machine can tell that a holder's process has died and
take over what it held at once, rather than after the lease (inst-ops' drain
and the stop release what an instance holds under this same name).
"""

from __future__ import annotations

import os
import secrets
import socket


def name() -> str:
    """A new instance's name: unique even for two applications in one process (the tests run two)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def dead_here(holder: str) -> bool:
    """Whether `holder` was an instance on this machine whose process is no longer running.
    Another machine's, or a pid in use again, is left to its lease."""
    host, _sep, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, run by another user
        pass
    return False
