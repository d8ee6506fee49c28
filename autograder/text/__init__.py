"""Every word the project shows a learner, one file per language: ``en.toml`` and ``zh.toml`` here.

Each line of a file is one text, ``"key" = "template"``, the key the same in every language and
the template a ``str.format`` text whose ``{fields}`` are the same in every language. A translator
reads one file top to bottom; ``# --`` comments name the part of the project each block serves.

Namespaces: the grader's messages have bare keys ("backward.ok", "diag.shape"); the workbench app's
words start with ``app.`` ("app.home.details", read by ``workbench.strings.get("home.details")``);
the classroom's with ``classroom.`` and its notebooks' with ``course.``.

The files are read once, at import, into ``TEMPLATES`` ({key: {lang: template}}), which
``autograder.messages.Msg`` renders. To add texts, append a line to each file (``python -m
autograder.text add`` does it for both files from the old ``{"key": {"en": ..., "zh": ...}}`` form,
see ``__main__``).
"""

from __future__ import annotations

import string
from pathlib import Path

LANGS = ("en", "zh")
FOLDER = Path(__file__).resolve().parent


def path(lang: str) -> Path:
    return FOLDER / f"{lang}.toml"


def load(lang: str) -> dict[str, str]:
    """One language's texts, key → template, in file order."""
    import tomllib

    with open(path(lang), "rb") as file:
        return tomllib.load(file)


def fields(template: str) -> set[str]:
    """The names a template formats ("{got[0]}" and "{id!r}" give "got" and "id")."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            names.add(name.split("[")[0].split(".")[0])
    return names


def _templates() -> dict[str, dict[str, str]]:
    """{key: {lang: template}}, parsed (tomllib) once per version of the files (autograder.cache)."""
    from autograder import cache

    raw = [path(lang).read_bytes() for lang in LANGS]

    def parse():
        import tomllib

        texts = {lang: tomllib.loads(data.decode("utf-8")) for lang, data in zip(LANGS, raw)}
        return {key: {lang: texts[lang].get(key, texts["en"][key]) for lang in LANGS} for key in texts["en"]}

    return cache.remembered("text", cache.digest(b"text", *raw), parse)


TEMPLATES: dict[str, dict[str, str]] = _templates()


def namespace(prefix: str) -> dict[str, dict[str, str]]:
    """The texts whose keys start with `prefix`, keyed without it ("app." → {"home.details": ...})."""
    return {key[len(prefix):]: entry for key, entry in TEMPLATES.items() if key.startswith(prefix)}
