"""The catalog's schema, written down once: every key an exercise, a probe, a step and a check may have.

Each table is a dict of key → Field (its type, whether it is required). autograder.catalog
reads catalog.toml against these tables, so a misspelt key, a wrong type or a missing field
stops the load and says where, instead of being ignored until a grade comes out wrong.

A check's option marked ``probe_wide`` may also be set once on the probe for all its checks
(``rtol = 1e-4`` on a probe): autograder.checks reads it as ``Check.spec(key)``.
"""

from __future__ import annotations

from dataclasses import dataclass


class SchemaError(ValueError):
    """A value that does not fit the schema; `where` is the path to it, outermost first."""

    def __init__(self, where: list[str], problem: str):
        super().__init__(f"{', '.join(where)}: {problem}" if where else problem)
        self.where, self.problem = where, problem


def unknown(what: str, name, known) -> str:
    """Says a name is not one of `known`, with the closest one: unknown key 'x' (did you mean 'y'?)."""
    import difflib  # only for a mistake: a catalog that loads never needs it

    close = difflib.get_close_matches(str(name), list(known), n=1)
    return f"unknown {what} {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


# -- types -------------------------------------------------------------------------------------

class Type:
    """A kind of value; each has a `name` as an error says it ("a number")."""

    def validate(self, value, where: list[str]) -> None:
        raise NotImplementedError


def numbered(where: list[str], n: int) -> list[str]:
    """The path to a list's n-th item, counted from 1 as a reader counts: "sizes #2"."""
    return where[:-1] + [f"{where[-1]} #{n}"] if where else [f"#{n}"]


def _wrong(type_: Type, value, where: list[str]):
    shown = repr(value)
    return SchemaError(where, f"expected {type_.name}, got {shown if len(shown) <= 60 else shown[:57] + '...'}")


@dataclass(frozen=True)
class Scalar(Type):
    name: str
    accepts: type | tuple[type, ...]

    def validate(self, value, where):
        # a TOML boolean is a Python int: true is not a number here
        if isinstance(value, bool) != (self.accepts is bool) or not isinstance(value, self.accepts):
            raise _wrong(self, value, where)


@dataclass(frozen=True)
class Choice(Type):
    choices: tuple[str, ...]

    @property
    def name(self):
        return " or ".join(repr(c) for c in self.choices)

    def validate(self, value, where):
        if not isinstance(value, str):
            raise _wrong(self, value, where)
        if value not in self.choices:
            raise SchemaError(where, unknown("value", value, self.choices) + f"; one of {self.name}")


@dataclass(frozen=True)
class ListOf(Type):
    item: Type

    @property
    def name(self):
        return f"a list (each {self.item.name})"

    def validate(self, value, where):
        if not isinstance(value, list):
            raise _wrong(self, value, where)
        for n, item in enumerate(value, start=1):
            self.item.validate(item, numbered(where, n))


@dataclass(frozen=True)
class AnyOf(Type):
    types: tuple[Type, ...]

    @property
    def name(self):
        return " or ".join(t.name for t in self.types)

    def validate(self, value, where):
        for type_ in self.types:
            try:
                return type_.validate(value, where)
            except SchemaError:
                continue
        raise _wrong(self, value, where)


@dataclass(frozen=True)
class Field:
    """One key of a table: its type, whether the table must have it, and (for a check's option)
    whether a probe may set it once for all its checks."""

    type: Type
    required: bool = False
    probe_wide: bool = False


@dataclass(frozen=True)
class Table(Type):
    """A table with known keys; `others` types the keys it does not name (sizes), else they are unknown."""

    fields: dict[str, Field]
    name: str = "a table"
    others: Type | None = None

    def validate(self, value, where):
        if not isinstance(value, dict):
            raise _wrong(self, value, where)
        check_table(value, self.fields, where, others=self.others)


def check_table(table: dict, fields: dict[str, Field], where: list[str], others: Type | None = None,
                what: str = "key") -> None:
    """Unknown keys (with the closest known one), missing required keys, then each value's type."""
    for key in table:
        if key not in fields and others is None:
            raise SchemaError(where, unknown(what, key, fields))
    for key, spec in fields.items():
        if spec.required and key not in table:
            raise SchemaError(where, f"missing required {what} {key!r}")
    for key, value in table.items():
        (fields[key].type if key in fields else others).validate(value, where + [key])


