"""What the grader tells a learner, as keys whose templates, one per language, live in
autograder/text/en.toml and zh.toml (``TEMPLATES``: {key: {lang: template}}).

A check stores ``Msg(key, **fields)``; it is rendered in the learner's language
only when shown, so switching languages never re-grades. A field that is itself
a Msg is rendered in the same language.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

from autograder.text import LANGS, TEMPLATES

__all__ = ["LANGS", "TEMPLATES", "Msg", "Lines", "text", "both"]


@dataclass(frozen=True)
class Msg:
    key: str
    fields: dict = field(default_factory=dict)

    def __init__(self, key, **fields):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "fields", fields)

    def render(self, lang: str = "en") -> str:
        lang = lang if lang in LANGS else "en"
        template = TEMPLATES[self.key][lang]
        values = {k: _render_value(v, lang) for k, v in self.fields.items()}
        return template.format(**values)

    def to_json(self):
        return {"key": self.key, "fields": {k: _json_value(v) for k, v in self.fields.items()}}

    @staticmethod
    def from_json(data) -> Msg:
        """The Msg that `to_json` wrote (tuples come back as tuples: a shape reads "(4, 3)" again)."""
        fields = {k: _from_json(v) for k, v in (data.get("fields") or {}).items()}
        if data.get("key") == Lines.KEY:
            return Lines(fields.get("problems") or ())
        return Msg(str(data.get("key", "")), **fields)


class Lines(Msg):
    """Several messages, one per line (the loads check's problems)."""

    KEY = "loads.list"

    def __init__(self, problems):
        super().__init__(self.KEY, problems=tuple(problems))

    def render(self, lang="en"):
        return "\n".join(p.render(lang) for p in self.fields["problems"])


def _render_value(value, lang):
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Msg) for v in value):
        return TEMPLATES["word.separator"][lang].join(v.render(lang) for v in value)
    if isinstance(value, dict) and set(value) <= set(LANGS):
        return value.get(lang) or value.get("en", "")
    return value


def _json_value(value):
    if isinstance(value, Msg):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, numbers.Integral):  # numpy's int64: still a number for "{count:g}"
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _from_json(value):
    if isinstance(value, dict):
        if set(value) == {"key", "fields"} and isinstance(value["key"], str):
            return Msg.from_json(value)
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    return value


def text(key: str, lang: str = "en", **fields) -> str:
    return Msg(key, **fields).render(lang)


def both(key: str, **fields) -> dict[str, str]:
    """The text in every language, {"en": ..., "zh": ...}, for the places that carry both."""
    return {lang: text(key, lang, **fields) for lang in LANGS}
