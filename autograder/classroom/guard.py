"""What a submission may touch while it is graded for a class: an audit hook set before its first line.

The sandbox already keeps the verdict out of the submission's reach (the trusted
parent compares). What is left on the grading machine is what a file can read:
the reference solution of the exercise being graded, the course's source notebooks
and gradebook (the hidden tests), the grader's cached reference results. Class
grading (``autograder classroom grade``, ``grade-batch``, the Gradescope
autograder) therefore starts every submission with a call of ``install()`` that
runs in the sandbox's child before any of the student's code. From then on the
hook (PEP 578: a hook cannot be removed) refuses

- opening a protected path, to read or to write: the graded exercise's reference
  and its compiled caches, any other reference that defines one of the graded
  names, the course folder, the grader's reference cache, notebooks, databases,
  archives, pickles, ``.git`` folders, directories (a directory's descriptor would
  open files relative to it unseen), ``/proc`` and ``/dev/fd``;
- writing, renaming, deleting, linking anywhere but the temporary folder (hard
  links nowhere: a hard link to the reference would not look like it);
- starting processes, signalling them, ctypes, sqlite, sockets, gc's object walks
  (they would reach the hook's own state).

An honest answer to an exercise needs none of these. It is defence in depth, not
an operating-system sandbox: the lasting fix is a child that runs where those
files are not there at all (see the classroom section of the README).
"""

from __future__ import annotations

import functools
import os
import sys

BLOCKED_EVENTS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "os.kill", "os.killpg", "os.link", "os.chown", "os.chflags", "os.mkfifo", "os.mknod", "os.setxattr",
    "os.removexattr", "shutil.chown", "sqlite3.connect", "sqlite3.connect/handle",
    "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "gc.get_objects", "gc.get_referrers",
    "gc.get_referents", "sys._current_frames", "sys.setprofile", "sys.settrace",
})
# changes to the file system, allowed inside the writable folders only:
# event → (how many path arguments, where its audit arguments hold a dir_fd)
CHANGES = {"os.remove": (1, (1,)), "os.rmdir": (1, (1,)), "os.rename": (2, (2, 3)), "os.symlink": (2, (2,)),
           "os.truncate": (1, ()), "os.chmod": (1, (2,)), "shutil.rmtree": (1, (1,)), "os.mkdir": (1, (2,)),
           "os.utime": (1, (3,))}
BLOCKED_IMPORTS = frozenset({"_posixsubprocess", "subprocess", "multiprocessing", "_multiprocessing",
                             "sqlite3", "_sqlite3", "pty", "_ctypes", "ctypes"})
PROTECTED_SUFFIXES = (".ipynb", ".db", ".sqlite", ".whl", ".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz",
                      ".pkl", ".pickle", ".npz", ".npy")


class GuardError(PermissionError):
    pass


