"""Focusing a widget at once, for tab switches.

``Widget.focus()`` queues the change behind messages already waiting, so keys typed
right after F2 (``F2 0912...`` arrives as one burst) would reach the widget that had
the focus before. Opening a tab therefore focuses synchronously.
"""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give ``widget`` the focus before any queued key is handled."""
    widget.screen.set_focus(widget)
