"""Is a widget on screen? For work that only matters to someone looking at it.

A widget in a hidden tab keeps receiving data (live events, download progress). Drawing
it anyway costs the visible tab, where the user is typing, a screen update each time
(the 60 fps update grid plus, for labels, a re-layout): so such widgets skip the drawing
while hidden and catch up when shown.
"""

from __future__ import annotations

from textual.widget import Widget


def is_shown(widget: Widget) -> bool:
    """True unless ``widget`` or an ancestor has ``display: none`` (a hidden tab pane).

    Checking ``display`` up the tree is cheap; ``widget.region`` would make the
    compositor map every widget on the screen.
    """
    return all(node.display for node in widget.ancestors_with_self)