class Value(Type):
    """A probe's value expression (autograder.tensors): a string, a number, a list, or one of a few tables."""

    name = "a value (an expression, a number, a list or a table such as { str = ... })"
    TABLES = ("str", "ints", "floats", "bools", "returns", "var", "arg_of")

    def validate(self, value, where):
        if isinstance(value, list):
            for n, item in enumerate(value, start=1):
                self.validate(item, numbered(where, n))
        elif isinstance(value, dict):
            if len(value) != 1:
                raise SchemaError(where, f"a value table has one key of {', '.join(self.TABLES)}; got {list(value)}")
            (key, inner), = value.items()
            if key not in self.TABLES:
                raise SchemaError(where, unknown("value table", key, self.TABLES))
            if key == "returns":
                KWARGS.validate(inner, where + [key])
        elif not isinstance(value, (str, int, float)):
            raise _wrong(self, value, where)


STRING = Scalar("a string", str)
TABLE = Scalar("a table", dict)
INTEGER = Scalar("an integer", int)
NUMBER = Scalar("a number", (int, float))
BOOLEAN = Scalar("true or false", bool)
VALUE = Value()
VALUES = ListOf(VALUE)
STRINGS = ListOf(STRING)
TEXT = Table({"en": Field(STRING, required=True), "zh": Field(STRING, required=True)}, "a table { en, zh }")
KWARGS = Table({}, "a table of values", others=VALUE)
# a named cause: what a wrong value means when it stands in a general relation to the reference's
# (autograder.diagnosis.CAUSE_RELATIONS), said in the exercise's words
# A known mistake (a named cause, a variant) is a diagnosis of its own: `id` names it (in the class report,
# in a hint's lookup; made from its English words when left out), `hint` is what a learner who makes it
# is offered first when they ask for a hint (autograder.hints).
MISTAKE_ID = Field(STRING)
CAUSE = Table({"when": Field(Choice(("factor", "power", "log", "diagonal", "fewer", "negative_where_zero",
                                     "nonzero_where_zero", "nonfinite", "raises", "warning")), required=True),
               "factor": Field(NUMBER), "power": Field(NUMBER), "warning": Field(STRING), "error": Field(STRING),
               "en": Field(STRING, required=True), "zh": Field(STRING, required=True),
               "id": MISTAKE_ID, "hint": Field(TEXT)},
              "a table { when, en, zh } (factor = x for when = \"factor\", power = k for \"power\", "
              "warning = \"text\" for \"warning\", error = \"text\" for \"raises\"; id, hint = { en, zh } optional)")
SIZES = Table({}, "a table of sizes such as { N = 4 }", others=INTEGER)
# probabilities a known mistake draws from (the distribution check), said in the exercise's words
MISTAKE = Table({"probs": Field(STRING, required=True), "en": Field(STRING, required=True),
                 "zh": Field(STRING, required=True), "id": MISTAKE_ID, "hint": Field(TEXT)},
                "a table { probs, en, zh } (id, hint = { en, zh } optional)")


# -- steps: a probe's own list, in the catalog's form (autograder.presets.normalise) --------------
# A step is named by the one key that says what it does; the rest are its options.

# what a call keeps besides its result: what it printed, K repeated results (each after the hooks)
_CALL_OPTIONS = {"prints": Field(STRING), "repeat": Field(INTEGER), "each": Field(STRINGS)}

STEPS: dict[str, dict[str, Field]] = {
    "new": {"new": Field(VALUES), "kwargs": Field(KWARGS)},
    "forward": {"forward": Field(VALUES), "kwargs": Field(KWARGS), "as": Field(STRING), **_CALL_OPTIONS},
    "call": {"call": Field(STRING), "args": Field(VALUES), "kwargs": Field(KWARGS), "as": Field(STRING),
             "spy": Field(STRINGS), **_CALL_OPTIONS},
    "fn": {"fn": Field(VALUES), "kwargs": Field(KWARGS), "as": Field(STRING), "spy": Field(STRINGS), **_CALL_OPTIONS},
    "backward": {"backward": Field(VALUE), "as": Field(STRING), "grads_as": Field(STRING),
                 "numgrad": Field(BOOLEAN), "of": Field(STRING)},
    "get": {"get": Field(STRING), "as": Field(STRING)},
    "set": {"set": Field(KWARGS)},
    "params": {"params": Field(VALUES)},
    "seed": {"seed": Field(BOOLEAN)},
    "let": {"let": Field(STRING), "value": Field(VALUE), "copy_of": Field(STRING)},
    "var": {"var": Field(STRING), "as": Field(STRING)},
    # training through the book's Trainer / RnnlmTrainer, then seq2seq answers generated row by row
    "trainer": {"trainer": Field(Choice(("Trainer", "RnnlmTrainer"))), "optimizer": Field(STRING), "lr": Field(NUMBER),
                "data": Field(VALUES, required=True), "max_epoch": Field(INTEGER), "batch_size": Field(INTEGER),
                "time_size": Field(INTEGER), "max_grad": Field(NUMBER), "eval_interval": Field(INTEGER),
                "as": Field(STRING)},
    "generate": {"generate": Field(VALUES), "method": Field(STRING), "as": Field(STRING)},
    # the probe's forward and backward once more on the same subject, their values drawn with these sizes
    "again": {"again": Field(SIZES), "as": Field(STRING)},
}


