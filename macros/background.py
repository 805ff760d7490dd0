"""Work that can run beside MkDocs: in a forked process when that is safe, otherwise at once, in place.

The tables' embeds and exports need only the data, not the pages, so they are written while MkDocs renders the
pages, on a second core (bench/ measures what that saves). A fork shares the loaded data without copying or
reloading it. It is used only where it is safe: on a platform that has fork, in a process with no other thread
(a thread holding a lock at the fork would leave the child waiting forever; `mkdocs serve` runs a server
thread). Anywhere else the work runs at once, in place, and the build is the same, only slower.

The child reports a failure with its traceback; `Job.wait()` raises it in the build, so a failing writer fails
the build as it would have in place.
"""
from __future__ import annotations

import os
import threading
import traceback
from typing import Callable


class BackgroundError(RuntimeError):
    """The work failed; the message holds its traceback."""


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Job:
    """One piece of work under way (or done). Call wait() to take its result: None, or its error raised."""

    def __init__(self, pid: int | None, reader: int | None, error: str | None = None):
        self.pid, self._reader, self._error, self._done = pid, reader, error, pid is None

    @property
    def forked(self) -> bool:
        return self.pid is not None

    def wait(self) -> None:
        if not self._done:
            with os.fdopen(self._reader, "rb") as pipe:
                report = pipe.read().decode("utf-8", "replace")
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0 and not report:
                report = f"the process writing beside the build ended with code {code}"
            self._error, self._done = report or None, True
        if self._error:
            raise BackgroundError(self._error)

    def cancel(self) -> None:
        """Stop the work (the build failed): end the child and reap it."""
        if self._done:
            return
        try:
            os.kill(self.pid, 9)
        except ProcessLookupError:
            pass
        os.close(self._reader)
        os.waitpid(self.pid, 0)
        self._done = True


def start(work: Callable[[], object], fork: bool | None = None) -> Job:
    """Run `work()` in a forked child if `fork` (default: whenever can_fork()), else now. Returns the Job."""
    if not (can_fork() if fork is None else fork):
        try:
            work()
        except Exception:
            return Job(None, None, traceback.format_exc())
        return Job(None, None)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, report, and leave without running the parent's exit handlers
        os.close(reader)
        code = 0
        try:
            work()
        except BaseException:
            os.write(writer, traceback.format_exc().encode("utf-8", "replace"))
            code = 1
        finally:
            os.close(writer)
            os._exit(code)
    os.close(writer)
    return Job(pid, reader)
