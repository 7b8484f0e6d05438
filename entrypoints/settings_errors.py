"""Bad settings as one line each: the setting's name, what was given, what is wrong."""

from __future__ import annotations

from pydantic import ValidationError

from entrypoints.database_url import shown

SECRETS = {"reddit_client_secret", "admin_token"}
FLAGS = {"port": "--port", "host": "--host", "metrics_port": "--metrics-port"}


class UnusableSetting(Exception):
    """A setting valid on paper that cannot be used once the process starts (a port in
    use): its message is one line naming the setting, and the command exits with code 2."""


def describe(error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "settings"
        name = field.upper() + (f" (or {FLAGS[field]})" if field in FLAGS else "")
        message = str(problem["msg"]).removeprefix("Value error, ")
        given = problem.get("input")
        if field in SECRETS or not isinstance(given, str | int | float):
            lines.append(f"{name}: {message}")
            continue
        if field == "database_url":
            given = shown(str(given))
        lines.append(f"{name}={given!r}: {message}")
    return lines
