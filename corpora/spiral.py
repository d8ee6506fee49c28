"""The spiral data set of the book's chapter 1: three interleaved arms in 2-D."""

import numpy

POINTS_PER_CLASS = 100
CLASSES = 3


def load_data(seed: int = 1984, points_per_class: int = POINTS_PER_CLASS, classes: int = CLASSES):
    """x: (points_per_class·classes, 2) float64; t: one-hot labels of the same length.

    Each arm j winds outward: radius r = i/N, angle θ = 4j + 4r + noise(σ=0.2).
    """
    rng = numpy.random.default_rng(seed)
    rate = numpy.arange(points_per_class) / points_per_class
    arm = numpy.repeat(numpy.arange(classes), points_per_class)
    radius = numpy.tile(rate, classes)
    theta = 4.0 * arm + 4.0 * radius + 0.2 * rng.standard_normal(arm.size)
    x = numpy.stack([radius * numpy.sin(theta), radius * numpy.cos(theta)], axis=1)
    t = numpy.eye(classes, dtype=numpy.int64)[arm]
    return x, t
