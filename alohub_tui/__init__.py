"""alohub-tui: a terminal dashboard for the Alohub cloud call-center API."""

__version__ = "0.1.0"
