"""LSTM language models: Rnnlm, and BetterRnnlm with two LSTM layers, dropout and weight tying (book §6.4, §6.5)."""
from workbench.backend import np

from common.base_model import BaseModel
from common.time_layers import TimeAffine, TimeDropout, TimeEmbedding, TimeLSTM, TimeSoftmaxWithLoss


class Rnnlm(BaseModel):
    def __init__(self, vocab_size=10000, wordvec_size=100, hidden_size=100):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (H, V) / √H
        # YOUR CODE HERE
        raise NotImplementedError()

    def predict(self, xs):
        # scores (N, T, V) = Affine(LSTM(Embedding(xs)))
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
        # forget h and c: the next forward starts from zeros
        # YOUR CODE HERE
        raise NotImplementedError()


class BetterRnnlm(BaseModel):
    def __init__(self, vocab_size=10000, wordvec_size=650, hidden_size=650, dropout_ratio=0.5):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # drawn in this order: embed_W (V, D) / 100, then per LSTM layer Wx / √fan_in and Wh (H, 4H) / √H
        # YOUR CODE HERE
        raise NotImplementedError()

    def predict(self, xs, train_flg=False):
        # dropout only in training: every TimeDropout gets train_flg before the forward pass
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs, ts, train_flg=True):
        # L = the mean over the N·T positions of −log softmax(score)[t], dropout on while training
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # the layers' backward in reverse order; the Affine writes its share of the tied weight into its own slot
        # YOUR CODE HERE
        raise NotImplementedError()

    def reset_state(self):
        # forget h and c of both LSTM layers
        # YOUR CODE HERE
        raise NotImplementedError()