class Step(Type):
    name = "a step table ({ new = [...] }, { forward = [...] }, { call = \"m\" }, ...)"

    def validate(self, value, where):
        if not isinstance(value, dict):
            raise _wrong(self, value, where)
        does = [key for key in value if key in STEPS]
        if len(does) != 1:
            if does:
                raise SchemaError(where, f"a step does one thing; this one says {' and '.join(does)}")
            import difflib

            guess = next((unknown("step", key, STEPS) for key in value
                          if difflib.get_close_matches(key, STEPS, n=1)), None)
            raise SchemaError(where, guess or f"a step must say what it does ({', '.join(STEPS)}); got {list(value)}")
        check_table(value, STEPS[does[0]], where + [f"{does[0]} step"])


STEP = Step()


# -- checks: a registry name, or a table { check = name, options... } (autograder.checks) --------

_COMPARES = {"rtol": Field(NUMBER, probe_wide=True), "atol": Field(NUMBER, probe_wide=True)}
_RECORD_PATH = Field(STRING)  # a value the plan sent, "step:index" ("new:0", "out:1")
BLOCK = Table({"of": Field(STRINGS, required=True), "parts": Field(ListOf(AnyOf((TEXT, STRING))), required=True),
               "axis": Field(INTEGER), "unit": Field(STRING), "order": Field(STRINGS)},
              "a block table { of, parts, axis, unit, order }")

# a known mistake: the reference's source with `edits` ([old, new] pairs, each old text once) and what it `says`
VARIANT = Table({"edits": Field(ListOf(STRINGS), required=True), "says": Field(TEXT, required=True),
                 "id": MISTAKE_ID, "hint": Field(TEXT)},
                "a variant table { edits = [[old, new], ...], says = { en, zh } } (id, hint = { en, zh } optional)")
# a loss that is a sum over `count` parts (skip-gram's context positions): a mean instead is named
SUM_OVER = Table({"count": Field(INTEGER, required=True), "over": Field(TEXT, required=True)},
                 "a table { count, over = { en, zh } }")

