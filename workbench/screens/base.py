"""What every workbench screen shares: bindings and labels in the chosen language."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from workbench import strings

# the header's icon: ∇ (gradients), a glyph every font the browser page serves has (Textual's ⭘ is in none)
ICON = "∇"


def editor_theme(app) -> str:
    """The code editors' syntax theme for the app's current (light or dark) theme."""
    try:
        dark = app.current_theme.dark
    except Exception:  # no theme known yet
        dark = True
    return "monokai" if dark else "github_light"


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Give the node's bindings their description in `lang` (key `bind.<binding id>` of strings).

    Textual reads a binding's description when the footer draws, so replacing the
    bindings of this node (its own copy, made when it was created) relabels the footer.
    """
    keymap = node._bindings.key_to_bindings
    for key, bindings in list(keymap.items()):
        relabelled = []
        for binding in bindings:
            if binding.id and binding.description and f"bind.{binding.id}" in strings.STRINGS:
                binding = replace(binding, description=strings.get(f"bind.{binding.id}", lang))
            relabelled.append(binding)
        keymap[key] = relabelled
    node.refresh_bindings()


class LocalizedMixin:
    """A screen that redraws its words when the language changes (the app calls apply_language)."""

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    @property
    def workspace(self):
        return self.app.workspace

    def t(self, key: str, **fields) -> str:
        return strings.get(key, self.lang, **fields)

    def apply_language(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.relabel(lang)

    def relabel(self, lang: str) -> None:  # screens fill this in
        pass


class WorkbenchScreen(LocalizedMixin, Screen):
    def on_mount(self) -> None:
        self.apply_language(self.lang)


class WorkbenchModal(LocalizedMixin, ModalScreen):
    def on_mount(self) -> None:
        self.apply_language(self.lang)
