"""The grader's behavioural test tables: which submission file must get which verdict.

Shared by test_grader_variants.py, test_grader_bugs.py and test_grader_hostile.py.
Each file under tests/submissions/<exercise_id>/ is a complete learner module:
``ok_*`` must pass, ``bad_*`` has exactly one bug, ``evil_*`` attacks the sandbox;
tests/submissions/book/<exercise_id>.py are written in the book's own style.
Most ``bad_*`` cases are no file but a mutant (MUTANTS, tests/mutants.py): the reference
solution with the bug edited in, built for the session, so they follow the reference.

Grading a file takes ~0.15 s (a child process); `graded` grades a whole table on
two threads (the children run in parallel) and keeps every result for the session,
so the per-case tests and the message-coverage test share one run.
"""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.catalog import Catalog, Probe, load_catalog
from autograder.grader import grade
from autograder.messages import Msg
from autograder.sandbox import Limits
from mutants import Mutant, build

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
CATALOG = load_catalog()
CHAPTER_1 = [ex.id for ex in CATALOG if ex.chapter == 1]

HOSTILE_TIMEOUT = 2.0  # seconds: hostile files are graded with the exercise's timeout lowered to this


@dataclasses.dataclass(frozen=True, eq=False)
class Case:
    """One file, how to grade it, and what the verdict must say.

    check: the name (or its start) of the check that must fail; words: what its English
    message must contain, zh: what its Chinese message must contain. timeout: lower the exercise's time limit (hostile files).
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
    zh: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        if self.source:
            return self.source
        mutant = MUTANT_OF.get((self.exercise, self.file))
        return built_mutant(mutant) if mutant else SUBMISSIONS / self.exercise / self.file

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


def C(exercise, file, check="", *words, zh=(), **kw) -> Case:
    return Case(exercise, file, check, tuple(words), zh=tuple(zh), **kw)


# -- known-bad mutants: the reference solution with one bug edited in ------------------------
#
# Mutant(exercise, name, old, new): the case `name` (BUGS lists it as "<name>.py") is the
# reference of `exercise` with `old` replaced by `new`; within="Class.method" limits the
# edit to that part, a tuple of (old, new) pairs makes several edits. To add the bugs of
# another exercise: a block of Mutant(...) below, and its cases in BUGS.

# bad_loss_nan's own loss layer, in place of the import of the reference's
_LOSS_LAYER_SIGN_FLIPPED = '''

class SoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, t):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        self.t = t.argmax(axis=1) if t.ndim == 2 else t
        n = len(self.t)
        return -np.mean(np.log(self.y[np.arange(n), self.t]))

    def backward(self, dout=1):
        n = len(self.t)
        dx = -self.y.copy()
        dx[np.arange(n), self.t] += 1
        return dx * dout / n
'''

MUTANTS = [
    # correct variants, written as their changes to the reference: they must pass (VARIANTS)
    Mutant("generate", "ok_inverse_cdf", "x = int(np.random.choice(len(p), p=p))",
           "x = int(min(np.searchsorted(np.cumsum(p), np.random.rand()), len(p) - 1))", within="RnnlmGen.generate",
           bug="draws by inverting the cumulative distribution with one uniform number."),
    Mutant("generate", "ok_redraw_skipped", (
        ("            if skip_ids is not None:\n                p[skip_ids] = 0\n                p = p / p.sum()\n", ""),
        ("            x = int(np.random.choice(len(p), p=p))\n",
         "            x = int(np.random.choice(len(p), p=p))\n"
         "            while skip_ids is not None and x in skip_ids:\n"
         "                x = int(np.random.choice(len(p), p=p))\n")), within="RnnlmGen.generate",
        bug="draws again from the same probabilities while the word drawn is in skip_ids."),
    Mutant("rnnlm", "ok_found_by_type", (
        ("TimeAffine(embed_W.T, affine_b)", "TimeAffine(np.transpose(embed_W), affine_b)"),
        ("self.lstm_layers = [self.layers[2], self.layers[4]]",
         "self.lstm_layers = [layer for layer in self.layers if isinstance(layer, TimeLSTM)]"),
        ("self.drop_layers = [self.layers[1], self.layers[3], self.layers[5]]",
         "self.drop_layers = [layer for layer in self.layers if isinstance(layer, TimeDropout)]")),
        bug="the tied weight as np.transpose(embed_W), the dropout and LSTM layers found by type."),
    Mutant("time_layers", "ok_einsum_and_loop", (
        ("np.add.at(dW, self.idx, dout)",
         "for word, row in zip(self.idx.ravel(), dout.reshape(-1, dW.shape[1])):\n            dW[word] += row"),
        ("self.grads[0][...] = np.dot(rx.T, dout)", "self.grads[0][...] = np.einsum('nd,nm->dm', rx, dout)")),
        bug="TimeEmbedding adds each position's row in a Python loop; TimeAffine's dW by einsum."),
    Mutant("simple_rnnlm", "ok_mean_of_list", (
        ("total_loss = 0.0", "losses = []"), ("total_loss += float(loss)", "losses.append(float(loss))"),
        ("return float(np.exp(total_loss / max_iters))", "return float(np.exp(np.mean(losses)))")),
        bug="the perplexity is exp of np.mean over a list of the window losses."),
    # Affine / MatMul
    Mutant("affine", "bad_backward_no_return", "        return dx\n", "", within="Affine.backward",
           bug="Affine.backward forgets to return dx."),
    Mutant("affine", "bad_backward_raises", "np.sum(dout, axis=0)", "np.sum(dy, axis=0)", within="Affine.backward",
           bug="Affine.backward uses an undefined name."),
    Mutant("affine", "bad_dW_transposed", "np.dot(self.x.T, dout)", "np.dot(dout.T, self.x)",
           within="Affine.backward", bug="dW computed as dout^T x (the transpose), written in place."),
    Mutant("affine", "bad_dW_transposed_square", "np.dot(self.x.T, dout)", "np.dot(dout.T, self.x)",
           within="MatMul.backward",
           bug="MatMul's dW computed as dout^T x; graded with square W so the shapes agree."),
    Mutant("affine", "bad_db_missing", "        self.grads[1][...] = np.sum(dout, axis=0)\n", "",
           within="Affine.backward", bug="db is never written (stays zero)."),
    Mutant("affine", "bad_db_not_summed", "np.sum(dout, axis=0)", "dout", within="Affine.backward",
           bug="db = dout, not summed over the batch."),
    Mutant("affine", "bad_db_wrong_axis", "np.sum(dout, axis=0)", "np.sum(dout, axis=1)", within="Affine.backward",
           bug="db summed over axis 1 (the features) instead of axis 0 (the batch)."),
    Mutant("affine", "bad_dx_sign", "dx = np.dot(dout, W.T)", "dx = -np.dot(dout, W.T)", within="Affine.backward",
           bug="dx has the wrong sign."),
    Mutant("affine", "bad_dx_transposed", "np.dot(dout, W.T)", "np.dot(W, dout.T)", within="Affine.backward",
           bug="dx = W dout^T, the transpose of the right shape."),
    Mutant("affine", "noted_float32", "return np.dot(x, W) + b", "return (np.dot(x, W) + b).astype(np.float32)",
           within="Affine.forward", bug="Affine.forward hard-codes float32."),
    Mutant("affine", "bad_forward_no_bias", "np.dot(x, W) + b", "np.dot(x, W)", within="Affine.forward",
           bug="Affine.forward forgets the bias."),
    Mutant("affine", "bad_forward_signature", "def forward(self, x):", "def forward(self):\n        x = self.x",
           within="MatMul.forward", bug="MatMul.forward takes no input."),
    Mutant("affine", "bad_forward_stateful", "return np.dot(x, W)",
           "if not hasattr(self, 'seen'):\n"
           "            self.seen = []\n"
           "        self.seen.append(x.copy())\n"
           "        return np.dot(np.concatenate(self.seen), W)",
           within="MatMul.forward", bug="MatMul.forward keeps a history and returns every input seen so far."),
    Mutant("affine", "bad_grads_accumulate", "self.grads[0][...] = ", "self.grads[0][...] += ",
           within="Affine.backward", bug="the gradient is accumulated (+=) instead of overwritten."),
    Mutant("affine", "bad_grads_rebound", "self.grads[0][...] = ", "self.grads[0] = ", within="Affine.backward",
           bug="the grads slot is rebound (self.grads[0] = dW) instead of written in place."),
    Mutant("affine", "bad_import_nameerror", "class Affine:", "class Affine(Layer):",
           bug="Affine derives from a base class that is never defined (NameError while loading)."),
    Mutant("affine", "bad_imported", "class Affine:",
           "from common.layers import Affine  # noqa: E402\n\n\nclass _Affine:",
           bug="Affine imported from the book's common package instead of written."),
    Mutant("affine", "bad_loads_several", (
        ("class MatMul:", "class matmul:"),
        ("def __init__(self, W, b):", "def __init__(self, W):\n        b = np.zeros(W.shape[1])"),
    ), bug="two interface problems at once: `matmul` misspelt, Affine(W) without b."),
    Mutant("affine", "bad_params_count", (
        ("self.params = [W, b]", "self.params = [W]\n        self.b = b"),
        ("W, b = self.params\n        self.x = x", "W, = self.params\n        b = self.b\n        self.x = x"),
        ("W, b = self.params", "W, = self.params"),  # the one left, in backward
    ), within="Affine", bug="Affine.params holds W only."),
    Mutant("affine", "bad_params_shape", (
        ("self.params = [W, b]", "b = b.reshape(1, -1)\n        self.params = [W, b]"),
        ("np.sum(dout, axis=0)", "np.sum(dout, axis=0, keepdims=True)"),
    ), within="Affine", bug="Affine keeps b as a (1, H) row."),
    Mutant("affine", "bad_params_tuple", (
        ("[W, b]", "(W, b)"),
        ("[np.zeros_like(W), np.zeros_like(b)]", "(np.zeros_like(W), np.zeros_like(b))"),
    ), within="Affine.__init__", bug="params and grads are tuples, not lists."),
    Mutant("affine", "bad_wrong_kind", "class Affine:", "def Affine(W, b):\n    return MatMul(W)\n\n\nclass _Affine:",
           bug="Affine is a function, not a class."),
    # Sigmoid
    Mutant("sigmoid", "bad_backward_from_input", (
        ("self.out = sigmoid(x)", "self.x = x\n        self.out = sigmoid(x)"),
        ("dout * (1.0 - self.out) * self.out", "dout * (1.0 - self.x) * self.x"),
    ), within="Sigmoid", bug="Sigmoid.backward uses y(1 - y) with y = the input x instead of the output."),
    Mutant("sigmoid", "bad_exp_ratio",
           "return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))", "return np.exp(x) / (1 + np.exp(x))",
           within="sigmoid", bug="sigmoid as exp(x) / (1 + exp(x)): inf / inf = nan for large x."),
    Mutant("sigmoid", "noted_float32_function", "return np.exp(",
           "x = x.astype(np.float32)\n    return np.exp(", within="sigmoid",
           bug="sigmoid() hard-codes float32."),
    Mutant("sigmoid", "bad_ignores_dout", "return dout * (1.0 - self.out) * self.out",
           "return (1.0 - self.out) * self.out", within="Sigmoid.backward",
           bug="Sigmoid.backward forgets to multiply by dout."),
    Mutant("sigmoid", "bad_imported", (
        ("from workbench.backend import np", "from numpy import tanh as sigmoid  # noqa: F401\n"
                                             "from workbench.backend import np"),
        ("def sigmoid(x):", "def _sigmoid(x):"),
        ("self.out = sigmoid(x)", "self.out = _sigmoid(x)"),
    ), bug="`sigmoid` taken from elsewhere (numpy's tanh) instead of defined in the file."),
    Mutant("sigmoid", "bad_modifies_dout", "return dout * (1.0 - self.out) * self.out",
           "dout *= (1.0 - self.out) * self.out\n        return dout", within="Sigmoid.backward",
           bug="Sigmoid.backward multiplies dout in place and returns it."),
    Mutant("sigmoid", "bad_returns_list", (
        ("return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))",
         "return (np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))).tolist()"),
        ("self.out = sigmoid(x)", "self.out = np.array(sigmoid(x))"),
    ), bug="sigmoid() returns a Python list."),
    # softmax and cross-entropy
    Mutant("softmax", "bad_ce_no_onehot", "    if t.size == y.size:\n        t = t.argmax(axis=1)\n", "",
           within="cross_entropy_error", bug="cross_entropy_error does not turn one-hot labels into indices."),
    Mutant("softmax", "bad_ce_not_averaged", "-np.sum(np.log(y[np.arange(N), t] + 1e-7)) / N",
           "-np.log(y[np.arange(N), t] + 1e-7)", within="cross_entropy_error",
           bug="cross_entropy_error returns the per-sample losses, not their mean."),
    Mutant("softmax", "bad_ce_offset", "np.log(y[np.arange(N), t] + 1e-7)", "np.log(y[np.arange(N), t] + 1)",
           within="cross_entropy_error",
           bug="cross_entropy_error uses log(y + 1) (a wrong value, not a constant factor)."),
    Mutant("softmax", "bad_ce_sum", "+ 1e-7)) / N", "+ 1e-7))", within="cross_entropy_error",
           bug="cross_entropy_error sums over the batch instead of averaging (loss N times too big)."),
    Mutant("softmax", "bad_inplace_shift", "x = x - x.max(", "x -= x.max(", within="softmax",
           bug="softmax shifts its argument in place (x -= max), changing the caller's array."),
    Mutant("softmax", "bad_overflow", "    x = x - x.max(axis=-1, keepdims=True)\n", "", within="softmax",
           bug="softmax without the max shift: exp overflows for logits ~1000."),
    Mutant("softmax", "bad_softmax_axis0", "axis=-1", "axis=0", count=2, within="softmax",
           bug="softmax normalises over axis 0 (the batch) instead of the classes."),
    Mutant("softmax", "bad_softmax_whole_array", (
        ("x = x - x.max(axis=-1, keepdims=True)", "x = x - np.max(x)"),
        ("return e / e.sum(axis=-1, keepdims=True)", "return e / np.sum(e)"),
    ), within="softmax", bug="softmax written for one vector (one max, one sum over the whole array) on a batch."),
    # SoftmaxWithLoss
    Mutant("softmax_with_loss", "bad_backward_zero", "return dx * dout / N", "return 0",
           bug="backward returns the number 0, not a gradient array."),
    Mutant("softmax_with_loss", "bad_double_division", "return dx * dout / N", "return dx * dout / N / N",
           bug="backward divides by N twice."),
    Mutant("softmax_with_loss", "bad_ignores_dout", "return dx * dout / N", "return dx / N",
           bug="backward ignores dout (right only for the default dout = 1)."),
    Mutant("softmax_with_loss", "bad_no_batch_division", "return dx * dout / N", "return dx * dout",
           bug="backward forgets to divide by the batch size N."),
    Mutant("softmax_with_loss", "bad_unstable_softmax", "self.y = softmax(x)",
           "e = np.exp(x)\n        self.y = e / e.sum(axis=1, keepdims=True)", within="SoftmaxWithLoss.forward",
           bug="its own softmax without the max subtracted: exp overflows for large logits."),
    Mutant("softmax_with_loss", "bad_no_minus_one", "        dx[np.arange(N), self.t] -= 1\n", "",
           bug="backward returns y / N, forgetting to subtract the one-hot t."),
    # graph nodes
    Mutant("nodes", "bad_add_one_gradient", "return dout, dout", "return dout", within="Add.backward",
           bug="Add.backward returns one gradient instead of two."),
    Mutant("nodes", "bad_int_output", "return np.sum(x, axis=0, keepdims=True)",
           "out = np.zeros((1, x.shape[1]), dtype=int)\n"
           "        out[0] = np.sum(x, axis=0)\n"
           "        return out",
           within="Sum.forward", bug="Sum.forward accumulates into an integer array."),
    Mutant("nodes", "bad_mul_swapped", "return dout * self.y, dout * self.x", "return dout * self.x, dout * self.y",
           within="Mul.backward", bug="Mul.backward returns the two gradients swapped."),
    Mutant("nodes", "bad_repeat_mean", "np.sum(dout, ", "np.mean(dout, ", within="Repeat.backward",
           bug="Repeat.backward averages the copies' gradients instead of adding them."),
    Mutant("nodes", "bad_repeat_not_summed", "return np.sum(dout, axis=0, keepdims=True)", "return dout",
           within="Repeat.backward", bug="Repeat.backward passes dout through without summing the copies."),
    Mutant("nodes", "bad_sum_no_keepdims", (
        ("np.sum(x, axis=0, keepdims=True)", "np.sum(x, axis=0)"),
        ("np.repeat(dout, ", "np.repeat(dout.reshape(1, -1), "),
    ), within="Sum", bug="Sum.forward drops the summed axis (no keepdims)."),
    # optimizers
    Mutant("optimizers", "bad_adagrad_modifies_grads", "param -= self.lr * grad / (np.sqrt(h) + 1e-7)",
           "grad /= np.sqrt(h) + 1e-7\n            param -= self.lr * grad", within="AdaGrad.update",
           bug="AdaGrad scales the gradients in place before using them."),
    Mutant("optimizers", "bad_adam_no_bias_correction",
           "lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.iter) / (1 - self.beta1 ** self.iter)", "lr_t = self.lr",
           within="Adam.update", bug="Adam without bias correction."),
    Mutant("optimizers", "bad_momentum_no_state", "if self.v is None:\n            self.v = ", "self.v = ",
           within="Momentum.update", bug="Momentum restarts its velocity at every call."),
    Mutant("optimizers", "bad_momentum_sign", "v -= self.lr * grad", "v += self.lr * grad", within="Momentum.update",
           bug="Momentum adds the gradient (v = a*v + lr*g; W += v)."),
    Mutant("optimizers", "bad_sgd_no_lr", "param -= self.lr * grad", "param -= grad", within="SGD.update",
           bug="SGD forgets the learning rate."),
    Mutant("optimizers", "bad_sgd_off_by_one", (
        ("for param, grad in zip(params, grads):", "for i in range(len(params) - 1):"),
        ("param -= self.lr * grad", "params[i] -= self.lr * grads[i]"),
    ), within="SGD.update", bug="SGD's loop stops one short and never updates the last parameter."),
    Mutant("optimizers", "bad_sgd_rebinds", (
        ("for param, grad in zip(params, grads):", "for i in range(len(params)):"),
        ("param -= self.lr * grad", "params[i] = params[i] - self.lr * grads[i]"),
    ), within="SGD.update", bug="SGD rebinds the list slot (params[i] = params[i] - lr*g): the arrays never change."),
    Mutant("optimizers", "bad_sgd_renamed_lr", "def __init__(self, lr=0.01):\n        self.lr = lr",
           "def __init__(self, learning_rate=0.01):\n        self.lr = learning_rate", within="SGD",
           bug="SGD's parameter renamed learning_rate: the book's ch01/train.py calls SGD(lr=...)."),
    # the two-layer net
    Mutant("two_layer_net", "bad_param_order",
           "self.params, self.grads = [], []\n"
           "        for layer in self.layers:\n"
           "            self.params += layer.params\n"
           "            self.grads += layer.grads",
           "self.params = [self.layers[0].params[0], self.layers[2].params[0], self.layers[0].params[1], "
           "self.layers[2].params[1]]\n"
           "        self.grads = [self.layers[0].grads[0], self.layers[2].grads[0], self.layers[0].grads[1], "
           "self.layers[2].grads[1]]",
           within="TwoLayerNet.__init__", bug="params collected as [W1, W2, b1, b2], not the book's [W1, b1, W2, b2]."),
    Mutant("two_layer_net", "bad_renamed_args", (
        ("def __init__(self, input_size, hidden_size, output_size):", "def __init__(self, in_size, hidden_size, out_size):"),
        ("I, H, O = input_size, hidden_size, output_size", "I, H, O = in_size, hidden_size, out_size"),
    ), within="TwoLayerNet", bug="the constructor's parameters renamed (in_size, out_size): the book's "
                                 "ch01/train.py passes input_size=, output_size= and fails."),
    Mutant("two_layer_net", "bad_never_learns",
           "        for layer in reversed(self.layers):\n            dout = layer.backward(dout)\n", "",
           within="TwoLayerNet.backward",
           bug="backward stops at the loss layer, so the weights' gradients stay zero and nothing is learned."),
    Mutant("two_layer_net", "bad_grads_copied", "self.grads += layer.grads",
           "self.grads += [g.copy() for g in layer.grads]", within="TwoLayerNet.__init__",
           bug="grads collected as copies, so backward's updates never reach the list the trainer reads."),
    Mutant("two_layer_net", "bad_loss_nan", "from ch01.softmax_with_loss import SoftmaxWithLoss\n",
           _LOSS_LAYER_SIGN_FLIPPED,
           bug="its own loss layer has the gradient's sign flipped (y - t became t - y), so training climbs the "
               "loss, and log(y) has no 1e-7: the loss becomes inf."),
    # ch02: preprocess
    Mutant("preprocess", "bad_no_lower", "text.lower().replace", "text.replace",
           bug="the text is not lower-cased, so 'The' and 'the' get two ids."),
    Mutant("preprocess", "bad_period_kept", ".replace('.', ' .')", "",
           bug="the period stays glued to the word before it ('hello.')."),
    Mutant("preprocess", "bad_corpus_list", "np.array([word_to_id[word] for word in words], dtype=int)",
           "[word_to_id[word] for word in words]", bug="corpus is a Python list, not a numpy array."),
    Mutant("preprocess", "bad_corpus_float", "dtype=int)", "dtype=float)", bug="corpus holds floats, not ids."),
    Mutant("preprocess", "bad_period_not_in_id_to_word", "id_to_word[new_id] = word",
           "if word != '.':\n                id_to_word[new_id] = word", bug="the period gets an id but no entry in id_to_word."),
    Mutant("preprocess", "bad_words_capitalised", "id_to_word[new_id] = word", "id_to_word[new_id] = word.capitalize()",
           bug="id_to_word holds the words capitalised."),
    Mutant("preprocess", "bad_adds_unk", "    return corpus, word_to_id, id_to_word",
           "    word_to_id['<unk>'] = len(word_to_id)\n    return corpus, word_to_id, id_to_word",
           bug="word_to_id gets an extra '<unk>' entry."),
    Mutant("preprocess", "bad_id_keys_str", "id_to_word[new_id] = word", "id_to_word[str(new_id)] = word",
           bug="id_to_word is keyed by strings ('0'), not by the ids."),
    # ch02: svd
    Mutant("svd", "bad_rows_of_V", "return U[:, :wordvec_size]", "return V.T[:, :wordvec_size]",
           within="word_vectors_svd", bug="the word vectors are taken from V, not U."),
    Mutant("svd", "bad_no_reorthonormalise", (
        ("Q, _ = np.linalg.qr(M.T @ Q)", "Q = M.T @ Q"),
        ("Q, _ = np.linalg.qr(M @ Q)", "Q = M @ Q"),
    ), within="randomized_svd", bug="power iterations without QR in between: Q is not orthonormal."),
    Mutant("svd", "bad_full_svd", (
        ("U_hat, S, Vt = np.linalg.svd(B, full_matrices=False)", "U, S, Vt = np.linalg.svd(M, full_matrices=False)"),
        ("    U = Q @ U_hat\n", ""),
    ), within="randomized_svd", bug="decomposes the whole M instead of the small B."),
    Mutant("svd", "bad_ascending", "return U[:, :k], S[:k], Vt[:k, :]",
           "return U[:, :k][:, ::-1], S[:k][::-1], Vt[:k, :][::-1]", within="randomized_svd",
           bug="returns the singular values smallest first."),
    Mutant("svd", "bad_U_columns_reversed", "return U[:, :k], S[:k], Vt[:k, :]", "return U[:, :k][:, ::-1], S[:k], Vt[:k, :]",
           within="randomized_svd", bug="U's columns in the reverse order of S's values."),
    Mutant("svd", "bad_no_power_iteration", (
        ("min(k + 10, m, n)", "k"),
        ("for _ in range(n_iter):", "for _ in range(0):"),
    ), within="randomized_svd", bug="no oversampling and no power iterations: a rough basis."),
    Mutant("svd", "bad_no_qr_between", (
        ("Q, _ = np.linalg.qr(M @ Omega)", "Q = M @ Omega"),
        ("Q, _ = np.linalg.qr(M.T @ Q)\n        Q, _ = np.linalg.qr(M @ Q)",
         "Q = M @ (M.T @ Q)\n    Q, _ = np.linalg.qr(Q)"),
    ), within="randomized_svd", bug="the power iterations run without a QR in between (one QR at the end)."),
    Mutant("svd", "bad_global_rng", "rng = np.random.default_rng(seed)", "rng = np.random", within="randomized_svd",
           bug="draws Omega from numpy's global generator, ignoring seed."),
    Mutant("svd", "bad_columns_of_Vt", "return U[:, :wordvec_size]", "return V[:, :wordvec_size]",
           within="word_vectors_svd", bug="the word vectors are the first columns of what np.linalg.svd returns as V (it is Vt)."),
    Mutant("svd", "bad_U_times_S", "return U[:, :wordvec_size]", "return (U * S)[:, :wordvec_size]",
           within="word_vectors_svd", bug="the word vectors are U·S, scaled by the singular values."),
    # ch02: co_matrix
    Mutant("co_matrix", "bad_counts_itself", "range(1, window_size + 1)", "range(window_size + 1)",
           bug="the window starts at distance 0, so every word counts itself as a neighbour."),
    Mutant("co_matrix", "bad_edges_dropped", "corpus[:corpus_size - distance], corpus[distance:]",
           "corpus[1:corpus_size - distance - 1], corpus[distance + 1:corpus_size - 1]",
           bug="the pairs that involve the first or the last word of the corpus are dropped."),
    Mutant("co_matrix", "bad_window_short", "range(1, window_size + 1)", "range(1, window_size)",
           bug="the window stops one short of window_size."),
    # ch02: similarity
    Mutant("similarity", "bad_zero_division", (
        ("x / (np.sqrt(np.sum(x ** 2)) + eps)", "x / np.sqrt(np.sum(x ** 2))"),
        ("y / (np.sqrt(np.sum(y ** 2)) + eps)", "y / np.sqrt(np.sum(y ** 2))"),
    ), within="cos_similarity", bug="cos_similarity divides by the norms without eps: a zero vector gives nan."),
    Mutant("similarity", "bad_unknown_crashes",
           "    if query not in word_to_id:\n        print('%s is not found' % query)\n        return None\n", "",
           within="most_similar", bug="most_similar looks the query up without checking it: KeyError on an unknown word."),
    Mutant("similarity", "bad_unknown_silent", "        print('%s is not found' % query)\n", "",
           within="most_similar", bug="most_similar returns on an unknown word without saying so."),
    Mutant("similarity", "bad_query_included", "        if i == query_id:\n            continue\n", "",
           within="most_similar", bug="most_similar lists the query itself first."),
    # ch02: ppmi
    Mutant("ppmi", "bad_natural_log", "np.log2(ratio + eps)", "np.log(ratio + eps)",
           bug="PMI with the natural log instead of log2."),
    Mutant("ppmi", "bad_log10", "np.log2(ratio + eps)", "np.log10(ratio + eps)", bug="PMI with log10 instead of log2."),
    Mutant("ppmi", "bad_not_clamped", "return np.maximum(0, pmi)", "return pmi",
           bug="PMI is returned as it is, not clamped at zero."),
    Mutant("ppmi", "noted_eps_outside_log", "np.log2(ratio + eps)", "np.log2(ratio) + eps",
           bug="eps added after the log: log2 of a zero count is -inf until max(0, .) hides it."),
    Mutant("ppmi", "bad_zero_row_nan", "C * N / np.where(expected > 0, expected, 1.0)", "C * N / expected",
           bug="a word with no co-occurrences divides 0 by 0: nan."),
    # ch03: simple_cbow
    Mutant("simple_cbow", "bad_no_half", "dh = self.out_layer.backward(ds) * 0.5", "dh = self.out_layer.backward(ds)",
           within="SimpleCBOW.backward", bug="backward forgets the 0.5 of the average."),
    Mutant("simple_cbow", "bad_copies_W_in", "self.in_layer1 = MatMul(W_in)", "self.in_layer1 = MatMul(W_in.copy())",
           within="SimpleCBOW.__init__", bug="the second context layer gets a copy of W_in: nothing is shared."),
    Mutant("simple_cbow", "bad_one_context_backward", "        self.in_layer1.backward(dh)\n", "",
           within="SimpleCBOW.backward", bug="backward skips the second context layer."),
    Mutant("simple_cbow", "bad_tied_output", "W_out = 0.01 * np.random.randn(H, V)", "W_out = W_in.T",
           within="SimpleCBOW.__init__", bug="W_out is tied to W_in (a transposed view), which the model does not do."),
    Mutant("simple_cbow", "bad_word_vecs_copy", "self.word_vecs = W_in", "self.word_vecs = W_in.copy()",
           within="SimpleCBOW.__init__", bug="word_vecs is a copy of W_in, so it never sees the training."),
    # ch04: embedding
    Mutant("embedding", "bad_overwrites_repeats", "np.add.at(dW, self.idx, dout)", "dW[self.idx] = dout",
           within="Embedding.backward", bug="dW[idx] = dout: a repeated id keeps only its last position's gradient."),
    Mutant("embedding", "bad_fancy_add", "np.add.at(dW, self.idx, dout)", "dW[self.idx] += dout",
           within="Embedding.backward", bug="dW[idx] += dout: fancy indexing adds a repeated id once, not per position."),
    Mutant("embedding", "bad_not_zeroed", "        dW[...] = 0\n", "", within="Embedding.backward",
           bug="dW is never zeroed, so every backward adds to the last one's gradient."),
    Mutant("embedding", "bad_ids_shifted", "return W[idx]", "return W[idx - 1]", within="Embedding.forward",
           bug="forward picks the row before each id's."),
    Mutant("embedding", "bad_no_grads", "self.grads = [np.zeros_like(W)]", "self.grads = []", within="Embedding.__init__",
           bug="grads is an empty list."),
    # ch04: embedding_dot
    Mutant("embedding_dot", "bad_overwrites_repeats", "self.embed.backward(dout * h)",
           "self.grads[0][...] = 0\n        self.grads[0][self.embed.idx] = dout * h", within="EmbeddingDot.backward",
           bug="writes the picked rows' gradient with fancy indexing: a repeated id keeps one row's share."),
    Mutant("embedding_dot", "bad_dh_from_h", "return dout * target_W", "return dout * h", within="EmbeddingDot.backward",
           bug="dh is dout times h instead of dout times the picked rows of W."),
    Mutant("embedding_dot", "bad_sum_axis0", "np.sum(target_W * h, axis=1)", "np.sum(target_W * h, axis=0)",
           within="EmbeddingDot.forward", bug="the dot products are summed over the batch instead of over each row."),
    Mutant("embedding_dot", "bad_no_params", "self.params = self.embed.params", "self.params = []",
           within="EmbeddingDot.__init__", bug="params is an empty list instead of the Embedding's."),
    # ch03: contexts_target
    Mutant("contexts_target", "bad_target_in_contexts", "if d != 0", "", within="create_contexts_target",
           bug="the target itself is taken among its contexts."),
    Mutant("contexts_target", "bad_window_ignored", "for d in range(-window_size, window_size + 1) if d != 0",
           "for d in (-1, 1)", within="create_contexts_target", bug="the contexts are the two neighbours whatever the window."),
    Mutant("contexts_target", "bad_right_first", "if d != 0])", "if d != 0][::-1])", within="create_contexts_target",
           bug="the contexts run right to left."),
    Mutant("contexts_target", "bad_target_shifted", "target = corpus[positions]", "target = corpus[positions - 1]",
           within="create_contexts_target", bug="each target is the word before the right one."),
    Mutant("contexts_target", "bad_one_hot_1d_only", "return np.eye(vocab_size, dtype=np.int32)[corpus]",
           "one_hot = np.zeros((corpus.shape[0], vocab_size), dtype=np.int32)\n"
           "    one_hot[np.arange(corpus.shape[0]), corpus] = 1\n    return one_hot",
           within="convert_one_hot", bug="convert_one_hot handles only 1-D ids."),
    Mutant("contexts_target", "bad_one_hot_float", "np.eye(vocab_size, dtype=np.int32)", "np.eye(vocab_size)",
           within="convert_one_hot", bug="the one-hot arrays are float64, not integers."),
    # ch03: simple_skip_gram
    Mutant("simple_skip_gram", "bad_mean_loss", (
        ("return l1 + l2", "return (l1 + l2) / 2"),
        ("ds = self.loss_layer1.backward(dout) + self.loss_layer2.backward(dout)",
         "ds = (self.loss_layer1.backward(dout) + self.loss_layer2.backward(dout)) / 2"),
    ), within="SimpleSkipGram", bug="the loss is the mean of the two context losses, not their sum."),
    Mutant("simple_skip_gram", "bad_mean_forward_only", "return l1 + l2", "return (l1 + l2) / 2",
           within="SimpleSkipGram.forward", bug="forward returns the mean of the losses while backward sums them."),
    Mutant("simple_skip_gram", "bad_one_loss_backward",
           "ds = self.loss_layer1.backward(dout) + self.loss_layer2.backward(dout)",
           "ds = self.loss_layer1.backward(dout)", within="SimpleSkipGram.backward",
           bug="backward sends only the first context's loss back."),
    Mutant("simple_skip_gram", "bad_one_loss_layer", "self.loss_layer2 = SoftmaxWithLoss()",
           "self.loss_layer2 = self.loss_layer1", within="SimpleSkipGram.__init__",
           bug="one loss layer serves both positions: backward sees only the second position's labels."),
    Mutant("simple_skip_gram", "bad_params_in_only", "for layer in (self.in_layer, self.out_layer):",
           "for layer in (self.in_layer,):", within="SimpleSkipGram.__init__", bug="params and grads hold W_in only."),
    Mutant("simple_skip_gram", "bad_word_vecs_copy", "self.word_vecs = W_in", "self.word_vecs = W_in.copy()",
           within="SimpleSkipGram.__init__", bug="word_vecs is a copy of W_in, so it never sees the training."),
    # ch04: unigram_sampler
    Mutant("unigram_sampler", "bad_power_ignored", "np.power(counts.astype(float), power)", "counts.astype(float)",
           bug="the counts are not raised to the power 0.75."),
    Mutant("unigram_sampler", "bad_target_not_excluded", "excluded = target.reshape(N, 1)",
           "excluded = np.full((N, 1), -1)", bug="the target is never excluded from its row."),
    Mutant("unigram_sampler", "bad_with_replacement",
           "            excluded = np.concatenate([excluded, sample[:, j:j + 1]], axis=1)\n", "",
           bug="earlier picks are not excluded: a row can draw a word twice."),
    Mutant("unigram_sampler", "bad_ids_shifted", "self.cdf = np.cumsum(self.word_p)",
           "self.cdf = np.cumsum(np.roll(self.word_p, 1))",
           bug="the cumulative sum is off by one word: each word is drawn with its neighbour's probability."),
    Mutant("unigram_sampler", "bad_ids_from_one", "sample[todo, j] = draw", "sample[todo, j] = draw + 1",
           bug="word ids counted from 1."),
    Mutant("unigram_sampler", "bad_float_ids", "dtype=int)", "dtype=float)", bug="the samples are floats."),
    # ch04: negative_sampling
    Mutant("negative_sampling", "bad_labels_swapped", (
        ("forward(score, np.ones(batch_size", "forward(score, np.zeros(batch_size"),
        ("negative_label = np.zeros(", "negative_label = np.ones("),
    ), bug="the target is labelled 0 and the negatives 1."),
    Mutant("negative_sampling", "bad_negatives_not_added", "loss += self.loss_layers[1 + i]",
           "self.loss_layers[1 + i]", bug="the negatives' losses are computed but not added to the loss."),
    Mutant("negative_sampling", "bad_copies_W", "self.embed_dot_layers = [EmbeddingDot(W) for",
           "self.embed_dot_layers = [EmbeddingDot(W.copy()) for", bug="every score layer gets its own copy of W."),
    Mutant("negative_sampling", "bad_dh_last_branch", "dh += embed_dot.backward(dscore)",
           "dh = embed_dot.backward(dscore)", bug="dh is the last branch's alone, not the sum over the branches."),
    # ch04: cbow
    Mutant("cbow", "bad_h_sum", "        h = h / len(self.in_layers)\n", "", within="CBOW.forward",
           bug="h is the sum of the context vectors, not their mean."),
    Mutant("cbow", "bad_one_context_backward", "for layer in self.in_layers:", "for layer in self.in_layers[:1]:",
           within="CBOW.backward", bug="backward reaches the first context position only: the W_in uses do not add up."),
    Mutant("cbow", "bad_copies_W_in", "self.in_layers = [Embedding(W_in) for", "self.in_layers = [Embedding(W_in.copy()) for",
           within="CBOW.__init__", bug="every context position gets its own copy of W_in."),
    Mutant("cbow", "bad_no_mean_backward", "dh = self.ns_loss.backward(dout) / len(self.in_layers)",
           "dh = self.ns_loss.backward(dout)", within="CBOW.backward", bug="backward forgets the 1/2w of the mean."),
    Mutant("cbow", "bad_word_vecs_copy", "self.word_vecs = W_in", "self.word_vecs = W_in.copy()",
           within="CBOW.__init__", bug="word_vecs is a copy of W_in, so it never sees the training."),
    Mutant("cbow", "bad_no_backward", "        dh = self.ns_loss.backward(dout) / len(self.in_layers)\n",
           "        return None\n", within="CBOW.backward", bug="backward does nothing: the model cannot learn."),
    Mutant("cbow", "bad_skip_gram_last_only", "loss += layer.forward(h, contexts[:, i])",
           "loss = layer.forward(h, contexts[:, i])", within="SkipGram.forward",
           bug="the skip-gram loss is the last context position's alone."),
    Mutant("cbow", "bad_skip_gram_mean", "        return loss\n", "        return loss / len(self.loss_layers)\n",
           within="SkipGram.forward", bug="the skip-gram loss is averaged over the context positions, not summed."),
    Mutant("cbow", "bad_skip_gram_dh_last", "dh += layer.backward(dout)", "dh = layer.backward(dout)",
           within="SkipGram.backward", bug="dh is the last context position's alone, not the sum."),
    # ch05: time_layers
    Mutant("time_layers", "bad_embed_overwrites_repeats", "np.add.at(dW, self.idx, dout)", "dW[self.idx] = dout",
           within="TimeEmbedding.backward", bug="dW[xs] = dout: a repeated id keeps only one position's gradient."),
    Mutant("time_layers", "bad_embed_not_zeroed", "        dW[...] = 0\n", "", within="TimeEmbedding.backward",
           bug="dW is never zeroed, so every backward adds to the last one's gradient."),
    Mutant("time_layers", "bad_embed_no_grads", "self.grads = [np.zeros_like(W)]", "self.grads = []",
           within="TimeEmbedding.__init__", bug="TimeEmbedding's grads is an empty list."),
    Mutant("time_layers", "bad_affine_grads_last_step", (
        ("np.dot(rx.T, dout)", "np.dot(self.x[:, -1].T, dout.reshape(N, T, -1)[:, -1])"),
        ("np.sum(dout, axis=0)", "np.sum(dout.reshape(N, T, -1)[:, -1], axis=0)"),
    ), within="TimeAffine.backward", bug="dW and db take the last time step's share only, not the sum over time."),
    Mutant("time_layers", "bad_affine_dx_flat", "return np.dot(dout, W.T).reshape(N, T, D)",
           "return np.dot(dout, W.T)", within="TimeAffine.backward",
           bug="dx is returned as (N*T, D), not shaped back to (N, T, D)."),
    Mutant("time_layers", "bad_affine_time_batch_mixed", "np.dot(x.reshape(N * T, D), W)",
           "np.dot(x.transpose(1, 0, 2).reshape(N * T, D), W)", within="TimeAffine.forward",
           bug="forward flattens x time-major, then shapes the rows back batch-major: steps and rows mixed."),
    Mutant("time_layers", "bad_loss_over_all_positions", "count = max(int(mask.sum()), 1)", "count = N * T",
           within="TimeSoftmaxWithLoss.forward",
           bug="the loss and its gradient are averaged over all N*T positions, masked ones included."),
    Mutant("time_layers", "bad_loss_not_masked", "ls = log_ys * mask", "ls = log_ys",
           within="TimeSoftmaxWithLoss.forward", bug="the masked positions' terms are added to the loss."),
    Mutant("time_layers", "bad_plain_mean", (
        ("ls = log_ys * mask", "ls = log_ys"),
        ("count = max(int(mask.sum()), 1)", "count = N * T"),
    ), within="TimeSoftmaxWithLoss.forward", bug="the loss is the plain mean over all N*T positions: no mask at all."),
    Mutant("time_layers", "bad_grad_not_masked", "dx *= dout * mask[:, None] / count", "dx *= dout / count",
           within="TimeSoftmaxWithLoss.backward", bug="the masked positions are given a gradient."),
    Mutant("time_layers", "bad_backward_over_all_positions", "dx *= dout * mask[:, None] / count",
           "dx *= dout * mask[:, None] / (N * T)", within="TimeSoftmaxWithLoss.backward",
           bug="backward divides by N*T while forward divides by the unmasked count."),
    Mutant("time_layers", "bad_ignores_dout", "dx *= dout * mask[:, None] / count", "dx *= mask[:, None] / count",
           within="TimeSoftmaxWithLoss.backward", bug="backward forgets to multiply by dout."),
    Mutant("time_layers", "bad_shift_by_row_min", "xs - xs.max(axis=1, keepdims=True)",
           "xs - xs.min(axis=1, keepdims=True)", bug="the softmax is shifted by the row minimum: exp overflows."),
    Mutant("time_layers", "bad_shift_by_batch_max", "xs - xs.max(axis=1, keepdims=True)", "xs - xs.max()",
           bug="the softmax is shifted by one maximum of the whole batch: a row far below it underflows."),
    Mutant("time_layers", "bad_rows_built_once", (
        ("log_ys = shifted[np.arange(N * T), ts]",
         "if getattr(self, 'rows', None) is None:\n            self.rows = np.arange(N * T)\n"
         "        log_ys = shifted[self.rows, ts]"),
        ("dx[np.arange(N * T), ts] -= 1", "dx[self.rows, ts] -= 1"),
    ), within="TimeSoftmaxWithLoss",
           bug="the row indices are built on the first forward and kept: another T no longer fits them."),
    # ch06: clip_grads
    Mutant("clip_grads", "bad_rebinds", "for grad in grads:\n            grad *= rate",
           "for i in range(len(grads)):\n            grads[i] = grads[i] * rate",
           bug="rebinds the list's slots instead of scaling the arrays."),
    Mutant("clip_grads", "bad_no_sqrt", "np.sqrt(sum(np.sum(grad ** 2) for grad in grads))",
           "sum(np.sum(grad ** 2) for grad in grads)", bug="the norm is not square-rooted."),
    Mutant("clip_grads", "bad_norm_per_array", (
        ("total_norm = np.sqrt(sum(np.sum(grad ** 2) for grad in grads))\n    rate = max_norm / (total_norm + 1e-6)\n"
         "    if rate < 1:\n        for grad in grads:\n            grad *= rate",
         "for grad in grads:\n        rate = max_norm / (np.sqrt(np.sum(grad ** 2)) + 1e-6)\n"
         "        if rate < 1:\n            grad *= rate"),
    ), bug="clips each array by its own norm instead of the norm of all the gradients together."),
    Mutant("simple_cbow", "bad_shared_sum_in_both", "        self.in_layer0.backward(dh)\n",
           "        self.in_layer0.backward(dh)\n        both = self.grads[0] + self.grads[1]\n"
           "        self.grads[0][...] = both\n        self.grads[1][...] = both\n",
           within="SimpleCBOW.backward", bug="writes the sum of both context gradients into both W_in slots."),
    Mutant("clip_grads", "bad_always_scales", "if rate < 1:", "if True:", bug="scales up as well as down."),
    Mutant("clip_grads", "bad_new_list", "for grad in grads:\n            grad *= rate",
           "grads = [grad * rate for grad in grads]", bug="builds a new list, which never reaches the caller."),
    # ch05: rnn
    Mutant("rnn", "bad_tanh_derivative", "dt = dh_next * (1 - h_next ** 2)", "dt = dh_next * (1 - h_next)",
           within="RNN.backward", bug="tanh's derivative is taken as 1 - h instead of 1 - h**2."),
    Mutant("rnn", "bad_no_tanh", "h_next = np.tanh(t)", "h_next = t", within="RNN.forward",
           bug="forward leaves out the tanh."),
    Mutant("rnn", "bad_dh_prev_skips_tanh", "dh_prev = np.dot(dt, Wh.T)", "dh_prev = np.dot(dh_next, Wh.T)",
           within="RNN.backward", bug="dh_prev is computed from dh_next, not through tanh's derivative."),
    Mutant("rnn", "bad_grads_rebound", "self.grads[1][...] = np.dot(h_prev.T, dt)",
           "self.grads[1] = np.dot(h_prev.T, dt)", within="RNN.backward",
           bug="dWh is a new array bound into grads instead of written into the old one."),
    # ch05: time_rnn
    Mutant("time_rnn", "bad_dh_not_carried", "layer.backward(dhs[:, t, :] + dh)", "layer.backward(dhs[:, t, :])",
           within="TimeRNN.backward", bug="dh from step t+1 is not added to step t's upstream gradient."),
    Mutant("time_rnn", "bad_h_not_passed_on", "self.h = layer.forward(xs[:, t, :], self.h)\n            hs[:, t, :] = self.h",
           "hs[:, t, :] = layer.forward(xs[:, t, :], self.h)", within="TimeRNN.forward",
           bug="each step's h goes into hs but not on to the next step: every step starts from the first h."),
    Mutant("time_rnn", "bad_not_stateful", "if not self.stateful or self.h is None:", "if True:",
           within="TimeRNN.forward", bug="h starts from zeros on every call, stateful or not."),
    Mutant("time_rnn", "bad_stateful_ignored", "self.stateful = stateful", "self.stateful = False",
           within="TimeRNN.__init__", bug="the stateful argument is ignored: h starts from zeros on every call."),
    Mutant("time_rnn", "bad_always_stateful", "if not self.stateful or self.h is None:", "if self.h is None:",
           within="TimeRNN.forward", bug="h is carried over between calls even when the layer is not stateful."),
    Mutant("time_rnn", "bad_grads_last_step", "total += grad", "total[...] = grad", within="TimeRNN.backward",
           bug="the grads keep only one time step's share instead of the sum over time."),
    Mutant("time_rnn", "bad_no_dh", "        self.dh = dh\n", "", within="TimeRNN.backward",
           bug="self.dh is never set."),
    Mutant("time_rnn", "bad_reset_noop", "self.h = None", "pass", within="TimeRNN.reset_state",
           bug="reset_state keeps the state."),
    Mutant("time_rnn", "bad_set_state_noop", "self.h = h", "pass", within="TimeRNN.set_state",
           bug="set_state ignores the state it is given."),
    Mutant("time_rnn", "bad_cells_built_once", (
        ("self.layers = []\n        for t in range(T):\n            layer = RNN(*self.params)",
         "if self.layers is None:\n            self.layers = [RNN(*self.params) for _ in range(T)]\n"
         "        for t in range(T):\n            layer = self.layers[t]"),
        ("            self.layers.append(layer)\n", ""),
    ), within="TimeRNN.forward",
           bug="the T cells are built on the first forward and reused: a later, longer sequence raises IndexError."),
    # ch06: lstm
    Mutant("lstm", "bad_backward_constants", "return dx, dh_prev, dc_prev", "return 0, 0, 0", within="LSTM.backward",
           bug="backward returns constants and writes no gradient: a right forward with a do-nothing backward."),
    Mutant("lstm", "bad_input_gate", "di = ds * g * i * (1 - i)", "di = ds * g * (1 - i)", within="LSTM.backward",
           bug="the input gate's sigmoid derivative lacks the factor i."),
    Mutant("lstm", "bad_output_gate", "do = dh_next * tanh_c_next * o * (1 - o)", "do = dh_next * tanh_c_next",
           within="LSTM.backward", bug="the output gate's gradient skips the sigmoid derivative."),
    Mutant("lstm", "bad_dc_prev", "dc_prev = ds * f", "dc_prev = dc_next * f", within="LSTM.backward",
           bug="dc_prev ignores the path through h."),
    Mutant("lstm", "bad_gate_order", "for k in (0, 2, 3)", "for k in (2, 0, 3)",
           within="LSTM.forward", bug="reads f and i from each other's columns (not the book's f, g, i, o layout)."),
    Mutant("lstm", "bad_pytorch_gate_order", (
        ("for k in (0, 2, 3)", "for k in (1, 0, 3)"),
        ("g = np.tanh(A[:, H:2 * H])", "g = np.tanh(A[:, 2 * H:3 * H])"),
        ("np.hstack((df, dg, di, do))", "np.hstack((di, df, dg, do))"),
    ), within="LSTM", bug="the gates in PyTorch's order i, f, g, o instead of the book's f, g, i, o."),
    Mutant("lstm", "bad_ds_without_dh", "ds = dc_next + (dh_next * o) * (1 - tanh_c_next ** 2)", "ds = dc_next",
           within="LSTM.backward", bug="ds forgets the path from h_next through tanh(c_next)."),
    # ch06: time_lstm
    Mutant("time_lstm", "bad_dh_not_carried", "layer.backward(dhs[:, t, :] + dh, dc)", "layer.backward(dhs[:, t, :], dc)",
           within="TimeLSTM.backward", bug="dh from step t+1 is not added to step t's upstream gradient."),
    Mutant("time_lstm", "bad_dc_not_carried", "dx, dh, dc = layer.backward(dhs[:, t, :] + dh, dc)",
           "dx, dh, _ = layer.backward(dhs[:, t, :] + dh, 0)", within="TimeLSTM.backward",
           bug="dc is not carried back from step t+1."),
    Mutant("time_lstm", "bad_not_stateful", "if not self.stateful or self.h is None:", "if True:",
           within="TimeLSTM.forward", bug="h starts from zeros on every call, stateful or not."),
    Mutant("time_lstm", "bad_c_not_kept", "if not self.stateful or self.c is None:", "if True:",
           within="TimeLSTM.forward", bug="c starts from zeros on every call, stateful or not."),
    Mutant("time_lstm", "bad_stateful_ignored", "self.stateful = stateful", "self.stateful = False",
           within="TimeLSTM.__init__", bug="the stateful argument is ignored: h and c start from zeros on every call."),
    Mutant("time_lstm", "bad_grads_last_step", "total += grad", "total[...] = grad", within="TimeLSTM.backward",
           bug="the grads keep only one time step's share instead of the sum over time."),
    Mutant("time_lstm", "bad_no_dh", "        self.dh = dh\n", "", within="TimeLSTM.backward",
           bug="self.dh is never set."),
    Mutant("time_lstm", "bad_reset_noop", "self.h, self.c = None, None", "pass", within="TimeLSTM.reset_state",
           bug="reset_state keeps the state."),
    Mutant("time_lstm", "bad_cells_built_once", (
        ("self.layers = []\n        for t in range(T):\n            layer = LSTM(*self.params)",
         "if self.layers is None:\n            self.layers = [LSTM(*self.params) for _ in range(T)]\n"
         "        for t in range(T):\n            layer = self.layers[t]"),
        ("            self.layers.append(layer)\n", ""),
    ), within="TimeLSTM.forward",
           bug="the T cells are built on the first forward and reused: a later, longer sequence raises IndexError."),
    # ch06: time_dropout
    Mutant("time_dropout", "bad_mask_built_once",
           "        keep = np.random.rand(*xs.shape) > self.dropout_ratio\n"
           "        self.mask = keep.astype(xs.dtype) * (1.0 / (1.0 - self.dropout_ratio))\n",
           "        if self.mask is None:\n"
           "            keep = np.random.rand(*xs.shape) > self.dropout_ratio\n"
           "            self.mask = keep.astype(xs.dtype) * (1.0 / (1.0 - self.dropout_ratio))\n",
           within="TimeDropout.forward",
           bug="the mask is drawn on the first forward and reused: another sequence length cannot be multiplied."),
    Mutant("time_dropout", "bad_train_flg_inverted", "if not self.train_flg:", "if self.train_flg:",
           within="TimeDropout.forward", bug="drops at inference and passes everything in training."),
    Mutant("time_dropout", "bad_scale_inverted", "(1.0 / (1.0 - self.dropout_ratio))", "(1.0 - self.dropout_ratio)",
           within="TimeDropout.forward", bug="scales the kept values by 1 - p instead of 1/(1 - p)."),
    Mutant("time_dropout", "bad_not_scaled", "keep.astype(xs.dtype) * (1.0 / (1.0 - self.dropout_ratio))",
           "keep.astype(xs.dtype)", within="TimeDropout.forward", bug="the kept values are not scaled by 1/(1-p)."),
    Mutant("time_dropout", "bad_rate_flipped", "> self.dropout_ratio", "> 1.0 - self.dropout_ratio",
           within="TimeDropout.forward", bug="keeps with probability p instead of 1 - p."),
    Mutant("time_dropout", "bad_backward_new_mask", "return dout * self.mask",
           "return dout * (np.random.rand(*dout.shape) > self.dropout_ratio) / (1.0 - self.dropout_ratio)",
           within="TimeDropout.backward", bug="backward draws a new mask."),
    Mutant("time_dropout", "bad_drops_at_inference", "        if not self.train_flg:\n            return xs\n", "",
           within="TimeDropout.forward", bug="drops at inference too (train_flg ignored)."),
    Mutant("time_dropout", "bad_modifies_input", "return xs * self.mask", "xs *= self.mask\n        return xs",
           within="TimeDropout.forward", bug="multiplies the input in place."),
    # ch05: simple_rnnlm
    Mutant("simple_rnnlm", "bad_not_stateful", "TimeRNN(rnn_Wx, rnn_Wh, rnn_b, stateful=True)",
           "TimeRNN(rnn_Wx, rnn_Wh, rnn_b)", bug="the RNN forgets its hidden state between calls."),
    Mutant("simple_rnnlm", "bad_reset_noop", "        self.rnn_layer.reset_state()\n", "        pass\n",
           within="SimpleRnnlm.reset_state", bug="reset_state keeps the hidden state."),
    Mutant("simple_rnnlm", "bad_backward_skips_rnn", "for layer in reversed(self.layers):",
           "for layer in reversed(self.layers[::2]):", within="SimpleRnnlm.backward",
           bug="backward skips the RNN layer, so its weights get no gradient."),
    Mutant("simple_rnnlm", "bad_ppl_no_exp", "return float(np.exp(total_loss / max_iters))",
           "return float(total_loss / max_iters)", bug="the perplexity is the mean loss, without exp."),
    Mutant("simple_rnnlm", "bad_ppl_of_sum", "return float(np.exp(total_loss / max_iters))",
           "return float(np.exp(total_loss))", bug="the perplexity is exp of the summed loss."),
    Mutant("simple_rnnlm", "bad_ppl_targets_same_word", "corpus[(positions + 1) % corpus_size]",
           "corpus[positions % corpus_size]", bug="the targets are the input words, not the next ones."),
    Mutant("simple_rnnlm", "bad_ppl_windows_of_len", (
        ("max_iters = (corpus_size - 1) //", "max_iters = corpus_size //"),
        ("jump = (corpus_size - 1) //", "jump = corpus_size //")),
           bug="the windows are cut from len(corpus), not len(corpus) − 1."),
    Mutant("simple_rnnlm", "bad_ppl_in_training_mode", "train_flg=False", "train_flg=True",
           bug="the model is evaluated in training mode (dropout on)."),
    Mutant("simple_rnnlm", "bad_ppl_no_fallback", "        except TypeError:  # a model without dropout has no train_flg\n"
           "            loss = model.forward(xs, ts)\n", "        finally:\n            pass\n",
           bug="a model whose forward takes no train_flg is not evaluated (no fallback)."),
    Mutant("simple_rnnlm", "bad_no_learning", "dout = layer.backward(dout)", "dout = layer.backward(dout * 0)",
           within="SimpleRnnlm.backward", bug="backward sends zero gradients: the model cannot learn."),
    # ch06: rnnlm
    Mutant("rnnlm", "bad_reset_noop", "        self.lstm_layer.reset_state()\n", "        pass\n",
           within="Rnnlm.reset_state", bug="reset_state keeps h and c."),
    Mutant("rnnlm", "bad_lstm_not_stateful", "TimeLSTM(lstm_Wx, lstm_Wh, lstm_b, stateful=True)",
           "TimeLSTM(lstm_Wx, lstm_Wh, lstm_b)", bug="the LSTM forgets h and c between calls."),
    Mutant("rnnlm", "bad_backward_skips_lstm", "for layer in reversed(self.layers):",
           "for layer in reversed(self.layers[::2]):", within="Rnnlm.backward",
           bug="backward skips the LSTM layer, so its weights get no gradient."),
    Mutant("rnnlm", "bad_tied_copy", "TimeAffine(embed_W.T, affine_b)", "TimeAffine(embed_W.T.copy(), affine_b)",
           bug="weight tying with a copy of the embedding: two arrays that drift apart."),
    Mutant("rnnlm", "bad_tied_slot_missing", "        ### END SOLUTION\n\n    def predict(self, xs, train_flg=False):",
           "        self.grads[7] = np.zeros_like(self.grads[7])\n        ### END SOLUTION\n\n"
           "    def predict(self, xs, train_flg=False):",
           bug="the output layer's gradient of the tied weight never reaches the model's grads."),
    Mutant("rnnlm", "bad_tied_added_twice", "            dout = layer.backward(dout)\n        return dout\n",
           "            dout = layer.backward(dout)\n        self.grads[0][...] += self.grads[7].T\n        return dout\n",
           within="BetterRnnlm.backward",
           bug="adds the output layer's use into the embedding's slot, which remove_duplicate adds again."),
    Mutant("rnnlm", "bad_dropout_on_in_predict", "            layer.train_flg = train_flg\n",
           "            layer.train_flg = True\n", within="BetterRnnlm.predict", bug="dropout stays on at inference."),
    Mutant("rnnlm", "bad_dropout_off_in_training", "score = self.predict(xs, train_flg)", "score = self.predict(xs)",
           within="BetterRnnlm.forward", bug="forward never turns dropout on."),
    Mutant("rnnlm", "bad_reset_first_lstm_only", "for layer in self.lstm_layers:",
           "for layer in self.lstm_layers[:1]:", within="BetterRnnlm.reset_state",
           bug="reset_state resets only the first LSTM layer."),
    # ch07: generate (BetterRnnlmGen runs RnnlmGen's loop: each bug is in both)
    Mutant("generate", "bad_argmax", "x = int(np.random.choice(len(p), p=p))", "x = int(np.argmax(p))",
           within="RnnlmGen.generate", bug="takes the likeliest word instead of drawing one."),
    Mutant("generate", "bad_uniform", "np.random.choice(len(p), p=p)", "np.random.choice(len(p))",
           within="RnnlmGen.generate", bug="draws every word equally often, ignoring the probabilities."),
    Mutant("generate", "bad_logits", "p = softmax(score.flatten())", "p = score.flatten()",
           within="RnnlmGen.generate", bug="samples from the scores (logits) instead of softmax probabilities."),
    Mutant("generate", "bad_not_renormalised", "                p = p / p.sum()\n", "",
           within="RnnlmGen.generate", bug="zeroes the probabilities of skip_ids without renormalising."),
    Mutant("generate", "bad_skip_ignored", "            if skip_ids is not None:\n                p[skip_ids] = 0\n"
           "                p = p / p.sum()\n", "", within="RnnlmGen.generate", bug="skip_ids are ignored."),
    Mutant("generate", "bad_start_every_step", "self.predict(np.array(x).reshape(1, 1))",
           "self.predict(np.array(start_id).reshape(1, 1))", within="RnnlmGen.generate",
           bug="feeds start_id at every step instead of the word just drawn."),
    Mutant("generate", "bad_state_reset", "            score = self.predict(",
           "            self.reset_state()\n            score = self.predict(", within="RnnlmGen.generate",
           bug="resets the LSTM state before every step."),
    Mutant("generate", "bad_one_too_many", "while len(word_ids) < sample_size:", "while len(word_ids) <= sample_size:",
           within="RnnlmGen.generate", bug="returns sample_size + 1 ids."),
    Mutant("generate", "bad_no_start_id", "word_ids = [start_id]", "word_ids = []",
           within="RnnlmGen.generate", bug="the text does not begin with start_id."),
    # ch08: weight_sum
    Mutant("weight_sum", "ok_matmul", (
        ("return (hs * weights).sum(axis=1)", "return np.matmul(a[:, None, :], hs)[:, 0, :]"),
        ("(dc_steps * hs).sum(axis=2)", "np.matmul(hs, dc[:, :, None])[:, :, 0]"),
    ), within="WeightSum", bug="the weighted sums as batched matrix products."),
    Mutant("weight_sum", "bad_grads_none", "self.params, self.grads = [], []", "self.params, self.grads = [], None",
           within="WeightSum.__init__", bug="grads is None instead of an empty list."),
    Mutant("weight_sum", "bad_sum_over_hidden", "return (hs * weights).sum(axis=1)", "return (hs * weights).sum(axis=2)",
           within="WeightSum.forward", bug="the weighted states summed over the hidden units instead of over time."),
    Mutant("weight_sum", "bad_not_summed", "return (hs * weights).sum(axis=1)", "return hs * weights",
           within="WeightSum.forward", bug="the weighted states are never summed over time."),
    Mutant("weight_sum", "bad_da_wrong_axis", "(dc_steps * hs).sum(axis=2)", "(dc_steps * hs).sum(axis=1)",
           within="WeightSum.backward", bug="da summed over time instead of over the hidden units."),
    Mutant("weight_sum", "bad_dc_wrong_axis", "dc_steps = dc[:, np.newaxis, :]",
           "dc_steps = dc[:, :, np.newaxis].repeat(hs.shape[1], axis=2)",
           within="WeightSum.backward", bug="dc repeated along the wrong axis."),
    Mutant("weight_sum", "bad_modifies_dout", "        return dc_steps * weights, (dc_steps * hs).sum(axis=2)\n",
           "        dhs, da = dc_steps * weights, (dc_steps * hs).sum(axis=2)\n        dc[...] = 0\n        return dhs, da\n",
           within="WeightSum.backward", bug="backward zeroes dc, its upstream gradient, in place."),
    # ch08: attention_weight
    Mutant("attention_weight", "ok_matmul", (
        ("(hs * h_steps).sum(axis=2)", "np.matmul(hs, h[:, :, None])[:, :, 0]"),
        ("(ds * hs).sum(axis=1)", "np.matmul(ds[:, :, 0][:, None, :], hs)[:, 0, :]"),
    ), within="AttentionWeight", bug="the dot products as batched matrix products."),
    Mutant("attention_weight", "bad_softmax_over_batch", "self.softmax.forward((hs * h_steps).sum(axis=2))",
           "self.softmax.forward((hs * h_steps).sum(axis=2).T).T", within="AttentionWeight.forward",
           bug="the softmax over the batch axis instead of over the time steps."),
    Mutant("attention_weight", "bad_scores_over_time", "(hs * h_steps).sum(axis=2)", "(hs * h_steps).sum(axis=1)",
           within="AttentionWeight.forward", bug="the scores summed over time instead of over the hidden units."),
    Mutant("attention_weight", "bad_no_softmax_backward", "ds = self.softmax.backward(da)[:, :, np.newaxis]", "ds = da[:, :, np.newaxis]",
           within="AttentionWeight.backward", bug="the softmax's backward is skipped."),
    Mutant("attention_weight", "bad_dh_wrong_axis", "(ds * hs).sum(axis=1)", "(ds * hs).sum(axis=2)",
           within="AttentionWeight.backward", bug="dh summed over the hidden units instead of over time."),
    Mutant("attention_weight", "bad_dh_not_summed", "(ds * hs).sum(axis=1)", "ds * hs",
           within="AttentionWeight.backward", bug="dh is never summed over the time steps."),
    Mutant("attention_weight", "bad_modifies_dout", "        return ds * h_steps, (ds * hs).sum(axis=1)\n",
           "        da[...] = 0\n        return ds * h_steps, (ds * hs).sum(axis=1)\n",
           within="AttentionWeight.backward", bug="backward zeroes da, its upstream gradient, in place."),
    # ch08: attention
    Mutant("attention", "ok_list_of_steps_and_dstack", (
        ("self.attention_weights = [a[:, t] for t in range(T)]", "self.attention_weights = list(a.transpose(1, 0, 2))"),
        ("return self.affine.forward(np.concatenate((context, dec_hs), axis=2))",
         "return self.affine.forward(np.dstack((context, dec_hs)))"),
    ), bug="each step's weights as the transposed array's rows; the affine input stacked with np.dstack."),
    Mutant("attention", "ok_imports_its_own_time_attention", "class AttentionEncoder",
           "from ch08.attention_layer import TimeAttention  # noqa: E402 - as the book's attention_seq2seq.py\n\n\n"
           "class AttentionEncoder",
           bug="imports TimeAttention from the book's module after defining it, as the book's two files pasted into one."),
    Mutant("attention", "bad_dhs_one_path", "return dhs_sum + dhs_weight, dh", "return dhs_sum, dh", within="Attention.backward",
           bug="dhs keeps only WeightSum's share."),
    Mutant("attention", "bad_weight_not_kept", "self.attention_weight = a = ", "a = ", within="Attention.forward",
           bug="the attention weights are not kept."),
    Mutant("attention", "bad_softmax_over_decoder_steps", (
        ("scores.max(axis=2, keepdims=True)", "scores.max(axis=1, keepdims=True)"),
        ("a /= a.sum(axis=2, keepdims=True)", "a /= a.sum(axis=1, keepdims=True)"),
    ), within="TimeAttention.forward", bug="the softmax over the decoder's steps instead of the encoder's."),
    Mutant("attention", "bad_softmax_global_max", "scores.max(axis=2, keepdims=True)", "scores.max()",
           within="TimeAttention.forward", bug="the scores shifted by the batch's one maximum: a row far below it underflows."),
    Mutant("attention", "bad_weights_last_only", "self.attention_weights = [a[:, t] for t in range(T)]",
           "self.attention_weights = [a[:, T - 1]]", within="TimeAttention.forward",
           bug="only the last decoder step's weights are kept."),
    Mutant("attention", "bad_dhs_enc_one_path",
           "dhs_enc = np.matmul(a.transpose(0, 2, 1), dout) + np.matmul(ds.transpose(0, 2, 1), hs_dec)",
           "dhs_enc = np.matmul(a.transpose(0, 2, 1), dout)", within="TimeAttention.backward",
           bug="dhs_enc misses the path through the scores."),
    Mutant("attention", "bad_buffer_built_once", "        return np.matmul(a, hs_enc)\n",
           "        if getattr(self, 'out', None) is None:\n            self.out = np.empty_like(hs_dec)\n"
           "        self.out[...] = np.matmul(a, hs_enc)\n        return self.out.copy()\n",
           within="TimeAttention.forward", bug="the output buffer is built for the first call's length and kept."),
    Mutant("attention", "bad_modifies_dout", "        return dhs_enc, dhs_dec\n",
           "        dout[...] = 0\n        return dhs_enc, dhs_dec\n", within="TimeAttention.backward",
           bug="backward zeroes dout in place."),
    Mutant("attention", "bad_returns_last_state", "return self.lstm.forward(self.embed.forward(xs))",
           "return self.lstm.forward(self.embed.forward(xs))[:, -1, :]", within="AttentionEncoder.forward", bug="the encoder returns only its last state, as chapter 7's does."),
    Mutant("attention", "bad_concat_order", (
        ("return self.affine.forward(np.concatenate((context, dec_hs), axis=2))",
         "return self.affine.forward(np.concatenate((dec_hs, context), axis=2))"),
        ("dcontext, ddec_hs = np.split(", "ddec_hs, dcontext = np.split("),
    ), within="AttentionDecoder", bug="the affine input concatenated as (dec_hs, c)."),
    Mutant("attention", "bad_starts_from_first_state", (
        ("        self.lstm.set_state(enc_hs[:, -1])\n        dec_hs",
         "        self.lstm.set_state(enc_hs[:, 0])\n        dec_hs"),
        ("denc_hs[:, -1] += self.lstm.dh", "denc_hs[:, 0] += self.lstm.dh"),
    ), within="AttentionDecoder", bug="the decoder starts from the encoder's first state."),
    Mutant("attention", "bad_dh_not_to_encoder", "        denc_hs[:, -1] += self.lstm.dh\n", "",
           within="AttentionDecoder.backward", bug="the LSTM's dh is not added to the encoder's last state."),
    Mutant("attention", "bad_lstm_misses_attention_grad", "self.lstm.backward(ddec_hs + ddec_hs_attention)",
           "self.lstm.backward(ddec_hs)", within="AttentionDecoder.backward",
           bug="the LSTM gets only the affine layer's share of ddec_hs."),
    Mutant("attention", "bad_no_context", (
        ("TimeAffine(rn(2 * H, V) / np.sqrt(2 * H), np.zeros(V))", "TimeAffine(rn(H, V) / np.sqrt(H), np.zeros(V))"),
        ("return self.affine.forward(np.concatenate((context, dec_hs), axis=2))", "return self.affine.forward(dec_hs)"),
        ("dcontext, ddec_hs = np.split(dconcat, 2, axis=2)", "dcontext, ddec_hs = np.zeros_like(dconcat), dconcat"),
        ("ids = self.affine.forward(np.concatenate((context, dec_hs), axis=2))", "ids = self.affine.forward(dec_hs)"),
    ), within="AttentionDecoder", bug="the context is left out of the affine layer's input, as chapter 7's decoder."),
    Mutant("attention", "bad_context_dropped", "np.concatenate((context, dec_hs), axis=2)", "dec_hs",
           within="AttentionDecoder.forward", bug="the affine layer reads the LSTM's output alone, its weights still 2H wide."),
    Mutant("attention", "bad_generate_no_state", "        self.lstm.set_state(enc_hs[:, -1])\n        ids = np.array([[start_id]])",
           "        ids = np.array([[start_id]])", within="AttentionDecoder.generate",
           bug="generate runs on from the state the last forward left instead of the encoder's last state."),
    Mutant("attention", "bad_generate_no_feedback", "self.embed.forward(ids)", "self.embed.forward(np.array([[start_id]]))",
           within="AttentionDecoder.generate", bug="every step reads the start id instead of the previous output."),
    Mutant("attention", "bad_encoder_modifies_dhs", "        return self.embed.backward(self.lstm.backward(dhs))\n",
           "        dxs = self.embed.backward(self.lstm.backward(dhs))\n        dhs[...] = 0\n        return dxs\n",
           within="AttentionEncoder.backward", bug="the encoder's backward zeroes dhs in place."),
    Mutant("attention", "bad_encoder_embed_not_trained", "return self.embed.backward(self.lstm.backward(dhs))", "self.lstm.backward(dhs)",
           within="AttentionEncoder.backward", bug="the gradient stops at the LSTM: the embedding never learns."),
    Mutant("attention", "bad_decoder_params_no_embed", "layers = (self.embed, self.lstm, self.attention, self.affine)",
           "layers = (self.lstm, self.attention, self.affine)", within="AttentionDecoder.__init__",
           bug="the decoder's embedding is left out of params and grads."),
    Mutant("attention", "bad_no_learning", "dconcat = self.affine.backward(dscore)", "dconcat = self.affine.backward(dscore) * 0",
           within="AttentionDecoder.backward", bug="nothing below the decoder's affine layer gets a gradient."),
    Mutant("attention", "bad_init_order", (
        ("self.encoder, self.decoder = AttentionEncoder(*args), AttentionDecoder(*args)",
         "self.decoder, self.encoder = AttentionDecoder(*args), AttentionEncoder(*args)"),
    ), within="AttentionSeq2seq.__init__", bug="the decoder's weights are drawn before the encoder's."),
    # ch07: seq2seq
    Mutant("seq2seq", "ok_indexing_and_slices", (
        ("dhs[:, -1, :] = dh", "dhs[:, hs_len - 1] = dh"),
        ("        dhs = np.zeros_like(self.hs)\n", "        dhs = np.zeros_like(self.hs)\n        hs_len = self.hs.shape[1]\n"),
        ("decoder_xs, decoder_ts = ts[:, :-1], ts[:, 1:]", "length = ts.shape[1]\n        decoder_xs, decoder_ts = ts[:, :length - 1], ts[:, 1:length]"),
        ("            ids.append(int(np.argmax(score.flatten())))\n", "            ids.append(int(score[0, -1].argmax()))\n")),
        bug="dh placed by an explicit index, ts cut by its length, the argmax of the last score row."),
    Mutant("seq2seq", "bad_encoder_no_grads", "self.grads = [g for layer in stack for g in layer.grads]", "self.grads = []",
           within="Encoder.__init__", bug="the Encoder's grads list is empty."),
    Mutant("seq2seq", "bad_encoder_first_state", "return hs[:, -1, :]", "return hs[:, 0, :]",
           bug="the encoder hands over the hidden state after the first character."),
    Mutant("seq2seq", "bad_encoder_dh_every_step", "dhs[:, -1, :] = dh", "dhs[...] = dh[:, np.newaxis, :]",
           bug="the encoder's backward puts dh into every time step."),
    Mutant("seq2seq", "bad_encoder_dh_first_step", "dhs[:, -1, :] = dh", "dhs[:, 0, :] = dh",
           bug="the encoder's backward puts dh into the first time step."),
    Mutant("seq2seq", "bad_encoder_modifies_dh", "        dhs[:, -1, :] = dh\n",
           "        dhs[:, -1, :] = dh\n        dh *= 0\n", bug="the encoder's backward zeroes the dh it was given."),
    Mutant("seq2seq", "bad_decoder_zero_state", "        self.lstm.set_state(h)\n        out = self.embed.forward(xs)\n",
           "        out = self.embed.forward(xs)\n", bug="the decoder's LSTM never gets the encoder's h."),
    Mutant("seq2seq", "bad_decoder_affine_transposed", "affine_W = rn(H, V) / np.sqrt(H)", "affine_W = rn(V, H) / np.sqrt(H)",
           within="Decoder.__init__", bug="the decoder's affine weights are drawn (V, H)."),
    Mutant("seq2seq", "bad_decoder_dh_not_returned", "        dh = self.lstm.dh\n        return dh\n",
           "        return None\n", within="Decoder.backward", bug="the decoder's backward returns None, not dh."),
    Mutant("seq2seq", "bad_decoder_modifies_dscore", "        dout = self.affine.backward(dscore)\n",
           "        dout = self.affine.backward(dscore)\n        dscore[...] = 0\n", within="Decoder.backward",
           bug="the decoder's backward zeroes the dscore it was given."),
    Mutant("seq2seq", "bad_generate_no_state", "        self.lstm.set_state(h)\n        for _ in range(sample_size):",
           "        for _ in range(sample_size):", within="Decoder.generate",
           bug="generate starts the LSTM from whatever state the last call left."),
    Mutant("seq2seq", "bad_not_shifted", "decoder_xs, decoder_ts = ts[:, :-1], ts[:, 1:]", "decoder_xs, decoder_ts = ts, ts",
           bug="the decoder reads and predicts the same characters."),
    Mutant("seq2seq", "bad_shifted_backwards", "decoder_xs, decoder_ts = ts[:, :-1], ts[:, 1:]",
           "decoder_xs, decoder_ts = ts[:, 1:], ts[:, :-1]", bug="ts is shifted the wrong way round."),
    Mutant("seq2seq", "bad_decoder_from_zeros", "score = self.decoder.forward(decoder_xs, h)",
           "score = self.decoder.forward(decoder_xs, np.zeros_like(h))", bug="Seq2seq gives the decoder zeros, not h."),
    Mutant("seq2seq", "bad_params_decoder_only", "halves = (self.encoder, self.decoder)", "halves = (self.decoder,)",
           within="Seq2seq.__init__", bug="the model's params leave out the encoder's."),
    Mutant("seq2seq", "bad_backward_skips_encoder", "        return self.encoder.backward(dh)\n", "        return None\n",
           within="Seq2seq.backward", bug="backward never reaches the encoder."),
    Mutant("seq2seq", "bad_generate_from_zeros", "sampled = self.decoder.generate(h, start_id, sample_size)",
           "sampled = self.decoder.generate(np.zeros_like(h), start_id, sample_size)", within="Seq2seq.generate",
           bug="generate decodes from zeros, not from the question's h."),
    Mutant("seq2seq", "bad_decoder_drawn_first", "        self.encoder = Encoder(V, D, H)\n        self.decoder = Decoder(V, D, H)\n",
           "        self.decoder = Decoder(V, D, H)\n        self.encoder = Encoder(V, D, H)\n", within="Seq2seq.__init__",
           bug="the decoder's weights are drawn before the encoder's."),
    Mutant("seq2seq", "bad_no_learning", "dout = self.softmax.backward(dout)", "dout = self.softmax.backward(dout) * 0",
           within="Seq2seq.backward", bug="backward sends zero gradients: the model cannot learn."),
    # ch07: peeky
    Mutant("peeky", "ok_broadcast_and_sums", (
        ("hs = np.repeat(h, T, axis=0).reshape(N, T, H)", "hs = np.broadcast_to(h[:, np.newaxis, :], (N, T, H))"),
        ("dh = self.lstm.dh + np.sum(dhs, axis=1)", "dh = self.lstm.dh + dhs0.sum(axis=1) + dhs1.sum(axis=1)")),
        bug="h broadcast over the steps instead of repeated; the two hs halves summed one by one."),
    Mutant("peeky", "bad_affine_not_peeky", (
        ("affine_W = rn(H + H, V) / np.sqrt(H + H)", "affine_W = rn(H, V) / np.sqrt(H)"),
        ("        out = np.concatenate((hs, out), axis=2)\n        score = ", "        score = "),
        ("        dout, dhs0 = dout[:, :, H:], dout[:, :, :H]\n", "        dhs0 = 0\n")),
        within="PeekyDecoder", bug="the Affine reads the LSTM's output without h."),
    Mutant("peeky", "bad_affine_concat_missing", "        out = np.concatenate((hs, out), axis=2)\n        score = ",
           "        score = ", within="PeekyDecoder.forward", bug="forward leaves h out of the Affine's input."),
    Mutant("peeky", "bad_lstm_not_peeky", (
        ("lstm_Wx = rn(H + D, 4 * H) / np.sqrt(H + D)", "lstm_Wx = rn(D, 4 * H) / np.sqrt(D)"),
        ("        out = np.concatenate((hs, out), axis=2)\n        out = self.lstm", "        out = self.lstm"),
        ("        dembed, dhs1 = dout[:, :, H:], dout[:, :, :H]\n", "        dembed, dhs1 = dout, 0\n")),
        within="PeekyDecoder", bug="the LSTM reads the embedded characters without h."),
    Mutant("peeky", "bad_lstm_concat_missing", "        out = np.concatenate((hs, out), axis=2)\n        out = self.lstm",
           "        out = self.lstm", within="PeekyDecoder.forward", bug="forward leaves h out of the LSTM's input."),
    Mutant("peeky", "bad_zero_state", "        self.lstm.set_state(h)\n        out = self.embed.forward(xs)\n",
           "        out = self.embed.forward(xs)\n", bug="the decoder's LSTM never gets the encoder's h."),
    Mutant("peeky", "bad_dh_lstm_only", "dh = self.lstm.dh + np.sum(dhs, axis=1)", "dh = self.lstm.dh",
           bug="dh leaves out the gradients of the h copies."),
    Mutant("peeky", "bad_dh_misses_lstm_half", "dhs = dhs0 + dhs1", "dhs = dhs0",
           bug="dh leaves out the LSTM input's h half."),
    Mutant("peeky", "bad_dh_misses_affine_half", "dhs = dhs0 + dhs1", "dhs = dhs1",
           bug="dh leaves out the Affine input's h half."),
    Mutant("peeky", "bad_modifies_dscore", "        dout = self.affine.backward(dscore)\n",
           "        dout = self.affine.backward(dscore)\n        dscore[...] = 0\n", within="PeekyDecoder.backward",
           bug="backward zeroes the dscore it was given."),
    Mutant("peeky", "bad_generate_no_state", "        self.lstm.set_state(h)\n        H = h.shape[1]",
           "        H = h.shape[1]", within="PeekyDecoder.generate",
           bug="generate starts the LSTM from whatever state the last call left."),
    Mutant("peeky", "bad_plain_decoder", (("import Encoder, Seq2seq", "import Decoder, Encoder, Seq2seq"),
                                          ("self.decoder = PeekyDecoder(V, D, H)", "self.decoder = Decoder(V, D, H)")),
           bug="PeekySeq2seq is built with the plain Decoder."),
    Mutant("peeky", "bad_decoder_drawn_first", "        self.encoder = Encoder(V, D, H)\n        self.decoder = PeekyDecoder(V, D, H)\n",
           "        self.decoder = PeekyDecoder(V, D, H)\n        self.encoder = Encoder(V, D, H)\n",
           within="PeekySeq2seq.__init__", bug="the decoder's weights are drawn before the encoder's."),
    Mutant("peeky", "bad_no_learning", "dout = self.affine.backward(dscore)", "dout = self.affine.backward(dscore) * 0",
           within="PeekyDecoder.backward", bug="backward sends zero gradients: the model cannot learn."),
    # ch08: scaled_dot_attention
    Mutant("scaled_dot_attention", "bad_mask_no_diagonal", "np.tril(np.ones((T, T), dtype=bool))",
           "np.tril(np.ones((T, T), dtype=bool), -1)", within="causal_mask",
           bug="the causal mask leaves out the diagonal: a query may not attend to itself."),
    Mutant("scaled_dot_attention", "bad_mask_float", "np.tril(np.ones((T, T), dtype=bool))", "np.tril(np.ones((T, T)))",
           within="causal_mask", bug="the causal mask is a float array of 0 and 1, not booleans."),
    Mutant("scaled_dot_attention", "bad_params_tuples", "self.params, self.grads = [], []",
           "self.params, self.grads = (), ()", bug="params and grads are tuples, not lists."),
    Mutant("scaled_dot_attention", "bad_no_scale", "k.swapaxes(-1, -2)) * scale", "k.swapaxes(-1, -2))",
           within="ScaledDotProductAttention.forward", bug="the scores are not divided by the square root of dk."),
    Mutant("scaled_dot_attention", "bad_softmax_over_queries", (
        ("scores.max(axis=-1, keepdims=True)", "scores.max(axis=1, keepdims=True)"),
        ("e.sum(axis=-1, keepdims=True)", "e.sum(axis=1, keepdims=True)")),
           within="ScaledDotProductAttention.forward", bug="the softmax runs over axis 1, the queries."),
    Mutant("scaled_dot_attention", "bad_masked_score_zero", "np.where(mask, scores, -np.inf)", "scores * mask",
           within="ScaledDotProductAttention.forward", bug="a masked score is multiplied by the mask, so it becomes 0."),
    Mutant("scaled_dot_attention", "bad_mask_ignored", "            scores = np.where(mask, scores, -np.inf)",
           "            pass", within="ScaledDotProductAttention.forward", bug="the mask is never applied."),
    Mutant("scaled_dot_attention", "bad_fully_masked_uniform", "np.where(mask, scores, -np.inf)",
           "np.where(mask, scores, -1e9)", within="ScaledDotProductAttention.forward",
           bug="masked scores filled with -1e9 and nothing more: a query with every key masked weighs them evenly."),
    Mutant("scaled_dot_attention", "bad_fully_masked_nan", "top = np.where(top == -np.inf, 0, top)", "top = top",
           within="ScaledDotProductAttention.forward", bug="a row of -inf scores gives -inf - (-inf) = NaN."),
    Mutant("scaled_dot_attention", "bad_masked_get_gradient", (
        ("scores = np.where(mask, scores, -np.inf)", "scores = np.where(mask, scores, -1e9)"),
        ("A = e / np.where(total == 0, 1, total)",
         "self.softmax = A = e / total\n        if mask is not None:\n            A = A * mask"),
        ("A = self.attention_weight", "A = self.softmax")), within="ScaledDotProductAttention",
           bug="backward uses the weights before the mask zeroed a fully masked row, so masked positions get gradient."),
    Mutant("scaled_dot_attention", "bad_softmax_unshifted", "e = np.exp(scores - top)", "e = np.exp(scores)",
           within="ScaledDotProductAttention.forward", bug="exp of the scores as they are, without the row maximum taken off."),
    Mutant("scaled_dot_attention", "bad_backward_no_scale", "keepdims=True)) * scale", "keepdims=True))",
           within="ScaledDotProductAttention.backward", bug="backward leaves out the 1/sqrt(dk) of forward."),
    Mutant("scaled_dot_attention", "bad_weights_unnormalised", "self.attention_weight = A", "self.attention_weight = e",
           within="ScaledDotProductAttention.forward", bug="attention_weight keeps the exponentials before they are normalised."),
    Mutant("scaled_dot_attention", "bad_dout_zeroed", "dv = np.matmul(A.swapaxes(-1, -2), dout)",
           "dv = np.matmul(A.swapaxes(-1, -2), dout)\n        dout[...] = 0", within="ScaledDotProductAttention.backward",
           bug="backward overwrites dout after using it for dv."),
    # ch08: self_attention
    Mutant("self_attention", "bad_heads_reshaped", (
        ("X.reshape(N, T, h, D // h).transpose(0, 2, 1, 3).reshape(N * h, T, D // h)", "X.reshape(N * h, T, D // h)"),
        ("Y.reshape(N, h, T, dk).transpose(0, 2, 1, 3).reshape(N, T, h * dk)", "Y.reshape(N, T, h * dk)")),
           within="MultiHeadAttention", bug="the heads are split and merged by reshape alone, without the transpose."),
    Mutant("self_attention", "bad_merge_reshaped",
           "Y.reshape(N, h, T, dk).transpose(0, 2, 1, 3).reshape(N, T, h * dk)", "Y.reshape(N, T, h * dk)",
           within="MultiHeadAttention.merge_heads", bug="the heads are merged by reshape alone, without the transpose."),
    Mutant("self_attention", "bad_heads_interleaved", (
        ("X.reshape(N, T, h, D // h).transpose(0, 2, 1, 3)", "X.reshape(N, T, D // h, h).transpose(0, 3, 1, 2)"),
        ("Y.reshape(N, h, T, dk).transpose(0, 2, 1, 3)", "Y.reshape(N, h, T, dk).transpose(0, 2, 3, 1)")),
           within="MultiHeadAttention", bug="head i takes every h-th column instead of a block of dk columns."),
    Mutant("self_attention", "bad_dx_no_query_path", "        dx = np.matmul(dq, Wq.T)\n        dx += np.matmul(dk, Wk.T)",
           "        dx = np.matmul(dk, Wk.T)", within="SelfAttention.backward",
           bug="dx leaves out the path through the queries."),
    Mutant("self_attention", "bad_dx_no_value_path", "        dx += np.matmul(dV, Wv.T)\n", "",
           within="MultiHeadAttention.backward", bug="dx leaves out the path through the values."),
    Mutant("self_attention", "bad_dWv_from_keys", "np.dot(rx.T, dV.reshape(-1, D))", "np.dot(rx.T, dK.reshape(-1, D))",
           within="MultiHeadAttention.backward", bug="dWv is computed from the keys' gradient."),
    Mutant("self_attention", "bad_dWo_transposed", "np.dot(concat.reshape(-1, D).T, dout.reshape(-1, D))",
           "np.dot(dout.reshape(-1, D).T, concat.reshape(-1, D))", within="MultiHeadAttention.backward",
           bug="dWo is the transpose of the right product."),
    Mutant("self_attention", "bad_head_mask_not_broadcast",
           "            if mask.ndim == 3:\n                mask = mask[:, None]  # (N, T, T): the same mask for every head\n",
           "", within="MultiHeadAttention.forward", bug="an (N, T, T) mask gets no head axis."),
    Mutant("self_attention", "bad_no_attention_weight",
           "        self.attention_weight = self.attention.attention_weight.reshape(N, h, T, T)\n", "",
           within="MultiHeadAttention.forward", bug="attention_weight is never set."),
    Mutant("self_attention", "bad_grads_rebound", "self.grads[3][...] = ", "self.grads[3] = ",
           within="MultiHeadAttention.backward", bug="dWo is rebound instead of written in place."),
    Mutant("self_attention", "bad_forward_scaled", "return np.matmul(concat, Wo)", "return np.matmul(concat, Wo) * 2",
           within="MultiHeadAttention.forward", bug="forward doubles its output, backward does not."),
    # ch08: transformer_block
    Mutant("transformer_block", "bad_ln_no_mean_terms",
           " - dxhat.mean(axis=-1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)", "",
           within="LayerNorm.backward", bug="LayerNorm's dx is dout * gamma / std, without the mean terms."),
    Mutant("transformer_block", "bad_ln_no_variance_term", " - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)", "",
           within="LayerNorm.backward", bug="LayerNorm's dx leaves out the term through the standard deviation."),
    Mutant("transformer_block", "bad_ln_over_batch", (
        ("x - x.mean(axis=-1, keepdims=True)", "x - x.mean(axis=0, keepdims=True)"),
        ("(xc ** 2).mean(axis=-1, keepdims=True)", "(xc ** 2).mean(axis=0, keepdims=True)")),
           within="LayerNorm.forward", bug="LayerNorm takes the statistics over the batch axis."),
    Mutant("transformer_block", "bad_ln_dgamma_not_summed", "(dout * xhat).reshape(-1, D).sum(axis=0)",
           "(dout * xhat).reshape(-1, D)[0]", within="LayerNorm.backward", bug="dgamma is the first position's only."),
    Mutant("transformer_block", "bad_pe_sin_cos_swapped", (
        ("pe[:, 0::2] = np.sin(angle)", "pe[:, 0::2] = np.cos(angle)"),
        ("pe[:, 1::2] = np.cos(angle[:, :D // 2])", "pe[:, 1::2] = np.sin(angle[:, :D // 2])")),
           within="positional_encoding", bug="cos in the even columns, sin in the odd ones."),
    Mutant("transformer_block", "bad_ffn_relu_backward", "dh = np.dot(rdout, W2.T) * (rh > 0)", "dh = np.dot(rdout, W2.T)",
           within="PositionwiseFeedForward.backward", bug="the feed-forward backward skips relu's mask."),
    Mutant("transformer_block", "bad_residual_dropped_ffn", "dy = dout + self.ln2", "dy = self.ln2",
           within="TransformerBlock.backward", bug="backward drops the residual path around the feed-forward layer."),
    Mutant("transformer_block", "bad_residual_dropped_attention", "dx = dy + self.ln1", "dx = self.ln1",
           within="TransformerBlock.backward", bug="backward drops the residual path around the attention."),
    Mutant("transformer_block", "bad_causal_ignored", "mask = causal_mask(x.shape[1]) if self.causal else None",
           "mask = None", within="TransformerBlock.forward", bug="the causal flag is ignored."),
    Mutant("transformer_block", "bad_post_ln", (
        ("y = x + self.attention.forward(self.ln1.forward(x), mask)",
         "y = self.ln1.forward(x + self.attention.forward(x, mask))"),
        ("return y + self.ffn.forward(self.ln2.forward(y))", "return self.ln2.forward(y + self.ffn.forward(y))")),
           within="TransformerBlock.forward", bug="LayerNorm after each residual sum (post-LN)."),
    Mutant("transformer_block", "bad_ffn_modifies_input", "self.cache = (x, h)", "x += 0.5\n        self.cache = (x, h)",
           within="PositionwiseFeedForward.forward", bug="the feed-forward layer adds to its input in place."),
]
MUTANT_OF = {(m.exercise, f"{m.name}.py"): m for m in MUTANTS}

_mutants_dir: Path | None = None
_mutants_lock = threading.Lock()


def built_mutant(mutant: Mutant) -> Path:
    """Where `mutant` is built; the first call builds every mutant, so a stale one stops the session's tests."""
    global _mutants_dir
    with _mutants_lock:
        if _mutants_dir is None:
            directory = Path(tempfile.mkdtemp(prefix="dlfs2-mutants-"))
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            for m in MUTANTS:
                build(m, directory)
            _mutants_dir = directory
    return _mutants_dir / mutant.exercise / f"{mutant.name}.py"


