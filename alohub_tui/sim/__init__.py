"""A faithful local stand-in for the Alohub API (no Textual import, by design).

See docs/SIMULATOR.md. Entry points: :class:`Simulator`, :class:`SimConfig`,
:func:`run_simulator`, :func:`demo_catalog`, and ``cli.add_sim_arguments`` /
``cli.run_from_args``.
"""

from .calls import plan_call
from .faults import FaultSpec
from .server import DEMO_KEY, SimConfig, Simulator, run_simulator
from .tenant import demo_catalog

__all__ = [
    "DEMO_KEY",
    "FaultSpec",
    "SimConfig",
    "Simulator",
    "demo_catalog",
    "plan_call",
    "run_simulator",
]
