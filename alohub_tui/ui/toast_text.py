"""Toast text broken into lines at words, and paths at their slashes, never mid-name.

A toast is narrow (Textual: 60 cells, at most half its rack, which is the screen less
the rack's scrollbar: 36 cells of text at 80 columns), and Rich folds a word longer than
a line wherever the line ends: a saved file's path came out as ``…95747.mp`` /
``3 (316.4 KB)``. :func:`toast_lines` breaks before a word that does not fit and after a
``/`` inside a long one; only a single name longer than a whole line is folded. The app
hands the toasts these copies (:func:`shown_notifications`); what was notified stays as written.
"""

from __future__ import annotations

import dataclasses
import re

from textual.notifications import Notifications

TOAST_WIDTH = 60  # Textual's Toast: width 60, max-width 50%
TOAST_CHROME = 3  # padding 1 on each side and the border on the left


def toast_width(rack_width: int) -> int:
    """Cells of text in a toast in a rack this wide (its width less its scrollbar)."""
    return max(10, min(TOAST_WIDTH, rack_width // 2) - TOAST_CHROME)


def _pieces(word: str, width: int) -> list[str]:
    """A word cut after its slashes into pieces that fit, folded only if one cannot."""
    if len(word) <= width:
        return [word]
    pieces: list[str] = []
    line = ""
    for part in re.findall(r"[^/]*/|[^/]+", word):
        while len(part) > width:  # one name longer than a line: fold it
            if line:
                pieces.append(line)
                line = ""
            pieces.append(part[:width])
            part = part[width:]
        if len(line) + len(part) > width:
            pieces.append(line)
            line = ""
        line += part
    if line:
        pieces.append(line)
    return pieces


def toast_lines(message: str, width: int) -> str:
    """``message`` with line breaks so no line is longer than ``width`` cells."""
    out: list[str] = []
    for paragraph in message.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            pieces = _pieces(word, width)
            first, rest = pieces[0], pieces[1:]
            if line and len(line) + 1 + len(first) <= width:
                line += " " + first
            else:
                if line:
                    out.append(line)
                line = first
            for piece in rest:
                out.append(line)
                line = piece
        out.append(line)
    return "\n".join(out)


def shown_notifications(notifications: Notifications, rack_width: int) -> Notifications:
    """Copies of ``notifications`` (same identity, so the same expiry and removal) whose
    text is broken into lines for a toast in a rack this wide (less its scrollbar)."""
    width = toast_width(rack_width)
    shown = Notifications()
    for notification in notifications:
        shown.add(dataclasses.replace(notification,
                                      message=toast_lines(notification.message, width)))
    return shown
