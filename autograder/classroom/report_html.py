"""The class report as one self-contained HTML file: no network, its fonts and its charts inside it.

Every chart is a matplotlib PNG (one per exercise: students who pass, each of the commonest diagnoses,
those not started), embedded as a data: URL. The text's fonts are embedded too, cut down to the
characters the page uses (fontTools' subsetter, which comes with matplotlib): DejaVu Sans and DejaVu
Sans Mono from matplotlib's own data, and for Chinese $DLFS2_CJK_FONT, else the WenQuanYi Micro Hei the
workbench depends on, else a CJK font of this machine (fontconfig's, the usual places). Without one,
Chinese falls back to the browser's own fonts, and the charts label their bars by rank (matplotlib
cannot draw what no font here holds).
"""

from __future__ import annotations

import base64
import html
import io
import logging
import os
import shutil
import subprocess
import time
from functools import lru_cache
from pathlib import Path

from autograder.classroom.class_report import ClassReport, ExerciseReport, heading, summary_line, timing_line
from autograder.messages import text

FAMILY, MONO, CJK = "DLFS2 Report", "DLFS2 Report Mono", "DLFS2 Report CJK"
LABEL_CHARS = 46  # a chart's bar label, at most
COLOURS = {"passed": "#2e8b57", "diagnosis": "#c0392b", "other": "#e08e7f", "unnamed": "#b9a0a0",
           "not_started": "#b8bcc2"}
# the Chinese font the workbench installs with it (package, file): the same on every machine
CJK_PACKAGE = ("paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc")
# where Chinese fonts live when fontconfig cannot say (Linux packages, macOS, Windows)
CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/System/Library/Fonts/PingFang.ttc", "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf")


# -- fonts -------------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _code_points(path: Path) -> frozenset[int]:
    try:
        from fontTools.ttLib import TTFont

        return frozenset(TTFont(str(path), fontNumber=0, lazy=True).getBestCmap())
    except Exception:  # not a font fontTools reads
        return frozenset()


def covers(path: Path, chars: str) -> bool:
    """Whether the font at `path` has a glyph for every one of `chars`."""
    points = _code_points(path)
    return bool(points) and all(ord(c) in points for c in chars)


def _covers_chinese(path: Path) -> bool:
    return covers(path, chr(0x4E2D))  # "middle": in every Chinese font


def _packaged_cjk_font() -> Path | None:
    """WenQuanYi Micro Hei of the package the workbench depends on (workbench/fonts.py), where installed."""
    try:
        from importlib import resources

        path = Path(str(resources.files(CJK_PACKAGE[0]).joinpath(CJK_PACKAGE[1])))
    except (ImportError, TypeError):
        return None
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def find_cjk_font() -> Path | None:
    """A font file with Chinese: $DLFS2_CJK_FONT, else the workbench's own, else this machine's, else None."""
    candidates = [Path(os.environ["DLFS2_CJK_FONT"]).expanduser()] if os.environ.get("DLFS2_CJK_FONT") else []
    candidates += [p for p in (_packaged_cjk_font(),) if p is not None]
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "--format=%{file}", "sans-serif:lang=zh-cn"], capture_output=True,
                                   text=True, timeout=10).stdout.strip()
            if found:
                candidates.append(Path(found))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += [Path(p) for p in CJK_FILES]
    return next((p for p in candidates if p.is_file() and _covers_chinese(p)), None)


