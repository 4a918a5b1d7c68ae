"""The one exception type that reaches users as a single line of text."""

__all__ = ["NetcoreError"]


class NetcoreError(Exception):
    """A problem with the user's input (a file, an index, an option).

    The command line and the scenes print its message on one line and exit
    non-zero, so the message must name the file or value and the fault.
    """
