"""The grader's mutation score: how many single-edit wrong answers it lets through.

    python benchmarks/mutation_score.py [--exercise ID ...] [--sample N] [--json [OUT]]

Every reference's learner part (the lines between `### BEGIN SOLUTION` and
`### END SOLUTION`) is mutated one edit at a time with Python's ast: operators swapped
(+ ↔ −, * ↔ /, ** → *, comparisons, and ↔ or; @ kept), signs flipped (a unary minus
added to a value or removed), numeric constants changed (×10, ÷10, 0, ±1 for integers,
removed where they are added), axes and keepdims changed, `.T` dropped, calls swapped
(np.sum ↔ np.mean, max ↔ min, exp ↔ log, ...) or removed (sqrt, copy, astype, ...),
the arguments of dot/zip swapped, slice bounds shifted or dropped, a statement deleted,
an in-place write turned into a rebind (`x[...] = v` → `x = v`, `x += v` → `x = x + v`).
Mutants whose source is the same as another's (or the reference's) are graded once;
those that do not parse are skipped.

Each is graded with autograder.grader.grade (timing=False: the speed checks are left
out, a slower answer is not a wrong one) in a pool of at most two processes. A mutant is
killed when the verdict does not pass. A survivor is either listed in
benchmarks/equivalent_mutants.toml (exercise, within, old, new and a one-line reason: an
edit no learner's answer could be told apart by) or a blind spot of the grader.

score = killed / (mutants − equivalent), per exercise and overall. `--sample N` grades at
most N mutants per exercise, drawn with a fixed seed (`--seed`), and the report says so.
Exit status 0, or 1 when an exercise scores below `--target` (when one is given).
"""

from __future__ import annotations

import argparse
import ast
import builtins
import copy
import difflib
import hashlib
import json
import os
import random
import sys
import tempfile
import time
import tomllib
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = Path(__file__).with_name("equivalent_mutants.toml")
MAX_WORKERS = 2

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"

# -- the mutation operators ----------------------------------------------------------

BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult,
               ast.FloorDiv: ast.Div}
COMPARE_SWAPS = {ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt,), ast.Gt: (ast.GtE, ast.Lt), ast.GtE: (ast.Gt,),
                 ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,), ast.In: (ast.NotIn,), ast.NotIn: (ast.In,),
                 ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,)}
CALL_SWAPS = {"sum": "mean", "mean": "sum", "max": "min", "min": "max", "exp": "log", "log": "exp",
              "argmax": "argmin", "argmin": "argmax", "maximum": "minimum", "minimum": "maximum",
              "zeros_like": "ones_like", "ones_like": "zeros_like", "zeros": "ones", "ones": "zeros",
              "hstack": "vstack", "vstack": "hstack", "cumsum": "cumprod", "rand": "randn", "randn": "rand"}
# f(x, ...) → x: the call left out
UNWRAPPED_FUNCTIONS = {"sqrt", "abs", "exp", "log", "tanh", "sigmoid", "softmax", "reversed", "asarray", "array",
                       "cumsum", "power", "square", "ravel"}
# x.m(...) → x: the method left out
UNWRAPPED_METHODS = {"copy", "astype", "reshape", "ravel", "flatten", "lower", "sum", "max"}
BUILTIN_NAMES = set(dir(builtins))
ARGUMENT_SWAPS = {"dot", "matmul", "outer", "zip"}


@dataclass(frozen=True)
class Mutant:
    exercise: str
    operator: str  # which kind of edit: "operator swap", "statement deleted", ...
    within: str  # the function or method: "Affine.backward"
    line: int  # the edited statement's first line in the reference
    old: str  # the reference's changed line(s), unparsed ("a / b" for several)
    new: str  # the mutant's ("" for a deleted statement)
    source: str = field(repr=False, compare=False)

    @property
    def id(self) -> str:
        key = "\0".join((self.exercise, self.within, self.old, self.new))
        return hashlib.sha1(key.encode()).hexdigest()[:10]

    @property
    def diff(self) -> str:
        return f"{self.within}:{self.line}  - {self.old}  + {self.new or '(deleted)'}"


def _number(node) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _literal(value) -> ast.expr:
    """A number as source writes it: -1 is the unary minus of 1."""
    if type(value) in (int, float) and value < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-value))
    return ast.Constant(value)


def _literal_value(node) -> int | float | None:
    """The value of a number literal (-1 included), else None."""
    if _number(node):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _number(node.operand):
        return -node.operand.value
    return None


