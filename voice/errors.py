"""The voice layer's one-line errors."""

from __future__ import annotations

from netcore.errors import NetcoreError

__all__ = ["VoiceError"]


class VoiceError(NetcoreError):
    """A voice choice, engine or recording that cannot be used; its message is one line for the user."""
