"""`workbench demo`: list the demos, or run one with a progress bar, the curve in the terminal and
its pictures; with --json one final JSON object of its metrics on stdout."""

from __future__ import annotations

import json
import re
import sys
import time

from workbench import strings
from workbench.demos import all_demos, layers
from workbench.demos.runner import DemoRun, Request

BAR = 24


def list_demos(lang: str) -> int:
    print(strings.get("demo.list_header", lang))
    demos = all_demos()
    width = max(len(demo_id) for demo_id in demos)
    for demo in demos.values():
        epochs = f"{demo.epochs} epochs" if demo.epochs else ""
        print(f"  {demo.id:<{width}} {demo.title_in(lang)}  {epochs}")
        if demo.summary:
            print(f"  {'':<{width}} {demo.summary_in(lang)}")
    return 0


def blocked_message(demo, plan, lang: str) -> str:
    items = "\n".join(strings.get("demo.blocked_item", lang, name=s.name, exercise=s.exercise, file=s.learner_file,
                                  status=strings.get("status." + (s.status or "not_started"), lang))
                      for s in plan.blocked)
    count = len(plan.blocked)
    not_passing = strings.get("demo.blocked_one" if count == 1 else "demo.blocked_many", lang, count=count)
    return strings.get("demo.blocked", lang, id=demo.id, not_passing=not_passing, items=items)


def sources_line(plan, lang: str) -> str:
    labels = {"learner": "demo.yours", "reference": "demo.reference", "fallback": "demo.no_exercise"}
    groups: dict[str, list[str]] = {}
    for source in plan.sources:
        groups.setdefault(labels[source.origin], []).append(source.name)
    which = "; ".join(f"{strings.get(key, lang)}: {', '.join(names)}" for key, names in groups.items())
    return strings.get("demo.using", lang, which=which)


def run_demo(workspace, demo_id: str, reference: bool, epochs: int | None, corpus: str, seed: int,
             as_json: bool, lang: str) -> int:
    demo = all_demos().get(demo_id)
    if demo is None:
        print(strings.get("demo.unknown", lang, id=demo_id, ids=", ".join(all_demos())), file=sys.stderr)
        return 2
    plan = layers.plan(demo, workspace, reference)
    if plan.blocked:
        print(blocked_message(demo, plan, lang), file=sys.stderr)
        return 2
    if epochs is not None and demo.epochs is None:
        print(strings.get("demo.epochs_unused", lang, id=demo.id), file=sys.stderr)
    plots_dir = workspace.state_dir / "plots"
    print(sources_line(plan, lang), file=sys.stderr)
    request = Request(demo.id, plan, corpus, epochs if epochs is not None else demo.epochs, seed, str(plots_dir))
    run = DemoRun(request, cwd=workspace.root)
    bar = ProgressBar(sys.stderr, lang)
    text_out = sys.stderr if as_json else sys.stdout
    result, error, curve = None, None, None
    start = time.monotonic()
    try:
        for event in run.events():
            kind = event.get("type")
            if kind in ("progress", "stage"):
                bar.update(event)
                continue
            bar.end_line()
            if kind == "log":
                print(event.get(lang) or event.get("en", ""), file=text_out)
            elif kind == "curve":
                curve = event
            elif kind == "picture":
                print(strings.get("demo.picture", lang, path=event["path"]), file=text_out)
            elif kind == "result":
                result = event["metrics"]
            elif kind == "error":
                error = event
    except KeyboardInterrupt:
        run.stop()
        bar.end_line()
        print(strings.get("demo.stopped", lang), file=sys.stderr)
        return 130
    bar.end_line()
    if curve is not None and curve["values"]:
        print(terminal_curve(curve, lang, color=text_out.isatty()), file=text_out)
    if error is not None or result is None:
        message = (error or {}).get(lang) or (error or {}).get("en") or "\n".join(list(run.stderr_tail)[-15:])
        if (error or {}).get("kind") == "corpus":
            print(message, file=sys.stderr)
            return 2
        print(strings.get("demo.failed", lang, message=message), file=sys.stderr)
        if error and error.get("traceback"):
            print(error["traceback"], file=sys.stderr)
        return 1
    seconds = time.monotonic() - start
    print(strings.get("demo.done", lang, seconds=seconds), file=sys.stderr)
    if as_json:
        summary = {"demo": demo.id, "reference": reference, "corpus": corpus, "seed": seed,
                   "seconds": round(seconds, 2), "layers": {s.name: s.origin for s in plan.sources}, **result}
        print(json.dumps(summary, ensure_ascii=False))
    return 0


def terminal_curve(curve: dict, lang: str, width: int = 70, height: int = 16, color: bool = True) -> str:
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    for line in curve_lines(curve):
        values = line["values"]
        label = line_label(line, lang)
        plt.plot(list(range(1, len(values) + 1)), [v if v is not None else float("nan") for v in values],
                 marker="braille", **({"label": label} if label else {}))
    plt.title(curve_title(curve.get("name"), lang))
    plt.xlabel(curve.get("xlabel", ""))
    plt.theme("clear")
    text = plt.build()
    # plotext colours even the "clear" theme: a file or pipe gets the plain characters
    return text if color else re.sub(r"\x1b\[[0-9;]*m", "", text)


def curve_lines(curve: dict) -> list[dict]:
    """The curve event's lines: its `series` ({label, values} each), or its one `values`."""
    return curve.get("series") or [{"label": None, "values": curve.get("values") or []}]


def line_label(line: dict, lang: str) -> str | None:
    """A curve's label in `lang` ({"en", "zh"}), if it has one."""
    label = line.get("label")
    return (label.get(lang) or label.get("en")) if isinstance(label, dict) else label


def curve_title(name: str | None, lang: str) -> str:
    """The curve's name in `lang` where the strings have it ("perplexity"), else "loss"."""
    key = f"demo.{name}"
    return strings.get(key if key in strings.STRINGS else "demo.loss", lang)


class ProgressBar:
    """One line redrawn in place on a terminal (a line per epoch elsewhere): epoch, loss, speed, ETA."""

    def __init__(self, stream, lang: str):
        self.stream, self.lang = stream, lang
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.open = False
        self.last_epoch = None

    def update(self, event: dict) -> None:
        if event["type"] == "stage":
            line = f"[{event['step']}/{event['steps']}] {event.get(self.lang) or event['en']}"
            self._show(line, final=not self.tty)
            return
        epochs = event.get("epochs") or 1
        per_epoch = max(event["iterations"], 1)
        done = (event["epoch"] - 1) * per_epoch + event["iteration"]
        total = epochs * per_epoch
        elapsed = max(time.monotonic() - self.start, 1e-9)
        speed = done / elapsed
        eta = (total - done) / speed if speed > 0 else 0.0
        filled = int(BAR * done / total)
        loss = event.get("loss")
        line = (f"{strings.get('demo.epoch', self.lang)} {event['epoch']}/{epochs} "
                f"[{'#' * filled}{'.' * (BAR - filled)}] {100 * done / total:3.0f}% "
                f"{strings.get('demo.loss', self.lang)} {loss if loss is None else format(loss, '.3f')} "
                f"{speed:.0f} it/s {strings.get('demo.eta', self.lang)} {_clock(eta)}")
        epoch_done = event["iteration"] == per_epoch
        if self.tty:
            self._show(line, final=False)
        elif epoch_done:
            self._show(line, final=True)

    def _show(self, line: str, final: bool) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K" + line)
            self.open = True
        else:
            self.stream.write(line + "\n")
        if final and self.tty:
            self.stream.write("\n")
            self.open = False
        self.stream.flush()

    def end_line(self) -> None:
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"
