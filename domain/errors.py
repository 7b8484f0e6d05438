"""Failures the domain knows by name."""


class RedditError(Exception):
    """Reddit could not be read (network, HTTP error, rate limit, bad credentials)."""


class RedditNotConfigured(RedditError):
    """No Reddit credentials were given, so there is nothing to collect from."""


class BudgetExhausted(Exception):
    """Reddit's request budget is down to the reserve: stop, resume from cursors next time."""


class ArchivePathMissing(Exception):
    """A path given to import does not exist."""


class StoreUnavailable(Exception):
    """The database cannot be read or written now (unreachable, locked, read-only,
    unreadable, not a database); the message says which, in one line."""
