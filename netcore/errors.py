"""The one exception type that reaches users as a single line of text, and how that line is made."""

__all__ = ["NetcoreError", "one_line"]

# Longer words (a 5000-digit number, a runaway path) are cut to this many characters when shown.
LONGEST_WORD = 120


class NetcoreError(Exception):
    """A problem with the user's input (a file, an index, an option).

    The command line and the scenes print its message on one line and exit
    non-zero, so the message must name the file or value and the fault.
    """


def one_line(message: object) -> str:
    """``message`` on one line (line breaks become spaces), every overlong word cut short.

    Values the user typed are echoed in messages; a pasted 5000-digit number
    or a file name holding line breaks must not flood or split the line.
    """
    words = []
    for word in str(message).split():
        if len(word) > LONGEST_WORD:
            word = f"{word[:LONGEST_WORD // 2]}...({len(word)} characters)"
        words.append(word)
    return " ".join(words)
