"""The wallboard's numbers, thresholds and alerts, free of Textual (docs/WALL.md).

- :mod:`.kpis`: KPI names, units, labels and :class:`~.kpis.KpiValue` (a value or n/a
  with its reason); :mod:`.display`: how a value is written.
- :mod:`.formulas`: the service-level formulas, selectable by name.
- :mod:`.settings`: the ``[wall]`` config section and its validation.
- :mod:`.calls`: :class:`~.calls.CallFacts`, what the KPIs need of one call (from a
  webhook event, the event store, or a searchCallV2 record).
- :mod:`.tally`, :mod:`.agents`, :mod:`.snapshot`: one call's contribution, agent states
  inferred from calls, and the KPIs built from the running totals.
- :mod:`.aggregate`: :class:`~.aggregate.WallAggregate`, the running aggregate.
- :mod:`.source`: loading a day from the event store and following it cheaply.
- :mod:`.thresholds`, :mod:`.alerts`, :mod:`.alert_command`: levels, the alert state
  machine with hysteresis, and the ``on_alert`` command.
- :mod:`.report`: a snapshot as JSON data or as text (``alohub-tui stats``).

This ``__init__`` imports nothing: ``config.py`` reads :mod:`.settings` at start-up, and
the rest must not load with it.
"""
