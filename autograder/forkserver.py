"""A warm process that forks the sandbox's children, so Python and numpy start once per program.

``python -I _child.py WORKDIR`` per grading run costs a new interpreter and a new import of
numpy: most of the time from a save to its verdict. The fork server is that interpreter,
started once (``python -I forkserver.py PACKAGE_ROOT FD``, with the children's environment):
it imports numpy, the executor, the wire format and the backend, never a learner's file and
never a reference (an imported reference would slip past the child's withholding of it),
and then only forks. Each child starts from the server's untouched state, becomes what the
fresh interpreter would have been (its own session, the run's output file on 0-2, the run's
folder, environment and argv) and runs ``autograder._child.run``: the same code as the fresh
child, which limits itself, runs one submission, writes the trace and leaves with os._exit.

Protocol. FD is one end of a socket pair; the parent holds the other (``ForkServer``). The
server says ``ready`` on it once its imports are done. For each run the parent passes the
server one end of a new socket pair (SCM_RIGHTS) and writes the run's request on it (work
folder, environment, token: a length and a pickle); the server answers ``pid N`` once the
child leads its own session, and ``exit STATUS`` (a wait status) once it has reaped it. The
parent closing a run's socket before that kills the run; the parent closing FD (leaving,
for instance) makes the server exit after its last run. A child's behaviour cannot reach
the server short of signalling it; should it die, the parent sees its sockets close.

Only on Linux: the run's token has to be in the child's /proc/PID/environ, where the
sandbox looks for what a run left behind (a forked daemon in a session of its own). That
block is fixed when a process is executed, so the server is started with a placeholder of a
token's length in it, and each child writes its own token over the placeholder through
/proc/self/mem; every process it forks inherits the block, every program it executes gets
os.environ, which holds the token too.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

TOKEN_VAR = "DLFS2_SANDBOX_RUN"
PLACEHOLDER = "0" * 32  # uuid4().hex's length: each child writes its own token here
SERVER = Path(__file__).resolve()
CHILD = SERVER.with_name("_child.py")
START_TIMEOUT = 60.0  # seconds for the server's imports, on a loaded machine
REPLY_TIMEOUT = 20.0  # seconds for a fork's "pid N"
STARTED_TIMEOUT = 10.0  # seconds for a forked child to set itself up (it takes well under 1 ms)


class ServerUnavailable(Exception):
    """The server did not start (its reason is the message)."""


class ServerLost(Exception):
    """The server is gone (or refused) before the run's child was reaped."""


# -- the parent's side -----------------------------------------------------------------


class ForkServer:
    """The parent's handle on one fork server: start it, then spawn runs from any thread."""

    def __init__(self, package_root: str, env: dict, key=None):
        self.env = dict(env)
        self.key = key  # what the sandbox tells servers apart by (the environment, the engine's files)
        self.owner = os.getpid()
        self._lock = threading.Lock()
        self._ready = False
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", str(SERVER), package_root, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd="/",
                env={**self.env, TOKEN_VAR: PLACEHOLDER},
                start_new_session=True,  # out of reach of the terminal's ctrl+c, like every child
            )
        except OSError as err:
            ours.close()
            raise ServerUnavailable(f"could not start it: {err}") from err
        finally:
            theirs.close()
        self._control = ours

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_ready(self) -> None:
        """Block until the server has imported what it preloads (raises ServerUnavailable)."""
        with self._lock:
            self._wait_ready_locked()

    def _wait_ready_locked(self) -> None:
        if self._ready:
            return
        self._control.settimeout(START_TIMEOUT)
        try:
            reply = _read_line(self._control, bytearray())
        except (OSError, EOFError) as err:
            reply = f"no answer ({type(err).__name__})"
        if reply != "ready":
            self.close()
            raise ServerUnavailable(reply.removeprefix("error ") or "it exited while starting")
        self._ready = True

    def spawn(self, workdir: str, env: dict, token: str) -> "ForkedChild":
        """Fork a child for the run in `workdir`; it is running when this returns."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self._lock:
                try:
                    self._wait_ready_locked()
                except ServerUnavailable as err:
                    raise ServerLost(str(err)) from err
                socket.send_fds(self._control, [b"r"], [theirs.fileno()])
            payload = pickle.dumps({"workdir": workdir, "env": env, "token": token,
                                    "started_timeout": STARTED_TIMEOUT},
                                   protocol=pickle.HIGHEST_PROTOCOL)
            ours.settimeout(REPLY_TIMEOUT)
            ours.sendall(struct.pack(">I", len(payload)) + payload)
            buffer = bytearray()
            reply = _read_line(ours, buffer)
        except (OSError, EOFError) as err:
            ours.close()
            raise ServerLost(f"{type(err).__name__}: {err}") from err
        finally:
            theirs.close()
        if not reply.startswith("pid "):
            ours.close()
            raise ServerLost(reply)
        return ForkedChild(int(reply.split()[1]), ours, buffer)

    def close(self) -> None:
        """Let the server go: it exits once its runs in flight have ended."""
        try:
            self._control.close()
        except OSError:
            pass
        self.proc.poll()  # reaped if it is already gone


class ForkedChild:
    """A child of the fork server, waited on like a subprocess.Popen (pid, poll, wait)."""

    def __init__(self, pid: int, sock: socket.socket, buffer: bytearray):
        self.pid = pid
        self.returncode: int | None = None
        self._sock = sock
        self._buffer = buffer

    def poll(self) -> int | None:
        return self.returncode

    def fileno(self) -> int:
        """Readable once the server has reaped the child (what wait() reads), unless its answer
        came with the fork's already: see answered()."""
        return self._sock.fileno()

    def answered(self) -> bool:
        """Whether the server's answer is read already (wait() returns at once)."""
        return self.returncode is not None or b"\n" in self._buffer

    def wait(self, timeout: float | None = None) -> int:
        """The exit code (-N for signal N); TimeoutExpired as Popen.wait, ServerLost if it is gone."""
        if self.returncode is not None:
            return self.returncode
        self._sock.settimeout(timeout)
        try:
            reply = _read_line(self._sock, self._buffer)
        except TimeoutError:
            raise subprocess.TimeoutExpired(f"forked child {self.pid}", timeout) from None
        except (OSError, EOFError) as err:
            raise ServerLost(f"{type(err).__name__}: {err}") from err
        if not reply.startswith("exit "):
            raise ServerLost(reply)
        self.returncode = os.waitstatus_to_exitcode(int(reply.split()[1]))
        self.close()
        return self.returncode

    def close(self) -> None:
        """Closing before the child was reaped asks the server to kill it."""
        self._sock.close()


