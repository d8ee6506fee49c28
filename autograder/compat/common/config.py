"""The book's common/config.py."""
from workbench.backend import GPU  # noqa: F401