def _plus(expr: ast.expr, delta: int) -> ast.expr:
    """expr + delta, folded when expr is an integer constant."""
    if _number(expr):
        return ast.Constant(expr.value + delta)
    return ast.BinOp(copy.deepcopy(expr), ast.Add() if delta > 0 else ast.Sub(), ast.Constant(abs(delta)))


def _negated(expr: ast.expr) -> ast.expr:
    return ast.UnaryOp(ast.USub(), copy.deepcopy(expr))


def _replaced(node: ast.AST, **fields) -> ast.AST:
    new = copy.deepcopy(node)
    for name, value in fields.items():
        setattr(new, name, value)
    return new


# arrays that hold no values yet: −np.zeros(…) is np.zeros(…), −np.empty(…) is overwritten
UNSIGNED_CALLS = {"zeros", "zeros_like", "empty", "empty_like"}


def _signed(value: ast.expr) -> bool:
    """Whether a unary minus in front of `value` can change it (a literal's sign is a constant change)."""
    if isinstance(value, (ast.Constant, ast.List, ast.ListComp, ast.Dict, ast.DictComp, ast.Set, ast.JoinedStr)):
        return False
    if _literal_value(value) is not None:
        return False
    return not (isinstance(value, ast.Call) and _call_name(value) in UNSIGNED_CALLS)


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _constant_values(value) -> list:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, 0]
    return [float(f"{value * 10:.12g}"), float(f"{value / 10:.12g}"), 0.0]  # 1e-06 · 10 is 1e-05, not 9.99…e-06


