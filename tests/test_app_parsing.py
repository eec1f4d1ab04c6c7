"""One parse per server at a time (ui/parsing.py): the line in threads, as sessions are, and an upload
in the app waiting behind another session's parse."""

from __future__ import annotations

import threading
import time

import pytest

import ui.uploads
from tests.test_app_uploads import GOOD, articles_shown, overview, upload
from ui.parsing import PARSES, LeftTheLine, ParseLine

WAIT = 10  # seconds a test thread may wait for another before the test fails


def wait_until(condition, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def test_parses_take_turns_in_the_order_they_asked_and_see_their_place():
    line = ParseLine()
    inside: list[str] = []  # who holds the turn, in order
    places: dict[str, list[int]] = {"second": [], "third": []}
    first_may_finish = threading.Event()
    first_in = threading.Event()

    def first() -> None:
        with line.turn():
            inside.append("first")
            first_in.set()
            first_may_finish.wait(WAIT)

    def waiter(name: str) -> None:
        def still_waiting(ahead: int) -> bool:
            places[name].append(ahead)
            return True

        with line.turn(still_waiting, poll=0.01):
            inside.append(name)
            assert len(inside) == len(set(inside)), "two parses at once"
            time.sleep(0.05)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    first_in.wait(WAIT)
    for name in ("second", "third"):
        threads.append(threading.Thread(target=waiter, args=(name,)))
        threads[-1].start()
        wait_until(lambda name=name: places[name])  # in line before the next one asks
    assert len(line) == 3
    first_may_finish.set()
    for thread in threads:
        thread.join(WAIT)
    assert inside == ["first", "second", "third"]
    assert set(places["second"]) == {1}, "one ahead: the first"
    assert places["third"][0] == 2 and places["third"][-1] == 1, "moves up when the first is done"
    assert len(line) == 0


def test_a_session_that_leaves_the_line_gives_its_place_up():
    line = ParseLine()
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with line.turn():
            holding.set()
            release.wait(WAIT)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(WAIT)
    with pytest.raises(LeftTheLine), line.turn(lambda ahead: False):
        pytest.fail("the turn was given to a session that left")
    assert len(line) == 1, "only the holder is left in line"
    release.set()
    holder.join(WAIT)


def test_the_turn_is_given_back_when_a_parse_fails():
    line = ParseLine()
    with pytest.raises(RuntimeError), line.turn():
        raise RuntimeError("spaCy fell over")
    assert len(line) == 0
    with line.turn():  # the next one gets it at once
        pass


def test_an_upload_waits_for_another_sessions_parse_then_loads():
    at = overview()
    holding, release = threading.Event(), threading.Event()
    seen_in_line: list[int] = []

    def other_session_parsing() -> None:
        with PARSES.turn():
            holding.set()
            wait_until(lambda: len(PARSES) == 2)  # the upload below has joined the line
            seen_in_line.append(len(PARSES))
            release.wait(0.5)

    other = threading.Thread(target=other_session_parsing)
    other.start()
    holding.wait(WAIT)
    upload(at, GOOD)
    other.join(WAIT)
    assert seen_in_line == [2], "the upload waited behind the other parse"
    assert not at.exception
    assert articles_shown(at) == 1
    assert len(PARSES) == 0


def test_an_upload_whose_tab_closes_during_its_parse_stops_and_changes_nothing(monkeypatch, caplog):
    asked: list[int] = []

    def closed_after_the_first_check() -> bool:  # AppTest has no real browser session to close
        asked.append(1)
        return len(asked) > 1

    monkeypatch.setattr(ui.uploads, "session_ended", closed_after_the_first_check)
    monkeypatch.setattr("lib.pipeline.CHUNK_CHARS", 10)  # one article per chunk
    at = overview()
    shown = articles_shown(at)
    upload(at, GOOD, ("second.txt", b"Tom Reed flew to Quito on Monday.\n"))
    assert "stopped parsing 2 uploaded file(s): the browser tab was closed" in caplog.text
    assert len(asked) == 2, "stopped before the second article"
    assert not at.exception
    assert articles_shown(at) == shown, "nothing of the stopped upload is shown"
    assert len(PARSES) == 0
