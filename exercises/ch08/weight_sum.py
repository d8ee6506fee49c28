"""The WeightSum layer: the context vector, a weighted sum of the encoder's states (book §8.1.3)."""
from workbench.backend import np


class WeightSum:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None

    def forward(self, hs, a):
        # c[n] = Σ_t a[n, t] · hs[n, t]: hs (N, T, H) weighted by a (N, T), summed over time → (N, H)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dc):
        # the sum over time hands dc to every step: dhs[n, t] = a[n, t] · dc[n]; da[n, t] = Σ_h dc[n, h] · hs[n, t, h]
        # YOUR CODE HERE
        raise NotImplementedError()
