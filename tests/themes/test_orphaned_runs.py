"""A run whose process was killed is found orphaned even while its process is an unreaped zombie
(a container's PID 1 often never reaps), so a restarted consumer picks it up again."""

from __future__ import annotations

import os
import time

from listening.services.themes import runs


def test_an_unreaped_dead_process_is_not_alive():
    pid = os.fork()
    if pid == 0:  # the child exits at once; nobody reaps it until the end of the test
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and runs._pid_alive(pid):
            time.sleep(0.05)
        assert not runs._pid_alive(pid)
        os.kill(pid, 0)  # it still answers signal 0: a zombie, which is what used to fool the check
    finally:
        os.waitpid(pid, 0)
    assert runs._pid_alive(os.getpid())
