"""The grader's behavioural test tables: which submission file must get which verdict.

Shared by test_grader_variants.py, test_grader_bugs.py and test_grader_hostile.py.
Each file under tests/submissions/<exercise_id>/ is a complete learner module:
``ok_*`` must pass, ``bad_*`` has exactly one bug, ``evil_*`` attacks the sandbox;
tests/submissions/book/<exercise_id>.py are written in the book's own style.

Grading a file takes ~0.15 s (a child process); `graded` grades a whole table on
two threads (the children run in parallel) and keeps every result for the session,
so the per-case tests and the message-coverage test share one run.
"""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.catalog import Catalog, Probe, load_catalog
from autograder.grader import grade
from autograder.messages import Msg
from autograder.sandbox import Limits

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
CATALOG = load_catalog()
CHAPTER_1 = [ex.id for ex in CATALOG if ex.chapter == 1]

HOSTILE_TIMEOUT = 2.0  # seconds: hostile files are graded with the exercise's timeout lowered to this


@dataclasses.dataclass(frozen=True, eq=False)
class Case:
    """One file, how to grade it, and what the verdict must say.

    check: the name (or its start) of the check that must fail; words: what its English
    message must contain. timeout: lower the exercise's time limit (hostile files).
    sizes: replace the `sizes` of the probes of one symbol, as {"MatMul": [{...}]}.
    passes: True for a hostile file whose code is right (a flood of output, a
    background process): the grader must stay in control and still pass it.
    """

    exercise: str
    file: str
    check: str = ""
    words: tuple[str, ...] = ()
    timeout: float | None = None
    sizes: tuple = ()
    passes: bool = False
    source: Path | None = None  # a file outside tests/submissions (a reference, a stub)

    @property
    def path(self) -> Path:
        return self.source or SUBMISSIONS / self.exercise / self.file

    @property
    def id(self) -> str:
        if self.source:
            return f"{self.source.parent.parent.name}/{self.exercise}"
        return f"{self.exercise}/{self.file[:-3]}"

    def catalog(self) -> Catalog | None:
        if self.timeout is None and not self.sizes:
            return None
        exercise = CATALOG[self.exercise]
        if self.timeout is not None:
            exercise = dataclasses.replace(exercise, timeout=self.timeout)
        if self.sizes:
            override = dict(self.sizes)
            exercise = dataclasses.replace(exercise, probes=tuple(
                Probe(p.kind, p.symbol, {**p.spec, "sizes": override[p.symbol]}) if p.symbol in override else p
                for p in exercise.probes))
        return Catalog([exercise])


def C(exercise, file, check="", *words, **kw) -> Case:
    return Case(exercise, file, check, tuple(words), **kw)


# -- known-bad files: one bug each --------------------------------------------------------

