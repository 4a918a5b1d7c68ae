"""Drawing pieces shared by the scenes: theme, data loading, pixel grid, network.

Manim puts a scene file's folder on ``sys.path``, so scenes import this as ``kit``.
"""
