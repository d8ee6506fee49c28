"""The sandbox's child process: loads one Python file and runs a plan against it.

Started by ``autograder.sandbox`` as ``python -I _child.py WORKDIR``, or forked by
the fork server (``autograder.forkserver``), which calls ``run`` the same way. It
limits itself before any learner code runs, then writes its trace into WORKDIR and
leaves with ``os._exit`` so nothing the file registered can run after it.
"""

import io
import os
import pickle
import resource
import sys

MODULE_NAME = "__submission__"


class CappedStream(io.TextIOBase):
    """Keeps the first `limit` characters a file prints; counts the rest."""

    def __init__(self, limit):
        self.limit, self.kept, self.dropped = limit, [], 0
        self.size = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.kept.append(text[:room])
        self.size += min(len(text), max(room, 0))
        self.dropped += max(len(text) - max(room, 0), 0)
        return len(text)

    def flush(self):
        pass


def limit_self(limits):
    for name, value in (
        ("RLIMIT_AS", limits.get("memory_bytes")),
        ("RLIMIT_CPU", limits.get("cpu_seconds")),
        ("RLIMIT_FSIZE", limits.get("file_bytes")),
        ("RLIMIT_CORE", 0),
    ):
        if value is None or not hasattr(resource, name):
            continue
        kind = getattr(resource, name)
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, hard))


def guard_imports(allowed, module_name):
    """Refuse the file's own imports of anything but the standard library and `allowed`.

    An exercise may import only numpy (or the backend) and the workbench's modules
    (contract). Without this, `import torch` graded by whether torch happened to be
    installed: "No module named 'torch'" here, a pass on a machine that has it. The
    check looks only at imports made from the file's own code (its globals' __name__),
    not at what numpy or the reference modules import in turn. It is for a clear
    message, not a security boundary (importlib goes around it; the sandbox is that).
    """
    import builtins

    real_import = builtins.__import__
    allowed = set(allowed) | set(getattr(sys, "stdlib_module_names", ()))

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and globals is not None and globals.get("__name__") == module_name:
            top = name.partition(".")[0]
            if top not in allowed:
                raise ModuleNotFoundError(f"{top} is not available to exercises", name=name)
        return real_import(name, globals, locals, fromlist, level)

    builtins.__import__ = guarded


def withhold_modules(names):
    """Replace the reference of the exercise being graded by placeholders, for every importer.

    The solutions folder is on the path so that earlier exercises and the book's
    `common` stand-in resolve. The graded exercise's own reference must not: with it,
    `from ch01.affine import Affine` (or a subclass of it) would pass the affine
    exercise. Its names still import, as placeholders that refuse to be used, so a
    file pasted from the book that imports `common.functions` and then defines its
    own `softmax` grades as written, while one that only imports gets a clear verdict.
    A name the file being graded has already defined imports as that definition: the
    book's two files pasted into one (ch08's attention_seq2seq.py imports TimeAttention
    from attention_layer.py, printed above it) grade as written.
    """
    import importlib.abc
    import importlib.machinery
    import types

    withheld = set(names)

    class WithheldError(ImportError):
        pass

    def placeholder(module, name):
        def refuse(*args, **kwargs):
            raise WithheldError(f"{name} comes from {module}, the reference of the exercise being graded: "
                                f"write it in this file instead")

        # a class, so that it can be called like a function and subclassed like a layer,
        # and fails either way when used
        return type(name, (), {"__init__": refuse, "__new__": lambda cls, *a, **k: refuse(),
                               "__module__": module, "__qualname__": name})

    class WithheldModule(types.ModuleType):
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            # looked up on every read, never kept: the file may define the name after a first read
            graded = getattr(sys.modules.get(MODULE_NAME), "__dict__", {})
            return graded[name] if name in graded else placeholder(self.__name__, name)

    class Loader(importlib.abc.Loader):
        def create_module(self, spec):
            return WithheldModule(spec.name)

        def exec_module(self, module):
            pass

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname in withheld:
                return importlib.machinery.ModuleSpec(fullname, Loader())
            return None

    sys.meta_path.insert(0, Finder())


def from_references(namespace, source, withheld):
    """{name: "common.<module>"} for each name the file imports from the book's `common` stand-in
    that a reference implements (an exercise's, or autograder/compat/reference_common's), so the
    verdict can say which names are not the learner's own. Counted: a name imported by name, or
    by a star import and then used; not a name the file defines again itself, nor one of the
    reference being graded (withheld: it cannot serve anything)."""
    import ast

    tree = ast.parse(source)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    # the book's `common` and the book's chapter modules generated beside the references
    # (ch04.negative_sampling_layer): each lists its names' origins in _REFERENCES
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0
               and isinstance(getattr(sys.modules.get(node.module or ""), "__dict__", {}).get("_REFERENCES"), dict)]
    found = {}
    # named imports first: a name also reached by a star import is told by the module it was named from
    for node in sorted(imports, key=lambda node: any(alias.name == "*" for alias in node.names)):
        module = sys.modules.get(node.module)
        references = getattr(module, "_REFERENCES", {})
        for alias in node.names:
            if alias.name == "*":
                pairs = [(name, name) for name in references if name in used]
            else:
                pairs = [(alias.name, alias.asname or alias.name)] if alias.name in references else []
            for name, bound in pairs:
                if references[name] not in withheld and namespace.get(bound) is getattr(module, name, None):
                    found.setdefault(name, node.module)
    return found


