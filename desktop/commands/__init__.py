"""Subcommands of ``tsunagi``: each module defines ``register(subparsers)``."""
