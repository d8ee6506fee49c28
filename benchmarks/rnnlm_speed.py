"""Training throughput of the reference Rnnlm against the book's code and against PyTorch, on one CPU thread.

    python benchmarks/rnnlm_speed.py [--rounds 7] [--steps 4] [--json OUT]

The model and settings of the book's ch06/train_rnnlm.py: vocabulary 10,000, wordvec 100,
hidden 100, batch 20, time 35, SGD lr 20, gradients clipped to 0.25, float32. One training
step is what RnnlmTrainer does per batch: forward, backward, shared weights merged, gradients
clipped, SGD update. Three implementations of it:

- ours: the `rnnlm` exercise's reference Rnnlm (solutions/ch06/rnnlm.py) on the references
  of the layers it builds on, trained by RnnlmTrainer._step;
- book: the book's code behaviour, written here: a TimeLSTM of LSTM cells that slice and
  activate each gate on its own, a TimeEmbedding of one Embedding per step, the softmax and
  loss as common/functions.py computes them, the book's remove_duplicate, clip_grads and SGD;
- torch: nn.Embedding + nn.LSTM + nn.Linear + cross-entropy, the same sizes, the same SGD and
  clipping, the state carried between batches and detached (truncated BPTT), as ours;
  `torch.set_num_threads(1)`. PyTorch is for this benchmark only: install it beside the
  project (`python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy`)
  and run this script with that interpreter; without torch the row says so.

The three take turns (--rounds rounds of --steps steps each, the median of the per-step
times), so that the drifting load of this shared machine weighs on all alike. Also measured
in the same run: the single-thread matmul peak (the best of float32 1024² and 2048² sgemm and
the step's largest product, 700×100 by 100×10,000, with numpy's BLAS), and the achieved GFLOP/s of
each step counting the matmuls only (6·N·T·(4H(D+H) + H·V) per step: forward, and the two
products of each backward), from the median step and from the best (the one a busy machine
disturbed least).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import _common  # noqa: F401 - one BLAS thread, before numpy and torch

from _common import ROOT, load_now, write_json

import numpy as np

V, D, H, N, T = 10000, 100, 100, 20, 35
LR, MAX_GRAD = 20.0, 0.25
FLOPS = 6 * N * T * (4 * H * (D + H) + H * V)  # the matmuls of one training step


# -- ours ---------------------------------------------------------------------------------------

def ours():
    """A training step of the workbench's Rnnlm on the references, as RnnlmTrainer runs it."""
    from workbench.demos import layers

    for path in reversed(layers.child_sys_path()):
        if path not in sys.path:
            sys.path.insert(0, path)
    sys.path.insert(0, str(ROOT))
    from common.optimizer import SGD
    from common.trainer import RnnlmTrainer

    catalog_model = _catalog_rnnlm()
    np.random.seed(0)
    model = catalog_model(V, D, H)
    trainer = RnnlmTrainer(model, SGD(LR))

    def step(xs, ts):
        return float(trainer._step(xs, ts, MAX_GRAD))

    return step


def _catalog_rnnlm():
    # the reference of the exercise that defines Rnnlm, found as the demo finds it
    import importlib

    from autograder.catalog import load_catalog
    from workbench.demos.layers import defining_exercise, module_of

    return importlib.import_module(module_of(defining_exercise(load_catalog(), "Rnnlm"))).Rnnlm


# -- the book's code, as it behaves -------------------------------------------------------------

def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    x = np.exp(x)
    x /= x.sum(axis=1, keepdims=True)
    return x


class BookLSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        H_ = h_prev.shape[1]
        A = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
        f, g, i, o = A[:, :H_], A[:, H_:2 * H_], A[:, 2 * H_:3 * H_], A[:, 3 * H_:]
        f, g, i, o = _sigmoid(f), np.tanh(g), _sigmoid(i), _sigmoid(o)
        c_next = f * c_prev + g * i
        h_next = o * np.tanh(c_next)
        self.cache = (x, h_prev, c_prev, i, f, g, o, c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        Wx, Wh, b = self.params
        x, h_prev, c_prev, i, f, g, o, c_next = self.cache
        tanh_c_next = np.tanh(c_next)
        ds = dc_next + (dh_next * o) * (1 - tanh_c_next ** 2)
        dc_prev = ds * f
        di = ds * g * i * (1 - i)
        df = ds * c_prev * f * (1 - f)
        do = dh_next * tanh_c_next * o * (1 - o)
        dg = ds * i * (1 - g ** 2)
        dA = np.hstack((df, dg, di, do))
        self.grads[0][...] = np.dot(x.T, dA)
        self.grads[1][...] = np.dot(h_prev.T, dA)
        self.grads[2][...] = dA.sum(axis=0)
        return np.dot(dA, Wx.T), np.dot(dA, Wh.T), dc_prev


class BookTimeLSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.h = self.c = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        N_, T_, _ = xs.shape
        H_ = Wh.shape[0]
        self.layers = []
        hs = np.empty((N_, T_, H_), dtype="f")
        if self.h is None:
            self.h = np.zeros((N_, H_), dtype="f")
        if self.c is None:
            self.c = np.zeros((N_, H_), dtype="f")
        for t in range(T_):
            layer = BookLSTM(*self.params)
            self.h, self.c = layer.forward(xs[:, t, :], self.h, self.c)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        Wx, Wh, b = self.params
        N_, T_, _ = dhs.shape
        dxs = np.empty((N_, T_, Wx.shape[0]), dtype="f")
        dh, dc = 0, 0
        grads = [0, 0, 0]
        for t in reversed(range(T_)):
            layer = self.layers[t]
            dx, dh, dc = layer.backward(dhs[:, t, :] + dh, dc)
            dxs[:, t, :] = dx
            for i, grad in enumerate(layer.grads):
                grads[i] += grad
        for i, grad in enumerate(grads):
            self.grads[i][...] = grad
        return dxs


class BookTimeEmbedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]

    def forward(self, xs):
        W, = self.params
        N_, T_ = xs.shape
        self.idx = []
        out = np.empty((N_, T_, W.shape[1]), dtype="f")
        for t in range(T_):  # one Embedding per step
            self.idx.append(xs[:, t])
            out[:, t, :] = W[xs[:, t]]
        return out

    def backward(self, dout):
        dW, = self.grads
        dW[...] = 0
        for t, idx in enumerate(self.idx):
            np.add.at(dW, idx, dout[:, t, :])


class BookTimeAffine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]

    def forward(self, x):
        W, b = self.params
        N_, T_, D_ = x.shape
        self.x = x
        return (np.dot(x.reshape(N_ * T_, -1), W) + b).reshape(N_, T_, -1)

    def backward(self, dout):
        W, b = self.params
        N_, T_, D_ = self.x.shape
        dout = dout.reshape(N_ * T_, -1)
        rx = self.x.reshape(N_ * T_, -1)
        self.grads[0][...] = np.dot(rx.T, dout)
        self.grads[1][...] = np.sum(dout, axis=0)
        return np.dot(dout, W.T).reshape(*self.x.shape)


class BookTimeSoftmaxWithLoss:
    def forward(self, xs, ts):
        N_, T_, V_ = xs.shape
        mask = ts != -1
        xs, ts, mask = xs.reshape(N_ * T_, V_), ts.reshape(N_ * T_), mask.reshape(N_ * T_)
        ys = _softmax(xs)
        ls = np.log(ys[np.arange(N_ * T_), ts])
        ls *= mask
        self.cache = (ts, ys, mask, (N_, T_, V_))
        return -np.sum(ls) / mask.sum()

    def backward(self, dout=1):
        ts, ys, mask, (N_, T_, V_) = self.cache
        dx = ys
        dx[np.arange(N_ * T_), ts] -= 1
        dx *= dout
        dx /= mask.sum()
        dx *= mask[:, np.newaxis]
        return dx.reshape((N_, T_, V_))


