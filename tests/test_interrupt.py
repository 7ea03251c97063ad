"""Ctrl-C handling shared by the CLI commands: deferred presses and workers that ignore it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from planner.interrupt import deferred_interrupt, sigint_ignored_by_children


def test_a_deferred_press_is_seen_not_raised_and_the_handler_comes_back() -> None:
    """Ctrl-C inside the block only sets the event (the sweep stops where it can clean up);
    afterwards Ctrl-C raises KeyboardInterrupt again."""
    before = signal.getsignal(signal.SIGINT)
    with deferred_interrupt() as pressed:
        os.kill(os.getpid(), signal.SIGINT)
        assert pressed.wait(2.0)
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_processes_started_in_the_block_ignore_ctrl_c_for_life() -> None:
    """A worker started while the cluster comes up never dies of the terminal's Ctrl-C, and the
    caller's own handler is back afterwards."""
    with deferred_interrupt() as pressed:
        with sigint_ignored_by_children():
            child = subprocess.Popen(
                [sys.executable, "-c", "import sys,time; sys.stdin.read(); time.sleep(0.2)"],
                stdin=subprocess.PIPE,
            )
        try:
            status = Path(f"/proc/{child.pid}/status").read_text(encoding="utf-8")
            line = next(li for li in status.splitlines() if li.startswith("SigIgn:"))
            ignored = int(line.removeprefix("SigIgn:"), 16)
            assert ignored & (1 << (signal.SIGINT - 1))
            os.kill(child.pid, signal.SIGINT)
            assert child.stdin is not None
            child.stdin.close()
            assert child.wait(10) == 0
        finally:
            child.kill()
        os.kill(os.getpid(), signal.SIGINT)
        assert pressed.wait(2.0)
