"""`workbench serve`: the same app in a browser, through textual-serve, on localhost.

Each browser tab gets its own `workbench` process on the same workspace.

The page works offline. textual-serve's own page asks Google Fonts for Roboto
Mono; without the internet that request hangs, and the terminal's font stack
(Roboto Mono, Monaco, Courier New, monospace) has no Chinese and few symbols,
so on a machine without a CJK font 中文 and ✔ ⟳ show as empty boxes. This
page asks nothing of the internet: Roboto Mono comes from textual-serve's own
files, symbols from the DejaVu fonts that matplotlib installs, and Chinese from
the browser's own CJK fonts, else from the one the workbench depends on
(workbench.fonts: WenQuanYi Micro Hei, from a PyPI package) or one this server
finds on its machine — all declared under the family name the terminal asks
for, each for its Unicode ranges.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FONT_ROUTE = "/workbench-fonts"
# the browser's own Chinese fonts, by the names they are installed under (Linux, macOS, Windows)
LOCAL_CJK = ("Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN",
             "WenQuanYi Zen Hei Mono", "WenQuanYi Micro Hei Mono", "WenQuanYi Micro Hei", "Sarasa Mono SC",
             "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Microsoft YaHei", "SimHei", "SimSun",
             "Noto Sans Mono CJK TC", "Noto Sans CJK JP")
CJK_RANGES = "U+1100-11FF, U+2E80-2FDF, U+2FF0-303F, U+3040-33FF, U+3400-4DBF, U+4E00-9FFF, U+A960-A97F, " \
             "U+AC00-D7FF, U+F900-FAFF, U+FE10-FE1F, U+FE30-FE4F, U+FF00-FFEF, U+20000-2FA1F"
# what Roboto Mono lacks and the app draws: ✔ ✘ ⟳ ▰ ▱ ▇ ∇ ᵀ ⊙ arrows, shapes, math
SYMBOL_RANGES = "U+1D00-1DBF, U+2000-206F, U+2070-209F, U+2100-214F, U+2190-23FF, U+2460-27BF, " \
                "U+27C0-27FF, U+2900-2BFF"
# candidates where fontconfig cannot say (macOS, Windows, a Linux without fc-match)
CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
             "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
             "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf")
MIME = {".ttf": "font/ttf", ".otf": "font/otf", ".ttc": "font/collection", ".woff": "font/woff", ".woff2": "font/woff2"}


def command_for(workspace, lang: str | None = None) -> str:
    """The shell command textual-serve starts for each browser session.

    The language goes along only when `serve` was given one: otherwise every session
    reads the workspace's saved setting, so a switch in one tab is kept for the next.
    """
    parts = [sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root)]
    if lang:
        parts += ["--lang", lang]
    return " ".join(shlex.quote(part) for part in parts)


# -- fonts ------------------------------------------------------------------------------------
def _has_chinese(path: Path) -> bool:
    try:
        from fontTools.ttLib import TTFont  # installed with matplotlib

        font = TTFont(str(path), fontNumber=0, lazy=True)
        return 0x4E2D in font.getBestCmap()  # 中, "middle": in every Chinese font
    except Exception:
        return path.suffix.lower() in (".ttc", ".ttf", ".otf")  # cannot look inside: trust the name


def find_cjk_font() -> Path | None:
    """A font file with Chinese on this machine (served to browsers that have none), or None.

    $DLFS2_CJK_FONT names one; else the workbench's own (a dependency, so always there once
    installed: the same font on every machine, with a monospaced face); else fontconfig is
    asked, else the usual places are looked in.
    """
    from workbench import fonts

    candidates: list[Path] = []
    if os.environ.get("DLFS2_CJK_FONT"):
        candidates.append(Path(os.environ["DLFS2_CJK_FONT"]).expanduser())
    packaged = fonts.packaged_cjk_font()
    if packaged is not None:
        candidates.append(packaged)
    if shutil.which("fc-match"):
        for pattern in ("monospace:lang=zh-cn", "sans-serif:lang=zh-cn"):
            try:
                found = subprocess.run(["fc-match", "--format=%{file}", pattern], capture_output=True, text=True,
                                       timeout=10).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                continue
            if found:
                candidates.append(Path(found))
    candidates += [Path(p) for p in CJK_FILES]
    for path in candidates:
        if path.suffix.lower() in MIME and path.is_file() and _has_chinese(path):
            return path
    return None


def symbol_fonts() -> dict[str, Path]:
    """DejaVu Sans Mono and DejaVu Sans, from matplotlib's own data (there wherever the workbench is)."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    except Exception:
        return {}
    fonts = {"symbols": folder / "DejaVuSans.ttf", "symbols-mono": folder / "DejaVuSansMono.ttf"}
    return {name: path for name, path in fonts.items() if path.is_file()}


