"""What a learner's module defines, read without calling it: names, kinds, signatures, source lines.

The loads check reads inspect_symbols' answer; the executor names a call's parameters
(`<as>.params`) and quotes the learner's line where a step raised.
"""

import inspect


def inspect_symbols(module, names, module_name):
    """What the module defines under each expected name, for the loads check."""
    found = {}
    for name in names:
        if not hasattr(module, name):
            found[name] = {"kind": "missing"}
            continue
        obj = getattr(module, name)
        kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "other"
        entry = {"kind": kind, "own": getattr(obj, "__module__", None) == module_name}
        try:
            sig = inspect.signature(obj)
            entry["params"] = [
                [p.name, p.kind.name, p.default is not inspect.Parameter.empty]
                for p in sig.parameters.values()
            ]
        except (TypeError, ValueError):
            entry["params"] = None
        found[name] = entry
    found["__defined__"] = sorted(n for n in vars(module) if not n.startswith("_"))[:200]
    return found


def parameter_names(fn):
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def source_line(path, lineno):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if number == lineno:
                    return line.strip()[:200]
    except OSError:
        pass
    return None