def install(config: dict) -> None:
    """Set the hook. ``config``: ``modules`` (reference files, with their caches), ``relative``
    (their paths inside the solutions folder: any copy of them is protected too), ``folders``
    (protected), ``writable`` (folders), ``self`` (the graded file)."""
    import builtins
    import pathlib
    import posix
    import stat

    isinstance, type, str, len = builtins.isinstance, builtins.type, builtins.str, builtins.len
    bytes, int, any, frozenset, tuple = builtins.bytes, builtins.int, builtins.any, builtins.frozenset, builtins.tuple
    OSError, error = builtins.OSError, GuardError
    # Everything the hook calls is captured now: the file may patch os, posixpath, stat later.
    lstat, readlink, getcwd, fspath = posix.lstat, posix.readlink, posix.getcwd, os.fspath
    is_link, is_dir = stat.S_ISLNK, stat.S_ISDIR
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    path_classes = (pathlib.PosixPath, pathlib.PurePosixPath)
    modules = frozenset(config.get("modules", ()))
    module_stems = frozenset((m.rsplit("/", 1)[0], m.rsplit("/", 1)[1].removesuffix(".py")) for m in modules)
    copy_stems = frozenset((f"/{root}/{chapter}/", stem) for m in config.get("relative", ())
                           for chapter, stem in [m.removesuffix(".py").rsplit("/", 1)]
                           for root in ("solutions", "_solutions"))
    folders = tuple(f.rstrip("/") + "/" for f in config.get("folders", ()))
    writable = tuple(f.rstrip("/") + "/" for f in config.get("writable", ()))
    own_file = config.get("self")
    suffixes, blocked, blocked_imports, changes = PROTECTED_SUFFIXES, BLOCKED_EVENTS, BLOCKED_IMPORTS, CHANGES

    def resolve(path: str) -> str:
        # os.path.realpath, on the captured builtins
        if not path.startswith("/"):
            path = getcwd() + "/" + path
        parts, done, hops = path.split("/"), "", 0
        while parts:
            part = parts.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                done = done.rsplit("/", 1)[0]
                continue
            candidate = done + "/" + part
            try:
                link = is_link(lstat(candidate).st_mode)
            except OSError:
                link = False
            if link and hops < 40:
                hops += 1
                target = readlink(candidate)
                parts = target.split("/") + parts
                if target.startswith("/"):
                    done = ""
                continue
            done = candidate
        return done or "/"

    def protected(real: str) -> bool:
        if real in modules or real.startswith(folders) or "/.git/" in real or real.endswith("/.git"):
            return True
        if real == "/proc" or real.startswith(("/proc/", "/dev/fd/")):
            return True
        folder, _, name = real.rpartition("/")
        folder = folder.removesuffix("/__pycache__")
        for module_dir, stem in module_stems:
            if name.startswith(stem + ".") and folder == module_dir:
                return True
        for copies, stem in copy_stems:  # any other copy laid out as the references are (a clone, a wheel)
            if name.startswith(stem + ".") and (folder + "/").endswith(copies):
                return True
        return False

    def refuse(what: str):
        raise error(f"not allowed while graded for a class: {what}")

    def check_open(path, mode, flags):
        if isinstance(path, int):
            return  # a descriptor: its path was checked when it was opened
        if type(path) in path_classes:
            path = fspath(path)
        if not isinstance(path, (str, bytes)):
            refuse("opening a file through a path-like object")  # its __fspath__ could change its answer
        if isinstance(path, bytes):
            path = path.decode("utf-8", "surrogateescape")
        real = resolve(path)
        if real == own_file:
            return
        if protected(real):
            refuse(f"opening {path}")
        try:
            folder = is_dir(lstat(real).st_mode)
        except OSError:
            folder = False
        if folder:
            refuse(f"opening the folder {path}")
        if real.startswith(writable):
            return
        if real.endswith(suffixes):
            refuse(f"opening {path}")
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & write_flags)
        if writing:
            refuse(f"writing {path}")

    def check_change(event, args):
        count, dir_fds = changes[event]
        paths = args[:count]
        if event == "os.symlink":
            paths = args[1:2]  # where the link goes; opening it later resolves it
        if any(isinstance(args[i], int) and args[i] != -1 for i in dir_fds if i < len(args)):
            refuse(f"{event} relative to a folder descriptor")
        for path in paths:
            if isinstance(path, int):
                refuse(f"{event} on a descriptor")
            if type(path) in path_classes:
                path = fspath(path)
            if not isinstance(path, (str, bytes)):
                refuse(f"{event} through a path-like object")
            if isinstance(path, bytes):
                path = path.decode("utf-8", "surrogateescape")
            folder, _, name = path.rstrip("/").rpartition("/")
            real = resolve(folder or ".") + "/" + name  # the entry itself, not what a link points to
            if protected(real) or not real.startswith(writable):
                refuse(f"{event} {path}")

    def hook(event, args):
        if event == "open":
            check_open(args[0], args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else 0)
        elif event in changes:
            check_change(event, args)
        elif event in blocked or event.startswith("ctypes."):
            refuse(event)
        elif event == "import" and args and str(args[0]).partition(".")[0] in blocked_imports:
            refuse(f"import {args[0]}")

    sys.addaudithook(hook)


