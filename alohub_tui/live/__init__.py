"""What the Live tab and the wall screen show, without Textual.

- :mod:`.inbox`: hands events from the receiver's thread to the UI, coalescing wake-ups.
- :mod:`.feed`: the bounded, merged, newest-first list of recent calls.
- :mod:`.stats`: today's counters ("since 00:00", Vietnam time) read from the store.
- :mod:`.service`: when and how the receiver and the store run for the TUI.
"""
