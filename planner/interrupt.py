"""Ctrl-C that stops a long native call (a CP-SAT search) and still reaches Python.

Python runs its SIGINT handler (which raises KeyboardInterrupt) only between bytecodes of the
main thread, so a Ctrl-C during a long C++ call would wait for the call to end; and CP-SAT's
own handler (`catch_sigint_signal`, on by default) swallows the signal and ends the search as
if the time limit were reached, so a run would go on and write its outputs. Instead the solver
runs with CP-SAT's handler off inside `stop_on_interrupt(solver.StopSearch)`: the signal is
seen at once through a wakeup file descriptor by a small watcher thread, which asks the search
to stop; when the call has returned and the block is cleaned up, KeyboardInterrupt is raised
as for any Ctrl-C, and the caller (the CLI) reports it.

Outside the main thread (a dask worker's task thread) signals cannot be handled, and the
block just runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator

Stop = Callable[[], None]

_stops: list[Stop] = []
_lock = threading.Lock()


def _watch(read_fd: int, seen: threading.Event) -> None:
    while True:
        try:
            data = os.read(read_fd, 64)
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT in data:
            seen.set()
            with _lock:
                stops = list(_stops)
            for stop in stops:
                with contextlib.suppress(Exception):
                    stop()


@contextlib.contextmanager
def stop_on_interrupt(stop: Stop) -> Iterator[None]:
    """Within the block, Ctrl-C calls `stop()` at once (from a watcher thread); after the
    block, KeyboardInterrupt is raised. Meant around one native call, not Python loops."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seen = threading.Event()
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    previous_handler = signal.signal(signal.SIGINT, lambda signum, frame: seen.set())
    try:
        previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    except ValueError:  # not the main interpreter
        signal.signal(signal.SIGINT, _python_handler(previous_handler))
        os.close(read_fd)
        os.close(write_fd)
        yield
        return
    watcher = threading.Thread(target=_watch, args=(read_fd, seen), daemon=True, name="ctrl-c")
    watcher.start()
    with _lock:
        _stops.append(stop)
    try:
        yield
    finally:
        with _lock:
            _stops.remove(stop)
        signal.set_wakeup_fd(previous_fd)
        os.close(write_fd)  # the watcher reads end-of-file and returns
        watcher.join(timeout=1.0)
        os.close(read_fd)
        signal.signal(signal.SIGINT, _python_handler(previous_handler))
    if seen.is_set():
        raise KeyboardInterrupt


def _python_handler(handler: object) -> Callable[..., object] | int:
    """`handler` unless it is the OS default (which a native library may have left behind
    and which would kill the process without cleanup): then Python's KeyboardInterrupt."""
    if callable(handler) or handler == signal.SIG_IGN:
        return handler  # type: ignore[return-value]
    return signal.default_int_handler


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[threading.Event]:
    """Within the block, Ctrl-C only sets the yielded event; the code polls it and stops at a
    point of its choosing.

    Why: a KeyboardInterrupt raised at an arbitrary bytecode inside a library's machinery (a
    Dask client mid-handshake, a cluster closing its workers) can leave that library printing
    tracebacks from its own threads. Polling keeps the stop where the caller can clean up, and
    a second Ctrl-C during the clean-up cannot cut it short. Outside the main thread the event
    is never set (signals reach only the main thread).
    """
    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.set())
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, _python_handler(previous))


@contextlib.contextmanager
def sigint_ignored_by_children() -> Iterator[None]:
    """Processes started within the block ignore Ctrl-C for life.

    Why: Ctrl-C in a terminal goes to every process of the foreground group, and a worker
    process interrupted mid-task dies in native solver code or leaves temporary folders. An
    ignored signal stays ignored across fork and exec (a signal mask would not: Python's
    process spawning resets it), so the main process ignores it while the workers start. A
    press during that start-up (a few seconds) is lost; the caller's own handler is back as
    soon as the block ends. Outside the main thread it does nothing (the caller cannot have
    installed a handler there).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, _python_handler(previous))
