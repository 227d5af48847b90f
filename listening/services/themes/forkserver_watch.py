"""Imported only by the theme runs' fork server (child.PRELOAD): it exits as soon as the consumer
that started it is gone (its parent changes), and the run it forked dies with it (the run's
parent-death signal). Python's fork server would otherwise outlive a killed consumer.

Importing it anywhere else does nothing: it acts only inside multiprocessing's fork server."""

from __future__ import annotations

import os
import sys
import threading
import time


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _in_fork_server() -> bool:
    main = sys.modules.get("__main__")
    return sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules and not getattr(main, "__file__", None)


if _in_fork_server():
    threading.Thread(target=_watch, args=(os.getppid(),), name="hark-forkserver-watch", daemon=True).start()
