"""The book's common/optimizer.py, answered by the reference solutions."""
from ch01.optimizers import SGD, AdaGrad, Adam, Momentum  # noqa: F401
