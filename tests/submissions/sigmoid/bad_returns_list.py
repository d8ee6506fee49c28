"""Bug: sigmoid() returns a Python list."""
from workbench.backend import np


def sigmoid(x):
    # σ(x) = 1 / (1 + e^(−x)), written with e^(−|x|) ≤ 1 so nothing overflows
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).tolist()


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        # y = σ(x), kept for backward
        self.out = np.array(sigmoid(x))
        return self.out

    def backward(self, dout):
        # ∂y/∂x = y(1 − y)
        return dout * (1.0 - self.out) * self.out