BUGS = [
    # Affine / MatMul
    C("affine", "bad_forward_no_bias.py", "forward: Affine", "Affine.forward(...)", "differs", "worst at"),
    C("affine", "bad_dW_transposed.py", "backward: Affine", "line 41", "transpose of (5, 3)", "(3, 5)"),
    C("affine", "bad_dW_transposed_square.py", "backward: MatMul", "dW is the transpose", ".T",
      sizes=(("MatMul", [{"N": 3, "D": 4, "H": 4}]),)),
    C("affine", "bad_db_not_summed.py", "backward: Affine", "(4, 3)", "(3,)", "sum over the batch axis"),
    C("affine", "bad_db_wrong_axis.py", "backward: Affine", "line 42", "has shape (4,); expected (3,)"),
    C("affine", "bad_db_missing.py", "backward: Affine", "db is all zeros", "missing"),
    C("affine", "bad_dx_sign.py", "backward: Affine", "dx has the wrong sign"),
    C("affine", "bad_dx_transposed.py", "backward: Affine", "dx has shape (5, 4), the transpose of (4, 5)"),
    C("affine", "bad_grads_rebound.py", "conventions: Affine", "grads[0] (dW) was replaced by a new array",
      "self.grads[0][...] = dW"),
    C("affine", "bad_grads_accumulate.py", "conventions: Affine", "backward twice", "different dW", "+="),
    C("affine", "bad_backward_no_return.py", "backward: Affine", "dx is None", "forget to return"),
    C("affine", "bad_backward_raises.py", "backward: Affine", "NameError", "line 42", "np.sum(dy, axis=0)"),
    C("affine", "bad_gradcheck_cached.py", "gradcheck: Affine", "disagrees with the numerical gradient",
      "central difference gives 0"),
    C("affine", "bad_forward_stateful.py", "gradcheck: MatMul", "one shape every time"),
    C("affine", "bad_float32.py", "interface: Affine", "float32", "float64", "hard-code"),
    C("affine", "bad_params_count.py", "interface: Affine", "should hold 2 arrays", "(W, b)", "holds 1"),
    C("affine", "bad_params_shape.py", "interface: Affine", "params[1] (b) has shape (1, 3)", "expected (3,)"),
    C("affine", "bad_params_shape.py", "backward: Affine", "db has shape (1, 3)", "extra axis"),
    C("affine", "bad_params_tuple.py", "interface: Affine", "should be a list", "got tuple"),
    C("affine", "bad_params_tuple.py", "forward: Affine", "fix the interface of Affine first"),
    C("affine", "bad_forward_signature.py", "forward: MatMul", "TypeError", "takes 1 positional argument"),
    C("affine", "bad_wrong_kind.py", "loads", "Affine should be a class", "function"),
    C("affine", "bad_imported.py", "loads", "Affine is imported from another module", "define it in this file"),
    C("sigmoid", "bad_imported.py", "loads", "sigmoid is imported from another module", "define it in this file"),
    C("affine", "bad_unreadable.py", "loads", "cannot be read", "utf-8"),
    C("affine", "bad_unreadable.py", "forward: Affine", "skipped", "see the first check"),
    C("affine", "bad_import_nameerror.py", "loads", "line 25", "class Affine(Layer):", "NameError"),
    C("affine", "bad_loads_several.py", "loads", "did you mean matmul?", "Affine takes (W)", "Affine(W, b)"),
    # Sigmoid
    C("sigmoid", "bad_exp_ratio.py", "forward: sigmoid (inputs around ±1000)", "nan/inf", "overflow"),
    C("sigmoid", "bad_ignores_dout.py", "backward: Sigmoid", "ignores dout"),
    C("sigmoid", "bad_ignores_dout.py", "conventions: Sigmoid", "same as for dout = 1"),
    C("sigmoid", "bad_modifies_dout.py", "conventions: Sigmoid", "changed dout in place"),
    C("sigmoid", "bad_float32_function.py", "forward: sigmoid", "sigmoid(...) is float32", "hard-code"),
    C("sigmoid", "bad_backward_from_input.py", "backward: Sigmoid", "dx differs", "worst at"),
    C("sigmoid", "bad_returns_list.py", "forward: sigmoid", "should be an array of shape (4, 3)", "got 4 values"),
    # softmax and cross-entropy
    C("softmax", "bad_inplace_shift.py", "forward: softmax (a batch of rows)", "changed its argument x in place",
      "x = x - "),
    C("softmax", "bad_inplace_shift.py", "forward: Softmax", "Softmax.forward(...) changed its argument x"),
    C("softmax", "bad_overflow.py", "forward: softmax (logits around 1000)", "nan/inf", "overflow"),
    C("softmax", "bad_ce_not_averaged.py", "forward: cross_entropy_error (class-index labels)",
      "should be a number", "shape (4,)"),
    C("softmax", "bad_ce_sum.py", "forward: cross_entropy_error (class-index labels)", "N = 4", "divide by N"),
    C("softmax", "bad_ce_offset.py", "forward: cross_entropy_error (class-index labels)", "is -0.163967",
      "expected 1.96355"),
    C("softmax", "bad_ce_no_onehot.py", "forward: cross_entropy_error (one-hot labels)", "IndexError", "line 18"),
    C("softmax", "bad_softmax_axis0.py", "forward: softmax (a batch of rows)", "differs", "worst at"),
    # SoftmaxWithLoss
    C("softmax_with_loss", "bad_no_batch_division.py", "backward: SoftmaxWithLoss (class-index labels)",
      "4 × the expected values", "N = 4", "divide by N"),
    C("softmax_with_loss", "bad_no_batch_division.py", "backward: SoftmaxWithLoss (one-hot labels, dout = 2.5)",
      "N = 5"),
    C("softmax_with_loss", "bad_double_division.py", "backward: SoftmaxWithLoss (class-index labels)",
      "1/4", "N = 4", "once too often"),
    C("softmax_with_loss", "bad_ignores_dout.py", "backward: SoftmaxWithLoss (one-hot labels, dout = 2.5)",
      "dout = 2.5", "multiply by dout"),
    C("softmax_with_loss", "bad_ignores_dout.py", "conventions: SoftmaxWithLoss (one-hot labels, dout = 2.5)",
      "ignores dout"),
    C("softmax_with_loss", "bad_no_minus_one.py", "backward: SoftmaxWithLoss (class-index labels)", "differs"),
    # graph nodes
    C("nodes", "bad_mul_swapped.py", "backward: Mul", "dx and dy are swapped"),
    C("nodes", "bad_repeat_not_summed.py", "backward: Repeat", "(7, 8)", "(1, 8)", "added up", "axis 0"),
    C("nodes", "bad_repeat_mean.py", "backward: Repeat", "0.1429 ×", "constant factor"),
    C("nodes", "bad_sum_no_keepdims.py", "forward: Sum", "shape (8,)", "keepdims=True"),
    C("nodes", "bad_sum_no_keepdims.py", "gradcheck: Sum", "shape of dout (1, 8)", "(8,)"),
    C("nodes", "bad_add_one_gradient.py", "backward: Add", "should be 2 values", "got an array of shape (4, 3)"),
    C("nodes", "bad_int_output.py", "interface: Sum", "dtype int64", "floating-point"),
    # optimizers
    C("optimizers", "bad_sgd_rebinds.py", "in place: SGD", "params[0] is a new array", "params[i] -= "),
    C("optimizers", "bad_momentum_sign.py", "update: Momentum", "after update 1", "wrong way", "−1 ×"),
    C("optimizers", "bad_adam_no_bias_correction.py", "update: Adam", "after update 1", "0.6325 ×",
      "bias correction"),
    C("optimizers", "bad_sgd_no_lr.py", "update: SGD", "10 × the expected step", "learning rate"),
    C("optimizers", "bad_sgd_off_by_one.py", "update: SGD", "params[1] did not change"),
    C("optimizers", "bad_adagrad_modifies_grads.py", "in place: AdaGrad", "changed grads[0]"),
    C("optimizers", "bad_momentum_no_state.py", "update: Momentum", "after update 2", "differs"),
    # the two-layer net
    C("two_layer_net", "bad_param_order.py", "interface: TwoLayerNet", "params[1] (b1) has shape (4, 3)",
      "expected (4,)"),
    C("two_layer_net", "bad_never_learns.py", "training: TwoLayerNet", "accuracy 33.3%", "below the 90%",
      "reference 96.0%"),
    C("two_layer_net", "bad_never_learns.py", "backward: TwoLayerNet", "dW1 is all zeros"),
    C("two_layer_net", "bad_grads_copied.py", "training: TwoLayerNet", "accuracy", "below the 90%"),
    C("two_layer_net", "bad_loss_nan.py", "training: TwoLayerNet", "the loss became inf at epoch",
      "wrong gradient sign"),
]