# -- known-bad submissions (files or mutants): one bug each --------------------------------------------------------

BUGS = [
    # Affine / MatMul
    C("affine", "bad_forward_no_bias.py", "forward: Affine", "Affine.forward(...)", "differs", "worst at"),
    C("affine", "bad_dW_transposed.py", "backward: Affine", "line 51", "transpose of (5, 3)", "(3, 5)"),
    C("affine", "bad_dW_transposed_square.py", "backward: MatMul", "dW is the transpose", ".T",
      sizes=(("MatMul", [{"N": 3, "D": 4, "H": 4}]),)),
    C("affine", "bad_db_not_summed.py", "backward: Affine", "(4, 3)", "(3,)", "sum over the batch axis"),
    C("affine", "bad_db_wrong_axis.py", "backward: Affine", "line 52", "has shape (4,); expected (3,)"),
    C("affine", "bad_db_missing.py", "backward: Affine", "db is all zeros", "missing"),
    C("affine", "bad_dx_sign.py", "backward: Affine", "dx has the wrong sign"),
    C("affine", "bad_dx_transposed.py", "backward: Affine", "dx has shape (5, 4), the transpose of (4, 5)"),
    C("affine", "bad_grads_rebound.py", "conventions: Affine", "grads[0] (dW) was replaced by a new array",
      "self.grads[0][...] = dW"),
    C("affine", "bad_grads_accumulate.py", "conventions: Affine", "backward twice", "different dW", "+="),
    C("affine", "bad_backward_no_return.py", "backward: Affine", "dx is None", "forget to return"),
    C("affine", "bad_backward_raises.py", "backward: Affine", "NameError", "line 52", "np.sum(dy, axis=0)"),
    C("affine", "bad_forward_stateful.py", "conventions: MatMul", "forward gives another result", "earlier call"),
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
    C("affine", "bad_import_nameerror.py", "loads", "line 30", "class Affine(Layer):", "NameError"),
    C("affine", "bad_loads_several.py", "loads", "did you mean matmul?", "Affine takes (W)", "Affine(W, b)"),
    # Sigmoid
    C("sigmoid", "bad_exp_ratio.py", "forward: sigmoid (inputs around ±1000)", "nan/inf", "overflow"),
    C("sigmoid", "bad_ignores_dout.py", "backward: Sigmoid", "ignores dout"),
    C("sigmoid", "bad_ignores_dout.py", "conventions: Sigmoid", "same as for dout = 1"),
    C("sigmoid", "bad_modifies_dout.py", "conventions: Sigmoid", "changed dout in place"),
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
    C("softmax", "bad_ce_no_onehot.py", "forward: cross_entropy_error (one-hot labels)", "IndexError", "line 23"),
    C("softmax", "bad_softmax_axis0.py", "forward: softmax (a batch of rows)", "known mistake",
      "down the columns (axis 0", zh=("常见错误", "按列（axis 0")),
    C("softmax", "bad_softmax_whole_array.py", "forward: softmax (a batch of rows)", "known mistake",
      "one sum over the whole array", zh=("整个数组的一个总和",)),
    # SoftmaxWithLoss
    C("softmax_with_loss", "bad_backward_zero.py", "backward: SoftmaxWithLoss (class-index labels)", "dx"),
    C("softmax_with_loss", "bad_unstable_softmax.py", "forward: SoftmaxWithLoss (logits around 1000)", "nan"),
    C("softmax_with_loss", "bad_unstable_softmax.py", "precision: SoftmaxWithLoss (class-index labels)",
      "float16", "nan/inf once the inputs reach about ±", "subtract the max"),
    C("softmax", "bad_overflow.py", "precision: softmax (a batch of rows)", "in float32 the output becomes nan/inf",
      "once the inputs reach about ±9", "in float16", "about ±1", "while the reference stays finite"),
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
    C("optimizers", "bad_sgd_renamed_lr.py", "loads", "SGD takes (learning_rate)",
      "the book's ch01/train.py calls SGD(lr=…): keep this parameter name", zh=("请保留这个参数名",)),
    C("optimizers", "bad_sgd_off_by_one.py", "update: SGD", "params[1] did not change"),
    C("optimizers", "bad_adagrad_modifies_grads.py", "in place: AdaGrad", "changed grads[0]"),
    C("optimizers", "bad_momentum_no_state.py", "update: Momentum", "after update 2", "differs"),
    # the two-layer net
    C("two_layer_net", "bad_param_order.py", "interface: TwoLayerNet", "params[1] (b1) has shape (4, 3)",
      "expected (4,)"),
    C("two_layer_net", "bad_renamed_args.py", "loads", "TwoLayerNet takes (in_size, hidden_size, out_size)",
      "the book's ch01/train.py calls TwoLayerNet(input_size=…, hidden_size=…, output_size=…)",
      "keep these parameter names", zh=("书中的 ch01/train.py", "请保留这些参数名")),
    C("two_layer_net", "bad_never_learns.py", "training: TwoLayerNet", "accuracy 33.3%", "below the 90%",
      "reference 96.0%"),
    C("two_layer_net", "bad_never_learns.py", "backward: TwoLayerNet", "dW1 is all zeros"),
    C("two_layer_net", "bad_grads_copied.py", "training: TwoLayerNet", "accuracy", "below the 90%"),
    C("two_layer_net", "bad_loss_nan.py", "training: TwoLayerNet", "the loss became inf at epoch",
      "wrong gradient sign"),
    # preprocess
    C("preprocess", "bad_no_lower.py", "forward: preprocess (two sentences with capitals)", "corpus", "differs"),
    C("preprocess", "bad_period_kept.py", "forward: preprocess (the book's sentence)", "corpus has shape (7,)",
      "expected (8,)"),
    C("preprocess", "bad_corpus_list.py", "forward: preprocess (the book's sentence)", "corpus should be",
      "got 8 values"),
    C("preprocess", "bad_corpus_float.py", "forward: preprocess (the book's sentence)", "corpus has dtype float64",
      "integer"),
    C("preprocess", "bad_period_not_in_id_to_word.py", "forward: preprocess (the book's sentence)",
      "id_to_word lacks 1 expected keys: 6"),
    C("preprocess", "bad_words_capitalised.py", "forward: preprocess (the book's sentence)",
      "id_to_word[0] is 'You'; expected 'you'"),
    C("preprocess", "bad_adds_unk.py", "forward: preprocess (the book's sentence)", "word_to_id has 1 keys",
      "'<unk>'"),
    C("preprocess", "bad_id_keys_str.py", "forward: preprocess (the book's sentence)", "id_to_word has the key '0'",
      "str", "int"),
    # co_matrix
    C("co_matrix", "bad_counts_itself.py", "forward: create_co_matrix (the book's sentence, window 1)",
      "the diagonal C[w, w] counts each word as its own neighbour", "never distance 0",
      zh=("对角线 C[w, w]", "从不包含距离 0")),
    C("co_matrix", "bad_edges_dropped.py", "forward: create_co_matrix (the book's sentence, window 1)",
      "co-occurrences are missing at the window edges", "left_idx >= 0", zh=("窗口边缘的共现被漏掉了",)),
    C("co_matrix", "bad_window_short.py", "forward: create_co_matrix (the book's sentence, window 2)",
      "missing at the window edges", "distance window_size itself", zh=("距离 window_size 本身",)),
    # similarity
    C("similarity", "bad_zero_division.py", "forward: cos_similarity (a zero vector)", "is nan",
      "x is a zero vector", "0/0 = nan", "add eps", zh=("全零向量", "0/0 = nan", "eps")),
    C("similarity", "bad_unknown_crashes.py", "printed: most_similar (a word not in the vocabulary)", "KeyError",
      "'cat'", "most_similar crashed on a word that is not in the vocabulary", "is not found",
      zh=("most_similar 遇到不在词汇表中的单词就崩溃了",)),
    C("similarity", "bad_unknown_silent.py", "printed: most_similar (a word not in the vocabulary)",
      "printed nothing", "cat is not found"),
    C("similarity", "bad_query_included.py", "printed: most_similar (“you”", "line 2", "printed “you: 0.99999998"),
    # ppmi
    C("ppmi", "bad_natural_log.py", "forward: ppmi (the book's co-occurrence matrix)", "0.6931 ×",
      "the natural log (np.log)", "log2", zh=("自然对数", "np.log2")),
    C("ppmi", "bad_log10.py", "forward: ppmi (the book's co-occurrence matrix)", "0.301 ×", "log10 (np.log10)",
      zh=("以 10 为底", "np.log2")),
    C("ppmi", "bad_not_clamped.py", "forward: ppmi (the book's co-occurrence matrix)", "negative where PPMI is 0",
      "not clamped at zero", "np.maximum(0, pmi)", zh=("没有在 0 处截断",)),
    C("ppmi", "bad_zero_row_nan.py", "forward: ppmi (a word with no co-occurrences)", "nan/inf", "S = 0",
      "0/0 = nan", zh=("S = 0", "0/0 = nan")),
    # svd
    C("svd", "bad_rows_of_V.py", "forward: word_vectors_svd", "the first rows of Vᵀ", "not the first 3 columns of U",
      zh=("Vᵀ 的前几行", "U 的前 3 列")),
    C("svd", "bad_columns_of_Vt.py", "forward: word_vectors_svd", "the first columns of Vᵀ", zh=("Vᵀ 的前几列",)),
    C("svd", "bad_U_times_S.py", "forward: word_vectors_svd", "U·S", "scaled by the singular values",
      zh=("U·S 的前几列", "乘以奇异值")),
    C("svd", "bad_no_qr_between.py", "factors: randomized_svd (a spread spectrum", "S[:4] are exact to rounding",
      "without a QR between the power iterations", zh=("幂迭代之间不做 QR",)),
    C("svd", "bad_global_rng.py", "seed: randomized_svd (the seed)", "two different results for the same seed = 1",
      "global generator", zh=("同一个 seed = 1", "全局生成器")),
    C("svd", "bad_no_reorthonormalise.py", "factors: randomized_svd", "not orthonormal", "QR"),
    C("svd", "bad_full_svd.py", "no full SVD: randomized_svd", "np.linalg.svd was called on the whole matrix"),
    C("svd", "bad_ascending.py", "factors: randomized_svd", "descending"),
    C("svd", "bad_U_columns_reversed.py", "factors: randomized_svd", "the best rank-k error", "Eckart–Young"),
    C("svd", "bad_no_power_iteration.py", "factors: randomized_svd", "true singular value"),
    # contexts_target
    C("contexts_target", "bad_target_in_contexts.py", "forward: create_contexts_target (the book's sentence)",
      "contexts has shape (6, 3); expected (6, 2)"),
    C("contexts_target", "bad_window_ignored.py", "forward: create_contexts_target (window_size > 1)",
      "contexts has shape (8, 2); expected (8, 4)"),
    C("contexts_target", "bad_right_first.py", "forward: create_contexts_target (the book's sentence)",
      "contexts differs", "got 2, expected 0"),
    C("contexts_target", "bad_target_shifted.py", "forward: create_contexts_target (the book's sentence)",
      "target differs"),
    C("contexts_target", "bad_one_hot_1d_only.py", "forward: convert_one_hot (2-D ids", "IndexError"),
    C("contexts_target", "bad_one_hot_float.py", "forward: convert_one_hot (1-D ids", "dtype float64",
      "integer array"),
    # simple_cbow
    C("simple_cbow", "bad_no_half.py", "backward: SimpleCBOW", "dW_in is 2 ×"),
    C("simple_cbow", "bad_copies_W_in.py", "interface: SimpleCBOW", "params[0] and params[1] should be one array",
      "W_in"),
    C("simple_cbow", "bad_one_context_backward.py", "backward: SimpleCBOW", "W_in is one array used 2 times",
      "grads[1]", "never written", zh=("W_in 是同一个数组", "grads[1]", "从未被写入")),
    C("simple_cbow", "bad_shared_sum_in_both.py", "backward: SimpleCBOW", "W_in is one array used 2 times",
      "grads[0], grads[1] each hold the sum", "counted 2 times", zh=("W_in 是同一个数组", "被算了 2 次")),
    C("simple_cbow", "bad_tied_output.py", "interface: SimpleCBOW", "params[0] and params[2] are the same array"),
    C("simple_cbow", "bad_word_vecs_copy.py", "word_vecs: SimpleCBOW", "word_vecs differs"),
    # simple_skip_gram
    C("simple_skip_gram", "bad_mean_loss.py", "forward: SimpleSkipGram", "is 1/2 of the expected values",
      "the sum over the 2 context positions, not their mean", zh=("2 个上下文位置之和", "而不是它们的平均")),
    C("simple_skip_gram", "bad_mean_loss.py", "backward: SimpleSkipGram", "dW_in is 1/2", "not their mean"),
    C("simple_skip_gram", "bad_mean_forward_only.py", "gradcheck: SimpleSkipGram", "numerical gradient of your forward"),
    C("simple_skip_gram", "bad_one_loss_backward.py", "backward: SimpleSkipGram (both context words the same)",
      "dW_in, dW_out are 1/2 of the expected values while the loss is right",
      "send every one of their losses back", zh=("损失是对的", "每一个损失都回传梯度")),
    C("simple_skip_gram", "bad_one_loss_layer.py", "backward: SimpleSkipGram", "dW_in differs"),
    C("simple_skip_gram", "bad_params_in_only.py", "interface: SimpleSkipGram", "should hold 2 arrays", "(W_in, W_out)"),
    C("simple_skip_gram", "bad_word_vecs_copy.py", "word_vecs: SimpleSkipGram", "word_vecs differs"),
    # embedding
    C("embedding", "bad_overwrites_repeats.py", "backward: Embedding (a batch of ids", "dW is right except at the rows",
      "word ids 0, 2, 3", "more than once in idx", "must add up", "np.add.at(dW, idx, dout)",
      zh=("单词 ID 0, 2, 3", "不止一次", "np.add.at")),
    C("embedding", "bad_fancy_add.py", "backward: Embedding (2-D ids", "word ids 0, 3", "dW[idx] += dout",
      "np.add.at"),
    C("embedding", "bad_not_zeroed.py", "conventions: Embedding", "different dW the second time"),
    C("embedding", "bad_ids_shifted.py", "forward: Embedding", "differs"),
    C("embedding", "bad_ids_shifted.py", "gradcheck: Embedding", "numerical gradient of your forward"),
    C("embedding", "bad_no_grads.py", "interface: Embedding", "grads should hold 1 array in the book's order (W)"),
    # embedding_dot
    C("embedding_dot", "bad_overwrites_repeats.py", "backward: EmbeddingDot", "word ids 1, 2, 4",
      "more than once in idx", "np.add.at", zh=("单词 ID 1, 2, 4",)),
    C("embedding_dot", "bad_overwrites_repeats.py", "backward: EmbeddingDot", "right except at row 2",
      "word id 2 stands 2 times in idx", "those 2 positions", "np.add.at", zh=("单词 ID 2 在 idx 中出现了 2 次",),
      sizes=(("EmbeddingDot", [{"N": 3, "V": 5, "D": 2}]),)),
    C("embedding_dot", "bad_dh_from_h.py", "backward: EmbeddingDot", "dh differs"),
    C("embedding_dot", "bad_dh_from_h.py", "gradcheck: EmbeddingDot", "dh"),
    C("embedding_dot", "bad_sum_axis0.py", "forward: EmbeddingDot", "has shape (3,); expected (8,)"),
    C("embedding_dot", "bad_no_params.py", "interface: EmbeddingDot", "params should hold 1 array"),
    # unigram_sampler
    C("unigram_sampler", "bad_power_ignored.py", "samples: UnigramSampler (one negative per row",
      "count^1, not count^0.75"),
    C("unigram_sampler", "bad_target_not_excluded.py", "samples: UnigramSampler", "contains its own target"),
    C("unigram_sampler", "bad_with_replacement.py", "samples: UnigramSampler (five negatives", "draws a word twice"),
    C("unigram_sampler", "bad_ids_shifted.py", "samples: UnigramSampler (one negative per row",
      "do not follow count^power", "χ²"),
    C("unigram_sampler", "bad_ids_from_one.py", "samples: UnigramSampler", "word ids are 0 … 12 − 1"),
    C("unigram_sampler", "bad_float_ids.py", "samples: UnigramSampler", "should be integers"),
    # negative_sampling
    C("negative_sampling", "bad_labels_swapped.py", "forward: NegativeSamplingLoss (injected", "labels are swapped",
      "target is labelled 0", zh=("标签弄反了",)),
    C("negative_sampling", "bad_negatives_not_added.py", "forward: NegativeSamplingLoss (injected",
      "negatives' losses are not added", zh=("没有加上负样本的损失",)),
    C("negative_sampling", "bad_copies_W.py", "interface: NegativeSamplingLoss", "should be one array"),
    C("negative_sampling", "bad_dh_last_branch.py", "backward: NegativeSamplingLoss (injected", "dh"),
    C("negative_sampling", "bad_dh_last_branch.py", "gradcheck: NegativeSamplingLoss (its own", "dh"),
    # cbow
    C("cbow", "bad_h_sum.py", "forward: CBOW (window 1)", "sum of the context vectors, not their mean",
      zh=("上下文向量的和",)),
    C("cbow", "bad_one_context_backward.py", "backward: CBOW (window 1)", "W_in is one array used 2 times",
      "never written"),
    C("cbow", "bad_copies_W_in.py", "interface: CBOW", "params[0] and params[1] should be one array"),
    C("cbow", "bad_no_mean_backward.py", "backward: CBOW (window 1)", "dW_in is 2 ×"),
    C("cbow", "bad_no_mean_backward.py", "gradcheck: CBOW (window 2)", "dW_in"),
    C("cbow", "bad_word_vecs_copy.py", "word_vecs: CBOW", "word_vecs differs"),
    C("cbow", "bad_no_backward.py", "learns: CBOW", "does not learn"),
    C("cbow", "bad_skip_gram_last_only.py", "forward: SkipGram", "last context position's alone",
      zh=("最后一个上下文位置",)),
    C("cbow", "bad_skip_gram_mean.py", "forward: SkipGram", "averaged over the context positions instead of summed"),
    C("cbow", "bad_skip_gram_dh_last.py", "backward: SkipGram", "dW_in"),
    # time_layers
    C("time_layers", "bad_embed_overwrites_repeats.py", "backward: TimeEmbedding", "dW is right except at the rows",
      "more than once in xs", "np.add.at(dW, xs, dout)", zh=("不止一次", "np.add.at")),
    C("time_layers", "bad_embed_not_zeroed.py", "conventions: TimeEmbedding", "different dW the second time"),
    C("time_layers", "bad_embed_no_grads.py", "interface: TimeEmbedding", "grads should hold 1 array in the book's order (W)"),
    C("time_layers", "bad_affine_grads_last_step.py", "backward: TimeAffine",
      "dW, db are right for a single time step but wrong for T = 5", "sum of every step's share",
      zh=("只有一个时间步",)),
    C("time_layers", "bad_affine_dx_flat.py", "backward: TimeAffine", "dx has shape (15, 4); expected (3, 5, 4)"),
    C("time_layers", "bad_affine_time_batch_mixed.py", "forward: TimeAffine", "differs"),
    C("time_layers", "bad_affine_time_batch_mixed.py", "gradcheck: TimeAffine", "numerical gradient of your forward"),
    C("time_layers", "bad_loss_over_all_positions.py", "forward: TimeSoftmaxWithLoss (labels with ignore_label −1)",
      "0.6667 × the expected values, 8/12", "divided by N·T = 12 instead of mask.sum() = 8",
      zh=("除以了 N·T = 12", "应当除以 mask.sum() = 8")),
    C("time_layers", "bad_loss_over_all_positions.py", "backward: TimeSoftmaxWithLoss (labels with ignore_label −1)", "dxs is 0.6667 ×",
      "divided by N·T = 12 instead of mask.sum() = 8"),
    C("time_layers", "bad_loss_not_masked.py", "forward: TimeSoftmaxWithLoss (labels with ignore_label −1)", "known mistake",
      "the masked positions (label −1) add to the loss", "multiplied by the mask",
      zh=("被屏蔽的位置（标签 −1）也计入了损失",)),
    C("time_layers", "bad_loss_not_masked.py", "gradcheck: TimeSoftmaxWithLoss (labels with ignore_label −1)", "numerical gradient of your forward"),
    C("time_layers", "bad_plain_mean.py", "forward: TimeSoftmaxWithLoss (labels with ignore_label −1)", "the plain mean over all N·T positions",
      "divide by the number of unmasked positions, mask.sum()", zh=("全部 N·T 个位置的简单平均", "mask.sum()")),
    C("time_layers", "bad_grad_not_masked.py", "backward: TimeSoftmaxWithLoss (labels with ignore_label −1)",
      "dxs is right except at the 4 positions whose label in ts is −1 (ignore_label), first at [0, 1]",
      "its gradient must be 0", zh=("4 个在 ts 中标签为 −1", "梯度必须为 0")),
    C("time_layers", "bad_backward_over_all_positions.py", "backward: TimeSoftmaxWithLoss (labels with ignore_label −1)",
      "divided by N·T = 12 instead of mask.sum() = 8"),
    C("time_layers", "bad_ignores_dout.py", "backward: TimeSoftmaxWithLoss (one-hot labels, dout = 2.5)",
      "1/2.5 of the expected values", "multiply by dout"),
    C("time_layers", "bad_shift_by_row_min.py", "forward: TimeSoftmaxWithLoss (scores hundreds apart within a row",
      "is inf where a finite number is expected", zh=("是 inf，而应是一个有限的数",)),
    C("time_layers", "bad_shift_by_batch_max.py", "forward: TimeSoftmaxWithLoss (scores hundreds apart within a row",
      "is -inf where a finite number is expected", zh=("是 -inf，而应是一个有限的数",)),
    C("time_layers", "bad_rows_built_once.py", "another length: TimeSoftmaxWithLoss (labels with ignore_label −1)",
      "TimeSoftmaxWithLoss ran for T=4, then on the same instance raised IndexError at T=7", "line",
      zh=("同一个实例", "T=7", "IndexError")),
    # clip_grads
    C("clip_grads", "bad_rebinds.py", "in place: clip_grads (norm above", "grads[0] was replaced by a new array"),
    C("clip_grads", "bad_no_sqrt.py", "in place: clip_grads (norm above", "× the expected values"),
    C("clip_grads", "bad_norm_per_array.py", "in place: clip_grads (norm above", "scaled by a factor of its own",
      "not one norm per array", zh=("各自按自己的比例缩放", "每个数组各算一个范数")),
    C("clip_grads", "bad_always_scales.py", "in place: clip_grads (norm below", "should not change here"),
    C("clip_grads", "bad_new_list.py", "in place: clip_grads (norm above", "unchanged after the call", "in place"),
    # rnn
    C("rnn", "bad_tanh_derivative.py", "backward: RNN", "known mistake", "1 − h instead of 1 − h²",
      zh=("常见错误", "1 − h，而不是 1 − h²")),
    C("rnn", "bad_no_tanh.py", "forward: RNN", "RNN.forward(...) differs"),
    C("rnn", "bad_dh_prev_skips_tanh.py", "backward: RNN", "dh_prev differs"),
    C("rnn", "bad_grads_rebound.py", "conventions: RNN", "grads[1]"),
    # time_rnn
    C("time_rnn", "bad_dh_not_carried.py", "backward: TimeRNN", "dxs is right at time step 4",
      "wrong at the earlier time steps 0–3", "carried back", zh=("时间步 4 是对的", "时间步 0–3 都不对")),
    C("time_rnn", "bad_h_not_passed_on.py", "forward: TimeRNN", "is right at time step 0 and wrong at the later time steps 1–4",
      "each step must start from the state the step before it ended with", zh=("时间步 0 是对的", "时间步 1–4 都不对")),
    C("time_rnn", "bad_not_stateful.py", "forward: TimeRNN (stateful", "h was reset between calls",
      zh=("h 在两次调用之间被重置",)),
    C("time_rnn", "bad_stateful_ignored.py", "forward: TimeRNN (stateful", "h was reset between calls"),
    C("time_rnn", "bad_always_stateful.py", "forward: TimeRNN (not stateful",
      "h was carried over from the previous call although stateful=False", zh=("h 却从上一次调用延续了下来",)),
    C("time_rnn", "bad_grads_last_step.py", "backward: TimeRNN",
      "dWx, dWh, db are right for a single time step but wrong for T = 5", "sum of every step's share",
      zh=("只有一个时间步", "加起来")),
    C("time_rnn", "bad_no_dh.py", "backward: TimeRNN", "dh is None"),
    C("time_rnn", "bad_reset_noop.py", "state: TimeRNN", "after_reset differs"),
    C("time_rnn", "bad_set_state_noop.py", "state: TimeRNN", "from_state differs"),
    C("time_rnn", "bad_cells_built_once.py", "another length: TimeRNN",
      "TimeRNN ran for T=5, then on the same instance raised IndexError at T=8", "line",
      "build the per-step layers in every forward, as the book does",
      zh=("同一个实例", "T=8", "IndexError", "每次 forward 中重新创建")),
    # lstm
    C("lstm", "bad_backward_constants.py", "backward: LSTM", "dx should be an array"),
    C("lstm", "bad_input_gate.py", "backward: LSTM", "the input gate i (columns 2H:3H of dWx, dWh, db) is wrong",
      "the forget gate f, the new memory g, the output gate o are right", zh=("输入门 i", "有误", "是对的")),
    C("lstm", "bad_ds_without_dh.py", "backward: LSTM",
      "the forget gate f, the new memory g, the input gate i (columns 0:H, H:2H, 2H:3H of dWx, dWh, db) are wrong",
      "the output gate o is right", zh=("遗忘门 f、新记忆 g、输入门 i", "输出门 o 是对的")),
    C("lstm", "bad_output_gate.py", "backward: LSTM", "the output gate o (columns 3H:4H"),
    C("lstm", "bad_dc_prev.py", "backward: LSTM", "dc_prev differs"),
    C("lstm", "bad_gate_order.py", "forward: LSTM", "laid out as i, g, f, o", "another order than the book's f, g, i, o",
      zh=("按 i, g, f, o 的顺序", "书中的 f, g, i, o 顺序")),
    C("lstm", "bad_pytorch_gate_order.py", "forward: LSTM", "laid out as i, f, g, o",
      "another order than the book's f, g, i, o", "columns 0:H as the input gate i",
      zh=("按 i, f, g, o 的顺序", "书中的 f, g, i, o 顺序", "第 0:H 列当作输入门 i")),
    # time_lstm
    C("time_lstm", "bad_dh_not_carried.py", "backward: TimeLSTM", "dxs is right at time step 4",
      "wrong at the earlier time steps 0–3", "carried back", zh=("时间步 4 是对的", "时间步 0–3 都不对")),
    C("time_lstm", "bad_dc_not_carried.py", "backward: TimeLSTM", "dxs is right at time step 4", "dc"),
    C("time_lstm", "bad_not_stateful.py", "forward: TimeLSTM (stateful", "h was reset between calls (c kept)",
      zh=("h 在两次调用之间被重置", "c 保留了下来")),
    C("time_lstm", "bad_c_not_kept.py", "forward: TimeLSTM (stateful", "c was reset between calls (h kept)"),
    C("time_lstm", "bad_stateful_ignored.py", "forward: TimeLSTM (stateful", "h and c were reset between calls",
      zh=("h 和 c 在两次调用之间被重置",)),
    C("time_lstm", "bad_grads_last_step.py", "backward: TimeLSTM",
      "dWx, dWh, db are right for a single time step but wrong for T = 5", "sum of every step's share",
      zh=("只有一个时间步", "加起来")),
    C("time_lstm", "bad_no_dh.py", "backward: TimeLSTM", "dh is None"),
    C("time_lstm", "bad_reset_noop.py", "state: TimeLSTM", "after_reset differs"),
    C("time_lstm", "bad_cells_built_once.py", "another length: TimeLSTM",
      "TimeLSTM ran for T=5, then on the same instance raised IndexError at T=8", "line",
      "build the per-step layers in every forward, as the book does",
      zh=("同一个实例", "T=8", "IndexError", "每次 forward 中重新创建")),
    # time_dropout
    C("time_dropout", "bad_mask_built_once.py", "another length: TimeDropout (training, dropout_ratio = 0.5)",
      "TimeDropout ran for T=10, then on the same instance raised ValueError at T=13", "line",
      zh=("同一个实例", "T=13")),
    C("time_dropout", "bad_train_flg_inverted.py", "dropout: TimeDropout (training, dropout_ratio = 0.5)",
      "nothing was dropped", "train_flg = True"),
    C("time_dropout", "bad_scale_inverted.py", "dropout: TimeDropout (training, dropout_ratio = 0.5)",
      "it should be 0 (dropped) or x / (1 − 0.5)"),
    C("time_dropout", "bad_not_scaled.py", "dropout: TimeDropout (training, dropout_ratio = 0.5)", "not scaled"),
    C("time_dropout", "bad_rate_flipped.py", "dropout: TimeDropout (training, dropout_ratio = 0.2)", "dropped",
      "far from dropout_ratio = 0.2"),
    C("time_dropout", "bad_backward_new_mask.py", "dropout: TimeDropout", "does not use forward's mask"),
    C("time_dropout", "bad_drops_at_inference.py", "forward: TimeDropout (inference", "differs"),
    C("time_dropout", "bad_modifies_input.py", "dropout: TimeDropout", "changed its argument xs in place"),
    # simple_rnnlm
    C("simple_rnnlm", "bad_not_stateful.py", "the loss of a second call, from the hidden state", "carried is",
      zh=("carried 是",)),
    C("simple_rnnlm", "bad_reset_noop.py", "the loss after reset_state", "after_reset is", zh=("after_reset 是",)),
    C("simple_rnnlm", "bad_backward_skips_rnn.py", "backward: SimpleRnnlm", "raised ValueError"),
    C("simple_rnnlm", "bad_ppl_no_exp.py", "forward: eval_perplexity", "the mean loss itself",
      "exp(total_loss / max_iters)", zh=("平均损失本身", "指数")),
    C("simple_rnnlm", "bad_ppl_of_sum.py", "forward: eval_perplexity", "exp of the summed loss of the 4 windows",
      "divide the total by the number of windows", zh=("损失之和的指数", "除以窗口数")),
    C("simple_rnnlm", "bad_ppl_targets_same_word.py", "forward: eval_perplexity", "eval_perplexity(...) is"),
    C("simple_rnnlm", "bad_ppl_windows_of_len.py", "forward: eval_perplexity (corpus lengths where len(corpus) − 1",
      "with V=6, L=48, B=4, T=3", zh=("当 V=6, L=48, B=4, T=3 时",)),
    C("simple_rnnlm", "bad_ppl_in_training_mode.py", "forward: eval_perplexity (a model with dropout: evaluated with "
      "train_flg=False)", "eval_perplexity(...) is", zh=("eval_perplexity(...) 是",)),
    C("simple_rnnlm", "bad_ppl_no_fallback.py", "forward: eval_perplexity (a model whose forward takes no train_flg",
      "raised TypeError", "unexpected keyword argument 'train_flg'", zh=("抛出 TypeError",)),
    C("simple_rnnlm", "bad_no_learning.py", "backward: SimpleRnnlm", "dembed_W is all zeros",
      "this gradient path is missing", zh=("全为零", "缺少了这条梯度路径")),
    C("simple_rnnlm", "bad_no_learning.py", "learns: SimpleRnnlm", "perplexity", "the reference's falls to",
      zh=("困惑度",)),
    # rnnlm
    C("rnnlm", "bad_reset_noop.py", "the loss after reset_state, from h = c = 0", "after_reset is"),
    C("rnnlm", "bad_lstm_not_stateful.py", "the loss of a second call, from the h and c", "carried is"),
    C("rnnlm", "bad_backward_skips_lstm.py", "backward: Rnnlm", "raised ValueError"),
    C("rnnlm", "bad_tied_copy.py", "interface: BetterRnnlm", "params[7] should be params[0] transposed",
      "embed_W is tied", "not a copy", zh=("params[0] 的转置", "而不是副本")),
    C("rnnlm", "bad_tied_slot_missing.py", "backward: BetterRnnlm", "embed_W is one array used 2 times",
      "params[7] (transposed)", "grads[7]", "never written", zh=("embed_W 是同一个数组", "从未被写入")),
    C("rnnlm", "bad_tied_added_twice.py", "backward: BetterRnnlm", "grads[0] already holds the sum",
      "counted twice", zh=("grads[0] 已经存放了所有使用的梯度之和", "被算了两次")),
    C("rnnlm", "bad_dropout_on_in_predict.py", "inference without dropout (train_flg=False)", "scores differs",
      zh=("scores", "与期望值不同")),
    C("rnnlm", "bad_dropout_off_in_training.py", "forward: BetterRnnlm", "dropout is off in training",
      zh=("训练时没有启用 dropout",)),
    C("rnnlm", "bad_reset_first_lstm_only.py", "the loss after reset_state, both LSTM layers", "after_reset is"),
    # ch07: generate
    C("generate", "bad_argmax.py", "the first word drawn: RnnlmGen", "in all 500 draws, the likeliest id",
      "argmax instead of sampling", zh=("argmax",)),
    C("generate", "bad_uniform.py", "the first word drawn: BetterRnnlmGen", "is drawn uniformly", zh=("均匀",)),
    C("generate", "bad_logits.py", "the first word drawn: RnnlmGen", "probabilities are not non-negative",
      "line 21", "softmax(score.flatten())", "not from the scores (logits)", zh=("softmax(score.flatten())", "logits")),
    C("generate", "bad_not_renormalised.py", "the first word drawn: RnnlmGen", "probabilities do not sum to 1",
      "divide p by its sum again", zh=("再除以 p 的和",)),
    C("generate", "bad_skip_ignored.py", "the first word drawn: RnnlmGen", "RnnlmGen.generate(...) drew id 0",
      "excluded (skip_ids)", zh=("skip_ids", "重新抽取")),
    C("generate", "bad_start_every_step.py", "the next word, given the word drawn before it: RnnlmGen",
      "generate(...)[2] does not follow the expected probabilities", "known mistake", "start_id is fed at every step",
      zh=("每一步都输入了 start_id",)),
    C("generate", "bad_state_reset.py", "the next word, given the word drawn before it: RnnlmGen",
      "known mistake", "state is reset before every step", "h = c = 0", zh=("重置了 LSTM 的状态",)),
    C("generate", "bad_one_too_many.py", "the first word drawn: RnnlmGen", "returned 4 ids in call 1 of 500",
      "asked for 3", zh=("4 个编号",)),
    C("generate", "bad_no_start_id.py", "the first word drawn: RnnlmGen", "it should start with 3, the id it was given",
      zh=("以传入的编号 3 开头",)),
    C("rnnlm", "bad_reset_first_lstm_only.py", "the loss after reset_state, both LSTM layers", "after_reset is"),    # weight_sum
    C("weight_sum", "bad_grads_none.py", "interface: WeightSum", "WeightSum.grads should be a list of arrays", "got None"),
    C("weight_sum", "bad_sum_over_hidden.py", "forward: WeightSum", "summed over the hidden units (axis=2)",
      "sums over the T time steps (axis=1)", zh=("沿隐藏单元（axis=2）求和了",)),
    C("weight_sum", "bad_sum_over_hidden.py", "gradcheck: WeightSum", "disagrees with the numerical gradient"),
    C("weight_sum", "bad_not_summed.py", "forward: WeightSum", "has shape (3, 4, 4); expected (3, 4)",
      "its axis 1 (of length 4) should not be there", "sum over axis=1", zh=("不应有第 1 维", "axis=1")),
    C("weight_sum", "bad_da_wrong_axis.py", "backward: WeightSum", "da is exactly what the reference's backward gives",
      "da is summed over the time steps (axis=1)", zh=("da 沿时刻（axis=1）求和了",)),
    C("weight_sum", "bad_dc_wrong_axis.py", "backward: WeightSum", "dc is repeated along the wrong axis",
      "reshape it to (N, 1, H)", zh=("dc 沿错误的轴重复了",)),
    C("weight_sum", "bad_modifies_dout.py", "conventions: WeightSum", "changed dout in place"),
    # attention_weight
    C("attention_weight", "bad_softmax_over_batch.py", "forward: AttentionWeight",
      "the softmax runs over the batch axis (axis=0)", zh=("softmax 沿批次轴（axis=0）计算了",)),
    C("attention_weight", "bad_scores_over_time.py", "forward: AttentionWeight",
      "the scores are summed over the time steps (axis=1)", zh=("得分沿时刻（axis=1）求和了",)),
    C("attention_weight", "bad_scores_over_time.py", "gradcheck: AttentionWeight", "disagrees with the numerical gradient"),
    C("attention_weight", "bad_no_softmax_backward.py", "backward: AttentionWeight", "the softmax's backward is skipped",
      zh=("跳过了 softmax 的反向传播",)),
    C("attention_weight", "bad_dh_wrong_axis.py", "backward: AttentionWeight",
      "dh is summed over the hidden units (axis=2)", "sums over time (axis=1)", zh=("dh 沿隐藏单元（axis=2）求和了",)),
    C("attention_weight", "bad_dh_not_summed.py", "backward: AttentionWeight", "dh has shape (3, 4, 4); expected (3, 4)",
      "sum over axis=1"),
    C("attention_weight", "bad_modifies_dout.py", "conventions: AttentionWeight", "changed dout in place"),
    # attention
    C("attention", "bad_dhs_one_path.py", "backward: Attention", "dhs holds only WeightSum's share",
      zh=("dhs 只包含 WeightSum 传回的部分",)),
    C("attention", "bad_weight_not_kept.py", "the attention weights kept in attention_weight: Attention",
      "attention_weight is None"),
    C("attention", "bad_softmax_over_decoder_steps.py", "forward: TimeAttention",
      "the softmax runs over the decoder's steps (axis=1)", "sum to 1 over the S encoder steps",
      zh=("softmax 沿解码器的时刻（axis=1）计算了",)),
    C("attention", "bad_softmax_over_decoder_steps.py", "gradcheck: TimeAttention", "disagrees with the numerical gradient"),
    C("attention", "bad_softmax_global_max.py", "forward: TimeAttention (large scores", "nan/inf values"),
    C("attention", "bad_weights_last_only.py", "each decoder step's attention weights kept in attention_weights",
      "attention_weights should be 4 values", "got 1 values"),
    C("attention", "bad_weights_last_only.py", "model.decoder.attention.attention_weights after forward",
      "attention_weights should be 4 values"),
    C("attention", "bad_dhs_enc_one_path.py", "backward: TimeAttention", "dhs_enc differs"),
    C("attention", "bad_buffer_built_once.py", "another length: TimeAttention", "ran for T=4",
      "raised ValueError at T=6"),
    C("attention", "bad_modifies_dout.py", "conventions: TimeAttention", "changed dout in place"),
    C("attention", "bad_returns_last_state.py", "forward: AttentionEncoder", "has shape (3, 4); expected (3, 5, 4)",
      "axis 1 (of length 5) is missing", "[:, -1]", zh=("缺少第 1 维", "[:, -1]")),
    C("attention", "bad_concat_order.py", "forward: AttentionDecoder (weights set", "concatenated as (dec_hs, c)",
      "np.concatenate((c, dec_hs), axis=2)", zh=("按 (dec_hs, c) 的顺序拼接了",)),
    C("attention", "bad_starts_from_first_state.py", "forward: AttentionDecoder (weights set",
      "starts from the encoder's first state enc_hs[:, 0]", zh=("从编码器的第一个状态 enc_hs[:, 0] 开始了",)),
    C("attention", "bad_dh_not_to_encoder.py", "backward: AttentionDecoder (weights set",
      "the LSTM's dh is not added to denc_hs[:, -1]", zh=("LSTM 的 dh 没有加到 denc_hs[:, -1] 上",)),
    C("attention", "bad_lstm_misses_attention_grad.py", "backward: AttentionDecoder (weights set",
      "the LSTM gets only the affine's share of ddec_hs", zh=("LSTM 只得到了 Affine 那一份 ddec_hs",)),
    C("attention", "bad_no_context.py", "interface: AttentionDecoder (weights set", "(affine_W) has shape (4, 7); expected (8, 7)",
      "the attention's context c is not in the affine layer's input", "so affine_W is (2H, V)",
      zh=("Attention 的上下文 c 没有进入 Affine 层的输入",)),
    C("attention", "bad_context_dropped.py", "forward: AttentionDecoder (weights set",
      "the attention's context c is not in the affine layer's input", zh=("Attention 的上下文 c 没有进入 Affine 层的输入",)),
    C("attention", "bad_generate_no_state.py", "the ids generate returns: AttentionDecoder", "known mistake",
      "self.lstm.set_state(enc_hs[:, -1])", zh=("self.lstm.set_state(enc_hs[:, -1])",)),
    C("attention", "bad_generate_no_feedback.py", "the ids generate returns: AttentionDecoder", "known mistake",
      "every step reads start_id", zh=("每一步都读入了 start_id",)),
    C("attention", "bad_encoder_modifies_dhs.py", "conventions: AttentionEncoder", "changed dout in place"),
    C("attention", "bad_encoder_embed_not_trained.py", "backward: AttentionEncoder", "dembed_W is all zeros"),
    C("attention", "bad_decoder_params_no_embed.py", "interface: AttentionDecoder", "should hold 6 arrays",
      "embed_W, lstm_Wx, lstm_Wh, lstm_b, affine_W, affine_b"),
    C("attention", "bad_no_learning.py", "learns: AttentionSeq2seq", "the reference reaches"),
    C("attention", "bad_no_learning.py", "accuracy: AttentionSeq2seq", "of the 50 answers", "the reference gets"),
    C("attention", "bad_init_order.py", "initial parameters: AttentionSeq2seq", "params[0] differs"),
    # seq2seq
    C("seq2seq", "bad_encoder_no_grads.py", "interface: Encoder", "Encoder.grads should hold 4 arrays", "it holds 0"),
    C("seq2seq", "bad_encoder_first_state.py", "forward: Encoder", "known mistake", "hs[:, 0]", "hs[:, -1, :]",
      zh=("hs[:, 0]", "读完了整个问题")),
    C("seq2seq", "bad_encoder_first_state.py", "forward: Seq2seq", "known mistake", "hs[:, 0]"),
    C("seq2seq", "bad_encoder_first_state.py", "the ids generate returns: Seq2seq", "answer1 is exactly", "hs[:, 0]"),
    C("seq2seq", "bad_encoder_first_state.py", "gradcheck: Encoder", "numerical gradient of your forward"),
    C("seq2seq", "bad_encoder_dh_every_step.py", "backward: Encoder", "known mistake", "every time step of dhs",
      "dhs[:, -1, :] = dh", zh=("每一个时间步",)),
    C("seq2seq", "bad_encoder_dh_every_step.py", "backward: Seq2seq", "the encoder's backward put dh into every time step"),
    C("seq2seq", "bad_encoder_dh_first_step.py", "backward: Encoder", "known mistake", "dhs[:, 0]", "the first time step",
      zh=("第一个时间步",)),
    C("seq2seq", "bad_encoder_modifies_dh.py", "conventions: Encoder", "backward changed dout in place"),
    C("seq2seq", "bad_decoder_zero_state.py", "forward: Decoder", "known mistake", "starts from h = 0",
      "self.lstm.set_state(h)", zh=("从 h = 0 开始", "self.lstm.set_state(h)")),
    C("seq2seq", "bad_decoder_zero_state.py", "forward: Seq2seq", "known mistake", "the decoder starts from h = 0"),
    C("seq2seq", "bad_decoder_affine_transposed.py", "interface: Decoder", "affine_W", "(7, 4)", "(4, 7)"),
    C("seq2seq", "bad_decoder_dh_not_returned.py", "backward: Decoder", "dh is None", "return"),
    C("seq2seq", "bad_decoder_dh_not_returned.py", "gradcheck: Decoder", "dh is None"),
    C("seq2seq", "bad_decoder_modifies_dscore.py", "conventions: Decoder", "backward changed dout in place"),
    C("seq2seq", "bad_generate_no_state.py", "the ids generate returns: Decoder", "raised ValueError",
      "the reference raises the same error with a known mistake", "state the last forward left",
      "self.lstm.set_state(h)", zh=("参考答案犯了同一个常见错误时也会抛出这个错误", "self.lstm.set_state(h)")),
    C("seq2seq", "bad_generate_no_state.py", "accuracy: Seq2seq", "the reference raises the same error",
      "from the state training left"),
    C("seq2seq", "bad_not_shifted.py", "forward: Seq2seq", "known mistake", "ts is not shifted", "ts[:, :-1]", "ts[:, 1:]",
      zh=("ts 没有错开",)),
    C("seq2seq", "bad_shifted_backwards.py", "forward: Seq2seq", "known mistake", "the wrong way round"),
    C("seq2seq", "bad_decoder_from_zeros.py", "forward: Seq2seq", "known mistake", "the decoder starts from h = 0"),
    C("seq2seq", "bad_params_decoder_only.py", "interface: Seq2seq", "Seq2seq.params should hold 10 arrays"),
    C("seq2seq", "bad_backward_skips_encoder.py", "backward: Seq2seq", "denc_embed_W"),
    C("seq2seq", "bad_backward_skips_encoder.py", "gradcheck: Seq2seq", "denc_embed_W"),
    C("seq2seq", "bad_generate_from_zeros.py", "the ids generate returns: Seq2seq", "known mistake",
      "decoded from h = 0", zh=("从 h = 0 解码",)),
    C("seq2seq", "bad_decoder_drawn_first.py", "initial parameters: Seq2seq", "params[0]"),
    C("seq2seq", "bad_no_learning.py", "learns: Seq2seq", "the reference reaches"),
    C("seq2seq", "bad_no_learning.py", "accuracy: Seq2seq", "answers are generated exactly", "the reference gets"),
    # peeky
    C("peeky", "bad_affine_not_peeky.py", "interface: PeekyDecoder", "affine_W", "(8, 7)",
      "the shapes the reference has with a known mistake", "Peeky concatenates h", "H + H",
      zh=("这正是参考答案犯了一个常见错误时的形状", "H + H")),
    C("peeky", "bad_affine_not_peeky.py", "interface: PeekySeq2seq", "the shapes the reference has with a known mistake"),
    C("peeky", "bad_affine_concat_missing.py", "forward: PeekyDecoder", "raised ValueError", "not aligned",
      "the reference raises the same error with a known mistake", "the Affine reads the LSTM's output alone",
      zh=("参考答案犯了同一个常见错误时也会抛出这个错误", "Affine 只读入 LSTM 的输出")),
    C("peeky", "bad_affine_concat_missing.py", "forward: PeekySeq2seq", "the Affine reads the LSTM's output alone"),
    C("peeky", "bad_affine_concat_missing.py", "the ids generate returns: PeekyDecoder", "the Affine reads the LSTM's output alone"),
    C("peeky", "bad_lstm_not_peeky.py", "interface: PeekyDecoder", "lstm_Wx", "(7, 16)", "the LSTM reads the embedded characters alone",
      "H + D", zh=("LSTM 只读入字符的嵌入向量",)),
    C("peeky", "bad_lstm_concat_missing.py", "forward: PeekyDecoder", "the reference raises the same error",
      "the LSTM reads the embedded characters alone"),
    C("peeky", "bad_lstm_concat_missing.py", "forward: PeekySeq2seq", "the LSTM reads the embedded characters alone"),
    C("peeky", "bad_zero_state.py", "forward: PeekyDecoder", "known mistake", "starts from h = 0", "self.lstm.set_state(h)"),
    C("peeky", "bad_zero_state.py", "gradcheck: PeekyDecoder", "numerical gradient of your forward"),
    C("peeky", "bad_dh_lstm_only.py", "backward: PeekyDecoder", "known mistake", "dh is only the LSTM's initial-state gradient",
      "np.sum(dhs0 + dhs1, axis=1)", zh=("dh 只有 LSTM 初始状态的梯度",)),
    C("peeky", "bad_dh_lstm_only.py", "backward: PeekySeq2seq", "the encoder gets only the LSTM's initial-state gradient"),
    C("peeky", "bad_dh_misses_lstm_half.py", "backward: PeekyDecoder", "known mistake", "dhs1", "dhs = dhs0 + dhs1"),
    C("peeky", "bad_dh_misses_affine_half.py", "backward: PeekyDecoder", "known mistake", "dhs0", "dhs = dhs0 + dhs1"),
    C("peeky", "bad_modifies_dscore.py", "conventions: PeekyDecoder", "backward changed dout in place"),
    C("peeky", "bad_generate_no_state.py", "the ids generate returns: PeekyDecoder", "the reference raises the same error",
      "self.lstm.set_state(h)"),
    C("peeky", "bad_generate_no_state.py", "the ids generate returns: PeekySeq2seq", "known mistake", "decoded from h = 0"),
    C("peeky", "bad_plain_decoder.py", "interface: PeekySeq2seq", "the shapes the reference has with a known mistake",
      "the plain Decoder", zh=("普通的 Decoder",)),
    C("peeky", "bad_decoder_drawn_first.py", "initial parameters: PeekySeq2seq", "params[0]"),
    C("peeky", "bad_no_learning.py", "learns: PeekySeq2seq", "the reference reaches"),
    C("peeky", "bad_no_learning.py", "accuracy: PeekySeq2seq", "answers are generated exactly"),
    # scaled_dot_attention
    C("scaled_dot_attention", "bad_mask_no_diagonal.py", "forward: causal_mask", "the diagonal is missing", "j ≤ i",
      zh=("缺少对角线",)),
    C("scaled_dot_attention", "bad_mask_float.py", "forward: causal_mask", "dtype float64", "boolean array",
      zh=("布尔数组",)),
    C("scaled_dot_attention", "bad_params_tuples.py", "interface: ScaledDotProductAttention (no mask)", "params"),
    C("scaled_dot_attention", "bad_no_scale.py", "forward: ScaledDotProductAttention (no mask)", "known mistake",
      "not divided by √dk", zh=("没有除以 √dk",)),
    C("scaled_dot_attention", "bad_no_scale.py", "gradcheck: ScaledDotProductAttention (no mask)",
      "numerical gradient of your forward"),
    C("scaled_dot_attention", "bad_softmax_over_queries.py", "forward: ScaledDotProductAttention (no mask)",
      "over the queries (axis −2) instead of over the keys", zh=("沿查询方向",)),
    C("scaled_dot_attention", "bad_masked_score_zero.py", "forward: ScaledDotProductAttention (a causal mask",
      "set to 0 instead of a large negative number", zh=("被设成了 0",)),
    C("scaled_dot_attention", "bad_masked_score_zero.py", "attention weights: ScaledDotProductAttention (a causal mask",
      "set to 0 instead of a large negative number"),
    C("scaled_dot_attention", "bad_mask_ignored.py", "forward: ScaledDotProductAttention (a padding mask",
      "the mask is not applied", zh=("没有使用掩码",)),
    C("scaled_dot_attention", "bad_fully_masked_uniform.py",
      "forward: ScaledDotProductAttention (a query whose every key is masked)", "spreads its weight evenly",
      "weights are all 0", zh=("平均分给了被屏蔽的键",)),
    C("scaled_dot_attention", "bad_fully_masked_nan.py",
      "forward: ScaledDotProductAttention (a query whose every key is masked)", "nan/inf", "−inf − (−inf) = NaN",
      zh=("−inf − (−inf) = NaN",)),
    C("scaled_dot_attention", "bad_masked_get_gradient.py",
      "backward: ScaledDotProductAttention (a query whose every key is masked)", "dq differs", "expected 0",
      "a position the mask hides got weight or gradient", zh=("被掩码遮住的位置得到了权重或梯度",)),
    C("scaled_dot_attention", "bad_softmax_unshifted.py", "forward: ScaledDotProductAttention (scores thousands apart)",
      "nan/inf", "exp overflowed", "largest score over its keys", zh=("exp 上溢了",)),
    C("scaled_dot_attention", "bad_backward_no_scale.py", "backward: ScaledDotProductAttention (no mask)",
      "leaves out the 1/√dk of forward", zh=("漏掉了 forward 中的 1/√dk",)),
    C("scaled_dot_attention", "bad_weights_unnormalised.py", "attention weights: ScaledDotProductAttention (no mask)",
      "attention_weight differs"),
    C("scaled_dot_attention", "bad_dout_zeroed.py", "conventions: ScaledDotProductAttention (no mask)", "dout"),
    # self_attention
    C("self_attention", "bad_heads_reshaped.py", "forward: MultiHeadAttention (no mask)", "without the transpose",
      "(N, T, h, dk)", zh=("没有 transpose",)),
    C("self_attention", "bad_heads_reshaped.py", "attention weights of every head: MultiHeadAttention (no mask)",
      "without the transpose"),
    C("self_attention", "bad_merge_reshaped.py", "forward: MultiHeadAttention (no mask)",
      "merged by reshape alone", zh=("合并多头时只用了 reshape",)),
    C("self_attention", "bad_heads_interleaved.py", "forward: MultiHeadAttention (no mask)", "every h-th column",
      zh=("每隔 h 列",)),
    C("self_attention", "bad_dx_no_query_path.py", "backward: SelfAttention (no mask)", "dx is exactly",
      "path through the queries", "dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ", zh=("经过查询的那条路径",)),
    C("self_attention", "bad_dx_no_value_path.py", "backward: MultiHeadAttention (no mask)", "path through the values",
      zh=("经过值的那条路径",)),
    C("self_attention", "bad_dWv_from_keys.py", "backward: MultiHeadAttention (no mask)", "dWv differs"),
    C("self_attention", "bad_dWo_transposed.py", "backward: MultiHeadAttention (no mask)", "dWo"),
    C("self_attention", "bad_head_mask_not_broadcast.py", "forward: MultiHeadAttention (a mask (N, T, T)",
      "ValueError"),
    C("self_attention", "bad_no_attention_weight.py", "attention weights of every head: MultiHeadAttention (no mask)",
      "attention_weight"),
    C("self_attention", "bad_grads_rebound.py", "conventions: MultiHeadAttention (no mask)", "grads[3]", "dWo"),
    C("self_attention", "bad_forward_scaled.py", "gradcheck: MultiHeadAttention (no mask)",
      "numerical gradient of your forward"),
    # transformer_block
    C("transformer_block", "bad_ln_no_mean_terms.py", "backward: LayerNorm ((N, T, D)", "leaves out the mean terms",
      "(dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / σ", zh=("漏掉了均值项",)),
    C("transformer_block", "bad_ln_no_variance_term.py", "backward: LayerNorm ((N, T, D)", "standard deviation σ",
      zh=("经过标准差 σ 的梯度",)),
    C("transformer_block", "bad_ln_over_batch.py", "forward: LayerNorm ((N, T, D)", "over the batch (axis 0)",
      zh=("沿批次方向",)),
    C("transformer_block", "bad_ln_dgamma_not_summed.py", "backward: LayerNorm ((N, T, D)", "dgamma differs"),
    C("transformer_block", "bad_pe_sin_cos_swapped.py", "forward: positional_encoding", "differs"),
    C("transformer_block", "bad_ffn_relu_backward.py", "backward: PositionwiseFeedForward", "dx differs", "dW1, db1"),
    C("transformer_block", "bad_residual_dropped_ffn.py", "backward: TransformerBlock (not causal)",
      "drops the residual path of out = y + FFN(LN2(y))", "dy = dout + LN2′(FFN′(dout))", zh=("残差路径",)),
    C("transformer_block", "bad_residual_dropped_attention.py", "backward: TransformerBlock (not causal)",
      "drops the residual path of y = x + MHA(LN1(x))", zh=("残差路径",)),
    C("transformer_block", "bad_causal_ignored.py", "forward: TransformerBlock (causal = True",
      "causal=True is ignored", zh=("忽略了 causal=True",)),
    C("transformer_block", "bad_post_ln.py", "forward: TransformerBlock (not causal)", "post-LN", zh=("post-LN",)),
    C("transformer_block", "bad_ffn_modifies_input.py", "forward: PositionwiseFeedForward", "changed its argument x in place"),
]

