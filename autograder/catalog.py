"""The exercise catalog: one TOML file, everything else derived from it.

Reading it means parsing the TOML, checking every table against autograder.schema and expanding
every probe into its steps (autograder.presets): more time than Python's own start. The catalog
as read is kept in the cache (autograder.cache) under a digest of the file and of the modules that
read it, so a program that grades once (the CLI) reads the checked, expanded catalog back and
imports neither the schema nor the presets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from autograder import resources

CATALOG_FILE = "catalog.toml"


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class Symbol:
    """One name of the book's interface, e.g. ``class Affine(W, b)``."""

    kind: str  # "class" or "def"
    name: str
    required: tuple[str, ...]  # positional parameters without defaults
    optional: tuple[str, ...]  # parameters with defaults
    keywords: tuple[str, ...] = ()  # the parameters a book script passes by keyword: their names are the interface
    keywords_by: str = ""  # that script ("ch01/train.py")

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.required + self.optional)})"

    @classmethod
    def parse(cls, text: str) -> Symbol:
        import ast

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


class CheckSpec(Mapping):
    """One check of a probe: its registry name and its options, validated against schema.CHECKS.

    A mapping ({"check": name, **options}) as well, the form autograder.checks.check_of reads."""

    def __init__(self, check: str, options: dict):
        self.check, self.options = check, dict(options)

    @classmethod
    def read(cls, spec) -> CheckSpec:
        """A catalog entry ("backward" or {check = "match", values = [...]}), already validated."""
        if isinstance(spec, str):
            return cls(spec, {})
        options = dict(spec)
        return cls(options.pop("check"), options)

    def __getitem__(self, key):
        return self.check if key == "check" else self.options[key]

    def __iter__(self):
        return iter(("check", *self.options))

    def __len__(self):
        return 1 + len(self.options)

    def __repr__(self):
        return f"CheckSpec({self.check!r}, {self.options!r})"


