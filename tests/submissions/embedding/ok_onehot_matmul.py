"""Correct: backward as the one-hot product it replaces, dW = onehot(idx)ᵀ · dout."""
from workbench.backend import np


class Embedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, idx):
        W, = self.params
        self.idx = idx
        return W[idx]

    def backward(self, dout):
        dW, = self.grads
        ids = self.idx.reshape(-1)
        onehot = (ids[:, None] == np.arange(dW.shape[0])).astype(dout.dtype)
        dW[...] = onehot.T @ dout.reshape(len(ids), -1)
        return None