def main(workdir):
    with open(os.path.join(workdir, "request.pkl"), "rb") as fh:
        request = pickle.load(fh)  # written by the parent: trusted

    progress = open(os.path.join(workdir, "progress"), "a", buffering=1, encoding="utf-8")

    def mark(step):
        progress.write(step.replace("\n", " ") + "\n")

    for path in reversed(request["sys_path"]):
        sys.path.insert(0, path)
    import numpy  # noqa: F401 - before the limits: its import maps large regions

    from autograder import backend, executor, phases, symbols, wire

    backend_name = backend.np.__name__  # numpy or cupy, chosen (cupy imported) before the limits

    limit_self(request["limits"])
    captured = CappedStream(request["limits"].get("output_chars", 20000))
    sys.stdout = sys.stderr = captured

    trace = {"loads": {}, "probes": {}, "backend": backend_name}
    source_path = request["source"]
    module = None
    mark("loading the file")
    try:
        with open(source_path, encoding="utf-8") as fh:
            source = fh.read()
        code = compile(source, source_path, "exec")
    except SyntaxError as err:
        trace["loads"]["syntax"] = {
            "message": err.msg, "line": err.lineno, "offset": err.offset,
            "code": (err.text or "").rstrip("\n")[:200],
        }
    except (OSError, UnicodeDecodeError, ValueError) as err:
        trace["loads"]["unreadable"] = {"message": str(err)[:300]}
    else:
        import types

        module = types.ModuleType(MODULE_NAME)
        module.__file__ = source_path
        sys.modules[MODULE_NAME] = module
        if request.get("allowed_imports") is not None:
            guard_imports(set(request["allowed_imports"]), MODULE_NAME)
        withhold_modules(request.get("withheld", ()))
        runner = executor.Executor(module, source_path, mark)
        try:
            runner.step("loading the file", exec, code, module.__dict__)
        except executor.ProbeFailed as failed:
            trace["loads"]["import"] = failed.error
            module = None
    parts = Parts(workdir, mark, wire)
    if module is not None:
        trace["loads"]["symbols"] = symbols.inspect_symbols(module, request["symbols"], MODULE_NAME)
        trace["from_reference"] = from_references(module.__dict__, source, set(request.get("withheld", ())))
        parts.write(dict(trace, phase="loads"))
        # every probe's cheap steps first, then each later phase across the probes (autograder.phases):
        # the parent decides and shows the checks of a phase as soon as its part is written
        staged = [(probe["id"], runner.start(probe)) for probe in request["plan"] if hasattr(module, probe["symbol"])]
        later = phases.PHASES[phases.PHASES.index("loads") + 1:]
        for phase in later:
            added = {}
            for probe_id, run in staged:
                new = run.advance(phase)
                if new:
                    added[probe_id] = new
            if phase == phases.LAST:
                break
            if added:
                parts.write({"phase": phase, "probes": added})
        last = {"phase": phases.LAST, "probes": added}
    else:
        last = dict(trace, phase=phases.LAST)
    last["output"] = {"text": "".join(captured.kept), "dropped": captured.dropped}
    parts.write(last)
    mark("done")
    progress.close()
    os._exit(0)


class Parts:
    """Writes the trace in parts, part-0, part-1, ... in WORKDIR, each a wire dump moved into place
    whole, and says so on the FIFO WORKDIR/events (a line with the part's number) when the parent
    made one: it reads each part as soon as it is written."""

    def __init__(self, workdir, mark, wire):
        self.workdir, self.mark, self.wire, self.count = workdir, mark, wire, 0

    def write(self, part):
        from pathlib import Path

        self.mark("writing the results")
        target = os.path.join(self.workdir, f"part-{self.count}")
        staging = target + ".tmp"
        os.mkdir(staging)
        self.wire.dump(part, Path(staging))
        os.rename(staging, target)
        self.count += 1
        try:
            fd = os.open(os.path.join(self.workdir, "events"), os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return  # no FIFO (not asked for, or not on this system): the parent reads the parts at the end
        try:
            os.write(fd, f"{self.count - 1}\n".encode())
        except OSError:
            pass
        finally:
            os.close(fd)


def run(workdir):
    """main(), then os._exit whatever happens: the child never returns to its caller (the
    fork server's loop) nor shuts the interpreter down (the file's threads and atexit
    functions would run). A failure of the grader's own code exits with status 1, its
    traceback in the output file (fd 2), as an uncaught exception would."""
    try:
        main(workdir)
    except BaseException:
        try:
            import traceback

            traceback.print_exc(file=sys.__stderr__)
            sys.__stderr__.flush()
        except BaseException:
            pass
    os._exit(1)


if __name__ == "__main__":
    run(sys.argv[1])
