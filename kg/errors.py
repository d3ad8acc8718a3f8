"""The one exception family users see: a clear message, no traceback."""


class BorderKGError(Exception):
    """An error a user can cause and fix; the CLI prints it as one line."""
