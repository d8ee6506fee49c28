"""The simple CBOW model (book §3.4)."""
from workbench.backend import np

from ch01.affine import MatMul
from ch01.softmax_with_loss import SoftmaxWithLoss


class SimpleCBOW:
    def __init__(self, vocab_size, hidden_size):
        V, H = vocab_size, hidden_size
        # W_in (V, H) shared by both context words, W_out (H, V); small random values
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, contexts, target):
        # h = (c0 · W_in + c1 · W_in) / 2, L = SoftmaxWithLoss(h · W_out, target)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # the average sends half of dh down each context branch
        # YOUR CODE HERE
        raise NotImplementedError()
