"""Demos: each chapter's models trained on a corpus, on the learner's own layers or the references.

A demo is data plus one function (`Demo`): its id, its title in English and Chinese, the
names of the book it needs (each resolved to the exercise that defines it through the
catalog, see `workbench.demos.layers`), its default epochs and corpus, the metrics it
reports, and `run(ctx)`, which trains and measures. The command line
(`workbench demo`) and the app's demo screen both run a demo the same way: in a child
process (`workbench.demos.runner`), which streams progress and results back.

A chapter adds a demo by writing a module here and listing it in MODULES; a module that
defines several demos (variants of one experiment) lists them in DEMOS instead of DEMO.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Need:
    """A name of the book a demo uses, and where it comes from while no exercise defines it."""

    name: str
    fallback: str  # "module" to import it from (a reference) until an exercise of the catalog defines `name`


@dataclass(frozen=True)
class Demo:
    id: str
    title: dict[str, str]  # {"en": ..., "zh": ...}
    needs: tuple[Need, ...]
    run: Callable  # run(ctx: workbench.demos.context.Context) -> dict of metrics
    epochs: int | None = None  # None: the demo does not train in epochs (count-based methods)
    measures: dict[str, dict[str, str]] = field(default_factory=dict)  # metric → {"en", "zh"} description
    summary: dict[str, str] = field(default_factory=dict)  # one line, en/zh, for the list
    # what `--corpus` names for this demo: None, a text of words (workbench.demos.corpus.load); a demo
    # that trains on other data (question/answer pairs) loads it itself from the same argument
    load_corpus: Callable[[str], object] | None = None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    def summary_in(self, lang: str) -> str:
        return self.summary.get(lang) or self.summary.get("en", "")


# Modules that each define DEMO; in the order `workbench demo` lists them (book order).
MODULES = ("workbench.demos.count_vectors", "workbench.demos.cbow", "workbench.demos.rnnlm",
           "workbench.demos.better_rnnlm", "workbench.demos.generate", "workbench.demos.addition",
           "workbench.demos.date_attention", "workbench.demos.date_transformer")


def all_demos() -> dict[str, Demo]:
    demos = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for demo in getattr(module, "DEMOS", None) or (module.DEMO,):
            demos[demo.id] = demo
    return demos


def get(demo_id: str) -> Demo | None:
    return all_demos().get(demo_id)
