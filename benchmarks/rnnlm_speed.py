"""Training throughput of the reference Rnnlm against the book's code and against PyTorch, on one CPU thread.

    python benchmarks/rnnlm_speed.py [--rounds 7] [--steps 4] [--book DIR] [--json OUT]

The model and settings of the book's ch06/train_rnnlm.py: vocabulary 10,000, wordvec 100,
hidden 100, batch 20, time 35, SGD lr 20, gradients clipped to 0.25, float32. One training
step is what RnnlmTrainer does per batch: forward, backward, shared weights merged, gradients
clipped, SGD update. Three implementations of it:

- ours: the `rnnlm` exercise's reference Rnnlm (solutions/ch06/rnnlm.py) on the references
  of the layers it builds on, trained by RnnlmTrainer._step;
- book: the book's own code, loaded by _common.book_code: ch06/rnnlm.py on its common/time_layers.py
  (a TimeLSTM of LSTM cells that slice and activate each gate on their own, a TimeEmbedding of one
  Embedding per step, the softmax and loss of common/functions.py), its clip_grads and SGD; from a
  checkout given by --book DIR or $DLFS2_BOOK_DIR (or a whole one in the cache, _common.book_folder),
  else from the book's files the grader's trials use (tests/submissions/book), where the Trainer's remove_duplicate is the project's;
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

from _common import ROOT, BookCode, book_code, book_source, book_trainer_step, load_now, write_json

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


# -- the book's code ------------------------------------------------------------------------------

def book(code: BookCode | None = None):
    """A training step of the book's Rnnlm, as its RnnlmTrainer takes it: remove_duplicate, clip_grads, SGD."""
    code = code or book_code()
    model_class = code.module("ch06.rnnlm").Rnnlm
    np.random.seed(0)
    model = model_class(V, D, H)
    return book_trainer_step(code, model, code.module("common.optimizer").SGD(LR), MAX_GRAD)


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
    parser.add_argument("--book", help="a checkout of the book's repository (default: $DLFS2_BOOK_DIR, the cache, else "
                        "the book's files in tests/submissions/book)")
    parser.add_argument("--json")
    args = parser.parse_args()

    code = book_code(args.book)
    steps = {"ours": ours(), "book": book(code)}
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
    print(f"book: {book_source(code)}")
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
                                        "rounds": args.rounds, "steps": args.steps, "book": book_source(code)},
                           "flops_per_step": FLOPS, "peak_gflops": peak, "square_gflops": square,
                           "affine_gflops": affine,
                           "torch": torch_note, "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
