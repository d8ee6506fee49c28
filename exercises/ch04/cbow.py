"""CBOW and skip-gram with an Embedding layer and negative sampling (book §4.3)."""
from workbench.backend import np

from ch04.embedding import Embedding
from ch04.negative_sampling import NegativeSamplingLoss


class CBOW:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        V, H = vocab_size, hidden_size
        # W_in (V, H) shared by the 2·window_size context positions, W_out (V, H) by the loss's score layers
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, contexts, target):
        # h = (1 / 2w) Σ_i W_in[contexts[:, i]]: the mean of the context vectors; L = NegativeSamplingLoss(h, target)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # the mean sends dh / 2w to every context position; each Embedding writes its own share of dW_in
        # YOUR CODE HERE
        raise NotImplementedError()


class SkipGram:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        V, H = vocab_size, hidden_size
        # one W_in row for the target; a NegativeSamplingLoss per context position, all on the shared W_out
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, contexts, target):
        # h = W_in[target]; L = Σ_i NegativeSamplingLoss_i(h, contexts[:, i]): summed over the context positions
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # h feeds every context position's loss: dh adds up their gradients
        # YOUR CODE HERE
        raise NotImplementedError()
