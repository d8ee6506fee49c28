"""seq2seq: an Encoder LSTM whose last hidden state starts a Decoder LSTM (book §7.3)."""
from workbench.backend import np

from common.base_model import BaseModel
from ch05.time_layers import TimeAffine, TimeEmbedding, TimeSoftmaxWithLoss
from ch06.time_lstm import TimeLSTM


class Encoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs):
        # h = hs[:, −1]: the hidden state after the last character of the question, (N, H)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dh):
        # only the last step's h went to the decoder: dhs is 0 everywhere but dhs[:, −1] = dh
        # YOUR CODE HERE
        raise NotImplementedError()


class Decoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (H, V) / √H
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs, h):
        # score = Affine(LSTM(Embedding(xs))), the LSTM starting from the encoder's h (and c = 0)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dscore):
        # dh = the gradient that reached the LSTM's initial state: self.lstm.dh, for the encoder
        # YOUR CODE HERE
        raise NotImplementedError()

    def generate(self, h, start_id, sample_size):
        # greedy decoding from h: feed one id, take the argmax of its scores as the next input, sample_size times
        # YOUR CODE HERE
        raise NotImplementedError()


class Seq2seq(BaseModel):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        # the encoder's weights are drawn first, then the decoder's
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, xs, ts):
        # teacher forcing: the decoder reads ts[:, :−1] and must predict ts[:, 1:], each character's successor
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # loss → decoder → dh → encoder
        # YOUR CODE HERE
        raise NotImplementedError()

    def generate(self, xs, start_id, sample_size):
        # encode the question, then decode greedily from its h
        # YOUR CODE HERE
        raise NotImplementedError()
