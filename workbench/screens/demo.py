"""Demos: pick one, run it on your layers (r) or the references (R), watch the loss live, stop it (s).

The run is the same as `workbench demo ID`'s (workbench.demos.runner): a child process whose
events a worker thread reads and hands to the screen, so the app never waits on training, and
stopping ends the child at once whatever the learner's code is doing.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Log, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from workbench.demos import all_demos, layers
from workbench.demos.runner import DemoRun, Request
from workbench.demos.terminal import blocked_message, curve_title, line_label, sources_line
from workbench.screens.base import ICON, WorkbenchScreen

LIVE_POINTS = 400  # the live curve keeps the last this many losses (one per progress event)


class DemoScreen(WorkbenchScreen):
    BINDINGS = [
        Binding("r", "run(False)", "Run", id="run"),
        Binding("R", "run(True)", "Run (reference)", id="run_reference"),
        Binding("s", "stop", "Stop", id="stop"),
        Binding("escape", "back", "Home", id="back"),
    ]
    AUTO_FOCUS = "#demo-list"

    def __init__(self) -> None:
        super().__init__()
        self.demos = all_demos()
        self.state = "idle"  # idle, running, done, stopped, failed, blocked
        self.result: dict | None = None
        self.finished = threading.Event()  # set when a run ends, however it ends
        self._run: DemoRun | None = None
        self._losses: list[float] = []
        self._series: list[dict] = []  # a demo's curves of several models, drawn together
        self._demo_id: str | None = None
        self._curve_name: str | None = None  # what the curve shows: the live loss until the demo sends its curve

    def compose(self) -> ComposeResult:
        yield Header(icon=ICON)
        yield Static(id="demo-intro")
        with Horizontal(id="demo-body"):
            yield OptionList(*[Option(demo.id, id=demo.id) for demo in self.demos.values()], id="demo-list")
            with Vertical(id="demo-right"):
                yield Static(id="demo-status")
                yield PlotextPlot(id="demo-curve")
                yield Log(id="demo-log", highlight=False)
        yield Footer(compact=True)

    def relabel(self, lang: str) -> None:
        self.sub_title = self.t("demo.screen_title")
        self.query_one("#demo-intro", Static).update(self.t("demo.screen_intro"))
        options = self.query_one("#demo-list", OptionList)
        for demo in self.demos.values():
            options.replace_option_prompt(demo.id, f"{demo.id}\n[dim]{demo.title_in(lang)}[/dim]")

    def selected(self) -> str | None:
        options = self.query_one("#demo-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected, "#demo-list")
    def _chosen(self) -> None:
        self.action_run(False)

    # -- running --------------------------------------------------------------------------------
    def action_run(self, reference: bool) -> None:
        demo_id = self.selected()
        if demo_id is None or self.state == "running":
            return
        demo = self.demos[demo_id]
        log = self.query_one("#demo-log", Log)
        log.clear()
        self._losses = []
        self._series = []
        self._curve_name = None
        self._demo_id = demo_id
        self.result = None
        self.finished.clear()
        plan = layers.plan(demo, self.workspace, reference)
        if plan.blocked:
            self.state = "blocked"
            log.write_line(blocked_message(demo, plan, self.lang).replace("workbench demo", "R:  workbench demo"))
            self._status(self.t("demo.stopped"))
            self.finished.set()
            return
        log.write_line(sources_line(plan, self.lang))
        request = Request(demo.id, plan, "default", demo.epochs, 1, str(self.workspace.state_dir / "plots"))
        self.state = "running"
        self._status(self.t("demo.running", id=demo.id))
        self._draw_curve()
        self._follow(request)

    @work(thread=True, exclusive=True, group="demo")
    def _follow(self, request: Request) -> None:
        run = self._run = DemoRun(request, cwd=self.workspace.root)
        outcome, result, error = "failed", None, None
        try:
            for event in run.events():
                kind = event.get("type")
                if kind == "result":
                    result = event["metrics"]
                elif kind == "error":
                    error = event
                self.app.call_from_thread(self._show, event)
            if result is not None:
                outcome = "done"
            elif run.stopped:
                outcome = "stopped"
        finally:
            tail = "\n".join(list(run.stderr_tail)[-10:])
            self.app.call_from_thread(self._ended, outcome, result, error, tail)

    def _show(self, event: dict) -> None:
        kind = event.get("type")
        log = self.query_one("#demo-log", Log)
        if kind == "progress":
            if event.get("loss") is not None:
                self._losses.append(event["loss"])
                self._losses = self._losses[-LIVE_POINTS:]
            self._status(f"{self.t('demo.epoch')} {event['epoch']}/{event.get('epochs') or 1}  "
                         f"{event['iteration']}/{event['iterations']}  "
                         f"{self.t('demo.loss')} {event['loss'] if event.get('loss') is None else format(event['loss'], '.3f')}")
            self._draw_curve()
        elif kind == "stage":
            self._status(f"[{event['step']}/{event['steps']}] {event.get(self.lang) or event['en']}")
        elif kind == "log":
            for line in (event.get(self.lang) or event.get("en", "")).splitlines():
                log.write_line(line)
        elif kind == "picture":
            log.write_line(self.t("demo.picture", path=event["path"]))
        elif kind == "curve" and event.get("values"):
            self._losses = [v for v in event["values"] if v is not None]
            self._series = event.get("series") or []
            self._curve_name = event.get("name")
            self._draw_curve()

    def _ended(self, outcome: str, result, error, tail: str) -> None:
        self.state = outcome
        self.result = result
        self._run = None
        log = self.query_one("#demo-log", Log)
        if outcome == "done":
            self._status(self.t("demo.done_short"))
        elif outcome == "stopped":
            self._status(self.t("demo.stopped"))
        else:
            message = (error or {}).get(self.lang) or (error or {}).get("en") or tail
            log.write_line(self.t("demo.failed", message=message))
            self._status(self.t("demo.failed", message=(message.splitlines() or [""])[0]))
        self.finished.set()

    def _status(self, text: str) -> None:
        self.query_one("#demo-status", Static).update(text)

    def _draw_curve(self) -> None:
        plot = self.query_one("#demo-curve", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        plt.title(f"{self._demo_id or ''} · {curve_title(self._curve_name, self.lang)}")
        if self._series:
            for line in self._series:
                values = [v if v is not None else float("nan") for v in line["values"]]
                plt.plot(list(range(1, len(values) + 1)), values, marker="braille", label=line_label(line, self.lang))
        elif self._losses:
            plt.plot(list(range(1, len(self._losses) + 1)), self._losses, marker="braille")
        plot.refresh()

    def action_stop(self) -> None:
        run = self._run
        if run is not None:
            run.stop()

    def action_back(self) -> None:
        self.action_stop()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.action_stop()  # leaving or quitting ends the child
