"""What a failed check names: one stable key per kind of diagnosis, the same in every language.

A check's message is a tree of Msg (autograder.messages). "with N=4, D=3: db has shape (4, 3);
expected (3,): sum over the batch axis (axis=0)" is

    Msg("check.with_size", size="N=4, D=3", detail=Msg("diag.not_summed", name="db", got=(4, 3), expected=(3,)))

Its *kind* is what stays when the framing (the size it was seen at, "also wrong: …") and the values of
this one run are left out: the key of the message that names the mistake, what it concerns (the
tensor, the function; an exception's type) and the symbol whose check failed:

    Diagnosis(key="diag.not_summed", of="db", symbol="Affine", check="backward")   id "Affine|diag.not_summed|db"

A known mistake the catalog names (a probe's variant or named cause, a distribution check's mistake) is a
kind of its own, by its id
(``mistake_id`` makes one from its English words when the catalog gives none):

    Diagnosis(key="variant", of="softmax-over-the-batch", symbol="softmax", check="forward")

The class report (autograder.classroom.class_report) counts students by this id and labels it with
``label(lang)``, the message with this run's values left out; autograder.hints finds the hint that
addresses it. Neither reads the rendered sentence, so English and Chinese count the same.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from autograder.messages import LANGS, TEMPLATES, Msg

# a message that frames another (where the mistake was seen, the first of several): the field holding it
WRAPPERS = {
    "check.with_size": "detail",
    "error.assign_shape": "detail",  # a broadcast error on `grads[1][...] = db`: the shape problem is the mistake
    "update.step": "detail",
    "precision.raised": "detail",
    "lengths.differs": "detail",
    "inplace_update.changed": "detail",
    "backward.several": "first",
    "loads.list": "problems",  # several loads problems: the first
}
# a known mistake of the catalog's, named by its id: the message that names one → its kind
KNOWN = {"forward.variant": "variant", "backward.variant": "variant", "distribution.mistake": "mistake"}
CAUSE_KEY = "diag.cause"
NAMED = ("variant", "cause", "mistake")  # the kinds of the catalog's known mistakes: a probe's variants and causes,
# a distribution check's mistakes
# the field that says what a message concerns, the first one present (all are the same in every language)
SUBJECT_FIELDS = ("name", "names", "symbol", "function", "call", "what", "type", "step")
# fields that read the same for every student with the mistake: kept in the label; the rest
# (shapes, values, counts, line numbers, the code) are this run's and shown as "…"
LABEL_FIELDS = frozenset(SUBJECT_FIELDS) | {
    "attr", "divisor", "used", "meant", "tensors", "others", "wrong", "state", "measure", "curve", "dtype",
    "label", "labels", "idx", "over", "says", "cause", "first", "second", "is_are", "arrays", "kind", "text",
    "attrs",
}
BLANK = "…"


@dataclass(frozen=True)
class Diagnosis:
    key: str  # the message key that names the mistake ("diag.not_summed"), or "variant" / "cause"
    of: str = ""  # what it concerns ("db", "softmax(...)", "NameError"), or the known mistake's id
    symbol: str = ""  # the class or function whose check failed
    check: str = ""  # that check's kind (forward, backward, …): where it was seen, not part of the id
    message: Msg | None = field(default=None, compare=False)  # the whole message one learner saw (an example)

    @property
    def id(self) -> str:
        return f"{self.symbol}|{self.key}|{self.of}"

    @property
    def named(self) -> bool:
        """Whether it is a mistake the catalog names (a variant or a cause) rather than the engine's general words."""
        return self.key in NAMED

    def label(self, lang: str = "en") -> str:
        """What kind of mistake this is, in `lang`, without the values of any one run."""
        inner = core(self.message) if self.message is not None else None
        if inner is None:
            return self.key + (f" ({self.of})" if self.of else "")
        if self.key in ("variant", "mistake"):
            return render_skeleton(inner.fields.get("says"), lang) or self.of
        if self.key == "cause":
            return render_skeleton(inner.fields.get("cause"), lang) or self.of
        return render_skeleton(inner, lang)

    def to_json(self, lang: str = "en") -> dict:
        return {"id": self.id, "key": self.key, "of": self.of, "symbol": self.symbol, "check": self.check,
                "label": self.label(lang), "message": self.message.to_json() if self.message is not None else None}

    @classmethod
    def from_json(cls, data: dict) -> Diagnosis:
        message = data.get("message")
        return cls(str(data.get("key", "")), str(data.get("of", "")), str(data.get("symbol", "")),
                   str(data.get("check", "")), Msg.from_json(message) if isinstance(message, dict) else None)


