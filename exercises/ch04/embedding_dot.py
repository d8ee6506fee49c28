"""The EmbeddingDot layer: the output side of negative sampling (book §4.2.4)."""
from workbench.backend import np

from ch04.embedding import Embedding


class EmbeddingDot:
    def __init__(self, W):
        # an Embedding of the output weights: params and grads are its lists
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, h, idx):
        # out[n] = h[n] · W[idx[n]]: each row's score for its own word only
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dW[idx[n]] += dout[n] · h[n] (through the Embedding), dh[n] = dout[n] · W[idx[n]]
        # YOUR CODE HERE
        raise NotImplementedError()
