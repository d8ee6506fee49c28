"""The simple skip-gram model (book §3.5.2)."""
from workbench.backend import np

from ch01.affine import MatMul
from ch01.softmax_with_loss import SoftmaxWithLoss


class SimpleSkipGram:
    def __init__(self, vocab_size, hidden_size):
        V, H = vocab_size, hidden_size
        # W_in (V, H) for the target word, W_out (H, V) shared by both context predictions
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, contexts, target):
        # s = target · W_in · W_out, L = Σ over the context positions of SoftmaxWithLoss(s, contexts[:, c])
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # the loss is a sum, so both losses send dout back and their gradients add up in ds
        # YOUR CODE HERE
        raise NotImplementedError()
