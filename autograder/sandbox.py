"""Runs one Python file against a plan in a child process with hard limits.

The parent never imports the file. The child limits its own memory, CPU time
and file size before the file runs (no preexec_fn, so this is safe to call from
a UI worker thread), prints go to a capped buffer, and a wall-clock timeout
kills the child's whole process group.

The child is forked from a warm fork server (autograder.forkserver: numpy and the
executor imported once per program, never a learner's file), started on the first
run. Where there is none (not Linux, the GPU: a CUDA context cannot be forked,
DLFS2_FORKSERVER=0, or it failed to start or died) the child is a fresh
``python -I _child.py WORKDIR``, as it always was. Both run autograder._child.
"""

from __future__ import annotations

import functools
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import autograder
from autograder import engine, forkhere, phases, resources, wire
from autograder.backend import gpu_requested

CHILD = Path(__file__).with_name("_child.py")
PACKAGE_ROOT = str(Path(autograder.__file__).resolve().parent.parent)



class _Log:
    """This module's logger, imported with logging on the first warning: a program that grades once
    pays for no import it does not use. The fork server's troubles are for a log the program sets
    up, never the learner's terminal: without a handler of its own, logging would print warnings
    to stderr."""

    def warning(self, *args) -> None:
        import logging

        root = logging.getLogger("autograder")
        if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
            root.addHandler(logging.NullHandler())
        logging.getLogger(__name__).warning(*args)


log = _Log()


def default_memory() -> int | None:
    # CUDA maps far more virtual memory than it uses, so an address-space limit
    # would stop cupy from starting; on the GPU the time limit has to do.
    return None if gpu_requested() else 2 * 1024**3


@dataclass
class Limits:
    timeout: float = 10.0
    memory_bytes: int | None = field(default_factory=default_memory)
    file_bytes: int = 64 * 1024**2
    output_chars: int = 20_000

    def for_child(self) -> dict:
        return {
            "memory_bytes": self.memory_bytes,
            "cpu_seconds": int(self.timeout) + 2,
            "file_bytes": self.file_bytes,
            "output_chars": self.output_chars,
        }


@dataclass
class Outcome:
    """What happened to the child, and the trace it left if it finished."""

    status: str  # "finished", "timeout", "crashed", "exited", "cancelled"
    trace: dict | None
    returncode: int | None
    last_step: str | None
    elapsed: float
    output: str = ""
    output_dropped: int = 0
    stderr_tail: str = ""
    started: str = "fresh"  # "forked" by the fork server, forked "here" by this program, or a "fresh" interpreter


def child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COV_")) and k != TOKEN_VAR}
    # one BLAS thread: faster for small matrices, and the same answer every run
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


TOKEN_VAR = "DLFS2_SANDBOX_RUN"


@functools.lru_cache(maxsize=1)
def allowed_imports() -> tuple[str, ...]:
    """Top-level modules a graded file may import besides the standard library.

    numpy or cupy (the backend), the book's `common` stand-in, the earlier chapters'
    modules (`ch01` ...), and the project's own packages and dependencies that are
    always installed with it (a self-check with autograder.gradcheck, a plot).
    """
    chapters = sorted(p.name for p in resources.solutions_root().iterdir()
                      if p.is_dir() and (p / "__init__.py").is_file())
    # the book's chapter modules by the bare names its scripts import them by (`from seq2seq import ...`)
    bare = sorted(p.stem for p in resources.bare_root().glob("*.py"))
    return ("numpy", "cupy", "cupyx", "workbench", "autograder", "corpora", "matplotlib", "common", "dataset",
            *chapters, *bare)


def run(source: Path, plan: list[dict], symbols: list[str], limits: Limits,
        withheld: tuple[str, ...] = (), cancel: threading.Event | None = None,
        on_part: Callable[[dict, dict], None] | None = None, here: bool = False) -> Outcome:
    """Run `plan` against the file at `source`; `withheld` modules cannot be imported there
    (the reference of the exercise being graded). Setting `cancel` stops the child at once.

    The child writes its trace in parts, one per phase (autograder.phases); `on_part(part, trace)`
    is called in this thread with each part as soon as it is written (where the system lets the
    child say so at once: a FIFO), with the trace merged so far. What it raises ends the run.

    `here`: the child may be forked from this program itself (forks_here: a program that grades
    once, on one thread: autograder.forkhere), when the caller knows that nothing of a
    reference's answers is in this program's memory yet; else, and where that fails, as above."""
    return start(source, plan, symbols, limits, withheld, here).wait(cancel, on_part)


