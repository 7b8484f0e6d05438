"""Every setting, read from the environment or a .env file."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from domain.subreddits import normalise_subreddits

DEFAULT_SUBREDDITS = ["python", "programming", "technology"]


def package_version() -> str:
    try:
        return version("redditpulse")
    except PackageNotFoundError:
        return "0+unknown"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    reddit_client_id: str | None = None
    reddit_client_secret: SecretStr | None = None
    reddit_user_agent: str = Field(default_factory=lambda: f"redditpulse/{package_version()}")
    reddit_oauth_url: str = "https://oauth.reddit.com"
    reddit_url: str = "https://www.reddit.com"
    reddit_timeout_seconds: float = Field(default=16.0, gt=0, le=300)
    subreddits: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_SUBREDDITS), min_length=1
    )
    backfill_pages: int = Field(default=1, ge=1, le=10)
    cursor_overlap_seconds: float = Field(default=120, ge=0)
    refresh_max_age_hours: float = Field(default=48, ge=0)
    refresh_min_interval_minutes: float = Field(default=60, gt=0)
    refresh_backoff: float = Field(default=2.0, ge=1.0)
    refresh_max_requests: int = Field(default=60, ge=0)
    request_budget_reserve: int = Field(default=10, ge=0)
    database_url: str = "sqlite:///./redditpulse.db"
    collection_interval_minutes: float = Field(default=30, gt=0)
    initial_collection_delay_seconds: float = Field(default=5, ge=0)
    admin_token: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    store_threads: int = Field(default=4, ge=1, le=64)
    log_level: str = "INFO"
    demo: bool = False

    @field_validator("subreddits", mode="before")
    @classmethod
    def _split_subreddits(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        return normalise_subreddits(value) if isinstance(value, list) else value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            make_url(value)
        except ArgumentError:
            raise ValueError(
                f"DATABASE_URL is not a SQLAlchemy URL: {value!r} "
                "(e.g. sqlite:///./redditpulse.db or postgresql+psycopg://user@host/db)"
            ) from None
        return value

    @property
    def missing_reddit_settings(self) -> list[str]:
        missing = []
        if not self.reddit_client_id:
            missing.append("REDDIT_CLIENT_ID")
        if self.reddit_client_secret is None or not self.reddit_client_secret.get_secret_value():
            missing.append("REDDIT_CLIENT_SECRET")
        return missing

    @property
    def reddit_configured(self) -> bool:
        return not self.missing_reddit_settings