# Checks that, besides the table's, are expected to pass for these files: a bug in one place
# must not be blamed on another (the rebound grad is right in value; SGD's values are right).
ALSO_PASSING = {
    "affine/bad_grads_rebound": ["backward: Affine", "gradcheck: Affine"],
    "affine/bad_grads_accumulate": ["backward: Affine", "gradcheck: Affine"],
    "affine/bad_gradcheck_cached": ["forward: Affine", "backward: Affine", "conventions: Affine"],
    "affine/bad_float32": ["forward: Affine", "backward: Affine"],
    "sigmoid/bad_modifies_dout": ["backward: Sigmoid", "gradcheck: Sigmoid"],
    "optimizers/bad_sgd_rebinds": ["update: SGD"],
    "optimizers/bad_adagrad_modifies_grads": ["update: AdaGrad"],
    "two_layer_net/bad_param_order": ["training: TwoLayerNet (spiral data set, 300 epochs)"],
    "softmax_with_loss/bad_ignores_dout": ["backward: SoftmaxWithLoss (class-index labels)"],
}

# -- hostile files: the verdict comes in bounded time and names the problem -----------------

T = HOSTILE_TIMEOUT
HOSTILE = [
    C("affine", "evil_loop_import.py", "loads", "stopped after 2 s", "loading the file", "infinite loop", timeout=T),
    C("affine", "evil_loop_forward.py", "forward: Affine", "stopped after 2 s", "Affine.forward", timeout=T),
    C("affine", "evil_os_exit.py", "forward: Affine", "exit code 3", "Affine.forward", "os._exit", timeout=T),
    C("affine", "evil_sys_exit_import.py", "loads", "sys.exit()", "line 6", timeout=T),
    C("affine", "evil_sys_exit_forward.py", "forward: MatMul", "MatMul.forward called sys.exit()", "line 17",
      timeout=T),
    C("affine", "evil_segfault.py", "backward: MatMul", "crashed", "SIGSEGV", "MatMul.backward", timeout=T),
    C("affine", "evil_memory_numpy.py", "forward: Affine", "ran out of memory", "line 35", "np.ones(10**11)",
      timeout=T),
    C("affine", "evil_fd_flood_huge.py", "loads", "more output than the grader keeps", "64 MB", "os.write",
      timeout=T),
    C("affine", "evil_fd_flood_sigdfl.py", "loads", "printed more than the grader keeps", "64 MB", timeout=T),
    C("affine", "evil_nan.py", "forward: Affine", "nan/inf", timeout=T),
    C("affine", "evil_syntax.py", "loads", "syntax error on line 10", "def forward(self, x)", "^", timeout=T),
    C("affine", "evil_missing_class.py", "loads", "Affine is not defined", "did you mean affine?", timeout=T),
    C("affine", "evil_constructor.py", "loads", "Affine takes (W)", "Affine(W, b)", timeout=T),
    C("affine", "evil_monkeypatch.py", "forward: Affine", "differs", timeout=T),
    C("affine", "evil_no_results.py", "loads", "could not read the results", timeout=T),
    C("affine", "evil_torch.py", "loads", "line 3", "torch", "may import only numpy", timeout=T),
    C("affine", "evil_reexports_reference.py", "interface: MatMul", "MatMul comes from ch01.affine",
      "the reference of the exercise being graded", timeout=T),
    C("affine", "evil_reexports_via_common.py", "forward: Affine", "Affine comes from ch01.affine",
      "the reference of the exercise being graded", timeout=T),
    C("affine", "evil_input.py", "loads", "waits for input", "line 4", "input(", timeout=T),
    C("affine", "evil_dev_stdin.py", "forward: MatMul", "line 15", "/dev/stdin", "could not convert", timeout=T),
    # right code, hostile behaviour: the grader keeps control and passes them
    C("affine", "evil_print_flood.py", timeout=T, passes=True),
    C("affine", "evil_fd_flood.py", timeout=T, passes=True),
    C("affine", "evil_background.py", timeout=T, passes=True),
]
if Limits().memory_bytes is not None:
    # Filling 2 GB page by page takes ~3 s of kernel time here: the exercise's own 10 s limit.
    # Only where the sandbox limits memory: on the GPU (DLFS2_GPU=1) it does not (CUDA maps
    # more address space than any limit would allow), and this list would eat the machine.
    HOSTILE.append(C("affine", "evil_memory_list.py", "loads", "ran out of memory", "line 6", "hoard.append",
                     timeout=10.0))

