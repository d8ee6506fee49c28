"""Correct: explicit ndim branches; cross-entropy without the + 1e-7 and with one-hot via sum(t * log y)."""
import numpy as np


def softmax(x):
    if x.ndim == 1:
        e = np.exp(x - x.max())
        return e / e.sum()
    m = x.max(axis=1).reshape(-1, 1)
    e = np.exp(x - m)
    return e / e.sum(axis=1).reshape(-1, 1)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    n = y.shape[0]
    if t.size == y.size:
        return -np.sum(t * np.log(y)) / n
    return -np.sum(np.log(y[np.arange(n), t])) / n


class Softmax:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        self.out = softmax(x)
        return self.out

    def backward(self, dout):
        dx = self.out * dout
        return dx - self.out * dx.sum(axis=1, keepdims=True)
