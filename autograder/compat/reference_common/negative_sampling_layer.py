"""The book's ch04/negative_sampling_layer.py: the layers no exercise covers yet."""
from autograder.backend import np
from common.layers import Embedding


class EmbeddingDot:
    def __init__(self, W):
        self.embed = Embedding(W)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache = None

    def forward(self, h, idx):
        # out[n] = h[n] · W[idx[n]]: one score per row
        target_W = self.embed.forward(idx)
        self.cache = (h, target_W)
        return np.sum(target_W * h, axis=1)

    def backward(self, dout):
        # dW[idx[n]] += dout[n] · h[n], dh[n] = dout[n] · W[idx[n]]
        h, target_W = self.cache
        dout = dout.reshape(dout.shape[0], 1)
        self.embed.backward(dout * h)
        return dout * target_W
