"""Correct: no cell objects; TimeRNN keeps every step's h and sums the weight gradients over all steps at once."""
import numpy as np


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = stateful
        self.h = self.dh = None
        self.xs = self.hs_prev = self.hs = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, _ = xs.shape
        H = Wh.shape[0]
        h = self.h if self.stateful and self.h is not None else np.zeros((N, H), dtype=xs.dtype)
        hs_prev, hs = [], []
        for t in range(T):
            hs_prev.append(h)
            h = np.tanh(xs[:, t] @ Wx + h @ Wh + b)
            hs.append(h)
        self.h = h
        self.xs, self.hs_prev, self.hs = xs, np.stack(hs_prev, axis=1), np.stack(hs, axis=1)
        return self.hs.copy()

    def backward(self, dhs):
        Wx, Wh, b = self.params
        N, T, H = dhs.shape
        dts = np.empty_like(self.hs)
        dh = np.zeros((N, H), dtype=dhs.dtype)
        for t in range(T - 1, -1, -1):
            dts[:, t] = (dhs[:, t] + dh) * (1 - self.hs[:, t] ** 2)
            dh = dts[:, t] @ Wh.T
        self.grads[0][...] = np.einsum("ntd,nth->dh", self.xs, dts)
        self.grads[1][...] = np.einsum("ntk,nth->kh", self.hs_prev, dts)
        self.grads[2][...] = dts.sum(axis=(0, 1))
        self.dh = dh
        return dts @ Wx.T

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None
