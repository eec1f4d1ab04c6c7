"""Heavy work shared fairly: one spaCy parse per server process at a time, and none for a closed tab.

Every browser session runs in a thread of one process, and one parse may hold hundreds of MB and a
core for a minute (bench/README.md, "Uploads"), so parses take turns: sessions wait in line in the
order they asked, and an upload's session shows its place.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

POLL_SECONDS = 0.5  # how often a waiting session checks its place and whether its tab is still open


class LeftTheLine(Exception):
    """A session gave up its place in line before its turn (its browser tab was closed)."""


class ParseLine:
    """A first-come, first-served line for one parse at a time; safe to share between threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._line: list[object] = []

    def __len__(self) -> int:
        """How many are in line, the one parsing included."""
        with self._changed:
            return len(self._line)

    @contextmanager
    def turn(
        self, still_waiting: Callable[[int], bool] | None = None, poll: float = POLL_SECONDS
    ) -> Iterator[None]:
        """Hold the one parse slot for the with-block, once those ahead in line are done.

        While waiting, `still_waiting(ahead)` is called with how many are ahead, at once and then
        every `poll` seconds; when it returns False the place is given up and LeftTheLine raised.
        """
        ticket = object()
        with self._changed:
            self._line.append(ticket)
        try:
            while ahead := self._place(ticket):
                if still_waiting is not None and not still_waiting(ahead):
                    raise LeftTheLine
                with self._changed:
                    if self._line.index(ticket) == ahead:  # nothing moved since the check above
                        self._changed.wait(poll)
            yield
        finally:
            with self._changed:
                self._line.remove(ticket)
                self._changed.notify_all()
            give_back_memory()

    def _place(self, ticket: object) -> int:
        with self._changed:
            return self._line.index(ticket)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back_memory() -> None:
    """Return the memory a finished parse freed to the operating system (glibc; elsewhere nothing).

    Each session runs in its own thread, and glibc gives each thread its own malloc arena, which keeps
    the pages of a parse's peak after they are freed, so every session that has parsed would go on
    holding its peak (bench/README.md, "Uploads"). malloc_trim frees them in every arena.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


# One line per server process: module state, not st.cache_resource, which "Clear cache" would empty
# while a parse is still running.
PARSES = ParseLine()


def session_connected() -> bool:
    """Whether the browser session of this script run is still connected (always yes outside a server)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not runtime.exists():
        return True
    return bool(runtime.get_instance().is_active_session(ctx.session_id))


def session_ended() -> bool:
    """The opposite of session_connected: lib's `should_stop` for a session's own parse."""
    return not session_connected()
