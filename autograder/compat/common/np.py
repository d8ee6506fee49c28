"""The book's common/np.py: `np` is numpy, or cupy when the GPU is on."""
from autograder.backend import GPU, np, to_cpu, to_gpu  # noqa: F401