def _read_line(sock: socket.socket, buffer: bytearray) -> str:
    """One line from `sock` (EOFError when it closes first); what follows stays in `buffer`."""
    while b"\n" not in buffer:
        chunk = sock.recv(4096)
        if not chunk:
            raise EOFError("closed")
        buffer += chunk
    line, _, rest = bytes(buffer).partition(b"\n")
    buffer[:] = rest
    return line.decode("utf-8", "replace")


# -- the server's side -----------------------------------------------------------------


def _placeholder_address() -> int:
    """Where the placeholder token sits in this process's memory (checked writable), or OSError."""
    with open("/proc/self/environ", "rb") as fh:
        block = fh.read()
    entry = f"{TOKEN_VAR}={PLACEHOLDER}".encode()
    offset = (b"\0" + block).find(b"\0" + entry + b"\0")
    if offset < 0:
        raise OSError(f"{TOKEN_VAR} is not in the server's first environment")
    with open("/proc/self/stat", "rb") as fh:
        fields = fh.read().rsplit(b")", 1)[1].split()
    env_start = int(fields[47])  # field 50 of proc(5), counted after the command's name
    address = env_start + offset + len(TOKEN_VAR) + 1
    with open("/proc/self/mem", "r+b", buffering=0) as mem:
        mem.seek(address)
        if mem.read(len(PLACEHOLDER)) != PLACEHOLDER.encode():
            raise OSError("the environment block is not where /proc/self/stat says")
        mem.seek(address)
        mem.write(PLACEHOLDER.encode())  # the same bytes: only that the write is allowed
    return address


def _where(pid: int) -> str:
    """Where a process is stuck, from /proc, for the log."""
    parts = []
    for name in ("wchan", "syscall"):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                parts.append(f"{name} {fh.read().split()[0] if name == 'syscall' else fh.read().strip()}")
        except (OSError, IndexError):
            pass
    return ", ".join(parts) or "gone"


def _recv_message(sock: socket.socket):
    def exactly(size):
        data = bytearray()
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                raise EOFError("closed")
            data += chunk
        return bytes(data)

    (size,) = struct.unpack(">I", exactly(4))
    return pickle.loads(exactly(size))  # from the parent, which started this server: trusted


