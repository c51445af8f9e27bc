"""The Dial feature without a UI: click-to-call and what became of each call.

- :mod:`.record`: :class:`~.record.Dial`, its outcomes and glyphs, persisted per dial.
- :mod:`.guard`: the duplicate guard (the same number dialled again within a window).
- :mod:`.tracker`: :class:`~.tracker.DialTracker` places a call (makeCall exactly once) and
  follows its outcome (look-ups by transactionId, webhook events); the Dial tab shows it.

What a transactionId is (generated or typed) is :mod:`alohub_tui.api.txn`'s.
"""
