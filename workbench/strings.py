"""The workbench's own words (labels, command output), in English and Simplified Chinese.

They live with every other learner-facing text in autograder/text/en.toml and zh.toml, under
"app." keys: ``get("home.details", lang)`` reads "app.home.details". Grading messages are the
keys without a namespace (autograder.messages); these are the words around them.
"""

from autograder.text import LANGS, namespace

STRINGS: dict[str, dict[str, str]] = namespace("app.")  # key without "app." → {lang: template}

DESCRIPTION = f"{STRINGS['description']['en']} / {STRINGS['description']['zh']}"


def get(key: str, lang: str = "en", **fields) -> str:
    entry = STRINGS[key]
    return (entry.get(lang) or entry["en"]).format(**fields)


def both(key: str, **fields) -> dict[str, str]:
    """The words in every language, {"en": ..., "zh": ...}, for what carries both (a demo's log, its title)."""
    return {lang: get(key, lang, **fields) for lang in LANGS}


def check_name(check, lang: str = "en") -> str:
    """A check's name in `lang` ("反向传播: Affine"), where the grader gives one; else its (English) name."""
    display = getattr(check, "display_name", None)
    if callable(display):
        try:
            name = display(lang)
        except Exception:  # a grader older or newer than this app: its plain name still says it
            name = None
        if isinstance(name, str) and name:
            return name
    return check.name
