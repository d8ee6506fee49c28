"""Bug: `sigmoid` taken from elsewhere (numpy's tanh) instead of defined in the file."""
from numpy import tanh as sigmoid  # noqa: F401

from workbench.backend import np


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out