def _dejavu(name: str) -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def _subset_woff(path: Path, chars: str) -> bytes | None:
    """`path` cut down to `chars`, as WOFF bytes; None if it cannot be read."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset": tables it leaves out
        font = TTFont(str(path), fontNumber=0, lazy=True)
        options = subset.Options()
        options.flavor = "woff"
        # the glyphs and their metrics only: kerning and ligature tables cost seconds to cut and add little here
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
        options.hinting = False
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff"
        font.save(out)
        return out.getvalue()
    except Exception:  # a font fontTools cannot cut: the page falls back to the browser's
        return None


def font_faces(chars: str) -> tuple[str, list[str]]:
    """The @font-face rules with the fonts embedded, and the families they define."""
    rules, families = [], []
    wanted = "".join(sorted(set(chars) | set(" …·—%#0123456789")))
    faces = [(FAMILY, _dejavu("DejaVuSans.ttf"), "normal"), (FAMILY, _dejavu("DejaVuSans-Bold.ttf"), "bold"),
             (MONO, _dejavu("DejaVuSansMono.ttf"), "normal")]
    cjk = "".join(c for c in wanted if ord(c) >= 0x2E80)
    cjk_font = find_cjk_font() if cjk else None
    if cjk_font is not None:
        faces.append((CJK, cjk_font, "normal"))
    for family, path, weight in faces:
        data = _subset_woff(path, cjk if family == CJK else wanted) if path.is_file() else None
        if data is None:
            continue
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
                     f'src: url(data:font/woff;base64,{encoded}) format("woff"); }}')
        if family not in families:
            families.append(family)
    return "\n".join(rules), families


# -- charts ------------------------------------------------------------------------------------

def _bars(ex: ExerciseReport, lang: str) -> list[tuple[str, int, str]]:
    """(label, students, colour) per bar, top to bottom."""
    bars = [(text("classroom.report.passed", lang), ex.passed, COLOURS["passed"])]
    for rank, row in enumerate(ex.shown, start=1):
        bars.append((f"{rank}. {row.diagnosis.label(lang)}", row.count, COLOURS["diagnosis"]))
    if ex.others:
        bars.append((text("classroom.report.failing_other", lang), ex.others, COLOURS["other"]))
    if ex.unnamed:
        bars.append((text("classroom.report.unnamed", lang), ex.unnamed, COLOURS["unnamed"]))
    bars.append((text("classroom.report.not_started", lang), ex.not_started, COLOURS["not_started"]))
    return bars


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


@lru_cache(maxsize=4)
def _registered(path: Path) -> str:
    """The family name matplotlib knows the font at `path` by, once it is registered."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def chart_png(ex: ExerciseReport, lang: str, cjk_font: Path | None) -> bytes:
    """A horizontal bar chart of one exercise's outcomes (PNG bytes)."""
    import matplotlib

    from matplotlib.figure import Figure  # drawn on its own canvas: no pyplot, no display

    families = ["DejaVu Sans"] + ([_registered(cjk_font)] if cjk_font is not None else [])
    bars = _bars(ex, lang)
    wide = "".join({c for label, _, _ in bars for c in label if ord(c) >= 0x2E80})
    drawable = not wide or (cjk_font is not None and covers(cjk_font, wide))
    if drawable:
        labels = [_short(label) for label, _, _ in bars]
    else:  # no font here draws them: the diagnoses by rank (the table below says which), the rest in English
        labels = [f"#{label.split('.')[0]}" if colour == COLOURS["diagnosis"] else _short(english)
                  for (label, _, colour), (english, _, _) in zip(bars, _bars(ex, "en"))]
    counts = [count for _, count, _ in bars]
    figure = Figure(figsize=(8.0, 0.9 + 0.34 * len(bars)), dpi=110)
    axes = figure.subplots()
    with matplotlib.rc_context({"font.family": families}):
        positions = list(range(len(bars)))[::-1]
        axes.barh(positions, counts, color=[c for _, _, c in bars], height=0.7)
        axes.set_yticks(positions, labels, fontsize=8.5, family=families)
        axes.set_xlim(0, max(1, ex.students) * 1.08)
        for y, count in zip(positions, counts):
            axes.text(count + max(1, ex.students) * 0.01, y, str(count), va="center", fontsize=8.5, family=families)
        axes.set_xlabel(text("classroom.report.students_axis", lang) if drawable else "students", fontsize=8.5,
                        family=families)
        axes.set_title(f"{ex.id}", fontsize=10, loc="left", family=families)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()


