"""Reddit through PRAW: read-only application auth, an enforced timeout, domain errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

import praw
import praw.exceptions
import prawcore
import requests
from prawcore.const import ACCESS_TOKEN_PATH

from adapters.reddit_mapping import comment_from_praw, post_from_praw
from domain.errors import RedditError
from domain.model import Comment, Post


class TimeoutSession(requests.Session):
    """prawcore passes its own timeout (16 s, or PRAWCORE_TIMEOUT) on every call: ours wins."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self.timeout_s = timeout_s

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["timeout"] = self.timeout_s
        return super().request(*args, **kwargs)


class PrawReddit:
    """The newest posts and comments of a subreddit (or of "a+b+c"), newest first.

    Synchronous and, like PRAW, not thread-safe: run it on a single worker thread.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        user_agent: str,
        oauth_url: str = "https://oauth.reddit.com",
        reddit_url: str = "https://www.reddit.com",
        timeout_s: float = 16.0,
    ) -> None:
        self._timeout_s = float(timeout_s)
        self._secret = client_secret
        self._session = TimeoutSession(self._timeout_s)
        # No network I/O here: PRAW asks for a token on the first real request.
        self._reddit = praw.Reddit(
            client_id=client_id,
            client_secret=client_secret,
            user_agent=user_agent,
            check_for_updates=False,
            oauth_url=oauth_url,
            reddit_url=reddit_url,
            requestor_kwargs={"session": self._session},
        )

    def new_posts(self, subreddit: str, limit: int) -> list[Post]:
        submissions = self._fetch(subreddit, lambda sub: sub.new(limit=limit))
        return [post_from_praw(submission) for submission in submissions]

    def new_comments(self, subreddit: str, limit: int) -> list[Comment]:
        comments = self._fetch(subreddit, lambda sub: sub.comments(limit=limit))
        return [comment_from_praw(comment) for comment in comments]

    @property
    def limits(self) -> dict[str, int | None]:
        """Reddit's rate-limit budget after the last response (None before any)."""
        return dict(self._reddit.auth.limits)  # type: ignore[arg-type]

    def close(self) -> None:
        self._session.close()

    def _fetch(self, subreddit: str, listing: Callable[[Any], Iterable[Any]]) -> list[Any]:
        try:
            return list(listing(self._reddit.subreddit(subreddit)))
        except (prawcore.PrawcoreException, praw.exceptions.PRAWException, KeyError) as error:
            message = f"r/{subreddit}: {describe(error, self._timeout_s)}"
            raise RedditError(self._redacted(message)) from error

    def _redacted(self, message: str) -> str:
        # Belt and braces: no message we build should hold it, but one from Reddit might.
        return message.replace(self._secret, "***") if self._secret else message


def describe(error: Exception, timeout_s: float) -> str:
    """What went wrong, in words an operator can act on."""
    match error:
        case prawcore.TooManyRequests(retry_after=retry_after):
            return "rate limited (429)" + (f", retry after {retry_after} s" if retry_after else "")
        case prawcore.Redirect(path=path):
            return f"redirected to {path} (no such subreddit?)"
        case prawcore.OAuthException(error=oauth_error):
            return f"access token refused ({oauth_error})"
        case prawcore.BadJSON(response=response):
            return f"HTTP {response.status_code} with a body that is not JSON"
        case prawcore.ResponseException(response=response):
            status = f"HTTP {response.status_code} {_reason(response)}"
            return f"access token refused: {status}" if _is_token(response) else status
        case prawcore.RequestException(original_exception=requests.Timeout()):
            return f"timed out after {timeout_s} s"
        case prawcore.RequestException(original_exception=cause):
            return f"connection failed: {cause}"
        case KeyError(args=(int(status),)):
            # prawcore's KeyError(401) for a 401 that has no www-authenticate header.
            return f"HTTP {status} {_phrase(status)}"
    return f"unexpected response ({type(error).__name__}: {error})"


def _reason(response: requests.Response) -> str:
    return (response.reason or _phrase(response.status_code)).lower()


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"


def _is_token(response: requests.Response) -> bool:
    return (response.url or "").split("?")[0].rstrip("/").endswith(ACCESS_TOKEN_PATH)