def sandboxing(exercise) -> tuple[list[str], Limits, tuple[str, ...]]:
    """run's symbols, limits and withheld module for a learner's run of `exercise` (a catalog entry)."""
    return ([s.name for s in exercise.symbols], Limits(timeout=exercise.timeout),
            (exercise.module.removesuffix(".py").replace("/", "."),))


def start(source: Path, plan: list[dict], symbols: list[str], limits: Limits,
          withheld: tuple[str, ...] = (), here: bool = False) -> "Started":
    """run() in two halves: the child starts now, Started.wait(cancel, on_part) gives its outcome
    (a program that grades once imports the rest of the grader while its child runs)."""
    request = {
        "source": str(Path(source).resolve()),
        "plan": plan,
        "symbols": symbols,
        "limits": limits.for_child(),
        "sys_path": [
            str(resources.solutions_root()),
            str(resources.compat_root()),
            str(resources.bare_root()),
            PACKAGE_ROOT,
        ],
        # besides the standard library, what a graded file may import (the contract:
        # numpy or the backend, the book's `common`, the earlier chapters' modules)
        "allowed_imports": allowed_imports(),
        "withheld": list(withheld),
    }
    return Started(request, limits, here)


class Started:
    """A run whose child is going (sandbox.start): wait() for its outcome. Where the child cannot be
    forked here or by the fork server, or the server goes while it runs, the run starts again in a
    fresh interpreter (its parts come again; on_part's caller takes each phase once)."""

    def __init__(self, request: dict, limits: Limits, here: bool = False):
        self.request, self.limits = request, limits
        self.plan = request["plan"]
        self.begun = time.monotonic()
        self.env = child_env()
        self.server: forkserver.ForkServer | None = None
        self.attempt: Attempt | None = None
        if here and forks_here():
            try:
                self.attempt = Attempt(request, self.env, limits, here=True)
            except ChildProcessError as lost:
                log.warning("a child forked here did not start (%s): this run starts another way", lost)
        if self.attempt is None:
            self.server = _fork_server(self.env)
            if self.server is not None:
                try:
                    self.attempt = Attempt(request, self.env, limits, server=self.server)
                except _fs().ServerLost as lost:
                    self._lost(lost)
        if self.attempt is None:
            self.attempt = Attempt(request, self.env, limits)

    def _lost(self, lost: Exception) -> None:
        log.warning("the sandbox's fork server (pid %s) is gone (%s): this run starts a fresh interpreter",
                    self.server.pid, lost)
        _drop_server(self.server)
        self.server = None

    def wait(self, cancel: threading.Event | None = None, on_part=None) -> Outcome:
        try:
            outcome = self.attempt.finish(cancel, on_part)
        except _fs().ServerLost as lost:
            self._lost(lost)
            outcome = Attempt(self.request, self.env, self.limits).finish(cancel, on_part)
        outcome.elapsed = time.monotonic() - self.begun
        return outcome


