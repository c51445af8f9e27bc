"""What one wall screen does with its alerts: the bell, the banner, the ``on_alert``
command and ``a`` to acknowledge (alerts.py has the state machine and its hysteresis).

Acknowledging is local to this screen (another wall keeps its own banner) and allowed
in read-only mode: it changes nothing anywhere. The command runs in a worker, so a
slow one never holds the wall; its outcome (a failure in particular) is shown in the
notes line, and nothing it does can stop the wall.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from textual.app import App

from alohub_tui.wallboard.alert_command import run_alert_command
from alohub_tui.wallboard.alerts import AlertBoard, AlertRaised
from alohub_tui.wallboard.settings import WallConfig
from alohub_tui.wallboard.snapshot import WallSnapshot


class AlertScreen(Protocol):
    """What :class:`Alerting` needs of the wall."""

    def show_banner(self, text: str) -> None: ...


class Alerting:
    """The alert board of one screen and what entering alert sets off."""

    def __init__(self, app: App[None], wall: WallConfig) -> None:
        self.app = app
        self.wall = wall
        self.board = AlertBoard(wall)
        self.outcome = ""  # the last on_alert run, or what was acknowledged
        self.outcome_failed = False
        self.commands = 0  # on_alert commands started

    def _screen(self) -> AlertScreen:
        return self.app  # type: ignore[return-value]

    def observe(self, snapshot: WallSnapshot) -> list[AlertRaised]:
        """Feed the snapshot's overall KPIs; ring, run and show what entered alert."""
        raised = self.board.observe(snapshot.overall, snapshot.at)
        for alert in raised:
            if alert.bell:
                self.app.bell()
            if self.wall.on_alert:
                self.commands += 1
                self.app.run_worker(self._run_command(alert), group="wall-on-alert",
                                    exit_on_error=False, description="on_alert")
        self._screen().show_banner(self.board.banner())
        return raised

    async def _run_command(self, alert: AlertRaised) -> None:
        outcome = await run_alert_command(self.wall.on_alert, alert, self.wall.on_alert_timeout_s)
        self.outcome, self.outcome_failed = outcome.text, not outcome.ok
        self._screen().show_banner(self.board.banner())

    def acknowledge(self, now: datetime) -> list[str]:
        """``a``: every KPI in alert is acknowledged on this screen."""
        names = self.board.acknowledge(now)
        labels = [self.board.machines[name].rule.spec.label for name in names]
        self.outcome = (f"acknowledged: {', '.join(labels)}" if labels
                        else "no alert to acknowledge")
        self.outcome_failed = False
        self._screen().show_banner(self.board.banner())
        return names
