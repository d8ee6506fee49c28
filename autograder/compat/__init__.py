"""Folders put on the sandbox's sys.path so code pasted from the book imports as written.

``common/`` stands in for the book's ``common`` package. Its modules of layers and
helpers are generated from the catalog by this module (``python -m autograder.compat``;
a test keeps them in step): each answers

- every symbol of every exercise whose ``book`` key names it, from that exercise's
  reference (solutions/), and
- every other name the book's module defines (BOOK_COMMON below), from
  ``reference_common/``, written here to the references' standard,

besides what the book's module imports and so exposes too (``np``, ``GPU``, ...).
Each generated module lists in ``_REFERENCES`` where its names come from; the
grading child reads it to tell a learner which names of a file came from a reference.
``common/np.py``, ``common/config.py`` (the backend) and ``common/__init__.py`` are
written by hand.

The book's chapter modules that its other files import (ch04/cbow.py: ``from
ch04.negative_sampling_layer import NegativeSamplingLoss``) are generated the same way
(BOOK_CHAPTERS), into ``solutions/chNN/`` where the chapter's package lives; names no
exercise covers come from ``reference_common/<module>.py``. Each name is imported when
first read: a reference of the chapter imports from that module too.

The book's scripts run from inside their chapter's folder and import the files beside them
by their bare names (ch07/peeky_seq2seq.py: ``from seq2seq import Seq2seq, Encoder``). Every
chapter module a ``book`` key names is answered under its bare name too, from ``bare/`` (on
the sandbox's path): ``bare/seq2seq.py`` serves the symbols of the exercises whose ``book``
names ch07.seq2seq from their modules, each imported when first read (so the reference of the
exercise being graded stays withheld there too).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BookModule:
    """One module of the book's `common` package: the names it defines and what it imports."""

    defines: tuple[str, ...]
    imports: tuple[str, ...]  # import lines, as the stand-in writes them


# What the book's common package defines, module by module (the book's repository,
# oreilly-japan/deep-learning-from-scratch-2, common/*.py), and what each imports.
BOOK_COMMON = {
    "functions": BookModule(
        ("sigmoid", "relu", "softmax", "cross_entropy_error"),
        ("from common.np import *  # noqa: F401,F403",)),
    "layers": BookModule(
        ("MatMul", "Affine", "Softmax", "SoftmaxWithLoss", "Sigmoid", "SigmoidWithLoss", "Dropout", "Embedding"),
        ("from common.np import *  # noqa: F401,F403",
         "from common.config import GPU  # noqa: F401",
         "from common.functions import cross_entropy_error, softmax  # noqa: F401")),
    "time_layers": BookModule(
        ("RNN", "TimeRNN", "LSTM", "TimeLSTM", "TimeEmbedding", "TimeAffine", "TimeSoftmaxWithLoss", "TimeDropout",
         "TimeBiLSTM", "TimeSigmoidWithLoss", "GRU", "TimeGRU", "Simple_TimeSoftmaxWithLoss", "Simple_TimeAffine"),
        ("from common.np import *  # noqa: F401,F403",
         "from common.layers import *  # noqa: F401,F403",
         "from common.functions import sigmoid, softmax  # noqa: F401")),
    "util": BookModule(
        ("preprocess", "cos_similarity", "most_similar", "convert_one_hot", "create_co_matrix", "ppmi",
         "create_contexts_target", "clip_grads", "eval_perplexity", "eval_seq2seq", "analogy", "normalize"),
        ("import os  # noqa: F401",
         "import sys  # noqa: F401",
         "from common.np import *  # noqa: F401,F403",
         "from autograder.backend import to_cpu, to_gpu  # noqa: F401 - the book's are the backend's")),
    "optimizer": BookModule(
        ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"),
        ("from common.np import *  # noqa: F401,F403",)),
    "trainer": BookModule(
        ("Trainer", "RnnlmTrainer", "remove_duplicate"),
        ("import time  # noqa: F401",
         "import numpy  # noqa: F401",
         "from common.np import *  # noqa: F401,F403",
         "from common.util import clip_grads  # noqa: F401")),
    "base_model": BookModule(
        ("BaseModel",),
        ("import os  # noqa: F401",
         "import pickle  # noqa: F401",
         "from common.np import *  # noqa: F401,F403",
         "from common.util import to_cpu, to_gpu  # noqa: F401")),
}


