"""Narration: a step's words as speech, from an offline synthetic voice or the educator's recordings.

No Manim here: scenes and studio ask this layer for a step's :class:`Speech`
(an audio file, its length, when each phrase is said) and place it
themselves. ``voice_named`` turns the user's choice (``NN_VOICE``) into a
voice: ``none``, an engine name (``festival``, the default, or
``espeak-ng``) or a folder of recordings.
"""

from voice.choice import NONE, voice_named
from voice.speech import Said, Speech, Voice

__all__ = ["NONE", "Said", "Speech", "Voice", "voice_named"]
