"""The AttentionWeight layer: how much the decoder attends to each encoder step (book §8.1.4)."""
from workbench.backend import np

from ch01.softmax import Softmax


class AttentionWeight:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.softmax = Softmax()  # over each row's T steps

    def forward(self, hs, h):
        # s[n, t] = hs[n, t] · h[n] (dot product over H); a = softmax of s over the T time steps
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, da):
        # ds = softmax's backward; dhs[n, t] = ds[n, t] · h[n]; dh[n] = Σ_t ds[n, t] · hs[n, t] (h was used at every step)
        # YOUR CODE HERE
        raise NotImplementedError()