CHECKS: dict[str, dict[str, Field]] = {
    "interface": {},
    "forward": {**_COMPARES, "up_to_sign": Field(Choice(("columns",)), probe_wide=True),
                "svd_of": Field(STRING, probe_wide=True), "sum_over": Field(SUM_OVER, probe_wide=True)},
    # gathers: the forward argument whose ids pick rows of the weights (Embedding's idx):
    # a gradient wrong only at the rows of repeated ids is named
    "backward": {**_COMPARES, "check_dx": Field(BOOLEAN, probe_wide=True),
                 "gradients_read": Field(STRINGS, probe_wide=True), "blocks": Field(ListOf(BLOCK), probe_wide=True),
                 "time_axis": Field(INTEGER, probe_wide=True), "sum_over": Field(SUM_OVER, probe_wide=True),
                 "gathers": Field(INTEGER, probe_wide=True)},
    "gradcheck": {"gradcheck_tol": Field(NUMBER, probe_wide=True)},
    "conventions": {**_COMPARES, "check_dx": Field(BOOLEAN, probe_wide=True)},
    "update": {**_COMPARES},
    "in place": {},
    "training": {"min_accuracy": Field(NUMBER, probe_wide=True)},
    "match": {**_COMPARES, "values": Field(STRINGS), "up_to_sign": Field(Choice(("columns",))),
              "label_of": Field(Table({}, "a table of strings", others=STRING))},
    "in place update": {**_COMPARES, "value": Field(STRING), "arg": Field(INTEGER), "label": Field(STRING)},
    "svd factors": {"matrix": _RECORD_PATH, "rank": _RECORD_PATH, "s_rtol": Field(NUMBER), "slack": Field(NUMBER)},
    "no full call": {"function": Field(STRING, required=True), "matrix": _RECORD_PATH, "shown": Field(STRING)},
    "negative samples": {"value": Field(STRING), "target": _RECORD_PATH, "corpus": _RECORD_PATH,
                         "power": _RECORD_PATH, "sample_size": _RECORD_PATH, "distribution": Field(BOOLEAN)},
    "inverted dropout": {"x": _RECORD_PATH, "ratio": _RECORD_PATH, "dout": _RECORD_PATH},
    # false: only that the calls at the other sizes ran and gave the reference's shapes (random layers)
    "lengths": {**_COMPARES, "compare": Field(BOOLEAN)},
    "seeded": {"same": Field(STRINGS), "different": Field(STRINGS), "seed_arg": Field(INTEGER)},
    "printed": {"value": Field(STRING), "label": Field(STRING), "order": Field(Choice(("exact", "ties", "any"))),
                "rtol": Field(NUMBER)},
    "distribution": {"sampled": Field(STRING, required=True), "probs": Field(STRING, required=True),
                     "logits": Field(BOOLEAN), "position": Field(INTEGER), "given": Field(INTEGER),
                     "exclude": Field(AnyOf((STRING, ListOf(INTEGER)))),
                     "length": Field(AnyOf((STRING, INTEGER))), "first": Field(AnyOf((STRING, INTEGER))),
                     "mistakes": Field(ListOf(MISTAKE)),
                     "source": Field(Choice(("reference", "learner"))), "label": Field(STRING)},
    "learns": {"curve": Field(STRING, required=True), "below_start": Field(NUMBER), "within_reference": Field(NUMBER)},
    "accuracy": {"value": Field(STRING), "min_accuracy": Field(NUMBER)},
    "precision": {},
    "speed": {},
}
# every check: its heading (a string or { en, zh }), its weight in the score, or reported only
CHECK_COMMON = {"check": Field(STRING, required=True), "name": Field(AnyOf((STRING, TEXT))),
                "weight": Field(NUMBER), "scored": Field(BOOLEAN)}


class Check(Type):
    name = "a check name or a table { check = name, ... }"

    def validate(self, value, where):
        if isinstance(value, str):
            check_name(value, where)
            return
        if not isinstance(value, dict):
            raise _wrong(self, value, where)
        if "check" in value:
            check_name(value["check"], where)
            where = where[:-1] + [f"check {value['check']!r}"]
        check_table(value, {**CHECK_COMMON, **CHECKS.get(value.get("check"), {})}, where, what="option")


def check_name(name, where: list[str]) -> None:
    STRING.validate(name, where)
    if name not in CHECKS:
        raise SchemaError(where, unknown("check", name, CHECKS))


CHECK = Check()
CHECK_LIST = ListOf(CHECK)


# -- probes: fields every probe may have, then each kind's own ---------------------------------

SPEED = Table({"budget": Field(NUMBER), "batch": Field(STRING)},
              "a table of sizes, with budget (seconds) and batch (the size that grows)", others=INTEGER)

PROBE_COMMON: dict[str, Field] = {
    "kind": Field(STRING),
    "symbol": Field(STRING, required=True),
    "label": Field(TEXT),
    "sizes": Field(ListOf(SIZES)),
    "checks": Field(CHECK_LIST),  # a preset's default checks, replaced
    "before_forward": Field(STRINGS),  # "seed" or a method name, before every forward and its replays
    "param_names": Field(STRINGS),
    "output_names": Field(STRINGS),
    "causes": Field(ListOf(CAUSE)),  # what a wrong value means, in the exercise's words (checks/base.named_cause)
    # the numerical gradient (autograder.plan.numgrad_options)
    "numgrad": Field(BOOLEAN),
    "numgrad_max": Field(INTEGER),
    "numgrad_picture": Field(BOOLEAN),
    "directions": Field(INTEGER),
    "eps": Field(NUMBER),
    "wrt": Field(ListOf(INTEGER)),
    "gradcheck_tol": Field(NUMBER),
}
_PRESET = {"also": Field(CHECK_LIST)}  # checks added to a preset's own
_PRECISION = {"precision": Field(BOOLEAN), "precision_scored": Field(BOOLEAN)}