def core(message: Msg | None) -> Msg | None:
    """The message inside the framing: the one that names the mistake."""
    seen = 0
    while isinstance(message, Msg) and message.key in WRAPPERS and seen < 16:
        inner = message.fields.get(WRAPPERS[message.key])
        if isinstance(inner, (list, tuple)):
            inner = inner[0] if inner else None
        if not isinstance(inner, Msg):
            break
        message, seen = inner, seen + 1
    return message


def diagnosis_of(message: Msg, symbol: str | None = "", check: str = "") -> Diagnosis:
    """The kind of diagnosis `message` (a failed check's) names."""
    inner = core(message)
    symbol = symbol or ""
    if inner.key in KNOWN and inner.fields.get("id"):
        return Diagnosis(KNOWN[inner.key], str(inner.fields["id"]), symbol, check, message)
    if inner.key == CAUSE_KEY:
        if inner.fields.get("id"):
            return Diagnosis("cause", str(inner.fields["id"]), symbol, check, message)
        detail = core(inner.fields.get("detail"))
        inner = detail if isinstance(detail, Msg) else inner
    return Diagnosis(inner.key, _subject(inner), symbol, check, message)


def _subject(message: Msg) -> str:
    for name in SUBJECT_FIELDS:
        value = message.fields.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


def _in(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value or "")


class _Blank:
    """A value of one run, left out: "…" whatever the format spec or index asks of it."""

    def __format__(self, spec):
        return BLANK

    def __getitem__(self, _):
        return self

    def __getattr__(self, _):
        return self


class _Formatter(string.Formatter):
    def convert_field(self, value, conversion):
        return value if isinstance(value, _Blank) else super().convert_field(value, conversion)


def render_skeleton(message, lang: str = "en") -> str:
    """`message` in `lang` with every value of the one run ("(4, 3)", "line 12", "0.517") shown as "…"."""
    if isinstance(message, dict) and set(message) <= set(LANGS):
        return _in(message, lang)
    if not isinstance(message, Msg):
        return str(message) if message is not None else ""
    if message.key not in TEMPLATES:  # "loads.list": its first problem
        inner = core(message)
        return render_skeleton(inner, lang) if inner is not message else message.key
    lang = lang if lang in LANGS else "en"
    values = {}
    for name, value in message.fields.items():
        if isinstance(value, Msg) or (isinstance(value, dict) and set(value) <= set(LANGS)):
            values[name] = render_skeleton(value, lang)
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Msg) for v in value):
            values[name] = TEMPLATES["word.separator"][lang].join(render_skeleton(v, lang) for v in value)
        elif isinstance(value, str) and (name in LABEL_FIELDS or not value):
            values[name] = value
        else:
            values[name] = _Blank()
    try:
        return _Formatter().vformat(TEMPLATES[message.key][lang], (), _Missing(values))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return message.key


class _Missing(dict):
    def __missing__(self, key):
        return _Blank()


_WORD = re.compile(r"[a-z0-9]+")


def mistake_id(english: str, words: int = 6) -> str:
    """An id for a known mistake made from its English words: "the-labels-are-swapped-the-target"."""
    return "-".join(_WORD.findall(english.lower())[:words])[:48] or "mistake"
