"""What the grader tells a learner, as keys whose templates, one per language, live in
autograder/text/en.toml and zh.toml (``TEMPLATES``: {key: {lang: template}}).

A check stores ``Msg(key, **fields)``; it is rendered in the learner's language
only when shown, so switching languages never re-grades. A field that is itself
a Msg is rendered in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.text import LANGS, TEMPLATES

__all__ = ["LANGS", "TEMPLATES", "Msg", "text", "both"]


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
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def text(key: str, lang: str = "en", **fields) -> str:
    return Msg(key, **fields).render(lang)


def both(key: str, **fields) -> dict[str, str]:
    """The text in every language, {"en": ..., "zh": ...}, for the places that carry both."""
    return {lang: text(key, lang, **fields) for lang in LANGS}
