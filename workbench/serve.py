"""`workbench serve`: the same app in a browser, through textual-serve, on localhost.

Each browser tab gets its own `workbench` process on the same workspace.
"""

from __future__ import annotations

import shlex
import sys


def command_for(workspace, lang: str) -> str:
    """The shell command textual-serve starts for each browser session."""
    return " ".join(shlex.quote(part) for part in (
        sys.executable, "-m", "workbench.cli", "--workspace", str(workspace.root), "--lang", lang))


def serve(workspace, lang: str, host: str = "localhost", port: int = 8000) -> int:
    from textual_serve.server import Server

    from workbench import strings

    server = Server(command_for(workspace, lang), host=host, port=port, title=strings.get("app.title", lang))
    server.serve()
    return 0
