"""macros/background.py: work beside the build gives the same result forked or in place, and a failure in it
fails the build with its traceback."""
from __future__ import annotations

import os
import threading

import pytest

from macros import background


@pytest.mark.parametrize("fork", [True, False])
def test_work_is_done_and_its_failure_raised_with_the_traceback(tmp_path, fork):
    target = tmp_path / "out.txt"
    job = background.start(lambda: target.write_text(str(os.getpid())), fork=fork)
    assert job.forked is fork
    job.wait()
    written = int(target.read_text())
    assert (written != os.getpid()) is fork  # a child wrote it, or this process did

    def fails():
        raise ValueError("table 'x' has no rows")

    job = background.start(fails, fork=fork)
    with pytest.raises(background.BackgroundError) as err:
        job.wait()
    assert "ValueError: table 'x' has no rows" in str(err.value) and "in fails" in str(err.value)


def test_a_child_that_dies_without_a_word_is_a_failure_too():
    job = background.start(lambda: os._exit(3), fork=True)
    with pytest.raises(background.BackgroundError, match="ended with code 3"):
        job.wait()


def test_no_fork_while_another_thread_runs_and_cancel_stops_the_child(tmp_path):
    assert background.can_fork()  # pytest runs the tests in one thread
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not background.can_fork()
        assert not background.start(lambda: None).forked  # done in place
    finally:
        stop.set()
        other.join()
    marker = tmp_path / "late.txt"
    job = background.start(lambda: (__import__("time").sleep(5), marker.write_text("x")), fork=True)
    job.cancel()
    assert not marker.exists()
    job.wait()  # after a cancel there is nothing left to wait for