def edits(node: ast.AST, parent: ast.AST | None) -> list[tuple[str, ast.AST | None]]:
    """(operator, replacement) for every single edit of `node` itself; None deletes a statement."""
    out: list[tuple[str, ast.AST | None]] = []
    if isinstance(node, ast.BinOp):
        swap = BINOP_SWAPS.get(type(node.op))
        if swap:
            out.append(("operator swap", _replaced(node, op=swap())))
        if isinstance(node.op, (ast.Add, ast.Sub)):  # an additive constant removed
            if _number(node.right):
                out.append(("constant removed", copy.deepcopy(node.left)))
            if _number(node.left):
                right = copy.deepcopy(node.right)
                out.append(("constant removed", right if isinstance(node.op, ast.Add) else _negated(right)))
    elif isinstance(node, ast.AugAssign):
        swap = BINOP_SWAPS.get(type(node.op))
        if swap:
            out.append(("operator swap", _replaced(node, op=swap())))
        if isinstance(node.target, (ast.Name, ast.Attribute)):  # x += v → x = x + v: a new array
            target = copy.deepcopy(node.target)
            load = copy.deepcopy(target)
            load.ctx = ast.Load()
            out.append(("in-place write → rebind",
                        ast.Assign([target], ast.BinOp(load, copy.deepcopy(node.op), copy.deepcopy(node.value)))))
        out.append(("sign flip", _replaced(node, value=_negated(node.value))))
    elif isinstance(node, ast.Compare):
        for swap in COMPARE_SWAPS.get(type(node.ops[0]), ()):
            out.append(("operator swap", _replaced(node, ops=[swap()] + node.ops[1:])))
    elif isinstance(node, ast.BoolOp):
        out.append(("operator swap", _replaced(node, op=ast.Or() if isinstance(node.op, ast.And) else ast.And())))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        out.append(("sign flip" if isinstance(node.op, ast.USub) else "condition negated",
                    copy.deepcopy(node.operand)))
        if _number(node.operand):  # a negative literal, -1: changed as one constant
            out += [("constant changed", _literal(value)) for value in _constant_values(-node.operand.value)]
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
        if not (isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub)):
            out += [("constant changed", _literal(value)) for value in _constant_values(node.value)
                    if value != node.value]
    elif isinstance(node, ast.keyword) and node.arg == "axis" and _literal_value(node.value) is not None:
        for value in {0: (1,), 1: (0,)}.get(_literal_value(node.value), (0,)):
            out.append(("axis changed", ast.keyword("axis", _literal(value))))
    elif isinstance(node, ast.keyword) and node.arg == "keepdims" and isinstance(node.value, ast.Constant):
        out.append(("keepdims changed", ast.keyword("keepdims", ast.Constant(not node.value.value))))
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        out.append((".T dropped", copy.deepcopy(node.value)))
    elif isinstance(node, ast.Call):
        name = _call_name(node)
        if name in CALL_SWAPS and (isinstance(node.func, ast.Attribute) or CALL_SWAPS[name] in BUILTIN_NAMES):
            func = copy.deepcopy(node.func)
            setattr(func, "attr" if isinstance(func, ast.Attribute) else "id", CALL_SWAPS[name])
            out.append(("call swapped", _replaced(node, func=func)))
        if name in UNWRAPPED_FUNCTIONS and node.args and not isinstance(node.args[0], ast.Starred):
            out.append(("call removed", copy.deepcopy(node.args[0])))
        if isinstance(node.func, ast.Attribute) and name in UNWRAPPED_METHODS and not (
                isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy")):
            out.append(("call removed", copy.deepcopy(node.func.value)))
        if name in ARGUMENT_SWAPS and len(node.args) >= 2:
            args = copy.deepcopy(node.args)
            args[0], args[1] = args[1], args[0]
            out.append(("arguments swapped", _replaced(node, args=args)))
        for i, kw in enumerate(node.keywords):  # an axis or keepdims left out
            if kw.arg in ("axis", "keepdims"):
                out.append((f"{kw.arg} changed", _replaced(node, keywords=node.keywords[:i] + node.keywords[i + 1:])))
    elif isinstance(node, ast.Slice):
        for bound in ("lower", "upper"):
            expr = getattr(node, bound)
            if expr is not None:
                out.append(("slice shifted", _replaced(node, **{bound: _plus(expr, 1)})))
                out.append(("slice shifted", _replaced(node, **{bound: _plus(expr, -1)})))
                out.append(("slice shifted", _replaced(node, **{bound: None})))
    if isinstance(node, ast.stmt) and not isinstance(node, ast.Pass):
        out.append(("statement deleted", None))
    if isinstance(node, ast.Assign):
        target = node.targets[0]
        if len(node.targets) == 1 and isinstance(target, ast.Subscript):  # x[...] = v → x = v
            base = copy.deepcopy(target.value)
            base.ctx = ast.Store()
            out.append(("in-place write → rebind", _replaced(node, targets=[base])))
    if isinstance(node, (ast.Return, ast.Assign)) and node.value is not None:
        value = node.value
        if isinstance(value, ast.Tuple):
            for i, element in enumerate(value.elts):
                if _signed(element):
                    elts = copy.deepcopy(value.elts)
                    elts[i] = _negated(element)
                    out.append(("sign flip", _replaced(node, value=ast.Tuple(elts, ast.Load()))))
        elif _signed(value):
            out.append(("sign flip", _replaced(node, value=_negated(value))))
    return out


# -- applying them to a reference ---------------------------------------------------


def solution_ranges(source: str) -> list[tuple[int, int]]:
    """(begin, end) line numbers of each `### BEGIN SOLUTION` / `### END SOLUTION` pair."""
    ranges, begin = [], None
    for number, line in enumerate(source.splitlines(), 1):
        if line.strip() == BEGIN:
            begin = number
        elif line.strip() == END and begin is not None:
            ranges.append((begin, number))
            begin = None
    return ranges


def _qualnames(tree: ast.Module) -> dict[ast.AST, str]:
    names: dict[ast.AST, str] = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                name = f"{prefix}.{child.name}" if prefix else child.name
                names[child] = name
                visit(child, name)
            else:
                visit(child, prefix)

    visit(tree, "")
    return names


def _slots(tree: ast.AST) -> list[tuple[ast.AST, ast.AST | None, str | None, int | None]]:
    """(node, parent, field, index) in ast.walk's order, which is the same for a deep copy."""
    slots = [(tree, None, None, None)]
    for node, *_ in slots:  # grows while it is walked: breadth first, as ast.walk
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                slots += [(item, node, name, i) for i, item in enumerate(value) if isinstance(item, ast.AST)]
            elif isinstance(value, ast.AST):
                slots.append((value, node, name, None))
    return slots


def _put(parent: ast.AST, name: str, index: int | None, new: ast.AST) -> None:
    if index is None:
        setattr(parent, name, new)
    else:
        getattr(parent, name)[index] = new


def _changed_lines(old: str, new: str) -> tuple[str, str]:
    a, b = old.splitlines(), new.splitlines()
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += [line.strip() for line in a[i1:i2]]
            added += [line.strip() for line in b[j1:j2]]
    return " / ".join(removed), " / ".join(added)


def generate(exercise: str, source: str) -> list[Mutant]:
    """Every single-edit mutant of the learner's part of `source`, deduplicated, each parsing."""
    tree = ast.parse(source)
    ranges = solution_ranges(source)
    lines = source.splitlines(keepends=True)
    names = _qualnames(tree)
    slots = _slots(tree)
    # the statement and function around every node
    enclosing: dict[int, tuple[ast.stmt | None, str]] = {}
    for node, parent, *_ in slots:
        stmt, where = enclosing.get(id(parent), (None, ""))
        if isinstance(node, ast.stmt):
            stmt = node
        where = names.get(node, where)
        enclosing[id(node)] = (stmt, where)

    # an axis or keepdims is changed as a whole (axis=-1 → 0, removed), never its literal on its own
    axes = {id(sub) for node, *_ in slots if isinstance(node, ast.keyword) and node.arg in ("axis", "keepdims")
            for sub in ast.walk(node.value)}

    def in_solution(stmt):
        return stmt is not None and any(b < stmt.lineno and stmt.end_lineno < e for b, e in ranges)

    seen = {ast.unparse(tree)}
    mutants = []
    position_of = {id(node): i for i, (node, *_) in enumerate(slots)}
    for index, (node, parent, name, position) in enumerate(slots):
        stmt, where = enclosing[id(node)]
        if not in_solution(stmt) or isinstance(node, (ast.FunctionDef, ast.ClassDef)) or id(node) in axes:
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring
        # a statement's own edits (deleted: `pass`, rebound) replace it; an expression's edits sit in its statement
        for operator, replacement in edits(node, parent):
            mutated = copy.deepcopy(tree)
            copied = _slots(mutated)
            _, copy_parent, _, _ = copied[index]
            inserted = copy.deepcopy(replacement) if replacement is not None else ast.Pass()
            _put(copy_parent, name, position, inserted)
            # the statement as it reads in the mutant (unparsed), spliced over the reference's lines;
            # an ancestor of the edited node, so walked (and indexed) before the edit
            new_stmt = inserted if node is stmt else copied[position_of[id(stmt)]][0]
            try:
                ast.fix_missing_locations(mutated)
                key = ast.unparse(mutated)
                new_text = ast.unparse(new_stmt)
                compile(key, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError, RecursionError):
                continue  # does not parse (or cannot be written back as source)
            if key in seen:
                continue
            seen.add(key)
            indent = " " * stmt.col_offset
            spliced = "".join(indent + line + "\n" for line in new_text.splitlines())
            mutant_source = "".join(lines[:stmt.lineno - 1]) + spliced + "".join(lines[stmt.end_lineno:])
            try:
                ast.parse(mutant_source)
            except SyntaxError:
                continue
            old, new = _changed_lines(ast.unparse(stmt), "" if replacement is None and node is stmt else new_text)
            if replacement is None and node is stmt:
                old, new = ast.unparse(stmt).splitlines()[0].strip(), ""
            mutants.append(Mutant(exercise, operator, where, stmt.lineno, old, new, mutant_source))
    return mutants


# -- the equivalents ---------------------------------------------------------------


@dataclass(frozen=True)
class Equivalent:
    exercise: str
    within: str
    old: str
    new: str
    reason: str

    def matches(self, mutant: Mutant) -> bool:
        return (self.exercise, self.within, self.old, self.new) == (
            mutant.exercise, mutant.within, mutant.old, mutant.new)


def load_equivalents(path: Path = EQUIVALENTS) -> list[Equivalent]:
    if not Path(path).exists():
        return []
    entries = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("equivalent", [])
    out = []
    for entry in entries:
        missing = {"exercise", "within", "old", "new", "reason"} - entry.keys()
        if missing or not entry["reason"].strip():
            raise ValueError(f"{path}: an equivalent mutant needs exercise, within, old, new and a reason: {entry}")
        out.append(Equivalent(entry["exercise"], entry["within"], entry["old"], entry["new"], entry["reason"]))
    return out


# -- grading -------------------------------------------------------------------------


@dataclass
class Verdict:
    mutant: Mutant
    killed: bool
    status: str  # the grade's status, or "error: ..." when the grader itself failed
    failing: str = ""  # the first failing check
    equivalent: Equivalent | None = None


_workdir: Path | None = None


def _grade_source(exercise_id: str, module: str, source: str) -> tuple[bool, str, str]:
    """(passed, status, first failing check) of `source` graded as `exercise_id`."""
    global _workdir
    from autograder.grader import grade

    if _workdir is None:
        _workdir = Path(tempfile.mkdtemp(prefix="mutants-"))
    path = _workdir / Path(module).name
    path.write_text(source, encoding="utf-8")
    try:
        result = grade(exercise_id, path, timing=False)
    except Exception as error:  # noqa: BLE001 - the grader's own failure is reported, never hidden
        return False, f"error: {type(error).__name__}: {error}"[:200], ""
    failing = next((c.name for c in result.scored if not c.passed and c.status != "pending"), "")
    return result.passed, result.status, failing


def _init_worker(root: str) -> None:
    sys.path.insert(0, root)
    warnings.simplefilter("ignore")  # a mutant's nan in the grader's arithmetic is its verdict, not news


def grade_mutants(mutants: list[Mutant], equivalents: list[Equivalent], workers: int = MAX_WORKERS,
                  progress=None) -> list[Verdict]:
    """Grade every mutant (in a pool of at most two processes); in the mutants' order."""
    from autograder.catalog import load_catalog

    catalog = load_catalog()
    verdicts: list[Verdict | None] = [None] * len(mutants)
    workers = max(1, min(workers, MAX_WORKERS))

    def record(i, passed, status, failing):
        mutant = mutants[i]
        equivalent = next((e for e in equivalents if e.matches(mutant)), None)
        verdicts[i] = Verdict(mutant, killed=not passed, status=status, failing=failing, equivalent=equivalent)
        if progress:
            progress(verdicts[i])

    if workers == 1:
        for i, mutant in enumerate(mutants):
            record(i, *_grade_source(mutant.exercise, catalog[mutant.exercise].module, mutant.source))
        return verdicts
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(str(ROOT),)) as pool:
        futures = {pool.submit(_grade_source, m.exercise, catalog[m.exercise].module, m.source): i
                   for i, m in enumerate(mutants)}
        for future in as_completed(futures):
            record(futures[future], *future.result())
    return verdicts


