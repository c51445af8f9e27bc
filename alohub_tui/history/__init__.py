"""The History feature without a UI: searching calls and saving what was found.

- :mod:`.filters`: dates, presets and the searchCallV2 criteria (one builder for the
  History tab and ``alohub-tui history``).
- :mod:`.export`: the columns of a call in the CLI's table, JSON and CSV; streaming a
  whole search to a CSV file.
- :mod:`.files`: names and sizes of saved recordings and exports.
- :mod:`.player`: finding and starting an external audio player.
"""