class Attempt:
    """One child for a run, forked here, by `server`, or else a fresh interpreter, started at once;
    finish() waits for its outcome. Raises ServerLost (from the server) or ChildProcessError (forked
    here) when the child cannot start; finish() raises ServerLost if the server goes before the
    child's end is known (the child is killed; the parts on_part was given then stand)."""

    def __init__(self, request: dict, env: dict, limits: Limits, server: forkserver.ForkServer | None = None,
                 here: bool = False):
        self.begun = time.monotonic()
        self.limits, self.server, self.here = limits, server, here
        # Every process the run starts inherits this token, so the leftovers can be found even
        # when they left the child's process group (setsid, start_new_session=True).
        self.token = os.urandom(16).hex()  # a uuid4's length: forkserver.PLACEHOLDER
        env = {**env, TOKEN_VAR: self.token}
        self.workdir = workdir = _new_folder()
        self.feed = self._out = None
        try:
            with open(workdir / "request.pkl", "wb") as fh:
                pickle.dump(request, fh, protocol=pickle.HIGHEST_PROTOCOL)
            self.feed = Feed(workdir)
            self._out = open(workdir / "stdout", "wb")
            if here:
                from autograder import _child

                self.proc = forkhere.fork(str(workdir), env, self.token, _child.run)
            elif server is not None:
                self.proc = server.spawn(str(workdir), env, self.token)  # the child opens "stdout" itself
            else:
                self.proc = subprocess.Popen(
                    [sys.executable, "-I", str(CHILD), str(workdir)],
                    stdin=subprocess.DEVNULL,
                    stdout=self._out,
                    stderr=subprocess.STDOUT,
                    cwd=str(workdir),
                    env=env,
                    start_new_session=True,
                )
        except BaseException:
            self._close()
            raise
        with _running_lock:
            _running.add(self.proc)

    def _close(self) -> None:
        for held in (self.feed, self._out):
            if held is not None:
                held.close()
        _remove_folder(self.workdir)

    def finish(self, cancel: threading.Event | None = None, on_part=None) -> Outcome:
        proc, feed, workdir = self.proc, self.feed, self.workdir
        try:
            feed.listen(on_part)
            try:
                returncode, timed_out, cancelled = _wait(proc, self.limits.timeout, cancel, feed)
            finally:
                with _running_lock:
                    _running.discard(proc)
                _kill_group(proc)  # anything the file left running in the background
                _kill_marked(self.token)  # ... and what it detached into a session of its own
                if self.here:  # ... and what it forked away without the token: orphans of this program
                    forkhere.sweep(keep=[_server.pid] if _server is not None else [])
                if self.server is not None or self.here:
                    proc.close()
            if not cancelled:
                feed.collect()  # the parts written after the last the feed read
            elapsed = time.monotonic() - self.begun
            last_step = _last_line(workdir / "progress")
            stderr_tail = _tail(workdir / "stdout")
        finally:
            self._close()
        trace = None
        if not timed_out and last_step == "done" and feed.finished:
            trace = feed.trace
        if cancelled:
            status = "cancelled"
        elif timed_out:
            status = "timeout"
        elif trace is not None:
            status = "finished"
        elif returncode is not None and returncode < 0:
            status = "crashed"
        else:
            status = "exited"
        output = trace.get("output", {}) if trace else {}
        return Outcome(
            status=status,
            trace=trace,
            returncode=returncode,
            last_step=last_step,
            elapsed=elapsed,
            output=output.get("text", ""),
            output_dropped=output.get("dropped", 0),
            stderr_tail=stderr_tail,
            started="here" if self.here else "forked" if self.server is not None else "fresh",
        )


def _new_folder() -> Path:
    """A private folder for one run, in the temporary folder ($TMPDIR, else /tmp; tempfile's choice
    where neither can be written): made here, a program that grades once imports neither tempfile
    nor shutil (and what they import: random, bz2, lzma)."""
    for base in (os.environ.get("TMPDIR"), "/tmp"):
        if base:
            path = os.path.join(base, f"dlfs2-grade-{os.urandom(6).hex()}")
            try:
                os.mkdir(path, 0o700)
                return Path(path)
            except OSError:
                continue
    import tempfile

    return Path(tempfile.mkdtemp(prefix="dlfs2-grade-"))


def _remove_folder(path: Path) -> None:
    """Remove a run's folder and what the file left in it (links are removed, never followed)."""
    for root, dirs, files in os.walk(path, topdown=False):
        for name in files:
            _quietly(os.unlink, os.path.join(root, name))
        for name in dirs:
            inner = os.path.join(root, name)
            _quietly(os.unlink if os.path.islink(inner) else os.rmdir, inner)
    _quietly(os.rmdir, path)


def _quietly(remove, path: str) -> None:
    try:
        remove(path)
    except OSError:
        pass


