"""The sandbox's fork server: warm children that start from a pristine state, and a fresh
interpreter whenever the server cannot start or dies.

The submissions here are tiny files without an exercise (an empty plan: only loading runs).
They tell the test where they are through FIFOs, so every wait is on an event (a FIFO
opened, a process's pidfd readable), never on a sleep; the timeouts are only there so that
a broken sandbox fails the test instead of hanging it.
"""

import logging
import os
import select
import signal
import sys
import threading
from pathlib import Path

import pytest

from autograder import sandbox

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is for Linux"),
    pytest.mark.skipif(not sandbox.fork_server_wanted(), reason="the fork server is off here (GPU, DLFS2_FORKSERVER=0)"),
    pytest.mark.timeout(120),
]

EVENT_TIMEOUT = 60  # seconds: only a broken sandbox takes this long


@pytest.fixture
def own_server():
    """A fork server of this test's own, shut down after it (the process-wide one is set aside)."""
    with sandbox._server_lock:
        saved = sandbox._server, sandbox._server_troubles
        sandbox._server, sandbox._server_troubles = None, 0
    yield
    with sandbox._server_lock:
        server = sandbox._server
        sandbox._server, sandbox._server_troubles = saved
    if server is not None:
        server.close()
        server.proc.wait(timeout=EVENT_TIMEOUT)  # it leaves once its control socket closes


def grade_source(tmp_path, source: str, name: str = "submission.py", timeout: float = 10.0,
                 cancel: threading.Event | None = None) -> sandbox.Outcome:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return sandbox.run(path, [], [], sandbox.Limits(timeout=timeout), cancel=cancel)


