"""Grading latency of chapter 1's exercises: benchmarks/grading_engine.py --chapter 1.

    python benchmarks/grade_latency.py [--runs 5] [--json OUT]

Kept as the short name of the chapter-1 measurement; the columns are explained there.
"""

import sys

import _common  # noqa: F401 - one BLAS thread, before numpy

from grading_engine import main

if __name__ == "__main__":
    sys.exit(main(["--chapter", "1", *sys.argv[1:]]))
