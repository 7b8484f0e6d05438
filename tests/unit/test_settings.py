"""Settings from the environment: defaults, parsing, clear errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from entrypoints.settings import Settings


def settings() -> Settings:
    """From the environment alone: a developer's .env file must not change the outcome."""
    return Settings(_env_file=None)


def test_defaults_match_the_design(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUBREDDITS", "DATABASE_URL", "REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    s = settings()
    assert s.database_url == "sqlite:///./redditpulse.db"
    assert (s.collection_interval_minutes, s.initial_collection_delay_seconds) == (30, 5)
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert s.reddit_oauth_url == "https://oauth.reddit.com"
    assert s.reddit_url == "https://www.reddit.com"
    assert s.reddit_user_agent.startswith("redditpulse/")
    assert s.admin_token is None and not s.reddit_configured


def test_subreddits_from_a_comma_separated_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUBREDDITS", " python, r/AskReddit,python ,, rust ")
    assert settings().subreddits == ["python", "AskReddit", "rust"]


def test_bad_subreddit_names_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUBREDDITS", "python,bad name,also/bad")
    with pytest.raises(ValidationError, match="not a subreddit name: bad name, also/bad"):
        settings()


def test_bad_database_url_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "not a url")
    with pytest.raises(ValidationError, match="not a database URL"):
        settings()


def test_secrets_do_not_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "hush-secret")
    monkeypatch.setenv("ADMIN_TOKEN", "hush-token")
    monkeypatch.setenv("REDDIT_CLIENT_ID", "id")
    s = settings()
    assert s.reddit_configured
    assert "hush" not in repr(s) and "hush" not in str(s.model_dump())


def test_missing_credentials_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDDIT_CLIENT_ID", "id")
    monkeypatch.delenv("REDDIT_CLIENT_SECRET", raising=False)
    assert settings().missing_reddit_settings == ["REDDIT_CLIENT_SECRET"]


def test_a_bare_postgresql_url_gets_the_driver_redditpulse_installs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:pw@db.example/watch")
    assert settings().database_url == "postgresql+psycopg://u:pw@db.example/watch"


@pytest.mark.parametrize("level", ["debug", "Warning", "ERROR"])
def test_log_levels_in_any_case(monkeypatch: pytest.MonkeyPatch, level: str) -> None:
    monkeypatch.setenv("LOG_LEVEL", level)
    assert settings().log_level == level.upper()
