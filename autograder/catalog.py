"""The exercise catalog: one TOML file, everything else derived from it."""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder import presets, resources

CATALOG_FILE = "catalog.toml"

LANGS = ("en", "zh")


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class Symbol:
    """One name of the book's interface, e.g. ``class Affine(W, b)``."""

    kind: str  # "class" or "def"
    name: str
    required: tuple[str, ...]  # positional parameters without defaults
    optional: tuple[str, ...]  # parameters with defaults

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.required + self.optional)})"

    @classmethod
    def parse(cls, text: str) -> Symbol:
        kind, _, rest = text.strip().partition(" ")
        if kind not in ("class", "def"):
            raise CatalogError(f"symbol {text!r} must start with 'class' or 'def'")
        try:
            fn = ast.parse(f"def {rest}: pass").body[0]
        except SyntaxError as err:
            raise CatalogError(f"cannot parse symbol {text!r}: {err}") from None
        names = [a.arg for a in fn.args.args]
        n_opt = len(fn.args.defaults)
        split = len(names) - n_opt
        return cls(kind, fn.name, tuple(names[:split]), tuple(names[split:]))


@dataclass(frozen=True)
class Probe:
    kind: str  # a preset (call, layer, optimizer, fit) or "steps"
    symbol: str
    spec: dict  # the probe's table from the catalog, as written

    @property
    def steps(self) -> list[dict]:
        return presets.expand(self.kind, self.spec)[0]

    @property
    def checks(self) -> list:
        """The check specs: a registry name ("backward") or a table ({check = "match", ...})."""
        return presets.expand(self.kind, self.spec)[1]

    def label(self, lang: str) -> str:
        label = self.spec.get("label")
        return label.get(lang) or label.get("en", "") if label else ""


@dataclass(frozen=True)
class Exercise:
    id: str
    chapter: int
    title: dict
    module: str
    symbols: tuple[Symbol, ...]
    depends: tuple[str, ...]
    points: float
    timeout: float
    hints: tuple[dict, ...]
    probes: tuple[Probe, ...] = field(repr=False)
    book: tuple[str, ...] = ()  # the book's modules that define the symbols ("common.layers", ...)

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    @property
    def stub_path(self) -> Path:
        return resources.exercises_root() / self.module

    @property
    def solution_path(self) -> Path:
        return resources.solutions_root() / self.module

    def instructions_path(self, lang: str) -> Path:
        return resources.exercises_root() / self.module.replace(".py", f".{lang}.md")

    def instructions(self, lang: str) -> str:
        for candidate in (lang, "en"):
            path = self.instructions_path(candidate)
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return f"# {self.title_in(lang)}\n"

    def symbol(self, name: str) -> Symbol:
        return next(s for s in self.symbols if s.name == name)


class Catalog:
    def __init__(self, exercises: list[Exercise]):
        self.exercises = exercises
        self._by_id = {ex.id: ex for ex in exercises}

    def __iter__(self):
        return iter(self.exercises)

    def __len__(self):
        return len(self.exercises)

    def __contains__(self, exercise_id):
        return exercise_id in self._by_id

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise KeyError(exercise_id) from None

    @property
    def ids(self) -> list[str]:
        return [ex.id for ex in self.exercises]

    def chapters(self) -> dict[int, list[Exercise]]:
        out: dict[int, list[Exercise]] = {}
        for ex in self.exercises:
            out.setdefault(ex.chapter, []).append(ex)
        return out

    def by_module(self, module: str) -> Exercise | None:
        return next((ex for ex in self.exercises if ex.module == module), None)


@lru_cache(maxsize=4)
def load_catalog(root: Path | None = None) -> Catalog:
    root = Path(root) if root else resources.exercises_root()
    with open(root / CATALOG_FILE, "rb") as fh:
        data = tomllib.load(fh)
    exercises = [_exercise(entry) for entry in data.get("exercise", [])]
    _validate(exercises)
    return Catalog(exercises)


def _exercise(entry: dict) -> Exercise:
    try:
        return Exercise(
            id=entry["id"],
            chapter=int(entry["chapter"]),
            title=dict(entry["title"]),
            module=entry["module"],
            symbols=tuple(Symbol.parse(s) for s in entry["symbols"]),
            depends=tuple(entry.get("depends", ())),
            points=float(entry.get("points", 10)),
            timeout=float(entry.get("timeout", 10)),
            hints=tuple(entry.get("hints", ())),
            probes=tuple(
                Probe(p.get("kind", "steps"), p["symbol"], p) for p in entry.get("probe", [])
            ),
            book=(entry["book"],) if isinstance(entry.get("book"), str) else tuple(entry.get("book", ())),
        )
    except KeyError as err:
        raise CatalogError(f"exercise {entry.get('id', '?')}: missing field {err}") from None


def _validate(exercises: list[Exercise]) -> None:
    seen = set()
    for ex in exercises:
        if ex.id in seen:
            raise CatalogError(f"exercise id {ex.id!r} appears twice")
        seen.add(ex.id)
        names = {s.name for s in ex.symbols}
        for probe in ex.probes:
            try:
                probe.steps
            except presets.PresetError as err:
                raise CatalogError(f"{ex.id}: probe of {probe.symbol}: {err}") from None
            if probe.symbol not in names:
                raise CatalogError(f"{ex.id}: probe of {probe.symbol!r}, which is not among its symbols")
        for hint in ex.hints:
            missing = [lang for lang in LANGS if not hint.get(lang)]
            if missing:
                raise CatalogError(f"{ex.id}: a hint lacks {missing}")
    for ex in exercises:
        unknown = [d for d in ex.depends if d not in seen]
        if unknown:
            raise CatalogError(f"{ex.id}: depends on unknown exercises {unknown}")
