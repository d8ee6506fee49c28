"""The EmbeddingDot layer: the output side of negative sampling (book §4.2.4).

zh: EmbeddingDot 层：负采样的输出侧（书 §4.2.4）。
"""
from workbench.backend import np

from ch04.embedding import Embedding


class EmbeddingDot:
    def __init__(self, W):
        ### BEGIN SOLUTION
        # an Embedding of the output weights: params and grads are its lists
        # zh: 输出侧权重的 Embedding：params 和 grads 就是它的列表
        self.embed = Embedding(W)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache = None
        ### END SOLUTION

    def forward(self, h, idx):
        ### BEGIN SOLUTION
        # out[n] = h[n] · W[idx[n]]: each row's score for its own word only
        # zh: out[n] = h[n] · W[idx[n]]：每一行只计算它自己那个单词的得分
        target_W = self.embed.forward(idx)
        out = np.sum(target_W * h, axis=1)
        self.cache = (h, target_W)
        return out
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dW[idx[n]] += dout[n] · h[n] (through the Embedding), dh[n] = dout[n] · W[idx[n]]
        # zh: dW[idx[n]] += dout[n] · h[n]（经由 Embedding），dh[n] = dout[n] · W[idx[n]]
        h, target_W = self.cache
        dout = dout.reshape(dout.shape[0], 1)
        self.embed.backward(dout * h)
        return dout * target_W
        ### END SOLUTION
