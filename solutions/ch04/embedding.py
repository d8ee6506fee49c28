"""The Embedding layer (book §4.1.3).

zh: Embedding 层（书 §4.1.3）。
"""
from workbench.backend import np


class Embedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, idx):
        ### BEGIN SOLUTION
        # out = W[idx]: the rows of the word ids, for ids of any shape
        # zh: out = W[idx]：取出各单词 ID 对应的行，ID 可以是任意形状
        W, = self.params
        self.idx = idx
        return W[idx]
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dW[id] = Σ of dout over every position holding id: np.add.at adds repeated ids, dW[idx] += dout would not
        # zh: dW[id] = 所有取到该 id 的位置上 dout 之和：np.add.at 会把重复的 id 累加，dW[idx] += dout 不会
        dW, = self.grads
        dW[...] = 0
        # dout in dW's dtype first: np.add.at converts value by value otherwise (float64 into float32: ~10× slower)
        # zh: 先把 dout 转成 dW 的 dtype：否则 np.add.at 会逐个元素转换（float64 写入 float32 时约慢 10 倍）
        dout = dout.astype(dW.dtype, copy=False)
        np.add.at(dW, self.idx, dout)
        return None
        ### END SOLUTION
