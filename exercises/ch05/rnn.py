"""The RNN layer: one time step of a simple recurrent network (book §5.3.1)."""
from workbench.backend import np


class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        # h_next = tanh(h_prev·Wh + x·Wx + b)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dh_next):
        # dt = dh_next⊙(1 − h_next²) through tanh' = 1 − y²; then the affine part: dx = dt·Wxᵀ, dh_prev = dt·Whᵀ
        # YOUR CODE HERE
        raise NotImplementedError()
