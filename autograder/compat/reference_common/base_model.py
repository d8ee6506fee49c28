"""The book's common/base_model.py: a model that saves and loads its params."""
import os
import pickle

from autograder.backend import to_cpu, to_gpu


class BaseModel:
    def __init__(self):
        self.params, self.grads = None, None

    def forward(self, *args):
        raise NotImplementedError

    def backward(self, *args):
        raise NotImplementedError

    def save_params(self, file_name=None):
        # the params as numpy arrays in their own dtype (the book's float16 would lose digits), pickled
        file_name = file_name or type(self).__name__ + ".pkl"
        with open(file_name, "wb") as fh:
            pickle.dump([to_cpu(p) for p in self.params], fh)

    def load_params(self, file_name=None):
        # written into the existing arrays, which the layers and the optimizer hold; a file the book's
        # code saved (float16) loads too, cast to each param's dtype
        file_name = file_name or type(self).__name__ + ".pkl"
        if not os.path.exists(file_name):
            raise IOError(f"No file: {file_name}")
        with open(file_name, "rb") as fh:
            saved = pickle.load(fh)
        for param, value in zip(self.params, saved):
            param[...] = to_gpu(value)
