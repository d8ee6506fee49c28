"""The book's common/functions.py, answered by the reference solutions."""
from autograder.backend import np

from ch01.sigmoid import sigmoid  # noqa: F401
from ch01.softmax import cross_entropy_error, softmax  # noqa: F401


def relu(x):
    return np.maximum(0, x)
