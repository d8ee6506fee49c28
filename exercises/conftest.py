"""Lets `pytest` here grade your files: one test per check of every exercise.

Run `workbench test` here (or the pytest installed beside your `workbench` command).
"""
try:
    from workbench.pytest_plugin import *  # noqa: F401,F403 - the hooks that grade this folder's files
except ImportError as missing:
    import pytest

    _MISSING = str(missing)

    def pytest_configure(config):
        raise pytest.UsageError(
            "This pytest runs in a Python without the workbench (" + _MISSING + "): "
            "run `workbench test` here, or the pytest next to your `workbench` command (e.g. .venv/bin/pytest).")
