"""Computational-graph nodes (book §1.3.4): add, multiply, repeat, sum.

zh: 计算图的节点（书 §1.3.4）：加法、乘法、Repeat、Sum。
"""
from workbench.backend import np


class Add:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, y):
        ### BEGIN SOLUTION
        # z = x + y
        return x + y
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # ∂z/∂x = ∂z/∂y = 1: the upstream gradient passes through unchanged
        # zh: ∂z/∂x = ∂z/∂y = 1：上游梯度原样传过去
        return dout, dout
        ### END SOLUTION


class Mul:
    def __init__(self):
        self.params, self.grads = [], []
        self.x = self.y = None

    def forward(self, x, y):
        ### BEGIN SOLUTION
        # z = x ⊙ y
        self.x, self.y = x, y
        return x * y
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # ∂z/∂x = y, ∂z/∂y = x: each input gets the other one, times dout
        # zh: ∂z/∂x = y，∂z/∂y = x：每个输入得到另一个输入乘以 dout
        return dout * self.y, dout * self.x
        ### END SOLUTION


class Repeat:
    def __init__(self, N):
        self.params, self.grads = [], []
        self.N = N

    def forward(self, x):
        ### BEGIN SOLUTION
        # (1, D) → (N, D): N copies of the row
        # zh: (1, D) → (N, D)：把这一行复制 N 份
        return np.repeat(x, self.N, axis=0)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # a branch sums the gradients of its copies: (N, D) → (1, D)
        # zh: 分支把各个副本的梯度相加：(N, D) → (1, D)
        return np.sum(dout, axis=0, keepdims=True)
        ### END SOLUTION


class Sum:
    def __init__(self):
        self.params, self.grads = [], []
        self.N = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # (N, D) → (1, D): the dual of Repeat
        # zh: (N, D) → (1, D)：Repeat 的对偶
        self.N = x.shape[0]
        return np.sum(x, axis=0, keepdims=True)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # every summand receives the whole upstream gradient: (1, D) → (N, D)
        # zh: 每个被加项都得到完整的上游梯度：(1, D) → (N, D)
        return np.repeat(dout, self.N, axis=0)
        ### END SOLUTION