def book():
    """A training step of the book's Rnnlm, with its Trainer's remove_duplicate, clip_grads and SGD."""
    np.random.seed(0)
    rn = np.random.randn
    layers = [BookTimeEmbedding((rn(V, D) / 100).astype("f")),
              BookTimeLSTM((rn(D, 4 * H) / np.sqrt(D)).astype("f"), (rn(H, 4 * H) / np.sqrt(H)).astype("f"),
                           np.zeros(4 * H).astype("f")),
              BookTimeAffine((rn(H, V) / np.sqrt(H)).astype("f"), np.zeros(V).astype("f"))]
    loss_layer = BookTimeSoftmaxWithLoss()
    params = [p for layer in layers for p in layer.params]
    grads = [g for layer in layers for g in layer.grads]

    def remove_duplicate(params, grads):
        params, grads = params[:], grads[:]
        while True:
            find_flg = False
            L = len(params)
            for i in range(0, L - 1):
                for j in range(i + 1, L):
                    if params[i] is params[j]:
                        grads[i] += grads[j]
                        find_flg = True
                        params.pop(j)
                        grads.pop(j)
                    elif params[i].ndim == 2 and params[j].ndim == 2 and \
                            params[i].T.shape == params[j].shape and np.all(params[i].T == params[j]):
                        grads[i] += grads[j].T
                        find_flg = True
                        params.pop(j)
                        grads.pop(j)
                    if find_flg:
                        break
                if find_flg:
                    break
            if not find_flg:
                break
        return params, grads

    def step(xs, ts):
        out = xs
        for layer in layers:
            out = layer.forward(out)
        loss = loss_layer.forward(out, ts)
        dout = loss_layer.backward()
        for layer in reversed(layers):
            dout = layer.backward(dout)
        ps, gs = remove_duplicate(params, grads)
        total_norm = np.sqrt(sum(np.sum(g ** 2) for g in gs))
        rate = MAX_GRAD / (total_norm + 1e-6)
        if rate < 1:
            for g in gs:
                g *= rate
        for p, g in zip(ps, gs):
            p -= LR * g
        return float(loss)

    return step


# -- PyTorch ------------------------------------------------------------------------------------

def torch_step():
    """(a training step of the same model in PyTorch, its version), or (None, why not)."""
    try:
        import torch
    except ImportError:
        return None, "torch is not installed in this Python: run this script with an interpreter that has it"
    torch.set_num_threads(1)
    torch.manual_seed(0)

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(V, D)
            self.lstm = torch.nn.LSTM(D, H, batch_first=True)
            self.affine = torch.nn.Linear(H, V)

        def forward(self, xs, state):
            hs, state = self.lstm(self.embed(xs), state)
            return self.affine(hs), state

    model = Model()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    state = [None]

    def step(xs, ts):
        xs, ts = torch.from_numpy(xs), torch.from_numpy(ts)
        if state[0] is not None:
            state[0] = tuple(s.detach() for s in state[0])  # truncated BPTT: the state goes on, its graph not
        scores, state[0] = model(xs, state[0])
        loss = loss_fn(scores.reshape(-1, V), ts.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD)
        optimizer.step()
        return loss.item()

    return step, torch.__version__


# -- the machine's limit ------------------------------------------------------------------------