# -- correct files -------------------------------------------------------------------

VARIANTS = [Case(p.parent.name, p.name, passes=True) for p in sorted(SUBMISSIONS.glob("*/ok_*.py"))]
BOOK = [Case("book", f"{ex}.py", passes=True) for ex in CHAPTER_1]
SOLUTIONS = [Case(ex, f"{ex}.py", passes=True, source=CATALOG[ex].solution_path) for ex in CHAPTER_1]
STUBS = [Case(ex, f"{ex}.py", source=CATALOG[ex].stub_path) for ex in CHAPTER_1]


def exercise_of(case: Case) -> str:
    return case.file[:-3] if case.exercise == "book" else case.exercise


# -- grading, shared by every test of the session ---------------------------------------------

_results: dict = {}
_lock = threading.Lock()


def _key(case: Case):
    return (str(case.path), case.timeout, repr(case.sizes))


def _grade_one(case: Case):
    result = grade(exercise_of(case), case.path, catalog=case.catalog())
    with _lock:
        _results[_key(case)] = result
    return result


def graded(cases) -> dict:
    """{case: GradeResult} for every case, grading what this session has not graded yet."""
    todo = list({_key(c): c for c in cases if _key(c) not in _results}.values())
    if todo:
        # longest first, so a 10 s hostile case does not start last
        todo.sort(key=lambda c: -(c.timeout or 0))
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(_grade_one, todo))
    return {c: _results[_key(c)] for c in cases}


def result_of(case: Case):
    return graded([case])[case]


def failing_check(result, prefix: str):
    """The first check whose name starts with `prefix` and did not pass."""
    for check in result.checks:
        if check.name.startswith(prefix) and not check.passed:
            return check
    names = [(c.name, c.passed) for c in result.checks]
    raise AssertionError(f"no failing check named {prefix!r}; checks: {names}")


def message_keys(message) -> set[str]:
    """Every template key in a (possibly nested) message."""
    keys = {message.key}
    for value in message.fields.values():
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, Msg):
                keys |= message_keys(v)
    return keys
