"""The book's dataset/sequence.py for its scripts: ``sequence.load_data('addition.txt')``, ``get_vocab()``.

The addition and date data sets are corpora.sequence's, generated from a seed in the book's
format (a path to a file in that format works too), split as the book's loader splits them.
One behaviour of the book's loader is kept on purpose: it seeds numpy's global generator with
`seed` and shuffles with it, and the book's scripts draw their weights and shuffle their
batches from the state that leaves, so a script run here draws as it does with the book's loader.
"""
import numpy

from corpora import sequence as _sequence


def load_data(file_name='addition.txt', seed=1984):
    """((x_train, t_train), (x_test, t_test)), as the book's load_data."""
    train, test = _sequence.load_data(file_name, seed)
    if seed is not None:
        numpy.random.seed(seed)
        numpy.random.shuffle(numpy.arange(len(train[0]) + len(test[0])))
    return train, test


def get_vocab():
    """(char_to_id, id_to_char) of the data set loaded last."""
    return _sequence.get_vocab()
