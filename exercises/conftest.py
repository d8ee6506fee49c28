"""Lets `pytest` here grade your files: one test per check of every exercise."""
pytest_plugins = ["autograder.pytest_plugin"]
