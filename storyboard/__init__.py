"""What a viewer sees and hears, without Manim: each beat's steps, words and formulas.

``netcore`` computes the numbers; this layer turns them into a typed record
per beat (its steps with their captions, its on-screen words, its TeX pieces
addressed by name and role); ``scenes`` only draws a record. The registry of
beats (:mod:`storyboard.registry`) is the one list of the chapter's beats.
"""