def single_face(path: Path, folder: Path) -> Path:
    """`path`, or for a font collection (.ttc: WenQuanYi's, Noto CJK's) one of its faces as a font
    file of its own in `folder`: browsers load no collection as a web font (Chromium drops it and
    draws no Chinese at all). The monospaced face where there is one, as in a terminal."""
    if path.suffix.lower() != ".ttc":
        return path
    from fontTools.ttLib import TTCollection, TTFont

    with TTCollection(str(path), lazy=True) as collection:
        names = [font["name"].getDebugName(4) or "" for font in collection.fonts]
    index = next((i for i, name in enumerate(names) if "mono" in name.lower()), 0)
    face = Path(folder) / f"{path.stem}-{index}.ttf"
    if not face.is_file():
        face.parent.mkdir(parents=True, exist_ok=True)
        # lazy: the tables are copied as they are, not parsed (a fifth of a second for 5 MB)
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            font.save(str(face))
    return face


def served_fonts(folder: Path) -> dict[str, Path]:
    """Every font file this server hands out, by the name in its URL (`folder` holds the faces
    taken out of a font collection)."""
    fonts = symbol_fonts()
    cjk = find_cjk_font()
    if cjk is not None:
        fonts["cjk"] = single_face(cjk, folder)
    return fonts


def font_css(fonts: dict[str, Path]) -> str:
    """@font-face rules that make "Roboto Mono" (the family xterm.js is given) cover Chinese and symbols.

    Faces of one family with overlapping ranges are tried last-declared first, and a face that
    lacks a character passes it on: Chinese, then symbols, then Roboto Mono itself.
    """
    static = "{{ config.static.url }}fonts/"
    rules = []

    def face(style: str, src: str, ranges: str | None = None) -> None:
        # one set of descriptors for every face of a style: only faces that match alike make one
        # composite font, in which a character falls through to the next face that covers it
        rules.append(f'@font-face {{ font-family: "Roboto Mono"; font-style: {style}; font-weight: 100 900; '
                     f"font-display: block; src: {src};" + (f" unicode-range: {ranges};" if ranges else "") + " }")

    sources = [f'local("{family}")' for family in LOCAL_CJK]
    if "cjk" in fonts:
        sources.append(f'url("{FONT_ROUTE}/cjk")')
    for style, roboto in (("normal", "RobotoMono-VariableFont_wght.ttf"), ("italic", "RobotoMono-Italic-VariableFont_wght.ttf")):
        face(style, f'url("{static}{roboto}") format("truetype")')
        for name in ("symbols", "symbols-mono"):  # the monospaced one later: tried first
            if name in fonts:
                face(style, f'url("{FONT_ROUTE}/{name}")', SYMBOL_RANGES)
        face(style, ", ".join(sources), CJK_RANGES)
    return "\n".join(rules)


_EXTERNAL_FONT_LINK = re.compile(r'<link[^>]*href="https?://fonts\.[^"]*"[^>]*/?>', re.S)


def offline_page(fonts: dict[str, Path], folder: Path) -> Path:
    """Write textual-serve's page template into `folder`, minus its web fonts, plus local ones."""
    import textual_serve

    page = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text(encoding="utf-8")
    page = _EXTERNAL_FONT_LINK.sub("", page)
    style = f"<style>\n{font_css(fonts)}\n</style>"
    page = page.replace("</head>", f"{style}\n  </head>", 1) if "</head>" in page else style + page
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app_index.html").write_text(page, encoding="utf-8")
    return folder


def make_server(command: str, title: str, host: str, port: int, templates: Path, fonts: dict[str, Path]):
    """textual-serve's server with the offline page and a route for the fonts it names."""
    import textual_serve
    from aiohttp import web
    from textual_serve.server import Server

    class WorkbenchServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get(FONT_ROUTE + "/{name}", self.handle_font)
            return app

        async def handle_font(self, request: web.Request) -> web.StreamResponse:
            path = fonts.get(request.match_info["name"])  # only the fonts named here: no path from the URL
            if path is None or not path.is_file():
                raise web.HTTPNotFound()
            return web.FileResponse(path, headers={"Content-Type": MIME.get(path.suffix.lower(), "font/ttf"),
                                                   "Cache-Control": "max-age=86400"})

    statics = Path(textual_serve.__file__).parent / "static"
    return WorkbenchServer(command, host=host, port=port, title=title, statics_path=statics, templates_path=templates)


def serve(workspace, lang: str | None = None, host: str = "localhost", port: int = 8000) -> int:
    from workbench import strings

    shown_lang = lang or workspace.language()
    title = strings.get("app.title", shown_lang)
    with tempfile.TemporaryDirectory(prefix="dlfs2-serve-") as folder:
        fonts = served_fonts(Path(folder))
        if "cjk" not in fonts:
            print(strings.get("serve.no_cjk_font", shown_lang), file=sys.stderr)
        server = make_server(command_for(workspace, lang), title, host, port, offline_page(fonts, Path(folder)), fonts)
        server.serve()
    return 0