# Checks that, besides the table's, are expected to pass for these files: a bug in one place
# must not be blamed on another (the rebound grad is right in value; SGD's values are right).
ALSO_PASSING = {
    "affine/bad_grads_rebound": ["backward: Affine", "gradcheck: Affine"],
    "affine/bad_grads_accumulate": ["backward: Affine", "gradcheck: Affine"],
    "sigmoid/bad_modifies_dout": ["backward: Sigmoid", "gradcheck: Sigmoid"],
    "optimizers/bad_sgd_rebinds": ["update: SGD"],
    "optimizers/bad_adagrad_modifies_grads": ["update: AdaGrad"],
    "two_layer_net/bad_param_order": ["training: TwoLayerNet (spiral data set, 300 epochs)"],
    "softmax_with_loss/bad_ignores_dout": ["backward: SoftmaxWithLoss (class-index labels)"],
    "lstm/bad_pytorch_gate_order": ["gradcheck: LSTM"],  # a consistent layout: backward fits its own forward
    # the mask or the count wrong in backward alone: forward stays right
    "time_layers/bad_grad_not_masked": ["forward: TimeSoftmaxWithLoss (labels with ignore_label −1)"],
    "time_layers/bad_backward_over_all_positions": ["forward: TimeSoftmaxWithLoss (labels with ignore_label −1)"],
    "clip_grads/bad_norm_per_array": ["in place: clip_grads (norm below max_norm: no change)"],
    # the first draw comes before the mistake: from the start id, as the reference's
    "generate/bad_start_every_step": ["the first word drawn: RnnlmGen (500 texts of 3 ids from start id 3, skip_ids = [0])"],
    "generate/bad_state_reset": ["the first word drawn: RnnlmGen (500 texts of 3 ids from start id 3, skip_ids = [0])"],
    # a gradient path missing in the decoder's backward: its forward, and the layers below it, stay right
    "attention/bad_dh_not_to_encoder": ["forward: AttentionDecoder (weights set, every path of the gradient)",
                                        "backward: TimeAttention (S encoder steps, T decoder steps)"],
    "attention/bad_lstm_misses_attention_grad": ["forward: AttentionDecoder (weights set, every path of the gradient)"],
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
    # (their right code is graded in full, precision runs included: a limit with room for a loaded machine)
    C("affine", "evil_print_flood.py", timeout=3 * T, passes=True),
    C("affine", "evil_fd_flood.py", timeout=3 * T, passes=True),
    C("affine", "evil_background.py", timeout=3 * T, passes=True),
]
if Limits().memory_bytes is not None:
    # Only where the sandbox limits memory: on the GPU (DLFS2_GPU=1) it does not (CUDA maps
    # more address space than any limit would allow), and this list would eat the machine.
    HOSTILE.append(C("affine", "evil_memory_list.py", "loads", "ran out of memory", "line 10", "hoard.append",
                     timeout=10.0))