PROBE_KINDS: dict[str, dict[str, Field]] = {
    "steps": {"steps": Field(ListOf(STEP), required=True), "checks": Field(CHECK_LIST, required=True),
              "speed": Field(SPEED),
              "variants": Field(ListOf(VARIANT)),  # known mistakes, named when the value `variants_of` matches one
              "variants_of": Field(AnyOf((STRING, STRINGS)))},  # the value(s) a variant's run records
    "call": {**_PRESET, **_PRECISION, "args": Field(VALUES, required=True), "kwargs": Field(KWARGS),
             "spy": Field(STRINGS), "speed": Field(SPEED),
             "variants": Field(ListOf(VARIANT))},  # the reference with a known mistake edited in, named
    "layer": {**_PRESET, **_PRECISION, "init": Field(VALUES), "init_kwargs": Field(KWARGS),
              "set_params": Field(VALUES), "setup": Field(ListOf(STEP)), "forward": Field(VALUES, required=True),
              "calls": Field(STRINGS), "dout": Field(VALUE), "read": Field(STRINGS),
              "gradients_read": Field(STRINGS), "speed": Field(SPEED),
              "state": Field(STRINGS),  # state attributes a stateful layer keeps between calls ("h", "c")
              "lengths": Field(ListOf(SIZES)),  # forward and backward again on the same subject at these sizes
              "variants": Field(ListOf(VARIANT))},  # the reference with a known mistake edited in, named
    "optimizer": {**_PRESET, "init": Field(VALUES), "params": Field(VALUES, required=True),
                  "grads": Field(VALUES, required=True), "steps": Field(INTEGER)},
    "fit": {**_PRESET, "init": Field(VALUES), "data": Field(VALUES, required=True),
            "epochs": Field(INTEGER, required=True), "batch_size": Field(INTEGER, required=True),
            "lr": Field(NUMBER, required=True)},
}

PROBE_WIDE: dict[str, Field] = {key: spec for options in CHECKS.values() for key, spec in options.items()
                                if spec.probe_wide}


def probe_fields(kind) -> dict[str, Field]:
    """Every key a probe of this kind may have: the common ones, its kind's, and its checks' probe-wide options."""
    if kind not in PROBE_KINDS:
        raise SchemaError(["kind"], unknown("kind", kind, PROBE_KINDS) + f"; one of {', '.join(PROBE_KINDS)}")
    return {**PROBE_COMMON, **PROBE_WIDE, **PROBE_KINDS[kind]}


# -- exercises ---------------------------------------------------------------------------------

# the parameters a book script passes by keyword, which the learner's signature must keep
KEYWORD_CALL = Table({"names": Field(STRINGS, required=True), "script": Field(STRING, required=True)},
                     "a table { names = [...], script = \"chNN/file.py\" }")

# a hint for one kind of diagnosis (autograder.diagnosis_kinds): its message key ("diag.not_summed", or
# "variant" / "cause" with the known mistake's id as `of`), narrowed to what it concerns (`of` = "db")
# and to one symbol, if given; the words in both languages
HINT_FOR = Table({"diagnosis": Field(STRING, required=True), "of": Field(STRING), "symbol": Field(STRING),
                  "en": Field(STRING, required=True), "zh": Field(STRING, required=True)},
                 "a table { diagnosis = \"message key\", of, symbol, en, zh }")

EXERCISE: dict[str, Field] = {
    "id": Field(STRING, required=True),
    "chapter": Field(INTEGER, required=True),
    "title": Field(TEXT, required=True),
    "module": Field(STRING, required=True),  # its path in a workspace; the reference sits at the same path
    "symbols": Field(STRINGS, required=True),  # "class Name(args)" or "def name(args)"
    "book": Field(AnyOf((STRING, STRINGS))),  # the book's module(s) its symbols belong to: "common.layers"
    # symbol → the parameters a book script passes it by keyword: { TwoLayerNet = { names = [...], script = ... } }
    "keywords": Field(Table({}, "a table of symbol names, each { names, script }", others=KEYWORD_CALL)),
    "depends": Field(STRINGS),
    "points": Field(NUMBER),
    "timeout": Field(NUMBER),
    "hints": Field(ListOf(TEXT)),
    # hints that follow the diagnosis: offered first to a learner whose check fails with it (autograder.hints)
    "hint_for": Field(ListOf(HINT_FOR)),
    "probe": Field(ListOf(TABLE), required=True),  # each read against its kind's fields (probe_fields)
}
CATALOG: dict[str, Field] = {"exercise": Field(ListOf(TABLE))}  # each read against EXERCISE