@dataclass
class ExerciseScore:
    exercise: str
    generated: int  # distinct mutants
    mutants: int  # graded (all, or the sample)
    killed: int
    equivalent: int
    survived: int
    score: float | None
    survivors: list[dict] = field(default_factory=list)
    equivalents_killed: list[dict] = field(default_factory=list)  # listed as equivalent, yet killed
    errors: list[dict] = field(default_factory=list)


def summarise(exercise: str, generated: int, verdicts: list[Verdict]) -> ExerciseScore:
    killed = [v for v in verdicts if v.killed and not v.status.startswith("error")]
    errors = [v for v in verdicts if v.status.startswith("error")]
    equivalent = [v for v in verdicts if not v.killed and v.equivalent]
    survived = [v for v in verdicts if not v.killed and not v.equivalent]
    relevant = len(verdicts) - len(equivalent) - len(errors)
    return ExerciseScore(
        exercise, generated, len(verdicts), len(killed), len(equivalent), len(survived),
        round(len(killed) / relevant, 4) if relevant else None,
        survivors=[_row(v) for v in survived],
        equivalents_killed=[_row(v) for v in killed if v.equivalent],
        errors=[{**_row(v), "error": v.status} for v in errors])


def _row(v: Verdict) -> dict:
    m = v.mutant
    return {"id": m.id, "operator": m.operator, "within": m.within, "line": m.line, "old": m.old, "new": m.new,
            "failing": v.failing}


