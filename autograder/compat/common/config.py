"""The book's common/config.py."""
from autograder.backend import GPU  # noqa: F401
