"""Check 1: does the file load, and does it define the book's interface?"""

from __future__ import annotations

from autograder.catalog import Exercise, Symbol
from autograder.checks import CheckResult, error_message
from autograder.messages import Lines, Msg
from autograder.sandbox import Outcome

NAME = "loads"
SIGNALS = {-9: "SIGKILL", -11: "SIGSEGV, a segmentation fault", -6: "SIGABRT", -7: "SIGBUS",
           -8: "SIGFPE", -25: "SIGXFSZ", -24: "SIGXCPU"}


def run_failure(outcome: Outcome, timeout: float) -> Msg:
    """Why the child left no trace, in one sentence."""
    step = outcome.last_step or "loading the file"
    if outcome.status == "timeout" or outcome.returncode == -24:
        return Msg("run.timeout", limit=timeout, step=step)
    if outcome.returncode == -25:
        return Msg("run.output", limit="64 MB", step=step)
    if outcome.status == "crashed":
        if outcome.returncode == -9 or "MemoryError" in outcome.stderr_tail:
            return Msg("run.memory", limit="2 GB", step=step)
        return Msg("run.crashed", signal=SIGNALS.get(outcome.returncode, f"signal {-outcome.returncode}"), step=step)
    if step == "done":
        return Msg("run.no_results")
    return Msg("run.exited", code=outcome.returncode, step=step)


def check_loads(exercise: Exercise, outcome: Outcome) -> CheckResult:
    if outcome.trace is None:
        return loads_result(CheckResult(NAME, False, run_failure(outcome, exercise.timeout), "failed"))
    return loads_of(exercise, outcome.trace)


def loads_of(exercise: Exercise, trace: dict) -> CheckResult:
    """The loads check of a trace, whole or as far as its first part (what the file defines)."""
    return loads_result(_loads_result(exercise, trace))


def loads_result(result: CheckResult) -> CheckResult:
    result.kind = NAME
    return result


def _loads_result(exercise: Exercise, trace: dict) -> CheckResult:
    loads = trace.get("loads", {})
    if "syntax" in loads:
        s = loads["syntax"]
        caret = " " * max((s.get("offset") or 1) - 1, 0) + "^"
        return CheckResult(NAME, False, Msg("loads.syntax", line=s.get("line"), message=s.get("message"),
                                            code=s.get("code") or "", caret=caret), "failed")
    if "unreadable" in loads:
        return CheckResult(NAME, False, Msg("loads.unreadable", message=loads["unreadable"]["message"]), "failed")
    if "import" in loads:
        return CheckResult(NAME, False, _import_message(loads["import"]), "failed")
    problems = []
    symbols = loads.get("symbols", {})
    defined = symbols.get("__defined__", [])
    for symbol in exercise.symbols:
        problems += _symbol_problems(symbol, symbols.get(symbol.name, {"kind": "missing"}), defined)
    if problems:
        return CheckResult(NAME, False, problems[0] if len(problems) == 1 else Lines(problems), "failed")
    names = ", ".join(s.name for s in exercise.symbols)
    return CheckResult(NAME, True, Msg("loads.ok", symbols=names), "passed")


def _import_message(error: dict) -> Msg:
    if error["type"] == "SystemExit":
        return Msg("loads.sys_exit", line=error["line"])
    if error["type"] in ("ModuleNotFoundError", "ImportError") and error["line"]:
        return Msg("loads.module_not_found", line=error["line"], message=error["message"])
    if error["not_implemented"] or error["type"] in ("MemoryError", "EOFError") or (
            error["type"] == "OSError" and (error.get("message") or "").startswith("[Errno 27]")) or (
            error["line"] and error_message(error).key == "error.to_scalar"):
        # a memory bomb, an input() or int() of an array at import time: error_message has the specific
        # sentence (the memory limit; "the grader gives no input"; NumPy 2's rule and the line's fix)
        # instead of a bare exception name
        return error_message(error)
    if error["line"]:
        return Msg("loads.import_error", line=error["line"], code=error["code"], type=error["type"],
                   message=error["message"])
    return Msg("loads.import_error_noline", type=error["type"], message=error["message"])


def _symbol_problems(symbol: Symbol, found: dict, defined: list[str]) -> list[Msg]:
    kind_word = Msg("kind." + symbol.kind)
    if found["kind"] == "missing":
        import difflib

        close = difflib.get_close_matches(symbol.name, defined, n=2, cutoff=0.6)
        close += [n for n in defined if n.lower() == symbol.name.lower() and n not in close]
        suggestion = Msg("loads.suggestion", names=", ".join(close)) if close else ""
        return [Msg("loads.missing", name=symbol.name, kind=kind_word, signature=symbol.signature,
                    suggestion=suggestion)]
    expected_kind = "class" if symbol.kind == "class" else "function"
    if found["kind"] != expected_kind and not (expected_kind == "function" and found["kind"] == "class"):
        return [Msg("loads.wrong_kind", name=symbol.name, expected=Msg("kind." + expected_kind),
                    got=Msg("kind." + found["kind"]))]
    if not found.get("own", True):
        return [Msg("loads.imported", name=symbol.name)]
    params = found.get("params")
    if params is None:
        return []
    got = ", ".join(p[0] for p in params)
    if not _accepts(params, symbol):
        return [Msg("loads.signature", name=symbol.name, got=got, signature=symbol.signature)]
    if not all(_takes_keyword(params, name) for name in symbol.keywords):
        call = f"{symbol.name}({', '.join(name + '=…' for name in symbol.keywords)})"
        keep = Msg("loads.keep_name" if len(symbol.keywords) == 1 else "loads.keep_names")
        return [Msg("loads.keywords", name=symbol.name, got=got, script=symbol.keywords_by, call=call, keep=keep)]
    return []


def _takes_keyword(params: list, name: str) -> bool:
    """Can `name=value` bind to these parameters (a parameter of that name, or **kwargs)?"""
    return any((p[0] == name and p[1] in ("POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY")) or p[1] == "VAR_KEYWORD"
               for p in params)


def _accepts(params: list, symbol: Symbol) -> bool:
    """Can the book's call, with 0…all of its optional arguments, bind to these parameters?"""
    positional = [p for p in params if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    varargs = any(p[1] == "VAR_POSITIONAL" for p in params)
    required = [p for p in positional if not p[2]]
    required_kwonly = [p for p in params if p[1] == "KEYWORD_ONLY" and not p[2]]
    most = len(symbol.required) + len(symbol.optional)
    if required_kwonly:
        return False
    if len(required) > len(symbol.required):
        return False
    return varargs or len(positional) >= most
