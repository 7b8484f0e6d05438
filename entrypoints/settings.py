"""Every setting, read from the environment or a .env file."""

from __future__ import annotations

from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.subreddits import normalise_subreddits
from entrypoints.database_url import check_database_url
from entrypoints.topics_file import read_topics

DEFAULT_SUBREDDITS = ["python", "programming", "technology"]
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
LOG_FORMATS = ("text", "json")
DAY_S = 86_400
MONTH_MIN = 30 * 24 * 60
YEAR_H = 366 * 24
CENTURY_D = 36_525


def package_version() -> str:
    try:
        return version("redditpulse")
    except PackageNotFoundError:
        return "0+unknown"


class Settings(BaseSettings):
    # No inf or nan anywhere: "every 1e309 minutes" is a typo, not a schedule.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", allow_inf_nan=False)

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
    cursor_overlap_seconds: float = Field(default=120, ge=0, le=DAY_S)
    refresh_max_age_hours: float = Field(default=48, ge=0, le=YEAR_H)
    refresh_min_interval_minutes: float = Field(default=60, gt=0, le=MONTH_MIN)
    refresh_backoff: float = Field(default=2.0, ge=1.0, le=100)
    refresh_max_requests: int = Field(default=60, ge=0, le=10_000)
    request_budget_reserve: int = Field(default=10, ge=0, le=10_000)
    database_url: str = "sqlite:///./redditpulse.db"
    # How long the collector lease lasts unless renewed: a standby scheduler takes over
    # this long (at most) after the collecting one died.
    collector_lease_seconds: float = Field(default=30, ge=3, le=3600)
    database_wait_seconds: float = Field(default=60, ge=0, le=DAY_S)  # for a server at start
    collection_interval_minutes: float = Field(default=30, gt=0, le=MONTH_MIN)
    initial_collection_delay_seconds: float = Field(default=5, ge=0, le=DAY_S)
    retention_days: float = Field(default=0, ge=0, le=CENTURY_D)  # 0: keep items for ever
    admin_token: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    # `scheduler`'s own /metrics and /healthz (it serves no API); 0: none.
    metrics_port: int = Field(default=9108, ge=0, le=65535)
    store_threads: int = Field(default=4, ge=1, le=64)
    log_level: str = "INFO"
    log_format: str = "text"  # text: for people; json: one object per line, for collectors
    demo: bool = False
    topics_file: Path | None = None  # TOML: [topics] name = ["alias", ...]

    @field_validator("subreddits", mode="before")
    @classmethod
    def _split_subreddits(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        return normalise_subreddits(value) if isinstance(value, list) else value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @field_validator("log_format")
    @classmethod
    def _check_log_format(cls, value: str) -> str:
        if value.lower() not in LOG_FORMATS:
            raise ValueError(f"must be one of {', '.join(LOG_FORMATS)}")
        return value.lower()

    @field_validator("topics_file")
    @classmethod
    def _check_topics_file(cls, value: Path | None) -> Path | None:
        if value is not None:
            read_topics(value)  # a mistake in it is a bad setting, found at start
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        return check_database_url(value)

    @property
    def collection_interval(self) -> timedelta:
        return timedelta(minutes=self.collection_interval_minutes)

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