# -- correct files -------------------------------------------------------------------

VARIANTS = [Case(p.parent.name, p.name, passes=True) for p in sorted(SUBMISSIONS.glob("*/ok_*.py"))] + [
    Case(m.exercise, f"{m.name}.py", passes=True) for m in MUTANTS if m.name.startswith("ok_")]
# The book's files that fail on the numpy this project installs, as printed: the verdict names the line
# and its fix. ch07/rnnlm_gen.py's int(x) of the shape-(1,) array np.random.choice(..., size=1) returns
# is a TypeError since NumPy 2.
BOOK_BROKEN = [
    C("book", "generate.py", "the first word drawn: RnnlmGen", "RnnlmGen.generate raised TypeError on line 23",
      "(`word_ids.append(int(x))`)", "Since NumPy 2", "as in `word_ids.append(int(x.item()))`", "x[0]",
      zh=("第 23 行", "NumPy 2", "`word_ids.append(int(x.item()))`")),
    C("book", "generate.py", "the first word drawn: BetterRnnlmGen", "BetterRnnlmGen.generate raised TypeError on line 47",
      "as in `word_ids.append(int(x.item()))`", zh=("第 47 行", "int(x.item())")),
]
BOOK = [Case("book", p.name, passes=True) for p in sorted((SUBMISSIONS / "book").glob("*.py"))
        if p.name not in {case.file for case in BOOK_BROKEN}]
