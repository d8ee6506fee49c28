"""The book's common/layers.py, answered by the reference solutions."""
from ch01.affine import Affine, MatMul  # noqa: F401
from ch01.sigmoid import Sigmoid  # noqa: F401
from ch01.softmax import Softmax  # noqa: F401
from ch01.softmax_with_loss import SoftmaxWithLoss  # noqa: F401
