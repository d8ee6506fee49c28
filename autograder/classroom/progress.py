"""A progress bar on stderr for grading a class: redrawn in place on a terminal, a few lines otherwise.

The rate counts only the items that took work (`advance(timed=False)` for the others: a missing
answer is settled at once, and counting it would promise a speed the grading never reaches).
"""

from __future__ import annotations

import sys
import threading
import time


class Progress:
    def __init__(self, total: int, unit: str, enabled: bool = True, stream=None, width: int = 30):
        self.total, self.unit, self.width = total, unit, width
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.done = 0
        self.timed = 0  # the items done that count in the rate
        self.start = time.monotonic()
        self.lock = threading.Lock()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_step = -1
        if self.enabled:
            self._draw()

    def advance(self, n: int = 1, timed: bool = True) -> None:
        with self.lock:
            self.done += n
            self.timed += n if timed else 0
            if self.enabled:
                self._draw()

    def line(self) -> str:
        filled = int(self.width * self.done / self.total) if self.total else self.width
        elapsed = time.monotonic() - self.start
        rate = self.timed / elapsed * 60 if elapsed > 0 else 0.0
        return (f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {self.unit}"
                f"  {elapsed:5.1f} s  {rate:6.1f}/min")

    def _draw(self) -> None:
        if self.tty:
            self.stream.write("\r" + self.line())
        else:  # a log file: one line per tenth
            step = int(10 * self.done / self.total) if self.total else 10
            if step == self._last_step:
                return
            self._last_step = step
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
