"""Computational-graph nodes (book §1.3.4): add, multiply, repeat, sum."""
from workbench.backend import np


class Add:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, y):
        # z = x + y
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # ∂z/∂x = ∂z/∂y = 1: the upstream gradient passes through unchanged
        # YOUR CODE HERE
        raise NotImplementedError()


class Mul:
    def __init__(self):
        self.params, self.grads = [], []
        self.x = self.y = None

    def forward(self, x, y):
        # z = x ⊙ y
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # ∂z/∂x = y, ∂z/∂y = x: each input gets the other one, times dout
        # YOUR CODE HERE
        raise NotImplementedError()


class Repeat:
    def __init__(self, N):
        self.params, self.grads = [], []
        self.N = N

    def forward(self, x):
        # (1, D) → (N, D): N copies of the row
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # a branch sums the gradients of its copies: (N, D) → (1, D)
        # YOUR CODE HERE
        raise NotImplementedError()


class Sum:
    def __init__(self):
        self.params, self.grads = [], []
        self.N = None

    def forward(self, x):
        # (N, D) → (1, D): the dual of Repeat
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # every summand receives the whole upstream gradient: (1, D) → (N, D)
        # YOUR CODE HERE
        raise NotImplementedError()
