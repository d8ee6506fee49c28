"""Correct: no cell objects; TimeLSTM keeps one cache per step and does the LSTM math inline."""
import numpy as np


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class TimeLSTM:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = stateful
        self.h = self.c = self.dh = None
        self.caches = []

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, _ = xs.shape
        H = Wh.shape[0]
        h = self.h if self.stateful and self.h is not None else np.zeros((N, H), dtype=xs.dtype)
        c = self.c if self.stateful and self.c is not None else np.zeros((N, H), dtype=xs.dtype)
        self.caches, outputs = [], []
        for t in range(T):
            x = xs[:, t]
            A = x @ Wx + h @ Wh + b
            f, i, o = _sigmoid(A[:, :H]), _sigmoid(A[:, 2 * H:3 * H]), _sigmoid(A[:, 3 * H:])
            g = np.tanh(A[:, H:2 * H])
            c_new = f * c + g * i
            tanh_c = np.tanh(c_new)
            self.caches.append((x, h, c, f, g, i, o, tanh_c))
            h, c = o * tanh_c, c_new
            outputs.append(h)
        self.h, self.c = h, c
        return np.stack(outputs, axis=1)

    def backward(self, dhs):
        Wx, Wh, b = self.params
        dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
        dxs = [None] * len(self.caches)
        dh = np.zeros_like(dhs[:, 0])
        dc = np.zeros_like(dh)
        for t in range(len(self.caches) - 1, -1, -1):
            x, h_prev, c_prev, f, g, i, o, tanh_c = self.caches[t]
            dh = dh + dhs[:, t]
            ds = dc + dh * o * (1 - tanh_c ** 2)
            dA = np.concatenate([ds * c_prev * f * (1 - f), ds * i * (1 - g ** 2),
                                 ds * g * i * (1 - i), dh * tanh_c * o * (1 - o)], axis=1)
            dWx += x.T @ dA
            dWh += h_prev.T @ dA
            db += dA.sum(axis=0)
            dxs[t] = dA @ Wx.T
            dh, dc = dA @ Wh.T, ds * f
        self.grads[0][...], self.grads[1][...], self.grads[2][...] = dWx, dWh, db
        self.dh = dh
        return np.stack(dxs, axis=1)

    def set_state(self, h, c=None):
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None