# The book's chapter modules other book files import: what each defines, what it imports.
BOOK_CHAPTERS = {
    "ch04.negative_sampling_layer": BookModule(
        ("EmbeddingDot", "UnigramSampler", "NegativeSamplingLoss"),
        ("from common.np import *  # noqa: F401,F403",
         "from common.layers import Embedding, SigmoidWithLoss  # noqa: F401")),
    # ch07/rnnlm_gen.py: from ch06.better_rnnlm import BetterRnnlm
    "ch06.better_rnnlm": BookModule(
        ("BetterRnnlm",),
        ("from common.time_layers import *  # noqa: F401,F403",
         "from common.np import *  # noqa: F401,F403",
         "from common.base_model import BaseModel  # noqa: F401")),
    "ch08.attention_layer": BookModule(
        ("WeightSum", "AttentionWeight", "Attention", "TimeAttention"),
        ("from common.np import *  # noqa: F401,F403",
         "from common.layers import Softmax  # noqa: F401")),
}


class ShimError(ValueError):
    pass


def _defined_at_top(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return {node.name for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}


def served(catalog, module: str) -> dict[str, str]:
    """name → the module it is imported from, for the book's `common.<module>` (or a chapter's
    module of BOOK_CHAPTERS, named in full: "ch04.negative_sampling_layer")."""
    book_key = module if module in BOOK_CHAPTERS else f"common.{module}"
    book = BOOK_CHAPTERS.get(module) or BOOK_COMMON[module]
    own = module.rpartition(".")[2]
    origins: dict[str, str] = {}
    for exercise in catalog:
        if book_key in exercise.book:
            reference = exercise.module.removesuffix(".py").replace("/", ".")
            origins.update({symbol.name: reference for symbol in exercise.symbols})
    written = ROOT / "reference_common" / f"{own}.py"
    written_here = _defined_at_top(written) if written.is_file() else set()
    twice = sorted(name for name in origins if name in written_here and name in book.defines)
    if twice:
        # one copy of each: a second would stay readable there while the exercise's reference is withheld
        raise ShimError(f"{book_key}: {', '.join(twice)} now come(s) from an exercise's reference: "
                        f"delete them from reference_common/{own}.py")
    for name in book.defines:
        if name not in origins:
            if name not in written_here:
                raise ShimError(f"{book_key}.{name}: no exercise's `book` names {book_key} with it, "
                                f"and reference_common/{own}.py does not define it")
            origins[name] = f"reference_common.{own}"
    return origins


def render(catalog, module: str) -> str:
    """The text of the stand-in for the book's common/<module>.py."""
    origins = served(catalog, module)
    by_origin: dict[str, list[str]] = {}
    for name, origin in origins.items():
        by_origin.setdefault(origin, []).append(name)
    references = sorted(o for o in by_origin if not o.startswith("reference_common."))
    lines = [
        f'"""The book\'s common/{module}.py, inside the grader\'s sandbox.',
        "",
        "Generated by `python -m autograder.compat` from the `book` keys of exercises/catalog.toml:",
        "do not edit. The names of an exercise come from its reference (solutions/), the book's",
        "other names from autograder/compat/reference_common.",
        '"""',
        "# what the book's module imports, and so exposes too",
        *BOOK_COMMON[module].imports,
        "",
    ]
    if references:
        lines.append("# from the exercises' references")
        lines += [_import(o, by_origin[o]) for o in references]
        lines.append("")
    own = f"reference_common.{module}"
    if own in by_origin:
        lines.append("# not an exercise (yet): written in autograder/compat/reference_common")
        lines.append(_import(own, by_origin[own]))
        lines.append("")
    lines.append("# where each name comes from: the grader tells a learner which names of a file are a reference's")
    lines.append("_REFERENCES = {")
    lines += [f"    {name!r}: {origins[name]!r}," for name in sorted(origins)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_chapter(catalog, module: str) -> str:
    """The text of the stand-in for one of the book's chapter modules (BOOK_CHAPTERS)."""
    origins = served(catalog, module)
    path = module.replace(".", "/")
    lines = [
        f'"""The book\'s {path}.py, inside the grader\'s sandbox.',
        "",
        "Generated by `python -m autograder.compat` from the `book` keys of exercises/catalog.toml:",
        "do not edit. Each name is imported from the reference that answers it when it is first read,",
        "since the references of this chapter import from this module too.",
        '"""',
        "import importlib",
        "",
        "# what the book's module imports, and so exposes too",
        *BOOK_CHAPTERS[module].imports,
        "",
        "# where each name comes from: the grader tells a learner which names of a file are a reference's",
        "_REFERENCES = {",
        *(f"    {name!r}: {origins[name]!r}," for name in sorted(origins)),
        "}",
        "__all__ = sorted(_REFERENCES)",
        "",
        "",
        "def __getattr__(name):",
        "    if name not in _REFERENCES:",
        "        raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\")",
        "    value = getattr(importlib.import_module(_REFERENCES[name]), name)",
        "    globals()[name] = value",
        "    return value",
    ]
    return "\n".join(lines) + "\n"


def bare_modules(catalog) -> dict[str, dict[str, str]]:
    """bare name → {name: the module it is imported from}, for each chapter module a `book` key names
    ("ch07.seq2seq" → "seq2seq"): what a book script beside that module imports by the bare name."""
    found: dict[str, dict[str, str]] = {}
    chapter_of: dict[str, str] = {}
    for exercise in catalog:
        origin = exercise.module.removesuffix(".py").replace("/", ".")
        for module in exercise.book:
            if module.startswith("common."):
                continue
            chapter, _, bare = module.rpartition(".")
            if chapter_of.setdefault(bare, chapter) != chapter:
                raise ShimError(f"exercise {exercise.id!r}: book = {module!r} and {chapter_of[bare]}.{bare} "
                                f"would both answer `import {bare}`")
            # a generated chapter module (BOOK_CHAPTERS) answers its names itself
            served_from = module if module in BOOK_CHAPTERS else origin
            found.setdefault(bare, {}).update({symbol.name: served_from for symbol in exercise.symbols})
    return found


def render_bare(catalog, bare: str) -> str:
    """The text of the stand-in for the book's chapter module imported by its bare name."""
    origins = bare_modules(catalog)[bare]
    lines = [
        f'"""The book\'s {bare}.py as the book\'s scripts beside it import it: `from {bare} import ...`.',
        "",
        "Generated by `python -m autograder.compat` from the `book` keys of exercises/catalog.toml:",
        "do not edit. Each name is imported from the module that answers it when it is first read.",
        '"""',
        "import importlib",
        "",
        "# where each name comes from: the grader tells a learner which names of a file are a reference's",
        "_REFERENCES = {",
        *(f"    {name!r}: {origins[name]!r}," for name in sorted(origins)),
        "}",
        "__all__ = sorted(_REFERENCES)",
        "",
        "",
        "def __getattr__(name):",
        "    if name not in _REFERENCES:",
        "        raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\")",
        "    value = getattr(importlib.import_module(_REFERENCES[name]), name)",
        "    globals()[name] = value",
        "    return value",
    ]
    return "\n".join(lines) + "\n"


def _import(origin: str, names: list[str]) -> str:
    line = f"from {origin} import {', '.join(sorted(names))}  # noqa: F401"
    if len(line) <= 110:
        return line
    return "\n".join([f"from {origin} import (  # noqa: F401", *(f"    {n}," for n in sorted(names)), ")"])


def check_catalog(catalog) -> None:
    """Every `common.*` module an exercise names is one of the book's."""
    for exercise in catalog:
        for module in exercise.book:
            if module.startswith("common.") and module.removeprefix("common.") not in BOOK_COMMON:
                raise ShimError(f"exercise {exercise.id!r}: book = {module!r} is not a module of the book's "
                                f"common package ({', '.join(f'common.{m}' for m in BOOK_COMMON)})")


def generated(catalog=None) -> dict[Path, str]:
    """Each generated file of common/ and of the book's chapter modules, and its text, from the catalog."""
    if catalog is None:
        from autograder.catalog import load_catalog

        catalog = load_catalog()
    check_catalog(catalog)
    from autograder import resources
    from autograder.resources import solutions_root

    files = {ROOT / "common" / f"{module}.py": render(catalog, module) for module in BOOK_COMMON}
    files.update({solutions_root() / f"{module.replace('.', '/')}.py": render_chapter(catalog, module)
                  for module in BOOK_CHAPTERS})
    files.update({resources.bare_root() / f"{bare}.py": render_bare(catalog, bare) for bare in bare_modules(catalog)})
    return files


def main() -> int:
    files = generated()
    for path, text in files.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    from autograder import resources

    for path in sorted(resources.bare_root().glob("*.py")):
        if path not in files:  # a module no `book` key names any more
            path.unlink()
            print(f"removed {path}")
    return 0