SOLUTIONS = [Case(ex.id, f"{ex.id}.py", passes=True, source=ex.solution_path) for ex in CATALOG]
STUBS = [Case(ex.id, f"{ex.id}.py", source=ex.stub_path) for ex in CATALOG]

# Code that breaks a convention the book never promised passes, with a note saying why it matters.
NOTED = [
    C("affine", "noted_float32.py", "interface: Affine", "note", "float32", "float64", "dtype='f'", passes=True),
    C("sigmoid", "noted_float32_function.py", "forward: sigmoid", "note", "sigmoid(...) is float32", passes=True),
    C("book", "time_lstm.py", "interface: TimeLSTM", "note", "float32", "float32 tolerances", passes=True),
    C("book", "time_rnn.py", "interface: TimeRNN", "note", "float32", "float32 tolerances", passes=True),
    C("book", "simple_cbow.py", "interface: SimpleCBOW", "note", "params[0] (W_in) is float32", passes=True),
    C("book", "simple_rnnlm.py", "interface: SimpleRnnlm", "note", "float32", "float32 tolerances", passes=True),
    C("book", "rnnlm.py", "interface: BetterRnnlm", "note", "float32", "float32 tolerances", passes=True),
    C("book", "seq2seq.py", "interface: Seq2seq", "note", "float32", "float32 tolerances", passes=True),
    C("book", "peeky.py", "interface: PeekySeq2seq", "note", "float32", "float32 tolerances", passes=True),
    C("ppmi", "noted_eps_outside_log.py", "forward: ppmi (the book's co-occurrence matrix)", "note",
      "divide by zero encountered in log2", "eps is in the wrong place", "inside the log", passes=True,
      zh=("eps 放错了位置",)),
]


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
    """The first check whose name starts with `prefix` and did not pass.

    A check blocked by another's failure (same cause, shown once) stands for that other check.
    """
    for check in result.checks:
        if check.name.startswith(prefix) and not check.passed:
            root = check.details.get("blocked_by")
            return next(c for c in result.checks if c.name == root) if root else check
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
