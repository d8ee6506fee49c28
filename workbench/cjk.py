"""Line breaking for Chinese text in the app, by the rules Chinese typesetting keeps.

Textual and Rich wrap text at spaces only. Chinese has no spaces between words,
so a run of it is one "word" to them: it is moved whole to the next line or cut
anywhere when too long, and a line may then begin with "。" or "，" or end with
"（". Here a line may break between any two Chinese characters, and at spaces,
but never before closing punctuation (，。、：；！？）」…) nor after opening
punctuation (（「“…): "x。" stays together, as does "forward 中". That is the
core of the kinsoku rule (GB/T 15834, JIS X 4051), enough for the workbench's
messages, hints and instructions.

Both Textual's Content and Rich's Text find break points with
``rich._wrap.words``; :func:`install` puts :func:`words` in its place for the
app's process (text without wide characters is split exactly as before).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

# never at the start of a line: closing and trailing punctuation, full-width and ASCII
NO_START = frozenset("，。、；：？！）］｝〕〉》」』】〗〙”’…—～·‥％‰℃,.;:?!)]}%")
# never at the end of a line: opening punctuation
NO_END = frozenset("（［｛〔〈《「『【〖〘“‘([{")
_WIDE_CANDIDATE = re.compile(r"[\u1100-\U0010ffff]")  # a cheap test before the exact one
_LATIN_WORD = re.compile(r"\s*\S+\s*")


def is_wide(char: str) -> bool:
    """Whether `char` takes two cells (Chinese, Japanese, Korean, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")



def break_allowed(before: str, after: str) -> bool:
    """Whether a line may end after `before` and the next begin with `after`."""
    if before.isspace():
        return not after.isspace() and after not in NO_START  # "0 … V": the "…" stays with the "0"
    if after.isspace():
        return False  # the break comes after the spaces
    if after in NO_START or before in NO_END:
        return False
    return is_wide(before) or is_wide(after)


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, word) of each piece a line may not break inside, trailing spaces included,
    as ``rich._wrap.words`` yields them."""
    if not _WIDE_CANDIDATE.search(text):
        for match in _LATIN_WORD.finditer(text):  # what Rich does itself
            yield match.start(), match.end(), match.group(0)
        return
    start = 0
    seen_text = False  # leading spaces belong to the first word, as in Rich
    for index in range(1, len(text)):
        seen_text = seen_text or not text[index - 1].isspace()
        if seen_text and break_allowed(text[index - 1], text[index]):
            yield start, index, text[start:index]
            start = index
    if start < len(text):
        yield start, len(text), text[start:]


_installed = False
rich_words = None  # Rich's own, once replaced


def install() -> bool:
    """Break lines the Chinese way wherever Rich or Textual wraps text in this process.

    Returns False (and changes nothing) if this Rich has no ``_wrap.words`` to replace.
    """
    global _installed, rich_words
    if _installed:
        return True
    try:
        from rich import _wrap
    except ImportError:
        return False
    if not callable(getattr(_wrap, "words", None)) or not callable(getattr(_wrap, "divide_line", None)):
        return False
    if _wrap.words is not words:
        rich_words = _wrap.words
    _wrap.words = words
    _installed = True
    return True