def matmul_gflops(m, k, n, rounds=7) -> float:
    """Achieved GFLOP/s of a float32 (m, k) @ (k, n), the best of `rounds` (numpy's BLAS, one thread)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    out = np.empty((m, n), dtype=np.float32)
    np.dot(a, b, out=out)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        np.dot(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    return 2 * m * k * n / best / 1e9


def batches(steps: int):
    """Consecutive (xs, ts) windows of a random word stream with Zipf's word frequencies (as text has:
    the loss falls as a model learns them), as RnnlmTrainer.get_batch cuts them."""
    rng = np.random.default_rng(1)
    corpus = (rng.zipf(1.2, size=N * T * (steps + 1) * 4) - 1) % V
    jump = len(corpus) // N
    for i in range(steps):
        pos = (np.arange(N)[:, None] * jump + i * T + np.arange(T)) % (len(corpus) - 1)
        yield corpus[pos], corpus[pos + 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=4, help="training steps per implementation per round")
    parser.add_argument("--json")
    args = parser.parse_args()

    steps = {"ours": ours(), "book": book()}
    torch_fn, torch_note = torch_step()
    if torch_fn is not None:
        steps["torch"] = torch_fn
    data = list(batches(args.steps * (args.rounds + 1)))
    per_step = {name: [] for name in steps}
    losses = {name: [] for name in steps}
    cursor = {name: 0 for name in steps}
    for name, step in steps.items():  # a warm-up step each, untimed
        losses[name].append(step(*data[0]))
        cursor[name] = 1
    for _ in range(args.rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(args.steps):
                losses[name].append(step(*data[cursor[name]]))
                cursor[name] += 1
            per_step[name].append((time.perf_counter() - start) / args.steps)
    # the peak: the best of a few float32 products, each timed many times (a busy machine only ever
    # slows a product down, and short products find the quiet moments more often than long ones)
    affine = matmul_gflops(N * T, H, V, rounds=15)
    square = max(matmul_gflops(1024, 1024, 1024, rounds=15), matmul_gflops(2048, 2048, 2048, rounds=5))
    peak = max(square, affine)
    tokens = N * T
    print(f"Rnnlm training step, V={V} D={D} H={H} N={N} T={T}, float32, one thread; {load_now()}")
    print(f"matmul peak {peak:.1f} GFLOP/s: square sgemm (1024², 2048²) {square:.1f}, "
          f"the affine's (700×100)·(100×10000) {affine:.1f}")
    print(f"{'':8} {'ms/step':>9} {'best':>7} {'tokens/s':>9} {'GFLOP/s':>8} {'of peak':>8} {'best of':>8} "
          f"{'× torch':>8} {'× book':>7}  loss first→last")
    medians = {name: statistics.median(samples) for name, samples in per_step.items()}
    rows = {}
    for name, seconds in medians.items():
        rows[name] = {"ms_per_step": seconds * 1000, "tokens_per_s": tokens / seconds,
                      "gflops": FLOPS / seconds / 1e9, "of_peak": FLOPS / seconds / 1e9 / peak,
                      "vs_torch": seconds / medians["torch"] if "torch" in medians else None,
                      "vs_book": seconds / medians["book"], "samples_ms": [s * 1000 for s in per_step[name]],
                      "best_ms": min(per_step[name]) * 1000,
                      "best_of_peak": FLOPS / min(per_step[name]) / 1e9 / peak,
                      "loss_first": losses[name][0], "loss_last": losses[name][-1]}
        r = rows[name]
        vs_torch = f"{r['vs_torch']:.2f}" if r["vs_torch"] is not None else "—"
        print(f"{name:8} {r['ms_per_step']:9.1f} {r['best_ms']:7.1f} {r['tokens_per_s']:9.0f} {r['gflops']:8.1f} "
              f"{r['of_peak']:8.0%} {r['best_of_peak']:8.0%} "
              f"{vs_torch:>8} {r['vs_book']:7.2f}  {r['loss_first']:.2f}→{r['loss_last']:.2f}")
    if torch_fn is None:
        print(f"torch: {torch_note}")
    write_json(args.json, {"settings": {"V": V, "D": D, "H": H, "N": N, "T": T, "lr": LR, "max_grad": MAX_GRAD,
                                        "rounds": args.rounds, "steps": args.steps},
                           "flops_per_step": FLOPS, "peak_gflops": peak, "square_gflops": square,
                           "affine_gflops": affine,
                           "torch": torch_note, "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
