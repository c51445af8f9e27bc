"""A faithful local stand-in for the Alohub API (no Textual import, by design).

See docs/SIMULATOR.md. Entry points: :class:`Simulator`, :class:`SimConfig`,
:func:`run_simulator`, :func:`demo_catalog`, and ``cli.add_sim_arguments`` /
``cli.run_from_args``.
"""

from alohub_tui.lazy import lazy_exports

_EXPORTS = {
    "DEMO_KEY": "server",
    "FaultSpec": "faults",
    "SimConfig": "server",
    "Simulator": "server",
    "demo_catalog": "tenant",
    "plan_call": "calls",
    "run_simulator": "server",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