class Feed:
    """The parts of a run's trace (part-0, part-1, ... in its folder), read in order as the child
    writes them, merged into one trace, each handed to `on_part` (listen) once.

    The child is told where to say that a part is there: a FIFO in the folder, which this side
    holds open for reading and writing (so that it never reads an end of file between two
    parts); `fd` is what to wait on. Where there is none, the parts are read once the child
    has ended."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.on_part = None
        self.parts: list[dict] = []
        self.trace: dict = {"loads": {}, "probes": {}}
        self.fd: int | None = None
        self.broken = False  # a part that cannot be read: nothing after it is taken
        if hasattr(os, "mkfifo"):
            try:
                os.mkfifo(workdir / "events", 0o600)
                self.fd = os.open(workdir / "events", os.O_RDWR | os.O_NONBLOCK)
            except OSError:
                self.fd = None

    def listen(self, on_part) -> None:
        """From now on each part goes to on_part(part, trace); those read already go to it now."""
        self.on_part = on_part
        if on_part is not None:
            for part in self.parts:
                on_part(part, self.trace)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    @property
    def finished(self) -> bool:
        """Whether the child wrote its last part (the trace is whole)."""
        return bool(self.parts) and self.parts[-1].get("phase") == phases.LAST

    def pump(self) -> None:
        """Empty the FIFO (its lines only wake this side up), then read the parts that are there."""
        if self.fd is not None:
            try:
                while os.read(self.fd, 4096):
                    pass
            except BlockingIOError:
                pass
        self.collect()

    def collect(self) -> None:
        while not self.broken and not self.finished:
            folder = self.workdir / f"part-{len(self.parts)}"
            if not folder.is_dir():
                return
            try:
                part = wire.load(folder)
            except (ValueError, OSError, KeyError):
                part = None
            if not isinstance(part, dict) or part.get("phase") not in phases.RANK:
                self.broken = True
                return
            self.parts.append(part)
            merge_part(self.trace, part)
            if self.on_part is not None:
                self.on_part(part, self.trace)


def merge_part(trace: dict, part: dict) -> None:
    """`part` into `trace`: each probe's record takes the part's values of it, the rest is replaced."""
    for key, value in part.items():
        if key == "probes":
            if isinstance(value, dict):
                for probe_id, added in value.items():
                    if isinstance(added, dict):
                        trace["probes"].setdefault(probe_id, {}).update(added)
        else:
            trace[key] = value


# -- the fork server: one per process, started on the first run -------------------------

_server: forkserver.ForkServer | None = None
_server_lock = threading.Lock()
_server_troubles = 0
SERVER_TROUBLES_MAX = 3  # failed starts or deaths before this process stops trying


def forks_here() -> bool:
    """Whether a run may be forked from this program itself (run's `here`): autograder.forkhere.allow()
    was called (a program that grades once) and it runs one thread."""
    return fork_server_wanted() and forkhere.allowed()


def fork_server_wanted() -> bool:
    """Whether runs are forked from a warm server here (Linux /proc, not the GPU, not turned off)."""
    return forkhere.wanted() and not gpu_requested()


def warm_up() -> None:
    """Start the fork server now, without waiting for it, so that the first grading finds it warm."""
    _fork_server(child_env(), wait=False)


def _fs():
    """autograder.forkserver, imported when a fork server is first wanted (a program that grades once
    forks its child itself and never needs it, nor its sockets)."""
    from autograder import forkserver

    return forkserver


def __getattr__(name):
    if name == "forkserver":  # sandbox.forkserver, as before it was imported lazily
        return _fs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _fork_server(env: dict, wait: bool = True) -> forkserver.ForkServer | None:
    """The running fork server for children with this environment, started if need be; None where
    runs start fresh. A server started for another environment is let go (its runs finish)."""
    global _server, _server_troubles
    if not fork_server_wanted():
        return None
    # the server runs the engine's code as it was when this program started: so does this program
    key = (tuple(sorted(env.items())), engine.digest())
    with _server_lock:
        server = _server
        if server is not None and server.owner != os.getpid():
            server = _server = None  # inherited through a fork of this process: not ours to use
        if server is not None and (server.key != key or not server.alive()):
            if not server.alive():
                _server_troubles += 1
                log.warning("the sandbox's fork server (pid %s) exited with %s", server.pid, server.proc.returncode)
            server.close()
            server = _server = None
        if server is None:
            if _server_troubles >= SERVER_TROUBLES_MAX:
                return None
            try:
                server = _fs().ForkServer(PACKAGE_ROOT, env, key)
            except _fs().ServerUnavailable as err:
                _server_troubles += 1
                log.warning("the sandbox's fork server did not start (%s): runs start fresh interpreters", err)
                return None
            _server = server
    if wait:
        try:
            server.wait_ready()
        except _fs().ServerUnavailable as err:
            log.warning("the sandbox's fork server did not start (%s): runs start fresh interpreters", err)
            _drop_server(server)
            return None
    return server


def _drop_server(server: forkserver.ForkServer) -> None:
    global _server, _server_troubles
    with _server_lock:
        if _server is server:
            _server = None
            _server_troubles += 1
    server.close()


def _forget_server_in_child() -> None:
    # After os.fork() in a program that grades (multiprocessing), the copy must not share
    # the parent's server: its own first run starts one.
    global _server, _server_lock
    _server = None
    _server_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_server_in_child)


# Children of runs still waited on, so a program that leaves while a run is in flight
# (the workbench quitting during a hanging grade) can end them: kill_running().
_running: set = set()  # subprocess.Popen or forkserver.ForkedChild
_running_lock = threading.Lock()


def running_children() -> list[int]:
    """Process ids of this process's grading children that are still running."""
    with _running_lock:
        return [proc.pid for proc in _running if proc.poll() is None]


def kill_running() -> None:
    """Kill every grading child of this process (each leads its own process group)."""
    with _running_lock:
        procs = list(_running)
    for proc in procs:
        _kill_group(proc)


def _wait(proc, timeout: float, cancel: threading.Event | None, feed: Feed | None = None):
    """(returncode, timed out, cancelled): the child is killed on either of the last two.
    `proc` is a subprocess.Popen or a forkserver.ForkedChild (ServerLost if its server goes).
    With a `feed` that has a FIFO, its parts are read as the child writes them."""
    if feed is not None and feed.fd is not None:
        return _wait_feeding(proc, timeout, cancel, feed)
    deadline = time.monotonic() + timeout
    while True:
        slice_ = max(0.0, min(0.05 if cancel else timeout, deadline - time.monotonic()))
        try:
            return proc.wait(timeout=slice_), False, False
        except subprocess.TimeoutExpired:
            pass
        if cancel is not None and cancel.is_set():
            _kill_group(proc)
            return _reaped(proc), False, True
        if time.monotonic() >= deadline:
            _kill_group(proc)
            return _reaped(proc), True, False


def _wait_feeding(proc, timeout: float, cancel: threading.Event | None, feed: Feed):
    """_wait, reading the feed's parts as they come: waits on its FIFO and on the child's end at once
    (the fork server's socket, or a pidfd; else in slices of 10 ms)."""
    deadline = time.monotonic() + timeout
    ended, owned = _end_fd(proc)
    try:
        while True:
            now = time.monotonic()
            if cancel is not None and cancel.is_set():
                _kill_group(proc)
                return _reaped(proc), False, True
            if now >= deadline:
                _kill_group(proc)
                return _reaped(proc), True, False
            slice_ = min(0.05 if cancel else deadline - now, deadline - now)
            if ended is None:
                slice_ = min(slice_, 0.01)
            if hasattr(proc, "answered") and proc.answered():  # a fork server's child
                feed.pump()
                return proc.wait(), False, False
            ready, _, _ = select.select([feed.fd] + ([ended] if ended is not None else []), [], [], slice_)
            if feed.fd in ready:
                feed.pump()
            if ended is None or ended in ready:
                try:
                    return proc.wait(timeout=0 if ended is None else 1.0), False, False
                except subprocess.TimeoutExpired:
                    pass
    finally:
        if owned:
            os.close(ended)


def _end_fd(proc) -> tuple[int | None, bool]:
    """A descriptor that becomes readable when `proc` ends (or None), and whether it is ours to close."""
    if hasattr(proc, "fileno"):  # a fork server's child, or one forked here
        return proc.fileno(), False
    try:
        return os.pidfd_open(proc.pid), True
    except (AttributeError, OSError):
        return None, False


def _reaped(proc) -> int:
    """The status of a child just killed; SIGKILL's if its fork server went meanwhile."""
    try:
        return proc.wait()
    except _fs().ServerLost:
        return -signal.SIGKILL


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_marked(token: str) -> None:
    """SIGKILL every process whose environment carries this run's token (Linux /proc).

    A process group kill misses a process the file started in a new session
    (subprocess.Popen(..., start_new_session=True), os.setsid(), a daemon); such a
    process outlived the grading, one more after every save in the workbench. It still
    inherits the child's environment, so the token finds it. A file that also scrubs
    the environment of what it starts is not caught by this.
    """
    needle = f"{TOKEN_VAR}={token}".encode()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as fh:
                marked = needle in fh.read().split(b"\0")
        except OSError:  # gone, or not ours to read
            continue
        if marked:
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


def _last_line(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            lines = fh.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else None
    except OSError:
        return None


def _tail(path: Path, size: int = 2000) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - size))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
