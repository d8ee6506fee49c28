"""The demo screen: reached from home, runs a demo in a worker (the app stays live), and stops it."""

from __future__ import annotations

from textual.widgets import Log

from workbench.app import WorkbenchApp
from workbench.screens.demo import DemoScreen
from workbench.screens.home import HomeScreen

from .conftest import SIZE, wait_for


async def test_a_demo_runs_to_the_end_and_another_is_stopped_midway(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DemoScreen))
        screen = app.screen
        await pilot.press("R")  # count-vectors, the first, on the references
        await wait_for(pilot, lambda: screen.finished.is_set(), timeout=240)
        assert screen.state == "done", "\n".join(screen.query_one("#demo-log", Log).lines)
        assert screen.result["class_purity"] >= 0.9
        assert any("[query] toyota" in line for line in screen.query_one("#demo-log", Log).lines)

        await pilot.press("down", "R")  # cbow: stopped once its curve has points
        await wait_for(pilot, lambda: screen.state == "running" and len(screen._losses) >= 2, timeout=240)
        await pilot.press("s")
        await wait_for(pilot, lambda: screen.finished.is_set(), timeout=60)
        assert screen.state == "stopped" and screen.result is None

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_not_passing_yet_is_named_on_the_screen(workspace):
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=SIZE) as pilot:
        app.open_demos()
        await wait_for(pilot, lambda: isinstance(app.screen, DemoScreen))
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.finished.is_set())
        text = "\n".join(app.screen.query_one("#demo-log", Log).lines)
        assert app.screen.state == "blocked" and "svd" in text and "尚未通过" in text and "--reference" in text


async def test_the_palette_offers_the_demos(workspace):
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Demos" in titles


async def test_the_language_model_demo_runs_from_the_screen(workspace):
    # rnnlm, the third demo, on the references: its perplexity curve replaces the live loss, and it writes text
    app = WorkbenchApp(workspace, "en")
    async with app.run_test(size=SIZE) as pilot:
        app.open_demos()
        await wait_for(pilot, lambda: isinstance(app.screen, DemoScreen))
        screen = app.screen
        await pilot.press("down", "down")
        assert screen.selected() == "rnnlm"
        await pilot.press("R")
        await wait_for(pilot, lambda: screen.finished.is_set(), timeout=300)
        lines = screen.query_one("#demo-log", Log).lines
        assert screen.state == "done", "\n".join(lines)
        assert len(screen.result["test_perplexity"]) == screen.demos["rnnlm"].epochs
        assert screen._curve_name == "perplexity" and len(screen._losses) >= 2
        assert any("generated from 'you'" in line for line in lines)


async def test_an_addition_demo_runs_from_the_screen_and_its_chart_holds_several_curves(workspace):
    # addition-peeky on the references: stopped once training shows progress (a whole run is 25 epochs)
    app = WorkbenchApp(workspace, "zh")
    async with app.run_test(size=SIZE) as pilot:
        app.open_demos()
        await wait_for(pilot, lambda: isinstance(app.screen, DemoScreen))
        screen = app.screen
        await pilot.pause()
        for _ in screen.demos:
            if screen.selected() == "addition-peeky":
                break
            await pilot.press("down")
        assert screen.selected() == "addition-peeky"
        await pilot.press("R")
        await wait_for(pilot, lambda: screen.state == "running" and len(screen._losses) >= 2, timeout=240)
        await pilot.press("s")
        await wait_for(pilot, lambda: screen.finished.is_set(), timeout=60)
        assert screen.state == "stopped"
        # the curves of the three runs come as one event: each is drawn, labelled in the app's language
        screen._show({"type": "curve", "name": "accuracy", "values": [0.1, 0.2], "xlabel": "epoch", "series": [
            {"label": {"en": "plain", "zh": "普通"}, "values": [0.1, 0.2]},
            {"label": {"en": "reversed", "zh": "倒序"}, "values": [0.3, 0.5]}]})
        await pilot.pause()
        assert screen._curve_name == "accuracy" and [line["values"] for line in screen._series] == [[0.1, 0.2], [0.3, 0.5]]
