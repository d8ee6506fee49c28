"""The book's common/functions.py: the function no exercise covers."""
from autograder.backend import np


def relu(x):
    # relu(x) = max(0, x), elementwise
    return np.maximum(0, x)
