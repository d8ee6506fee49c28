"""Values of the probes, written in the catalog as small expressions.

    randn(N,D)         standard normal, shape (N, D); dims may be arithmetic: randn(D,4*H)
    randn(N,C)*1000    scaled;  randn(N,C)+1000  shifted
    rand(N,D)          uniform [0, 1)
    zeros(N) ones(N,D) arange(N)
    softmax(N,C)       rows of probabilities (for losses)
    labels(N,C)        N class indices below C (shape (N,)); labels(N,T,V): (N, T) indices
    labels_ignore(N,T,V)  indices with about a quarter set to -1 (ignore_label)
    onehot(N,C)        one-hot rows; onehot(N,2,V): (N, 2, V)
    mask(N,T)          random booleans;  causal(T): True on and below the diagonal
    zipf(L,V)          a corpus of L word ids < V with Zipf-like counts, every id present
    spectrum(M,N)      an (M, N) matrix with geometrically decaying singular values
    flat_spectrum(M,N) the same with slowly decaying ones (σ_i = 10/√i): where a randomized SVD
                       needs its power iterations and its extra random columns
    symcounts(V,K)     a symmetric (V, V) matrix of counts below K, zero diagonal (a co-occurrence matrix)
    bigram_lm(V)       a fixed language model over V words: forward(xs, ts) is the mean −log P(t | x) of a
                       random bigram table, so each window of a corpus has its own loss (to evaluate perplexity)
    plain_bigram_lm(V) the same model whose forward(xs, ts) takes no train_flg (a model without dropout)
    dropout_bigram_lm(V)  the same model whose loss depends on train_flg (default True), as a model with
                       dropout's does: only train_flg=False gives the model's own loss
    4*H, N             a size (or arithmetic of sizes) from the probe's `sizes` entry
    spiral_x, toy_text a named data set (corpora.named)
    0.5, 3, true       plain numbers and booleans pass through
    [a, b]             a list of values (one argument)
    {str = "..."}      a string;  {ints = [1, 2]} / {floats = [...]} / {bools = [true, false]}: an array
    {returns = {method = value}}  an object whose methods return fixed values (injection)

Every probe draws from its own seeded generator, so every run sees the same values.
"""

from __future__ import annotations

import ast
import re

import numpy

_EXPR = re.compile(r"^\s*(\w+)\s*\(([^()]*)\)\s*(?:([*+])\s*([-+0-9.eE]+))?\s*$")


class SpecError(ValueError):
    """The catalog says something the grader cannot build."""


class Injected:
    """Stands in for an object a layer draws from (a sampler): each method returns its fixed value."""

    def __init__(self, returns: dict):
        self._returns = returns

    def __getattr__(self, name):
        returns = self.__dict__.get("_returns", {})
        if name not in returns:
            raise AttributeError(name)
        value = returns[name]
        return lambda *args, **kwargs: value.copy() if isinstance(value, numpy.ndarray) else value

    def __reduce__(self):
        return Injected, (self._returns,)


class BigramLM:
    """A language model with nothing to train: P(next = j | word = i) = probs[i, j]. Its loss depends on
    exactly which words and targets it is given, as a trained model's does, so a function that evaluates a
    model on a corpus (perplexity) can be compared value for value."""

    def __init__(self, probs):
        self.probs = probs
        self.params, self.grads = [], []

    def predict(self, xs, train_flg=False):
        from autograder import backend

        return backend.to_gpu(numpy.log(self.probs[backend.to_cpu(xs)]))

    def forward(self, xs, ts, train_flg=False):
        # L = mean over the (n, t) positions of −log P(ts[n, t] | xs[n, t])
        from autograder import backend

        xs, ts = backend.to_cpu(xs), backend.to_cpu(ts)
        return float(-numpy.mean(numpy.log(self.probs[xs, ts])))

    def reset_state(self):
        pass


class PlainBigramLM(BigramLM):
    """A BigramLM whose forward takes no train_flg, as a model without dropout (SimpleRnnlm)."""

    def predict(self, xs):
        return super().predict(xs)

    def forward(self, xs, ts):
        return super().forward(xs, ts)


class DropoutBigramLM(BigramLM):
    """A BigramLM whose loss depends on train_flg, as a model with dropout's does: in training mode (the
    default, as in the book's BetterRnnlm) half its probability goes to the uniform distribution, a fixed
    stand-in for dropout's noise; train_flg=False gives the model's own loss."""

    def _probs(self, train_flg):
        return 0.5 * self.probs + 0.5 / self.probs.shape[1] if train_flg else self.probs

    def predict(self, xs, train_flg=True):
        return BigramLM(self._probs(train_flg)).predict(xs)

    def forward(self, xs, ts, train_flg=True):
        return BigramLM(self._probs(train_flg)).forward(xs, ts)


_LANGUAGE_MODELS = {"bigram_lm": BigramLM, "plain_bigram_lm": PlainBigramLM, "dropout_bigram_lm": DropoutBigramLM}


