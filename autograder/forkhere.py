"""Forking the grading child from this very program, when the program grades one file.

`autograder grade` and `workbench check ID` grade once and leave. A fork server
(autograder.forkserver) or a fresh child would cost them a second interpreter with numpy: as
much again as their own start. Such a program calls allow() first thing, before numpy loads;
its grading then forks the learner's child from itself (sandbox.run's `here`), which starts at
once and becomes what a fork server's child is (become_child: its own session, the run's
folder, output file, environment and argv) before the same autograder._child.run runs the
file. The grader does that only while none of a reference's answers is in the program's memory
(the learner's child would have them in its own).

What a fork server's child is given at its interpreter's start, this one is given otherwise:
one BLAS thread (allow() sets it before numpy loads); the run's token in its environment, which
programs it executes inherit (the sandbox finds and ends them by it); and since a process it
forks without executing anything keeps this program's first environment, without the token,
this program becomes a child subreaper (Linux's prctl): whatever the child leaves behind, once
orphaned, is this program's own child, and sweep() ends every descendant after the run.

Only on Linux; only on the thread that allowed it, with no other thread running (a fork copies
only the calling thread: another one's locks would stay held in the child).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

CHILD = Path(__file__).resolve().with_name("_child.py")
STARTED_TIMEOUT = 10.0  # seconds for a forked child to set itself up (it takes well under 1 ms)
PR_SET_CHILD_SUBREAPER = 36

_allowed = False


def wanted() -> bool:
    """Whether grading children are forked from warm processes here at all: on Linux, on the CPU (a CUDA
    context cannot be forked: DLFS2_GPU, read as autograder.backend.gpu_requested does, without its
    numpy), and not turned off (DLFS2_FORKSERVER=0)."""
    gpu = os.environ.get("DLFS2_GPU", "").strip().lower() in ("1", "true", "yes", "on")
    off = os.environ.get("DLFS2_FORKSERVER", "").strip().lower() in ("0", "false", "no", "off")
    return sys.platform.startswith("linux") and not gpu and not off


def allow() -> bool:
    """Let this program fork its grading children itself (see the module's docstring); whether it may.
    Call it before numpy is imported: the children's one BLAS thread is this program's."""
    global _allowed
    if not wanted() or threading.active_count() != 1:
        return False
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    _allowed = True
    return True


def allowed() -> bool:
    """Whether allow() succeeded and this program runs one thread (so it may fork now)."""
    return _allowed and threading.active_count() == 1


def fork(workdir: str, env: dict, token: str, run_child) -> "Child":
    """Fork the child for the run in `workdir`; it leads its own session when this returns.
    Raises ChildProcessError when it did not set itself up."""
    started_r, started_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(started_r)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # the program's ctrl+c is not the child's
            become_child({"workdir": workdir, "env": env, "token": token}, None, run_child)
        except BaseException:
            try:
                import traceback

                traceback.print_exc(file=sys.__stderr__)
                sys.__stderr__.flush()
            except BaseException:
                pass
        os._exit(70)
    os.close(started_w)
    try:
        started = closed_within(started_r, STARTED_TIMEOUT)
    finally:
        os.close(started_r)
    child = Child(pid)
    if not started:
        kill_group(pid)
        try:
            os.kill(pid, signal.SIGKILL)  # before its setsid there is no group to kill
        except OSError:
            pass
        child.wait()
        raise ChildProcessError(f"the forked child {pid} did not start within {STARTED_TIMEOUT:g} s")
    return child


def become_child(request: dict, token_address: int | None, run_child) -> None:
    """Turn this fork into what ``python -I _child.py WORKDIR`` would be, then run it.

    `token_address`: where the run's token goes in this process's first environment (a fork
    server's placeholder; None for a fork of this program, which has none)."""
    os.setsid()  # a session and process group of its own, led by this pid
    workdir = request["workdir"]
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(os.path.join(workdir, "stdout"), os.O_WRONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    # The server's sockets, other runs' sockets, the started pipe (its EOF tells the parent
    # this child is set up). The Python objects that held them stay referenced, so none
    # of them closes a number the run reuses.
    os.closerange(3, os.sysconf("SC_OPEN_MAX") if os.sysconf("SC_OPEN_MAX") > 0 else 65536)
    os.chdir(workdir)
    os.environ.clear()
    os.environ.update(request["env"])
    if token_address is not None:
        with open("/proc/self/mem", "r+b", buffering=0) as mem:
            mem.seek(token_address)
            mem.write(request["token"].encode("ascii"))
    sys.argv = [str(CHILD), workdir]
    sys.dont_write_bytecode = True  # as PYTHONDONTWRITEBYTECODE in the fresh child's environment
    if "numpy.random" in sys.modules:  # a fresh interpreter seeds numpy's global generator anew
        sys.modules["numpy"].random.seed()
    run_child(workdir)


class Child:
    """A child forked by this program, waited on like a subprocess.Popen (pid, poll, wait)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)  # readable once it has ended (Linux 5.3)
        except (AttributeError, OSError):
            self._fd = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self._reap(os.WNOHANG)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """The exit code (-N for signal N); subprocess.TimeoutExpired as Popen.wait."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            if deadline is None:
                self._reap(0)
                break
            remaining = max(0.0, deadline - time.monotonic())
            if self._fd is not None:
                if select.select([self._fd], [], [], remaining)[0]:
                    self._reap(0)
            elif not self._reap(os.WNOHANG):
                time.sleep(min(0.005, remaining))
            if self.returncode is None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"forked child {self.pid}", timeout)
        return self.returncode

    def _reap(self, flags: int) -> bool:
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:
            pid, status = self.pid, 0  # reaped already by a sweep
        if pid == 0:
            return False
        self.returncode = os.waitstatus_to_exitcode(status)
        self.close()
        return True

    def fileno(self) -> int | None:
        """Readable once the child has ended (None: wait in slices)."""
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def sweep(keep=()) -> None:
    """End every descendant of this program but `keep` (a fork server) and theirs: what a run forked into
    sessions of its own came back to it (a subreaper) once orphaned. Kills, reaps what is its own
    child, until none is left."""
    me = os.getpid()
    for _ in range(50):  # each round kills a generation whose children then come back to this program
        children = _children(me)
        if children is not None and not set(children) - set(keep):
            return  # the usual end of a run: nothing left (one file read, not a scan of every process)
        parents = _parents()
        found = [pid for pid in parents if pid not in keep and _descends(pid, me, parents)
                 and not any(_descends(pid, kept, parents) for kept in keep)]
        if not found:
            return
        for pid in found:
            kill_group(pid)
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in found:
            try:
                os.waitpid(pid, 0)  # this program's own (orphaned to it): reaped; others are their parents'
            except ChildProcessError:
                pass


def _children(pid: int) -> list[int] | None:
    """The children of `pid` (Linux's /proc/PID/task/TID/children), or None where that is not known."""
    try:
        found = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", "rb") as fh:
                found += [int(child) for child in fh.read().split()]
        return found
    except OSError:
        return None


def _parents() -> dict[int, int]:
    """pid → parent pid of every process there is (Linux /proc)."""
    parents = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return parents
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z":  # a zombie is dead already (reaped by its parent)
            parents[int(entry)] = int(fields[1])
    return parents


def _descends(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
    seen = set()
    while pid in parents and pid not in seen:
        seen.add(pid)
        pid = parents[pid]
        if pid == ancestor:
            return True
    return False


def closed_within(fd: int, timeout: float) -> bool:
    """Whether every writer of the pipe `fd` closed it within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        readable, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not readable:
            return False
        if not os.read(fd, 64):
            return True


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
