"""The MatMul and Affine layers (book §1.3.4.5, §1.3.5).

zh: MatMul 层和 Affine 层（书 §1.3.4.5、§1.3.5）。
"""
from workbench.backend import np


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # y = x · W
        W, = self.params
        self.x = x
        return np.dot(x, W)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dx = dout · Wᵀ, dW = xᵀ · dout (written in place so optimizers keep the array)
        # zh: dx = dout · Wᵀ，dW = xᵀ · dout（原地写入，优化器持有的才是同一个数组）
        W, = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        return dx
        ### END SOLUTION


class Affine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # y = x · W + b (b broadcast over the batch)
        # zh: y = x · W + b（b 沿批次方向广播）
        W, b = self.params
        self.x = x
        return np.dot(x, W) + b
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dx = dout · Wᵀ, dW = xᵀ · dout, db = Σ_batch dout (b was repeated over the batch)
        # zh: dx = dout · Wᵀ，dW = xᵀ · dout，db = Σ_batch dout（b 在批次上被重复了）
        W, b = self.params
        dx = np.dot(dout, W.T)
        self.grads[0][...] = np.dot(self.x.T, dout)
        self.grads[1][...] = np.sum(dout, axis=0)
        return dx
        ### END SOLUTION
