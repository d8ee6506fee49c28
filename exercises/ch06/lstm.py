"""The LSTM layer (book §6.3)."""
from workbench.backend import np

from ch01.sigmoid import sigmoid  # noqa: F401 - σ, from chapter 1


class LSTM:
    def __init__(self, Wx, Wh, b):
        # the four gates' weights side by side in 4H columns, in the order f, g, i, o
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        # A = x·Wx + h_prev·Wh + b → f, g, i, o; c = f⊙c_prev + g⊙i, h = o⊙tanh(c)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dh_next, dc_next):
        # ds = dc_next + dh_next⊙o⊙(1 − tanh²c); dA = [df, dg, di, do] through σ' = y(1−y), tanh' = 1−y²
        # YOUR CODE HERE
        raise NotImplementedError()
