"""The results panel shows each check's row as soon as it is decided, and a newer save stops the run.

Every wait is on a condition (wait_for): the training below sleeps far beyond the test, so the
state the test looks at (forward decided, training still checking) lasts until the test ends it.
"""

from __future__ import annotations

from autograder.grader import grade
from autograder.sandbox import running_children
from workbench.app import WorkbenchApp

from .conftest import NEVER, SIZE, solution_text, wait_for, workspace_with_timeout
from .test_pilot import open_exercise, results

# the training probe is the only one that calls predict on the whole spiral data set (300 rows)
SLEEPS_IN_TRAINING = solution_text("two_layer_net").replace(
    "        for layer in self.layers:\n            x = layer.forward(x)\n",
    "        if x.shape[0] == 300:\n            import time\n            time.sleep(600)\n"
    "        for layer in self.layers:\n            x = layer.forward(x)\n", 1)


def _row(panel, kind: str):
    shown = panel.so_far
    return next((c for c in shown.checks if c.kind == kind), None) if shown is not None else None


async def test_rows_show_as_they_come_and_a_save_stops_the_run(tmp_path):
    workspace = workspace_with_timeout(tmp_path / "ws", "two_layer_net", timeout=NEVER)
    assert SLEEPS_IN_TRAINING != solution_text("two_layer_net")
    workspace.file_for("two_layer_net").write_text(SLEEPS_IN_TRAINING, encoding="utf-8")
    exercise = workspace.catalog["two_layer_net"]
    grade(exercise.id, exercise.solution_path, catalog=workspace.catalog, timing=False)  # the reference, once
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "two_layer_net")
        panel = results(app)
        # the forward and backward rows are on screen while the training still runs
        await wait_for(pilot, lambda: _row(panel, "backward") is not None and _row(panel, "backward").passed)
        assert _row(panel, "training").status == "checking" and panel.running and panel.verdict is None
        text = panel.plain_text()
        assert "✔ forward: TwoLayerNet" in text and "◌ training" in text and "checking… so far" in text
        await pilot.press("ctrl+l")  # the rows so far, in the other language
        await wait_for(pilot, lambda: "检查中" in panel.plain_text())
        await pilot.press("ctrl+l")
        sleeping = set(running_children())
        assert sleeping
        old_run = screen.latest_run
        workspace.file_for("two_layer_net").write_text(solution_text("two_layer_net"), encoding="utf-8")
        await wait_for(pilot, lambda: panel.verdict == "passed")  # the newer file's verdict, whole
        assert screen.latest_run > old_run and panel.so_far is None
        assert "◌" not in panel.plain_text()
        await wait_for(pilot, lambda: not sleeping & set(running_children()))  # the sleeping child was killed
