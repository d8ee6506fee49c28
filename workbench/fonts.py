"""The Chinese font the workbench brings: WenQuanYi Micro Hei, from the PyPI package
paperang-p2-fonts-cjk (a 2.3 MB wheel, 5.2 MB installed, one file), a dependency.

It holds two faces, WenQuanYi Micro Hei and its monospaced WenQuanYi Micro Hei Mono, with
about 34,600 characters: all of Simplified and Traditional Chinese, kana and Hangul. Two
places need it where a fresh machine has no Chinese font: the page of `workbench serve`
(workbench.serve hands it to a browser without one of its own) and the PNGs matplotlib
draws, whose default font (DejaVu Sans) has no Chinese.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = "paperang_p2_fonts_cjk"
FILE = "fonts/wqy-microhei.ttc"

_matplotlib_family: str | None = None


def packaged_cjk_font() -> Path | None:
    """The font file of the package, or None where the package is not installed."""
    try:
        from importlib import resources

        path = Path(str(resources.files(PACKAGE).joinpath(FILE)))
    except (ImportError, TypeError):
        return None
    return path if path.is_file() else None


def use_in_matplotlib() -> str | None:
    """Make matplotlib draw Chinese with the packaged font, behind its own default font.

    The font's family is added at the end of rcParams["font.family"]: a character the default
    font lacks (中) is looked for there, every other one keeps the default's look. Done once per
    process; returns the family name, or None without the font.
    """
    global _matplotlib_family
    if _matplotlib_family is not None:
        return _matplotlib_family
    path = packaged_cjk_font()
    if path is None:
        return None
    from matplotlib import font_manager, rcParams

    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    families = [rcParams["font.family"]] if isinstance(rcParams["font.family"], str) else list(rcParams["font.family"])
    if family not in families:
        rcParams["font.family"] = families + [family]
    _matplotlib_family = family
    return family
