"""The demo's child process: `python -m workbench.demos.child` with the request as JSON on stdin.

Events go out as JSON lines on the stdout it was started with; everything the demo's code
prints (the book's Trainer, a learner's print) goes to stderr, which the parent keeps for a
failure's report. Runs the learner's code as the grader's child imports it (see layers).
"""

from __future__ import annotations

import json
import math
import os
import sys
import traceback
from pathlib import Path


def main() -> int:
    request = json.loads(sys.stdin.read())
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # prints of the demo's code: to stderr, never into the events
    sys.stdout = sys.stderr

    from workbench import strings
    from workbench.demos import corpus as corpora
    from workbench.demos.context import Context, json_line

    def emit(event: dict) -> None:
        events.write(json_line(_finite(event)))

    try:
        import numpy

        from workbench import demos
        from workbench.demos import layers

        demo = demos.get(request["demo"])
        plan = layers.Plan.from_json(request["plan"])
        layers.install(plan)
        numpy.random.seed(request["seed"])  # the book's layers draw from numpy's global generator
        corpus = (demo.load_corpus or corpora.load)(request["corpus"])
        for note in getattr(corpus, "notes", ()):
            emit({"type": "log", **note})
        names = layers.resolve(plan)
        ctx = Context(names, corpus, request["epochs"], request["seed"], Path(request["plots_dir"]),
                      demo.id, emit)
        metrics = demo.run(ctx)
        emit({"type": "result", "metrics": metrics})
        return 0
    except corpora.CorpusError as missing:
        emit({"type": "error", "kind": "corpus", **missing.messages})
        return 2
    except BaseException as err:  # the learner's code may raise anything: the parent reports it
        trace = traceback.format_exc()
        sys.stderr.write(trace)
        emit({"type": "error", "kind": "crash", **strings.both("demo.crashed", type=type(err).__name__, error=err),
              "traceback": trace[-4000:]})
        return 1
    finally:
        events.flush()


def _finite(value):
    # a diverged loss is NaN or inf: JSON has neither, so they travel as None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
