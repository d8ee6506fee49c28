"""`autograder.gradcheck` against `torch.autograd.gradcheck` on the same TimeLSTM, with a planted bug.

    python benchmarks/gradcheck_vs_torch.py [--runs 7] [--sample 20] [--json OUT]

The layer: the reference TimeLSTM (solutions/ch06/time_lstm.py) at N=4, T=5, D=H=8,
float64, checked for dxs, dWx, dWh and db. PyTorch gets the same layer as a
torch.autograd.Function whose backward is the book's, written by hand as ours is (with
plain torch operations autograd would differentiate the forward itself, and there
would be no hand-written backward to check or to plant a bug in).

The planted bug, in both: the cell state's gradient skips the path through h,
``dc_prev = dc_next * f`` instead of ``ds * f`` (the reference's lstm.py with that one
edit). Both checkers must pass the right layer and fail the buggy one.

Timed on the right layer (a check that passes does all its work): ours in mode="full",
sample=K and mode="directional"; torch's in its slow mode and fast_mode=True; and, for
reference only (no bug can be planted in a backward autograd derives), torch's on the same
forward written in plain torch operations. The
checks take turns, --runs rounds of one of each, so that the machine's drifting load
weighs on all alike; a check under 50 ms counts the best of 10 tries per round (as
timeit does: the rest is other processes' time). The median over the rounds is shown. Printed ratios: our full / torch slow (target ≤ 0.3) and our fastest
/ torch fast (target ≤ 1). PyTorch is only for this benchmark (`pip install torch`);
without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import types

import _common  # noqa: F401 - one BLAS thread, before numpy and torch

from _common import ROOT, Timing, load_now, repo_on_path, write_json

N, T, D, H = 4, 5, 8, 8
QUICK = 0.05  # seconds: a check quicker than this is tried several times per round


def take_turns(checks: dict, rounds: int) -> dict[str, Timing]:
    """{name: Timing}: `rounds` rounds, each timing every check once (the best of 10 tries if quick)."""
    import time

    timings = {name: Timing() for name in checks}
    tries = {}
    for name, check in checks.items():  # a first call, untimed, tells the quick from the slow
        start = time.perf_counter()
        check()
        tries[name] = 10 if time.perf_counter() - start < QUICK else 1
    for _ in range(rounds):
        for name, check in checks.items():
            best = float("inf")
            for _ in range(tries[name]):
                start = time.perf_counter()
                check()
                best = min(best, time.perf_counter() - start)
            timings[name].samples.append(best)
    return timings
BUG = ("dc_prev = ds * f", "dc_prev = dc_next * f")


def numpy_layers():
    """(the reference TimeLSTM class, a function that makes one whose cells carry the bug)."""
    repo_on_path()
    import ch06.time_lstm as time_lstm

    source = (ROOT / "solutions" / "ch06" / "lstm.py").read_text(encoding="utf-8")
    assert source.count(BUG[0]) == 1, "the planted bug's line is not in the reference any more"
    buggy = types.ModuleType("lstm_with_bug")
    exec(compile(source.replace(*BUG), "lstm_with_bug.py", "exec"), buggy.__dict__)

    class BuggyTimeLSTM(time_lstm.TimeLSTM):
        def forward(self, xs):
            saved, time_lstm.LSTM = time_lstm.LSTM, buggy.LSTM  # the cells TimeLSTM builds
            try:
                return super().forward(xs)
            finally:
                time_lstm.LSTM = saved

    return time_lstm.TimeLSTM, BuggyTimeLSTM


def torch_layer(torch):
    class TimeLSTMFunction(torch.autograd.Function):
        """The reference TimeLSTM as a torch Function: its forward, and the book's backward by hand."""

        @staticmethod
        def forward(ctx, xs, Wx, Wh, b, buggy):
            n, steps, _ = xs.shape
            hidden = Wh.shape[0]
            h = xs.new_zeros(n, hidden)
            c = xs.new_zeros(n, hidden)
            hs, caches = [], []
            for t in range(steps):
                x = xs[:, t, :]
                A = x @ Wx + h @ Wh + b
                f = torch.sigmoid(A[:, :hidden])
                g = torch.tanh(A[:, hidden:2 * hidden])
                i = torch.sigmoid(A[:, 2 * hidden:3 * hidden])
                o = torch.sigmoid(A[:, 3 * hidden:])
                c_next = f * c + g * i
                tanh_c_next = torch.tanh(c_next)
                caches.append((x, h, c, i, f, g, o, tanh_c_next))
                h, c = o * tanh_c_next, c_next
                hs.append(h)
            ctx.caches, ctx.buggy = caches, buggy
            ctx.save_for_backward(Wx, Wh)
            return torch.stack(hs, dim=1)

        @staticmethod
        def backward(ctx, dhs):
            Wx, Wh = ctx.saved_tensors
            dxs = torch.empty(dhs.shape[0], dhs.shape[1], Wx.shape[0], dtype=dhs.dtype)
            dWx, dWh = torch.zeros_like(Wx), torch.zeros_like(Wh)
            db = torch.zeros(Wx.shape[1], dtype=dhs.dtype)
            dh = torch.zeros_like(dhs[:, 0, :])
            dc = torch.zeros_like(dh)
            for t in reversed(range(dhs.shape[1])):
                x, h_prev, c_prev, i, f, g, o, tanh_c_next = ctx.caches[t]
                dh_next, dc_next = dhs[:, t, :] + dh, dc
                ds = dc_next + (dh_next * o) * (1 - tanh_c_next ** 2)
                dc = (dc_next if ctx.buggy else ds) * f  # the planted bug skips the path through h
                df = ds * c_prev * f * (1 - f)
                dg = ds * i * (1 - g ** 2)
                di = ds * g * i * (1 - i)
                do = dh_next * tanh_c_next * o * (1 - o)
                dA = torch.cat((df, dg, di, do), dim=1)
                dWx += x.T @ dA
                dWh += h_prev.T @ dA
                db += dA.sum(dim=0)
                dxs[:, t, :] = dA @ Wx.T
                dh = dA @ Wh.T
            return dxs, dWx, dWh, db, None

    return TimeLSTMFunction