@dataclass(frozen=True)
class Probe:
    """A probe as written (`spec`), checked against the schema of its kind and expanded once into
    the steps the executor runs and the checks that judge them."""

    kind: str  # a preset (call, layer, optimizer, fit) or "steps"
    symbol: str
    spec: dict  # the probe's table from the catalog, as written (checks read tolerances from it)
    steps: tuple[dict, ...] = field(init=False, repr=False, compare=False)
    checks: tuple[CheckSpec, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        from autograder import presets, schema

        table = {**self.spec, "kind": self.kind}
        if self.symbol is not None:
            table["symbol"] = self.symbol
        schema.check_table(table, schema.probe_fields(self.kind), [])
        try:
            steps, checks = presets.expand(self.kind, self.spec)
        except presets.PresetError as err:
            raise schema.SchemaError([], str(err)) from None
        checks = tuple(CheckSpec.read(c) for c in checks)
        _runs_its_options(table, checks)
        object.__setattr__(self, "steps", tuple(steps))
        object.__setattr__(self, "checks", checks)

    @classmethod
    def expanded(cls, kind: str, symbol: str, spec: dict, steps, checks) -> Probe:
        """A probe checked and expanded before (the catalog's cached form): taken as it is."""
        probe = object.__new__(cls)
        for name, value in (("kind", kind), ("symbol", symbol), ("spec", spec), ("steps", tuple(steps)),
                            ("checks", tuple(CheckSpec.read(c) for c in checks))):
            object.__setattr__(probe, name, value)
        return probe

    def label(self, lang: str) -> str:
        label = self.spec.get("label")
        return label.get(lang) or label.get("en", "") if label else ""


def _runs_its_options(table: dict, checks: tuple[CheckSpec, ...]) -> None:
    """A check's option set on the probe (`min_accuracy`) is an option of one of the checks it runs."""
    from autograder import schema

    own = schema.PROBE_COMMON.keys() | schema.PROBE_KINDS[table["kind"]].keys()
    options = {key for check in checks for key in schema.CHECKS[check.check]}
    for key in [k for k in table if k not in own and k not in options]:
        owners = [name for name, known in schema.CHECKS.items() if key in known]
        raise schema.SchemaError([], f"{key!r} is an option of the {', '.join(owners)} checks, none of which "
                                     f"this probe runs")


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
    book: tuple[str, ...] = ()  # the book's modules its symbols belong to ("common.layers")
    hint_for: tuple[dict, ...] = ()  # hints that follow a kind of diagnosis (autograder.hints)

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

    def known_mistakes(self) -> dict[str, dict]:
        """Every known mistake of its probes (variants, named causes, a distribution check's mistakes), by
        "kind|id" → its table."""
        found: dict[str, dict] = {}
        for probe in self.probes:
            for kind, mistake in probe_mistakes(probe):
                found.setdefault(f"{kind}|{mistake['id']}", mistake)
        return found


class Catalog:
    """The exercises by id, in the catalog's order. One read back from the cache (`read_back`) builds
    an exercise when it is first asked for: a program that grades one builds that one."""

    def __init__(self, exercises: list[Exercise]):
        self._ids = [ex.id for ex in exercises]
        self._built = {ex.id: ex for ex in exercises}
        self._kept: dict[str, str] = {}  # id → the exercise's kept form, JSON text not parsed yet

    @classmethod
    def read_back(cls, packed: dict) -> Catalog:
        catalog = cls([])
        catalog._ids = list(packed["ids"])
        catalog._kept = dict(zip(packed["ids"], packed["exercises"]))
        return catalog

    @property
    def exercises(self) -> list[Exercise]:
        return [self[exercise_id] for exercise_id in self._ids]

    def __iter__(self):
        return iter(self.exercises)

    def __len__(self):
        return len(self._ids)

    def __contains__(self, exercise_id):
        return exercise_id in self._built or exercise_id in self._kept

    def __getitem__(self, exercise_id: str) -> Exercise:
        exercise = self._built.get(exercise_id)
        if exercise is None:
            if exercise_id not in self._kept:
                raise KeyError(exercise_id) from None
            import json

            # two threads may build it at once: both get the one kept first
            exercise = self._built.setdefault(exercise_id, _from_kept(json.loads(self._kept[exercise_id])))
        return exercise

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def chapters(self) -> dict[int, list[Exercise]]:
        out: dict[int, list[Exercise]] = {}
        for ex in self.exercises:
            out.setdefault(ex.chapter, []).append(ex)
        return out

    def by_module(self, module: str) -> Exercise | None:
        return next((ex for ex in self.exercises if ex.module == module), None)


def load_catalog(root: Path | None = None) -> Catalog:
    """The catalog of `root` (the exercises folder), read and checked once per program."""
    return _load((Path(root) if root else resources.exercises_root()) / CATALOG_FILE)


@lru_cache(maxsize=4)
def _load(path: Path) -> Catalog:
    from autograder import cache

    raw = path.read_bytes()
    key = cache.digest(b"catalog", raw, *(source.read_bytes() for source in _READERS))
    return Catalog.read_back(cache.remembered("catalog", key, lambda: _packed(_checked(path, raw))))


# the modules whose code decides what a catalog file reads as: a change to any of them reads it anew
_READERS = tuple(Path(__file__).parent / name for name in (
    "catalog.py", "schema.py", "presets.py", "diagnosis_kinds.py", "messages.py", "text/en.toml"))


def _checked(path: Path, raw: bytes) -> list[Exercise]:
    import tomllib

    from autograder import schema

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise CatalogError(f"{path.name}: {err}") from None
    try:
        schema.check_table(data, schema.CATALOG, [])
        exercises = [_exercise(entry, n) for n, entry in enumerate(data.get("exercise", []), start=1)]
        _validate(exercises)
    except schema.SchemaError as err:
        raise CatalogError(f"{path.name}: {err}") from None
    return exercises


def _kept(exercises: list[Exercise]) -> list[dict]:
    """The checked catalog as plain values (JSON), every probe with its steps and checks."""
    return [{
        "id": ex.id, "chapter": ex.chapter, "title": ex.title, "module": ex.module,
        "symbols": [[s.kind, s.name, s.required, s.optional, s.keywords, s.keywords_by] for s in ex.symbols],
        "depends": ex.depends, "points": ex.points, "timeout": ex.timeout, "hints": ex.hints,
        "probes": [[p.kind, p.symbol, p.spec, p.steps, [dict(c) for c in p.checks]] for p in ex.probes],
        "book": ex.book, "hint_for": ex.hint_for,
    } for ex in exercises]


def _packed(exercises: list[Exercise]) -> dict:
    """The kept form of each exercise as JSON text of its own: reading the catalog back parses one
    string per exercise, and only the exercise asked for is parsed and built."""
    import json

    return {"ids": [ex.id for ex in exercises],
            "exercises": [json.dumps(entry, ensure_ascii=False) for entry in _kept(exercises)]}


def _from_kept(entry: dict) -> Exercise:
    return Exercise(
        id=entry["id"], chapter=entry["chapter"], title=entry["title"], module=entry["module"],
        symbols=tuple(Symbol(kind, name, tuple(required), tuple(optional), tuple(keywords), keywords_by)
                      for kind, name, required, optional, keywords, keywords_by in entry["symbols"]),
        depends=tuple(entry["depends"]), points=entry["points"], timeout=entry["timeout"],
        hints=tuple(entry["hints"]),
        probes=tuple(Probe.expanded(*probe) for probe in entry["probes"]),
        book=tuple(entry["book"]), hint_for=tuple(entry["hint_for"]),
    )


def _exercise(entry: dict, n: int) -> Exercise:
    from autograder import schema

    where = [f"exercise {entry['id']!r}" if isinstance(entry.get("id"), str) else f"exercise #{n}"]
    schema.check_table(entry, schema.EXERCISE, where)
    symbols = []
    for k, text in enumerate(entry["symbols"], start=1):
        try:
            symbols.append(Symbol.parse(text))
        except CatalogError as err:
            raise schema.SchemaError(where + [f"symbols #{k}"], str(err)) from None
    symbols = _with_keywords(symbols, entry.get("keywords", {}), where)
    probes = []
    for k, table in enumerate(entry["probe"], start=1):
        try:
            probes.append(Probe(table.get("kind", "steps"), table.get("symbol"), table))
        except schema.SchemaError as err:
            raise schema.SchemaError(where + [f"probe {k}"] + err.where, err.problem) from None
    _name_mistakes(probes, where)
    book = entry.get("book", ())
    return Exercise(
        id=entry["id"],
        chapter=entry["chapter"],
        title=dict(entry["title"]),
        module=entry["module"],
        symbols=tuple(symbols),
        depends=tuple(entry.get("depends", ())),
        points=float(entry.get("points", 10)),
        timeout=float(entry.get("timeout", 10)),
        hints=tuple(entry.get("hints", ())),
        probes=tuple(probes),
        book=(book,) if isinstance(book, str) else tuple(book),
        hint_for=tuple(dict(h) for h in entry.get("hint_for", ())),
    )


def probe_mistakes(probe: Probe):
    """(kind, table) of each known mistake a probe names: its variants, its causes, its checks' mistakes."""
    for mistake in probe.spec.get("variants") or ():
        yield "variant", mistake
    for mistake in probe.spec.get("causes") or ():
        yield "cause", mistake
    for check in probe.checks:
        for mistake in check.options.get("mistakes") or ():
            yield "mistake", mistake


def _name_mistakes(probes: list[Probe], where: list[str]) -> None:
    """Give every known mistake its id (made from its English words when the catalog gives none);
    one id names one mistake: the same words in two probes share it, other words under it are refused."""
    from autograder import schema
    from autograder.diagnosis_kinds import mistake_id

    named: dict[tuple[str, str], str] = {}
    for k, probe in enumerate(probes, start=1):
        counts: dict[str, int] = {}
        for kind, mistake in probe_mistakes(probe):
            counts[kind] = counts.get(kind, 0) + 1
            words = mistake["says"]["en"] if kind == "variant" else mistake["en"]
            mistake.setdefault("id", mistake_id(words))
            if named.setdefault((kind, mistake["id"]), words) != words:
                raise schema.SchemaError(where + [f"probe {k}", f"{kind}s #{counts[kind]}"],
                                         f"the id {mistake['id']!r} names another {kind} already; "
                                         f"give this one an id of its own (id = \"...\")")


def _with_keywords(symbols: list[Symbol], keywords: dict, where: list[str]) -> list[Symbol]:
    """The symbols, each with the parameters a book script passes it by keyword (the `keywords` key)."""
    from autograder import schema

    by_name = {s.name: s for s in symbols}
    for name, call in keywords.items():
        if name not in by_name:
            raise schema.SchemaError(where + ["keywords"], schema.unknown("symbol", name, by_name)
                                     + "; not among its symbols")
        symbol = by_name[name]
        params = symbol.required + symbol.optional
        for keyword in call["names"]:
            if keyword not in params:
                raise schema.SchemaError(where + ["keywords", name, "names"],
                                         schema.unknown("parameter", keyword, params) + f" of {symbol.signature}")
        by_name[name] = replace(symbol, keywords=tuple(call["names"]), keywords_by=call["script"])
    return [by_name[s.name] for s in symbols]


def _validate(exercises: list[Exercise]) -> None:
    """What the schema cannot say alone: ids unique, probes of the exercise's own symbols, known depends."""
    from autograder import schema

    ids = [ex.id for ex in exercises]
    for ex in exercises:
        where = [f"exercise {ex.id!r}"]
        if ids.count(ex.id) > 1:
            raise schema.SchemaError(where, "this id appears twice")
        names = [s.name for s in ex.symbols]
        for k, probe in enumerate(ex.probes, start=1):
            if probe.symbol not in names:
                raise schema.SchemaError(where + [f"probe {k}", "symbol"],
                                         schema.unknown("symbol", probe.symbol, names) + "; not among its symbols")
        for name in ex.depends:
            if name not in ids:
                raise schema.SchemaError(where + ["depends"], schema.unknown("exercise", name, ids))
        _validate_hint_for(ex, where, names)


def _validate_hint_for(ex: Exercise, where: list[str], names: list[str]) -> None:
    """Each hint_for names a kind of diagnosis that exists: a message key of the text store (or a known
    mistake of this exercise, by id), and one of its symbols."""
    from autograder import schema
    from autograder.messages import TEMPLATES

    mistakes = ex.known_mistakes()
    for n, hint in enumerate(ex.hint_for, start=1):
        at = where + [f"hint_for #{n}"]
        key = hint["diagnosis"]
        if key in ("variant", "cause", "mistake"):
            ids = [m.split("|", 1)[1] for m in mistakes if m.startswith(key + "|")]
            if hint.get("of") not in ids:
                raise schema.SchemaError(at + ["of"], schema.unknown(key, hint.get("of"), ids)
                                         + f"; not among the exercise's {key}s")
        elif key not in TEMPLATES:
            raise schema.SchemaError(at + ["diagnosis"], schema.unknown("message key", key, TEMPLATES)
                                     + " (autograder/text/en.toml)")
        if "symbol" in hint and hint["symbol"] not in names:
            raise schema.SchemaError(at + ["symbol"], schema.unknown("symbol", hint["symbol"], names)
                                     + "; not among its symbols")