def fifo(tmp_path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def read_pids(path: Path) -> list[int]:
    """Block until the submission opens the FIFO, then read what it wrote until it closes it."""
    with open(path, encoding="utf-8") as fh:
        return [int(word) for word in fh.read().split()]


def wait_gone(pid: int) -> bool:
    """Whether the process `pid` has exited (waits on its pidfd); True if it was gone already."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], EVENT_TIMEOUT)
        return bool(readable)
    finally:
        os.close(fd)


def in_thread(fn, *args, **kwargs):
    box = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001 - handed to the test
            box["error"] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()

    def result():
        thread.join(EVENT_TIMEOUT)
        assert not thread.is_alive(), "the run did not end"
        if "error" in box:
            raise box["error"]
        return box["value"]

    return result


VANDAL = '''
import builtins, sys
import numpy
import numpy as np
numpy.dot = lambda *a, **k: "patched"
sys.modules["numpy"] = None
sys.modules["json"] = None
sys.path.insert(0, "/nowhere")
builtins.len = lambda x: -1
import autograder.wire
autograder.wire.dump = None
print("vandalised")
'''

CLEAN = '''
import builtins, json, sys
import numpy
print(numpy.dot(numpy.eye(2), numpy.ones(2)).tolist(), len([1, 2, 3]), "/nowhere" in sys.path,
      json.dumps([1]), builtins.len is len)
'''


def test_a_submission_that_vandalises_numpy_and_sys_modules_leaves_the_next_run_pristine(tmp_path, own_server):
    first = grade_source(tmp_path, VANDAL, "vandal.py")
    server = sandbox._server
    assert first.started == "forked"  # (its own trace is lost: it broke the writer too)
    second = grade_source(tmp_path, CLEAN, "clean.py")
    assert second.started == "forked" and sandbox._server is server and server.alive()
    assert second.status == "finished", second.stderr_tail
    assert second.output.strip() == '[1.0, 1.0] 3 False [1] True'


def test_the_child_looks_like_a_fresh_interpreter(tmp_path, own_server):
    probe = '''
import os, sys
print(sys.flags.isolated, sys.argv[0].endswith("_child.py"), os.path.isfile("request.pkl"),
      os.environ.get("PYTHONHASHSEED"), os.environ.get("DLFS2_SANDBOX_RUN") is not None,
      os.getpgid(0) == os.getpid() == os.getsid(0), sorted(os.listdir("/proc/self/fd")))
'''
    forked = grade_source(tmp_path, probe)
    assert forked.started == "forked", forked.stderr_tail
    os.environ["DLFS2_FORKSERVER"] = "0"
    try:
        fresh = grade_source(tmp_path, probe)
    finally:
        del os.environ["DLFS2_FORKSERVER"]
    assert fresh.started == "fresh"
    assert forked.output == fresh.output
    isolated, named_child, in_workdir, hashseed, token, leads, *fds = forked.output.split()
    assert (isolated, named_child, in_workdir, hashseed, token, leads) == ("1", "True", "True", "0", "True", "True")


def test_the_environment_of_each_run_is_the_one_at_that_run(tmp_path, own_server, monkeypatch):
    source = 'import os\nprint(os.environ.get("DLFS2_TEST_MARK"))\n'
    assert grade_source(tmp_path, source).output.strip() == "None"
    monkeypatch.setenv("DLFS2_TEST_MARK", "second")
    outcome = grade_source(tmp_path, source)
    assert outcome.started == "forked" and outcome.output.strip() == "second"


def test_the_server_survives_a_crashing_child(tmp_path, own_server):
    crash = 'import ctypes\nctypes.string_at(0)\n'
    outcome = grade_source(tmp_path, crash)
    server = sandbox._server
    assert outcome.started == "forked" and outcome.status == "crashed"
    assert outcome.returncode == -signal.SIGSEGV
    again = grade_source(tmp_path, 'print("after")\n')
    assert again.started == "forked" and sandbox._server is server and server.alive()
    assert again.output.strip() == "after"


LITTERER = '''
import os, subprocess, time
# a program it starts, a process group of its own; a forked daemon in a session of its own
sleeper = subprocess.Popen(["sleep", "300"], start_new_session=True)
daemon = os.fork()
if daemon == 0:
    os.setsid()
    while True:
        time.sleep(1)
with open({pids!r}, "w") as fh:
    fh.write(f"{{os.getpid()}} {{sleeper.pid}} {{daemon}}")
while True:
    pass
'''


def test_cancelling_a_run_mid_way_leaves_no_process_behind(tmp_path, own_server):
    pids = fifo(tmp_path, "pids")
    cancel = threading.Event()
    outcome = in_thread(grade_source, tmp_path, LITTERER.format(pids=str(pids)), timeout=60, cancel=cancel)
    child, sleeper, daemon = read_pids(pids)
    assert child in sandbox.running_children()
    cancel.set()
    result = outcome()
    assert result.status == "cancelled" and result.started == "forked"
    for pid in (child, sleeper, daemon):
        assert wait_gone(pid), f"process {pid} outlived the cancelled run"
    assert sandbox.running_children() == []


def test_kill_running_ends_a_forked_child_and_what_it_started(tmp_path, own_server):
    pids = fifo(tmp_path, "pids")
    outcome = in_thread(grade_source, tmp_path, LITTERER.format(pids=str(pids)), timeout=60)
    child, sleeper, daemon = read_pids(pids)
    assert sandbox.running_children() == [child]
    sandbox.kill_running()
    result = outcome()
    assert result.status == "crashed" and result.returncode == -signal.SIGKILL
    for pid in (child, sleeper, daemon):
        assert wait_gone(pid), f"process {pid} outlived kill_running()"
    assert sandbox.running_children() == []


def test_when_the_server_cannot_start_runs_start_fresh(tmp_path, own_server, monkeypatch, caplog):
    monkeypatch.setattr(sandbox.forkserver, "SERVER", tmp_path / "no-such-server.py")
    with caplog.at_level(logging.WARNING, logger="autograder.sandbox"):
        outcome = grade_source(tmp_path, 'print("graded")\n')
    assert outcome.started == "fresh" and outcome.status == "finished"
    assert outcome.output.strip() == "graded"
    assert "fork server did not start" in caplog.text
    assert "fork server" not in outcome.output + outcome.stderr_tail  # for the log, not the learner


def test_a_process_that_keeps_failing_to_start_the_server_stops_trying(tmp_path, own_server, monkeypatch):
    monkeypatch.setattr(sandbox.forkserver, "SERVER", tmp_path / "no-such-server.py")
    for _ in range(sandbox.SERVER_TROUBLES_MAX):
        assert grade_source(tmp_path, "").started == "fresh"
    assert sandbox._fork_server(sandbox.child_env()) is None
    assert sandbox._server is None


WAITS = '''
import os
with open({pids!r}, "w") as fh:
    fh.write(str(os.getpid()))
with open({go!r}) as fh:
    fh.read()
print("released")
'''


def test_a_server_that_dies_mid_run_hands_the_run_to_a_fresh_interpreter(tmp_path, own_server, caplog):
    pids, go = fifo(tmp_path, "pids"), fifo(tmp_path, "go")
    source = WAITS.format(pids=str(pids), go=str(go))
    with caplog.at_level(logging.WARNING, logger="autograder.sandbox"):
        outcome = in_thread(grade_source, tmp_path, source, timeout=60)
        (forked,) = read_pids(pids)
        server = sandbox._server
        os.kill(server.pid, signal.SIGKILL)
        server.proc.wait(timeout=EVENT_TIMEOUT)
        (fresh,) = read_pids(pids)  # the same run again, in a fresh interpreter
        assert fresh != forked
        assert wait_gone(forked), "the forked child outlived its server"
        with open(go, "w") as fh:
            fh.write("go")
        result = outcome()
    assert result.status == "finished" and result.started == "fresh"
    assert result.output.strip() == "released"
    assert "is gone" in caplog.text
    # the next run starts a new server
    after = grade_source(tmp_path, 'print("next")\n')
    assert after.started == "forked" and sandbox._server is not server
    assert after.output.strip() == "next"


def test_a_forked_child_that_cannot_set_itself_up_is_killed_and_the_run_starts_fresh(tmp_path, own_server,
                                                                                      monkeypatch):
    # "stdout" as a FIFO without a reader: the child blocks opening it, before it leads a session
    # of its own, so the server must bound that wait itself and kill it
    server = sandbox._fork_server(sandbox.child_env())
    workdir = tmp_path / "run"
    workdir.mkdir()
    os.mkfifo(workdir / "stdout")
    monkeypatch.setattr(sandbox.forkserver, "STARTED_TIMEOUT", 0.5)
    with pytest.raises(sandbox.forkserver.ServerLost, match="did not start within 0.5 s") as lost:
        server.spawn(str(workdir), sandbox.child_env(), "f" * 32)
    stuck = int(str(lost.value).split("child ")[1].split()[0])
    assert wait_gone(stuck)
    assert server.alive()
    again = grade_source(tmp_path, 'print("fine")\n')
    assert again.started == "forked" and sandbox._server is server and again.output.strip() == "fine"


def test_the_server_leaves_with_its_parent(tmp_path):
    """A program that grades and exits (the CLI) leaves no fork server behind."""
    import subprocess

    script = ("from pathlib import Path\nfrom autograder import sandbox\n"
              f"o = sandbox.run(Path({str(tmp_path / 'f.py')!r}), [], [], sandbox.Limits())\n"
              "print(sandbox._server.pid, o.started)\n")
    (tmp_path / "f.py").write_text("x = 1\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=EVENT_TIMEOUT,
                          cwd=str(Path(__file__).resolve().parent.parent))
    assert proc.returncode == 0, proc.stderr
    server_pid, started = proc.stdout.split()
    assert started == "forked"
    assert wait_gone(int(server_pid)), "the fork server outlived the program that started it"
