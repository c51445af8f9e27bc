"""Missed calls get called back, once: the callback worklist (issue 19), without a UI.

- :mod:`.calls`: one fact per call (webhook event or search record), the customer's
  number normalised;
- :mod:`.worklist`: today's missed inbound calls grouped per number, and how each was
  cleared (called back, answered, done, not needed);
- :mod:`.sources`: today's calls from the event store or from searchCallV2;
- :mod:`.desk`: :class:`~.desk.CallbackDesk`, the source chosen, the worklist built with
  the claims and outcomes of the profile's local store, and an operator's acts;
- :mod:`.text`: an item in words and as JSON.

Claims and outcomes live in the profile's local store (:mod:`alohub_tui.store.callbacks`);
calling a customer back goes through the Dial feature, never from here.
"""
