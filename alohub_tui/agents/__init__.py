"""Agent queue management without any UI: known state, diffs, bulk plans, audit log.

Nothing here imports Textual, so the CLI and the tests reuse it as it is.
"""