def _protected_modules(exercise) -> list[str]:
    return list(_modules_defining(str(exercise.solution_path.resolve()), frozenset(s.name for s in exercise.symbols)))


@functools.lru_cache(maxsize=256)
def _modules_defining(solution: str, graded: frozenset) -> tuple[str, ...]:
    """The graded exercise's reference, and every reference that defines one of its names."""
    from autograder import resources
    from autograder.classroom.answers import defined_names

    modules = {solution}
    for path in resources.solutions_root().rglob("*.py"):
        try:
            if defined_names(path.read_text(encoding="utf-8")) & graded:
                modules.add(str(path.resolve()))
        except OSError:
            pass
    return tuple(sorted(modules))


def config_for(exercise, *, folders=(), own_file=None) -> dict:
    """The guard's settings for grading `exercise`: what its submission must not read."""
    import tempfile
    from pathlib import Path

    from autograder import resources

    protected = [str(Path(f).resolve()) for f in folders]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    protected += [str((cache / "dlfs2-workbench").resolve()), str((cache / "pip").resolve())]
    clone = resources.clone_root()
    if clone is not None:
        protected += [str((clone / name).resolve()) for name in ("build", "dist", ".git")]
    root = resources.solutions_root().resolve()
    modules = _protected_modules(exercise)
    relative = [str(Path(m).relative_to(root)) for m in modules if Path(m).is_relative_to(root)]
    return {
        "modules": modules,
        "relative": relative,
        "folders": protected,
        "writable": [str(Path(tempfile.gettempdir()).resolve())],
        "self": str(Path(own_file).resolve()) if own_file else None,
    }


CONFIG_SUFFIX = ".guard.json"
PROLOGUE = "__import__('autograder.classroom.guard').classroom.guard.arm(__file__)"


def arm(graded_file: str) -> None:
    """The prologue's call: the settings lie beside the graded file (they hold no secret)."""
    import json

    with open(graded_file + CONFIG_SUFFIX, encoding="utf-8") as fh:
        config = json.load(fh)
    install(config)


def write_guarded(path, source: str, config: dict) -> None:
    """Write `source` to `path` with the guard armed before its first statement."""
    import json
    from pathlib import Path

    path = Path(path)
    Path(str(path) + CONFIG_SUFFIX).write_text(json.dumps(config), encoding="utf-8")
    path.write_text(with_guard(source), encoding="utf-8")


def unguarded(text: str) -> str:
    """A message without the prologue in the lines it quotes."""
    return text.replace(PROLOGUE + "; ", "").replace(PROLOGUE, "")


def with_guard(source: str) -> str:
    """The source with the guard's call before its first statement, on that statement's line.

    A line of its own would shift every line number in the grader's messages, so the
    call joins the first statement's line (after the docstring and ``from __future__``
    imports, which run no code). Only where that statement is compound (a file that
    opens with ``class``) does the call get a line of its own. A file that does not
    compile runs nothing and is returned as it is.
    """
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source
    body = list(tree.body)
    while body and (_is_docstring(body[0]) or _is_future(body[0])):
        body.pop(0)
    call = PROLOGUE
    if not body:
        return source.rstrip("\n") + "\n" + call + "\n"
    lines = source.splitlines(keepends=True)
    first = body[0]
    start = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])]) - 1
    compound = isinstance(first, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For,
                                  ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match,
                                  *([ast.TryStar] if hasattr(ast, "TryStar") else [])))
    if not compound and first.col_offset == 0:
        lines[start] = call + "; " + lines[start]
    else:
        lines.insert(start, call + "\n")
    guarded = "".join(lines)
    try:
        compile(guarded, "<guarded>", "exec", dont_inherit=True)
    except SyntaxError:
        return call + "\n" + source
    return guarded


def _is_docstring(node) -> bool:
    import ast

    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_future(node) -> bool:
    import ast

    return isinstance(node, ast.ImportFrom) and node.module == "__future__"