# -- the page ----------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: FAMILIES; margin: 0; background: #f6f7f9; color: #1d232a; line-height: 1.45; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 0 0 2px; }
.meta, .note, .timing { color: #4a5561; margin: 2px 0; font-size: 14px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; }
nav a { color: #1f5fa8; text-decoration: none; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 18px 20px; margin: 18px 0; }
.summary { margin: 2px 0 10px; font-size: 15px; }
img.chart { max-width: 100%; height: auto; display: block; margin: 6px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th { text-align: left; color: #4a5561; font-weight: bold; border-bottom: 2px solid #dde1e6; padding: 6px 8px; }
td { vertical-align: top; border-bottom: 1px solid #eceef1; padding: 8px; }
td.rank { color: #c0392b; font-weight: bold; width: 1.5em; }
td.count { white-space: nowrap; font-weight: bold; width: 7.5em; }
td.count .share { color: #6b7682; font-weight: normal; }
.where { color: #6b7682; font-size: 12.5px; }
.example { font-family: MONOFAMILIES; font-size: 12px; background: #f3f4f6; border-radius: 4px;
           padding: 3px 6px; margin-top: 4px; overflow-wrap: anywhere; }
td.hint { color: #2b4a6b; width: 34%; }
td.hint.none { color: #8a949e; }
.fine { color: #2e8b57; }
"""


def render(report: ClassReport, lang: str = "en") -> str:
    """The report as one HTML document (a str), everything it shows inside it."""
    started = time.monotonic()
    cjk_font = find_cjk_font() if lang != "en" else None
    words = lambda key, **fields: html.escape(text("classroom.report." + key, lang, **fields))  # noqa: E731
    parts = [f"<header><h1>{words('title')}</h1>",
             f"<p class=\"meta\">{html.escape(heading(report, lang))}</p>",
             f"<p class=\"note\">{words('counted_by')}</p>",
             f"<p class=\"timing\">{html.escape(timing_line(report, lang))}</p>"]
    parts.append(f"<p class=\"timing\">{words('generated', time=time.strftime('%Y-%m-%d %H:%M'))}</p></header>")
    parts.append("<nav><ul>" + "".join(
        f"<li><a href=\"#ex-{html.escape(ex.id)}\">{html.escape(ex.id)}</a> "
        f"{ex.passed}/{ex.students}</li>" for ex in report.exercises) + "</ul></nav>")
    for ex in report.exercises:
        parts.append(_section(ex, lang, cjk_font, words))
    body = "\n".join(parts)
    faces, families = font_faces(html.unescape(body))
    stack = ", ".join(f'"{f}"' for f in families if f != MONO) + ", sans-serif"
    mono = ", ".join(f'"{f}"' for f in (MONO, CJK) if f in families) + ", monospace"
    css = CSS.replace("MONOFAMILIES", mono).replace("FAMILIES", stack)
    title = html.escape(text("classroom.report.title", lang))
    document = (f"<!DOCTYPE html>\n<html lang=\"{'zh-Hans' if lang == 'zh' else 'en'}\"><head><meta charset=\"utf-8\">"
                f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>"
                f"<style>\n{faces}\n{css}</style></head>\n<body><main>\n{body}\n</main></body></html>\n")
    report.seconds += time.monotonic() - started
    return document


def _section(ex: ExerciseReport, lang: str, cjk_font, words) -> str:
    png = base64.b64encode(chart_png(ex, lang, cjk_font)).decode("ascii")
    chapter = f"ch{ex.chapter:02d} · " if ex.chapter else ""
    summary = html.escape(summary_line(ex, lang))
    rows = []
    for rank, row in enumerate(ex.shown, start=1):
        share = f"{row.count / ex.students:.0%}" if ex.students else ""
        hint = row.hint.get(lang) or row.hint["en"] if row.hint else None
        rows.append(
            f"<tr><td class=\"rank\">{rank}</td>"
            f"<td><div class=\"label\">{html.escape(row.diagnosis.label(lang))}</div>"
            f"<div class=\"where\">{html.escape(row.where(lang))}</div>"
            + (f"<div class=\"example\">{words('example')} {html.escape(row.example)}</div>" if row.example else "")
            + f"</td><td class=\"count\">{row.count} <span class=\"share\">{share}</span></td>"
            + (f"<td class=\"hint\">{html.escape(hint)}</td>" if hint else
               f"<td class=\"hint none\">{words('no_hint')}</td>") + "</tr>")
    if ex.others:
        rows.append(f"<tr><td></td><td>{words('others', count=ex.others)}</td><td class=\"count\">{ex.others}</td>"
                    "<td></td></tr>")
    if ex.unnamed:
        rows.append(f"<tr><td></td><td>{words('unnamed')}</td><td class=\"count\">{ex.unnamed}</td><td></td></tr>")
    table = ("<table><thead><tr>"
             f"<th>{words('col.rank')}</th><th>{words('col.diagnosis')}</th><th>{words('col.students')}</th>"
             f"<th>{words('col.hint')}</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>") if rows else \
        f"<p class=\"fine\">{words('nobody_fails')}</p>"
    return (f"<section id=\"ex-{html.escape(ex.id)}\"><h2>{chapter}{html.escape(ex.id)} — "
            f"{html.escape(ex.title_in(lang))}</h2><p class=\"summary\">{summary}</p>"
            f"<img class=\"chart\" alt=\"{words('chart', id=ex.id)}\" src=\"data:image/png;base64,{png}\">"
            f"{table}</section>")


def write(report: ClassReport, path, lang: str = "en") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(report, lang), encoding="utf-8")
    return path
