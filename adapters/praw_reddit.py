"""Reddit through PRAW: read-only application auth, an enforced timeout, domain errors."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import praw
import praw.exceptions
import prawcore
import requests
from praw.models import Comment as PrawComment
from praw.models import Listing, Submission
from prawcore.const import ACCESS_TOKEN_PATH

from adapters.reddit_mapping import comment_from_praw, post_from_praw
from domain.errors import RedditError
from domain.model import Budget, Kind, Page

MAX_ITEMS = 100  # per listing page or /api/info request: Reddit ignores any more


class TimeoutSession(requests.Session):
    """prawcore passes its own timeout (16 s, or PRAWCORE_TIMEOUT) on every call: ours wins."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self.timeout_s = timeout_s

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["timeout"] = self.timeout_s
        return super().request(*args, **kwargs)


class PrawReddit:
    """Reddit's RedditPort, synchronously: every call is exactly one API request.

    Like PRAW, not thread-safe: run it on a single worker thread.
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

    def listing(self, kind: Kind, subreddits: Sequence[str], after: str | None, limit: int) -> Page:
        """One page of /r/a+b+c/new (posts) or /r/a+b+c/comments, newest first."""
        if not subreddits:
            raise ValueError("a listing needs at least one subreddit")
        if not 1 <= limit <= MAX_ITEMS:
            raise ValueError(f"a listing page holds 1 to {MAX_ITEMS} items, not {limit}")
        path = f"r/{'+'.join(subreddits)}/{'new' if kind is Kind.POSTS else 'comments'}"
        params: dict[str, str | int] = {"limit": limit, "raw_json": 1}
        if after is not None:
            params["after"] = after
        return self._page(path, path, params)

    def info(self, fullnames: Sequence[str]) -> Page:
        """Posts and comments by fullname, in one /api/info request; unknown ones are left out."""
        if not 1 <= len(fullnames) <= MAX_ITEMS:
            raise ValueError(f"/api/info takes 1 to {MAX_ITEMS} fullnames, not {len(fullnames)}")
        params: dict[str, str | int] = {"id": ",".join(fullnames), "raw_json": 1}
        page = self._page("api/info", "api/info", params)
        # /api/info does not page: whatever it says, there is no next page to ask for.
        return Page(page.posts, page.comments, after=None, budget=page.budget)

    def close(self) -> None:
        self._session.close()

    def _page(self, where: str, path: str, params: dict[str, str | int]) -> Page:
        """Make the request; `where` names it in errors (the subreddits, or the endpoint)."""
        try:
            answer = self._reddit.get(path, params=params)
        except (prawcore.PrawcoreException, praw.exceptions.PRAWException, KeyError) as error:
            message = f"{where}: {describe(error, self._timeout_s)}"
            raise RedditError(self._redacted(message)) from error
        if not isinstance(answer, Listing):
            raise RedditError(f"{where}: unexpected response (not a listing)")
        # Subreddits (t5) and anything else /api/info may hold are not ours to collect.
        return Page(
            posts=[post_from_praw(t) for t in answer.children if isinstance(t, Submission)],
            comments=[comment_from_praw(t) for t in answer.children if isinstance(t, PrawComment)],
            after=answer.after,
            budget=self._budget(),
        )

    def _budget(self) -> Budget:
        # prawcore updates these from each response's X-Ratelimit headers.
        limits = self._reddit.auth.limits
        return Budget(remaining=_count(limits["remaining"]), used=_count(limits["used"]))

    def _redacted(self, message: str) -> str:
        # Belt and braces: no message we build should hold it, but one from Reddit might.
        return message.replace(self._secret, "***") if self._secret else message


def _count(value: object) -> int | None:
    return None if value is None else int(float(str(value)))


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
