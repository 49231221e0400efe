"""Text that the site shows back to a client, cut to a length worth reading."""

SHOWN_LENGTH = 40


def cut(value, length=SHOWN_LENGTH):
    """`value` (a string; anything else unchanged) cut to `length` characters, the
    last one an ellipsis when cut."""
    if not isinstance(value, str) or len(value) <= length:
        return value
    return value[: length - 1] + "…"