# -- the command ---------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exercise", action="append", metavar="ID", help="only this exercise (repeatable)")
    parser.add_argument("--sample", type=int, metavar="N", help="grade at most N mutants per exercise (seeded)")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed (default 0)")
    parser.add_argument("--workers", type=int, default=MAX_WORKERS, help="grading processes (at most 2)")
    parser.add_argument("--equivalents", type=Path, default=EQUIVALENTS, help="the reviewed equivalent mutants")
    parser.add_argument("--target", type=float, help="exit 1 when an exercise scores below this (0.99)")
    parser.add_argument("--json", nargs="?", const="-", metavar="OUT",
                        help="write the results as JSON to OUT (or stdout, and no table)")
    args = parser.parse_args(argv)
    import _common  # one BLAS thread (set before numpy loads); imported here, so tests can import this module

    _common.repo_on_path()
    from autograder.catalog import load_catalog

    catalog = load_catalog()
    ids = args.exercise or catalog.ids
    unknown = [i for i in ids if i not in catalog]
    if unknown:
        parser.error(f"no exercise {', '.join(unknown)} in the catalog")
    equivalents = load_equivalents(args.equivalents)
    out = sys.stdout if args.json != "-" else sys.stderr
    start = time.monotonic()
    scores: list[ExerciseScore] = []
    print(f"mutation score of the grader: {len(ids)} exercise(s), {min(args.workers, MAX_WORKERS)} process(es)"
          + (f", at most {args.sample} mutants per exercise (seed {args.seed})" if args.sample else ""), file=out)
    for exercise_id in ids:
        exercise = catalog[exercise_id]
        mutants = generate(exercise_id, exercise.solution_path.read_text(encoding="utf-8"))
        generated = len(mutants)
        if args.sample and len(mutants) > args.sample:
            mutants = sorted(random.Random(f"{args.seed}:{exercise_id}").sample(mutants, args.sample),
                             key=mutants.index)
        began, done = time.monotonic(), [0]

        def progress(_verdict, total=len(mutants), name=exercise_id):
            done[0] += 1
            if out.isatty():
                print(f"\r  {name}: {done[0]}/{total}", end="", file=out, flush=True)

        verdicts = grade_mutants(mutants, equivalents, args.workers, progress)
        score = summarise(exercise_id, generated, verdicts)
        scores.append(score)
        shown = "—" if score.score is None else f"{score.score:.1%}"
        print(f"\r  {exercise_id:<18} {score.mutants:4d} mutants  {score.killed:4d} killed  "
              f"{score.equivalent:3d} equivalent  {score.survived:3d} survived  {shown:>6}  "
              f"({time.monotonic() - began:.0f} s)", file=out, flush=True)
    elapsed = time.monotonic() - start
    listed = {(e.exercise, e.within, e.old, e.new) for e in equivalents if e.exercise in ids}
    generated_keys = set()
    for exercise_id in ids:
        generated_keys |= {(m.exercise, m.within, m.old, m.new)
                           for m in generate(exercise_id, catalog[exercise_id].solution_path.read_text("utf-8"))}
    stale = sorted(listed - generated_keys)
    total = _total(scores)
    if args.json:
        record = {"machine": _common.machine(), "elapsed_s": round(elapsed, 1), "sample": args.sample, "seed": args.seed,
                  "total": total, "exercises": [asdict(s) for s in scores],
                  "stale_equivalents": [dict(zip(("exercise", "within", "old", "new"), s)) for s in stale]}
        text = json.dumps(record, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    if args.json != "-":
        print_report(scores, total, elapsed, stale)
    below = [s for s in scores if args.target is not None and s.score is not None and s.score < args.target]
    return 1 if below else 0


def _total(scores: list[ExerciseScore]) -> dict:
    mutants = sum(s.mutants for s in scores)
    killed = sum(s.killed for s in scores)
    equivalent = sum(s.equivalent for s in scores)
    errors = sum(len(s.errors) for s in scores)
    relevant = mutants - equivalent - errors
    return {"mutants": mutants, "killed": killed, "equivalent": equivalent,
            "survived": sum(s.survived for s in scores), "errors": errors,
            "score": round(killed / relevant, 4) if relevant else None}


def print_report(scores: list[ExerciseScore], total: dict, elapsed: float, stale: list) -> None:
    print()
    print("| exercise | mutants | killed | equivalent | survived | score |")
    print("|---|---:|---:|---:|---:|---:|")
    for s in scores:
        shown = "—" if s.score is None else f"{s.score:.1%}"
        print(f"| {s.exercise} | {s.mutants} | {s.killed} | {s.equivalent} | {s.survived} | {shown} |")
    shown = "—" if total["score"] is None else f"{total['score']:.1%}"
    print(f"| **all** | {total['mutants']} | {total['killed']} | {total['equivalent']} | {total['survived']} "
          f"| {shown} |")
    print(f"\n{elapsed:.0f} s on {os.cpu_count()} CPUs")
    for s in scores:
        for title, rows in (("survived (blind spots)", s.survivors),
                            ("listed as equivalent but killed (remove the entry)", s.equivalents_killed),
                            ("grader errors", s.errors)):
            if rows:
                print(f"\n{s.exercise}: {title}")
                for row in rows:
                    print(f"  [{row['operator']}] {row['within']}:{row['line']}  - {row['old']}  "
                          f"+ {row['new'] or '(deleted)'}" + (f"  {row['error']}" if "error" in row else ""))
    if stale:
        print("\nequivalent_mutants.toml lists mutants no longer generated (update or remove them):")
        for exercise, within, old, new in stale:
            print(f"  {exercise} {within}  - {old}  + {new}")


if __name__ == "__main__":
    sys.exit(main())
