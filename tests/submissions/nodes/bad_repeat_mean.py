"""Bug: Repeat.backward averages the copies' gradients instead of adding them."""
from workbench.backend import np


class Add:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, y):
        # z = x + y
        return x + y

    def backward(self, dout):
        # ∂z/∂x = ∂z/∂y = 1: the upstream gradient passes through unchanged
        return dout, dout


class Mul:
    def __init__(self):
        self.params, self.grads = [], []
        self.x = self.y = None

    def forward(self, x, y):
        # z = x ⊙ y
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        # ∂z/∂x = y, ∂z/∂y = x: each input gets the other one, times dout
        return dout * self.y, dout * self.x


class Repeat:
    def __init__(self, N):
        self.params, self.grads = [], []
        self.N = N

    def forward(self, x):
        # (1, D) → (N, D): N copies of the row
        return np.repeat(x, self.N, axis=0)

    def backward(self, dout):
        # a branch sums the gradients of its copies: (N, D) → (1, D)
        return np.mean(dout, axis=0, keepdims=True)


class Sum:
    def __init__(self):
        self.params, self.grads = [], []
        self.N = None

    def forward(self, x):
        # (N, D) → (1, D): the dual of Repeat
        self.N = x.shape[0]
        return np.sum(x, axis=0, keepdims=True)

    def backward(self, dout):
        # every summand receives the whole upstream gradient: (1, D) → (N, D)
        return np.repeat(dout, self.N, axis=0)