class Server:
    def __init__(self, control: socket.socket, run_child, token_address: int, processes):
        """`processes`: autograder.forkhere, whose waiting on a child's start and ending of its
        process group a child forked here shares (imported once sys.path has the package)."""
        self.control = control
        self.processes = processes
        self.run_child = run_child
        self.token_address = token_address
        self.runs: dict[int, socket.socket | None] = {}  # pid -> its run's socket (None: abandoned)
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        self.sigchld = signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        self.selector.register(self.control, selectors.EVENT_READ, "control")
        self.selector.register(self.wake_r, selectors.EVENT_READ, "sigchld")

    def serve(self) -> None:
        self.control.sendall(b"ready\n")
        open_ = True
        while open_ or self.runs:
            for key, _ in self.selector.select():
                if key.data == "control":
                    open_ = self.accept()
                elif key.data == "sigchld":
                    while True:
                        try:
                            if not os.read(self.wake_r, 512):
                                break
                        except BlockingIOError:
                            break
                    self.reap()
                else:
                    self.abandoned(key.data)
            self.reap()  # a SIGCHLD that came before its run was registered

    def accept(self) -> bool:
        try:
            message, fds, _, _ = socket.recv_fds(self.control, 1, 4)
        except OSError:
            message, fds = b"", []
        if not message:  # the parent is gone or let this server go
            self.selector.unregister(self.control)
            self.control.close()
            for fd in fds:
                os.close(fd)
            return False
        for fd in fds:
            sock = socket.socket(fileno=fd)
            try:
                self.start(sock)
            except Exception as err:  # this run fails, the server goes on
                try:
                    sock.sendall(f"error {type(err).__name__}: {err}".replace("\n", " ").encode()[:500] + b"\n")
                except OSError:
                    pass
                sock.close()
        return True

    def start(self, sock: socket.socket) -> None:
        sock.settimeout(REPLY_TIMEOUT)
        request = _recv_message(sock)
        started_r, started_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never back into this loop
            try:
                self.become_child(request, started_w)
            except BaseException:  # before the run started (it ends with os._exit): say why, on fd 2
                try:
                    import traceback

                    traceback.print_exc(file=sys.__stderr__)
                    sys.__stderr__.flush()
                except BaseException:
                    pass
            os._exit(70)
        os.close(started_w)
        try:
            # EOF once the child leads its own session and has dropped this server's
            # descriptors: from then on the parent may kill its process group
            limit = request.get("started_timeout", STARTED_TIMEOUT)
            started = self.processes.closed_within(started_r, limit)
        finally:
            os.close(started_r)
        if not started:  # never seen; bounded all the same: the run then starts fresh
            where = _where(pid)
            self.processes.kill_group(pid)
            try:
                os.kill(pid, signal.SIGKILL)  # before its setsid there is no group to kill
            except OSError:
                pass
            os.waitpid(pid, 0)
            raise RuntimeError(f"the forked child {pid} did not start within {limit:g} s ({where})")
        self.runs[pid] = sock
        self.selector.register(sock, selectors.EVENT_READ, pid)
        try:
            sock.sendall(f"pid {pid}\n".encode())
        except OSError:  # the parent is gone already: nobody waits for this run
            self.drop(pid)

    def abandoned(self, pid: int) -> None:
        """The parent closed the run's socket before its end (or wrote to it): kill the run."""
        sock = self.runs.get(pid)
        if sock is None:
            return
        try:
            still_open = sock.recv(64, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        except OSError:
            still_open = b""
        if still_open:
            return
        self.drop(pid)

    def drop(self, pid: int) -> None:
        """Kill a run nobody waits for any more; it is reaped later and reported to nobody."""
        self.processes.kill_group(pid)
        sock = self.runs.get(pid)
        if sock is not None:
            self.selector.unregister(sock)
            sock.close()
        self.runs[pid] = None

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.processes.kill_group(pid)  # what the child left in its process group ends with it
            sock = self.runs.pop(pid, None)
            if sock is not None:
                self.selector.unregister(sock)
                try:
                    sock.sendall(f"exit {status}\n".encode())
                except OSError:
                    pass
                sock.close()

    def become_child(self, request: dict, started_w: int) -> None:
        from autograder.forkhere import become_child

        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, self.sigchld)
        become_child(request, self.token_address, self.run_child)


def main(argv: list[str]) -> int:
    package_root, fd = argv[1], int(argv[2])
    control = socket.socket(fileno=fd)
    try:
        # What every child imports before its limits, and nothing of a learner or a reference.
        # sys.path as the fresh child has it before it adds the request's folders.
        sys.path.insert(0, package_root)
        try:
            import importlib.abc  # noqa: F401 - the child's withholding uses these
            import importlib.machinery  # noqa: F401
            import types  # noqa: F401

            import numpy  # noqa: F401

            # the backend too; learners' files reach it through the app's alias module, which the
            # engine never imports (its two small files load in the child when a file asks for them)
            from autograder import _child, backend, executor, forkhere, plan, wire  # noqa: F401 - plan: the timed calls' drawing

            # What nearly every run imports on its way (tens of ms each time): the executor's
            # generators and medians, the catalog's named data. Each child seeds numpy's global
            # generator anew, as a fresh interpreter would.
            import hashlib  # noqa: F401
            import secrets  # noqa: F401

            import corpora.named  # noqa: F401
            import numpy.ma  # noqa: F401
            import numpy.random  # noqa: F401
        finally:
            del sys.path[0]
        token_address = _placeholder_address()
        server = Server(control, _child.run, token_address, forkhere)
    except Exception as err:
        try:
            control.sendall(f"error {type(err).__name__}: {err}".replace("\n", " ").encode()[:500] + b"\n")
        except OSError:
            pass
        return 1
    import gc

    gc.freeze()  # the children's collections leave the server's objects (and their pages) alone
    server.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
