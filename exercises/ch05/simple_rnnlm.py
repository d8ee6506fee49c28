"""A simple RNN language model, and its perplexity (book §5.5)."""
from workbench.backend import np

from common.time_layers import TimeAffine, TimeEmbedding, TimeRNN, TimeSoftmaxWithLoss


class SimpleRnnlm:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # drawn in this order: embed_W (V, D) / 100, rnn_Wx (D, H) / √D, rnn_Wh (H, H) / √H, affine_W (H, V) / √H
        # YOUR CODE HERE
        raise NotImplementedError()

    def predict(self, xs):
        # scores (N, T, V) = Affine(RNN(Embedding(xs)))
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs, ts):
        # L = the mean over the N·T positions of −log softmax(score)[t]
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # the layers' backward in reverse order; each writes its own grads
        # YOUR CODE HERE
        raise NotImplementedError()

    def reset_state(self):
        # forget the hidden state: the next forward starts from h = 0
        # YOUR CODE HERE
        raise NotImplementedError()


def eval_perplexity(model, corpus, batch_size=10, time_size=35):
    # ppl = exp(mean loss) over the (corpus_size − 1) // (batch_size·time_size) windows; row i of a window
    # reads from offset i·jump on, the targets one word later
    # YOUR CODE HERE
    raise NotImplementedError()
