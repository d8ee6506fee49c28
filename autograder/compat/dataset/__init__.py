"""Stand-in for the book's ``dataset`` package: ``from dataset import sequence`` as its scripts write it.

The data sets themselves are the project's (corpora/), generated offline from a seed.
"""
