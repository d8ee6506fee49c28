"""Peeky seq2seq: the encoder's h goes to every step of the decoder, its LSTM and its Affine (book §7.4.2)."""
from workbench.backend import np

from ch05.time_layers import TimeAffine, TimeEmbedding, TimeSoftmaxWithLoss
from ch06.time_lstm import TimeLSTM
from ch07.seq2seq import Encoder, Seq2seq


class PeekyDecoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # the LSTM reads [h; embedding] (H + D wide) and the Affine reads [h; LSTM output] (H + H wide)
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs, h):
        # hs = h repeated at each of the T steps; score = Affine([hs; LSTM([hs; Embedding(xs)])])
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dscore):
        # h reached the scores three ways: the LSTM's initial state, and the hs half of both inputs at every step
        # YOUR CODE HERE
        raise NotImplementedError()

    def generate(self, h, start_id, sample_size):
        # greedy decoding as Decoder's, h concatenated to the LSTM's and the Affine's input at every step
        # YOUR CODE HERE
        raise NotImplementedError()


class PeekySeq2seq(Seq2seq):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        # Seq2seq with a PeekyDecoder: forward, backward and generate are Seq2seq's
        # YOUR CODE HERE
        raise NotImplementedError()