def torch_autograd_forward(torch):
    """The same forward in plain torch operations, differentiated by autograd: no backward by hand,
    so no bug to plant; timed beside the others because it is how a torch user would write it."""

    def forward(xs, Wx, Wh, b):
        n, steps, _ = xs.shape
        hidden = Wh.shape[0]
        h = xs.new_zeros(n, hidden)
        c = xs.new_zeros(n, hidden)
        hs = []
        for t in range(steps):
            A = xs[:, t, :] @ Wx + h @ Wh + b
            f, i, o = (torch.sigmoid(A[:, k * hidden:(k + 1) * hidden]) for k in (0, 2, 3))
            g = torch.tanh(A[:, hidden:2 * hidden])
            c = f * c + g * i
            h = o * torch.tanh(c)
            hs.append(h)
        return torch.stack(hs, dim=1)

    return forward


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sample", type=int, default=20, help="K of our sample=K mode")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON (for run_all.py)")
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: the gradcheck comparison is skipped "
              "(pip install torch, for this benchmark only).")
        write_json(args.json, {"benchmark": "gradcheck_vs_torch", "skipped": "PyTorch is not installed"})
        return 0
    import numpy as np

    from autograder import gradcheck

    torch.set_num_threads(1)
    TimeLSTM, BuggyTimeLSTM = numpy_layers()
    Function = torch_layer(torch)
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal((D, 4 * H)) * 0.3, rng.standard_normal((H, 4 * H)) * 0.3,
               rng.standard_normal(4 * H) * 0.3]
    xs = rng.standard_normal((N, T, D))

    def ours(cls, **mode):
        return bool(gradcheck(cls(*(w.copy() for w in weights)), xs, raise_exception=False, **mode))

    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (xs, *weights)]

    def theirs(buggy, fast):
        return torch.autograd.gradcheck(lambda *a: Function.apply(*a, buggy), tensors, fast_mode=fast,
                                        raise_exception=False)

    # the same layer: forward and (right) backward agree between the two
    layer = TimeLSTM(*(w.copy() for w in weights))
    dhs = rng.standard_normal((N, T, H))
    hs = layer.forward(xs)
    dxs = layer.backward(dhs)
    out = Function.apply(*tensors, False)
    out.backward(torch.tensor(dhs))
    same = max(float(np.abs(hs - out.detach().numpy()).max()),
               float(np.abs(dxs - tensors[0].grad.numpy()).max()),
               *(float(np.abs(g - t.grad.numpy()).max()) for g, t in zip(layer.grads, tensors[1:])))
    for t in tensors:
        t.grad = None

    modes = {
        "ours full": lambda cls: ours(cls, mode="full"),
        f"ours sample={args.sample}": lambda cls: ours(cls, sample=args.sample),
        "ours directional": lambda cls: ours(cls, mode="directional"),
    }
    rows = []
    for name, check in modes.items():
        rows.append({"check": name, "passes_right": check(TimeLSTM), "catches_bug": not check(BuggyTimeLSTM)})
    for name, fast in (("torch slow", False), ("torch fast_mode", True)):
        rows.append({"check": name, "passes_right": theirs(False, fast), "catches_bug": not theirs(True, fast)})
    right = {name: (lambda check=check: check(TimeLSTM)) for name, check in modes.items()}
    right["torch slow"] = lambda: theirs(False, False)
    right["torch fast_mode"] = lambda: theirs(False, True)
    autograd = torch_autograd_forward(torch)
    for name, fast in (("torch slow, autograd", False), ("torch fast, autograd", True)):
        right[name] = lambda fast=fast: torch.autograd.gradcheck(autograd, tensors, fast_mode=fast)
        rows.append({"check": name, "passes_right": right[name](), "catches_bug": None})
    timings = take_turns(right, args.runs)
    for row in rows:
        row["time"] = timings[row["check"]]
    by = {r["check"]: r for r in rows}
    full, slow, fast = by["ours full"]["time"], by["torch slow"]["time"], by["torch fast_mode"]["time"]
    fastest = min((r for r in rows if r["check"].startswith("ours")), key=lambda r: r["time"].median)

    print(f"gradcheck on TimeLSTM N={N} T={T} D=H={D}, float64, median of {args.runs} rounds; "
          f"torch {torch.__version__}, {load_now()}")
    print(f"  the same layer: forward and gradients of the two agree to {same:.1e}")
    print(f"  planted bug: {BUG[0]!r} -> {BUG[1]!r}")
    print(f"  {'check':<22}{'median':>11}{'passes right':>14}{'catches bug':>13}{'× torch slow':>14}"
          f"{'× torch fast':>14}")
    for r in rows:
        t = r["time"].median
        caught = "n/a" if r["catches_bug"] is None else str(r["catches_bug"])
        print(f"  {r['check']:<22}{t * 1000:>8.1f} ms{str(r['passes_right']):>14}{caught:>13}"
              f"{t / slow.median:>14.3f}{t / fast.median:>14.2f}")
    ok = all(r["passes_right"] and r["catches_bug"] is not False for r in rows)
    ratio_full, ratio_fast = full.median / slow.median, fastest["time"].median / fast.median
    print(f"target: our full check ≤ 0.3 × torch's slow mode: {ratio_full:.3f} × "
          f"({'met' if ratio_full <= 0.3 else 'NOT met'})")
    print(f"target: our fastest mode ({fastest['check']}) ≤ 1 × torch's fast mode: {ratio_fast:.2f} × "
          f"({'met' if ratio_fast <= 1 else 'NOT met'})")
    print(f"target: every check passes the right layer and catches the planted bug: {'met' if ok else 'NOT met'}")
    write_json(args.json, {"benchmark": "gradcheck_vs_torch", "runs": args.runs, "torch": torch.__version__,
                           "agreement": same, "bug": list(BUG), "rows": rows,
                           "full_over_slow": ratio_full, "fastest_over_fast": ratio_fast,
                           "fastest": fastest["check"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
