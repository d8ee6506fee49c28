"""Notice when files change on disk: polling of (mtime, size, inode), debounced.

No extra dependency and no thread: the owner calls :meth:`FileWatcher.poll`
every ``interval`` seconds (the app uses a Textual timer) and gets back the
files whose change has *settled*, i.e. whose signature stayed the same for at
least ``debounce`` seconds. An editor that writes a file in several steps
therefore triggers one grading run, not three. A file that disappears (some
editors delete and recreate) is reported only once it is back; :meth:`FileWatcher.gone`
says whether it has stayed away for at least ``gone_after`` seconds (the debounce unless set).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

Signature = tuple[int, int, int] | None


def signature(path: Path) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class FileWatcher:
    """With `wall` (time.time), a change whose mtime is already older than the debounce when
    it is first noticed has settled at once: it is graded one poll sooner."""

    def __init__(self, paths=(), interval: float = 0.25, debounce: float = 0.1,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] | None = None,
                 gone_after: float | None = None):
        self.interval = interval
        self.debounce = debounce
        self.gone_after = debounce if gone_after is None else gone_after
        self._clock = clock
        self._wall = wall
        self._seen: dict[Path, Signature] = {}
        self._pending: dict[Path, tuple[Signature, float]] = {}
        for path in paths:
            self.watch(path)

    def watch(self, path) -> None:
        path = Path(path)
        self._seen[path] = signature(path)
        self._pending.pop(path, None)

    def mark_seen(self, path) -> None:
        """Take the file as it is now as known (after the app itself wrote it)."""
        if Path(path) in self._seen:
            self.watch(path)

    def reset(self) -> None:
        """Take every watched file as it is now as known (what changed unwatched is dealt with otherwise)."""
        for path in list(self._seen):
            self.watch(path)

    @property
    def pending(self) -> bool:
        """Whether a change was noticed that has not settled yet."""
        return bool(self._pending)

    def gone(self, path) -> bool:
        """Whether the watched file has been missing for at least `gone_after` (as of the last poll)."""
        noticed = self._pending.get(Path(path))
        return noticed is not None and noticed[0] is None and self._clock() - noticed[1] >= self.gone_after

    def poll(self) -> list[Path]:
        """The watched files whose change settled since the last call."""
        now = self._clock()
        settled = []
        for path, seen in list(self._seen.items()):
            current = signature(path)
            if current == seen:
                self._pending.pop(path, None)
                continue
            noticed = self._pending.get(path)
            if noticed is None or noticed[0] != current:
                if current is not None and self._wall is not None and self._age(current) >= self.debounce:
                    self._seen[path] = current  # written a debounce ago and not since: settled
                    self._pending.pop(path, None)
                    settled.append(path)
                    continue
                self._pending[path] = (current, now)  # (changed again): the debounce starts over
                continue
            if current is not None and (now - noticed[1] >= self.debounce or self._age(current) >= self.debounce):
                self._seen[path] = current
                del self._pending[path]
                settled.append(path)
        return settled

    def due(self) -> float | None:
        """Seconds until the soonest change noticed settles, if it stays as it is (None: none noticed;
        a file gone has none): the owner may poll again then rather than a whole interval later."""
        now = self._clock()
        waits = [min(self.debounce - (now - since), self.debounce - self._age(current))
                 for current, since in self._pending.values() if current is not None]
        return max(0.0, min(waits)) if waits else None

    def _age(self, current: tuple[int, int, int]) -> float:
        """Seconds since the file's modification time (0 without a wall clock: the debounce alone counts)."""
        return self._wall() - current[0] / 1e9 if self._wall is not None else 0.0