def build(expr, sizes: dict, rng: numpy.random.Generator):
    if isinstance(expr, (bool, int, float)):
        return expr
    if isinstance(expr, list):
        return [build(e, sizes, rng) for e in expr]
    if isinstance(expr, dict):
        return _literal(expr, sizes, rng)
    if not isinstance(expr, str):
        raise SpecError(f"cannot build a value from {expr!r}")
    text = expr.strip()
    from corpora import named

    if text in named.DATASETS:
        return named.load(text)
    match = _EXPR.match(text)
    if not match:
        return dim(text, sizes, expr)
    kind, dims_text, op, operand = match.groups()
    dims = tuple(dim(d, sizes, expr) for d in dims_text.split(",") if d.strip())
    value = _generate(kind, dims, rng, expr)
    if op == "*":
        value = value * float(operand)
    elif op == "+":
        value = value + float(operand)
    return value


def _literal(spec: dict, sizes, rng):
    if set(spec) == {"str"}:
        return str(spec["str"])
    if set(spec) == {"ints"}:
        return numpy.array(spec["ints"], dtype=numpy.int64)
    if set(spec) == {"floats"}:
        return numpy.array(spec["floats"], dtype=numpy.float64)
    if set(spec) == {"bools"}:  # a mask written out: which rows are wholly masked is the point of the probe
        return numpy.array(spec["bools"], dtype=bool)
    if set(spec) == {"returns"}:
        return Injected({k: build(v, sizes, rng) for k, v in spec["returns"].items()})
    raise SpecError(f"cannot build a value from {spec!r}: use str, ints, floats, bools or returns")


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.FloorDiv: lambda a, b: a // b}


def dim(text: str, sizes: dict, expr) -> int:
    """A size: an integer, a name from `sizes`, or +, -, *, // of those (``4*H``)."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise SpecError(f"cannot parse {expr!r}") from None

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in sizes:
                raise SpecError(f"size {node.id!r} of {expr!r} is not in the probe's sizes")
            return int(sizes[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        raise SpecError(f"cannot parse {expr!r}: a size is a number, a name or +, -, *, // of them")

    return value(tree)


def _generate(kind, dims, rng, expr):
    if kind == "randn":
        return rng.standard_normal(dims)
    if kind == "rand":
        return rng.random(dims)
    if kind == "zeros":
        return numpy.zeros(dims)
    if kind in ("ones", "full"):
        return numpy.ones(dims)
    if kind == "arange":
        return numpy.arange(*dims)
    if kind == "softmax":
        z = rng.standard_normal(dims)
        e = numpy.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if kind == "labels":
        classes = dims[-1]
        count = dims[:-1]
        return rng.integers(0, classes, size=count if count else ())
    if kind == "labels_ignore":
        labels = rng.integers(0, dims[-1], size=dims[:-1])
        labels[rng.random(labels.shape) < 0.25] = -1
        labels.reshape(-1)[0] = 0  # at least one position counts
        return labels
    if kind == "onehot":
        *count, classes = dims
        idx = rng.integers(0, classes, size=tuple(count))
        return numpy.eye(classes, dtype=numpy.int64)[idx]
    if kind == "mask":
        return rng.random(dims) < 0.5
    if kind == "causal":
        (length,) = dims
        return numpy.tril(numpy.ones((length, length), dtype=bool))
    if kind == "zipf":
        length, vocab = dims
        weights = 1.0 / numpy.arange(1, vocab + 1)
        counts = 1 + numpy.floor(weights / weights.sum() * (length - vocab)).astype(int)
        counts[0] += length - counts.sum()
        return rng.permutation(numpy.repeat(numpy.arange(vocab), counts))
    if kind == "markov":  # a corpus with structure to learn: each word has a likely and a second successor
        length, vocab = dims
        first, second = rng.integers(0, vocab, vocab), rng.integers(0, vocab, vocab)
        transition = numpy.full((vocab, vocab), 0.2 / vocab)
        transition[numpy.arange(vocab), first] += 0.5
        transition[numpy.arange(vocab), second] += 0.3
        cumulative = numpy.cumsum(transition, axis=1)
        words, draws = numpy.empty(length, dtype=numpy.int64), rng.random(length)
        words[0] = 0
        for i in range(1, length):
            words[i] = min(int(numpy.searchsorted(cumulative[words[i - 1]], draws[i])), vocab - 1)
        return words
    if kind in _LANGUAGE_MODELS:
        (vocab,) = dims
        scores = 2.0 * rng.standard_normal((vocab, vocab))
        e = numpy.exp(scores - scores.max(axis=1, keepdims=True))
        return _LANGUAGE_MODELS[kind](e / e.sum(axis=1, keepdims=True))
    if kind == "reversal":  # a seq2seq data set: [questions (N, T) of ids 1…V−1, answers (N, 1+T): 0 then reversed]
        count, length, vocab = dims
        questions = rng.integers(1, vocab, (count, length))
        return [questions, numpy.concatenate([numpy.zeros((count, 1), dtype=questions.dtype),
                                              questions[:, ::-1]], axis=1)]
    if kind == "symcounts":
        size, below = dims
        upper = numpy.triu(rng.integers(0, below, (size, size)), 1)
        return upper + upper.T
    if kind in ("spectrum", "flat_spectrum"):
        rows, cols = dims
        k = min(rows, cols)
        u, _ = numpy.linalg.qr(rng.standard_normal((rows, k)))
        v, _ = numpy.linalg.qr(rng.standard_normal((cols, k)))
        sigma = 10.0 * (0.6 ** numpy.arange(k) if kind == "spectrum" else numpy.arange(1, k + 1) ** -0.5)
        return (u * sigma) @ v.T
    raise SpecError(f"unknown value generator {kind!r} in {expr!r}")
