"""The negative sampling loss (book §4.2.7)."""
from workbench.backend import np

from common.layers import SigmoidWithLoss
from ch04.embedding_dot import EmbeddingDot
from ch04.unigram_sampler import UnigramSampler


class NegativeSamplingLoss:
    def __init__(self, W, corpus, power=0.75, sample_size=5):
        self.sample_size = sample_size
        # the negatives come from self.sampler.get_negative_sample(target): the grader sets its own sampler here
        self.sampler = UnigramSampler(corpus, power, sample_size)
        # one score layer on the shared W for the target and one per negative: params [W] * (sample_size + 1)
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, h, target):
        # L = −(1/N) Σ_n [log σ(h_n · W[t_n]) + Σ_k log(1 − σ(h_n · W[neg_nk]))]: the target labelled 1, each negative 0
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # h feeds every score: dh is the sum of what each of the sample_size + 1 branches sends back
        # YOUR CODE HERE
        raise NotImplementedError()
