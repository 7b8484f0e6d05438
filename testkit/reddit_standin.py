"""A real HTTP stand-in for Reddit's OAuth API that PRAW can talk to, in tests or by hand.

    python -m testkit.reddit_standin --port 8081 --samples /work/shared/reddit-samples

Serves the few endpoints redditpulse uses from an in-memory store of Reddit-shaped
things, with Reddit's paging, listing depth and rate-limit headers, plus knobs to change
or delete things and to inject faults. testkit/reddit_stream.py feeds it a steady stream.
"""

from __future__ import annotations

import argparse
import base64
import bisect
import contextlib
import copy
import html
import json
import re
import secrets
import signal
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

Data = dict[str, Any]  # the "data" of one Reddit thing
Thing = dict[str, Any]  # {"kind": "t3", "data": {...}}

TOKEN_PATH = "/api/v1/access_token"
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
LISTING_DEPTH = 1000  # Reddit pages a listing back this many items, then stops
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


# --- Reddit-shaped data -------------------------------------------------------------


def base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _BASE36[digit] + digits
        if not number:
            return digits


def subreddit_id(name: str) -> str:
    """A stable fake t5 fullname, so every thing of one subreddit agrees on it."""
    return "t5_" + base36(zlib.crc32(name.lower().encode()))


def markdown_html(text: str) -> str | None:
    return f'<div class="md"><p>{html.escape(text)}</p>\n</div>' if text else None


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:50] or "_"


# What an anonymous reader sees of moderation and voting state: nothing set.
_NULL_KEYS = [
    "banned_by",
    "likes",
    "report_reasons",
    "approved_by",
    "author_flair_css_class",
    "removal_reason",
    "author_flair_text",
    "distinguished",
    "num_reports",
]
_POST_NULL_KEYS = [
    "suggested_sort",
    "secure_media",
    "link_flair_text",
    "from_kind",
    "media",
    "link_flair_css_class",
    "from",
    "from_id",
]
_POST_FALSE_KEYS = ["clicked", "over_18", "hidden", "hide_score", "locked", "visited"]


def unset_keys(nulls: list[str], falses: list[str]) -> Data:
    return (
        dict.fromkeys(_NULL_KEYS + nulls)
        | dict.fromkeys(["archived", "saved", "stickied", "quarantine", *falses], False)
        | {"user_reports": [], "mod_reports": [], "gilded": 0, "downs": 0}
    )


def post_data(id_: str, created_utc: float, fields: Data) -> Data:
    """A t3 with every key Reddit sends, derived from `fields` where they say so."""
    subreddit = fields.get("subreddit", "test")
    title = fields.get("title", f"Post {id_}")
    selftext = fields.get("selftext", "")
    score = fields.get("score", 1)
    permalink = f"/r/{subreddit}/comments/{id_}/{slug(title)}/"
    is_self = fields.get("is_self", "url" not in fields)
    url = fields.get("url", "https://www.reddit.com" + permalink)
    return (
        unset_keys(_POST_NULL_KEYS, _POST_FALSE_KEYS)
        | {
            "id": id_,
            "name": f"t3_{id_}",
            "subreddit": subreddit,
            "subreddit_id": subreddit_id(subreddit),
            "title": title,
            "selftext": selftext,
            "selftext_html": markdown_html(selftext),
            "author": "standin_user",
            "score": score,
            "ups": score,
            "num_comments": 0,
            "created": created_utc,
            "created_utc": created_utc,
            "edited": False,
            "permalink": permalink,
            "url": url,
            "is_self": is_self,
            "domain": f"self.{subreddit}" if is_self else urlsplit(url).netloc,
            "thumbnail": "" if is_self else "default",
            "media_embed": {},
            "secure_media_embed": {},
        }
        | fields
    )


def comment_data(id_: str, created_utc: float, fields: Data, post: Data | None) -> Data:
    """A t1 with every key Reddit sends; link_* and subreddit come from its post if known."""
    post = post or {}
    link_id = fields.get("link_id", post.get("name", "t3_0"))
    post_subreddit: str = post.get("subreddit", "test")
    subreddit: str = fields.get("subreddit", post_subreddit)
    body = fields.get("body", f"Comment {id_}")
    score = fields.get("score", 1)
    return (
        unset_keys([], ["score_hidden", "over_18"])
        | {
            "id": id_,
            "name": f"t1_{id_}",
            "link_id": link_id,
            "parent_id": link_id,
            "link_title": post.get("title", ""),
            "link_author": post.get("author", "[deleted]"),
            "link_url": post.get("url", ""),
            "subreddit": subreddit,
            "subreddit_id": subreddit_id(subreddit),
            "body": body,
            "body_html": markdown_html(body),
            "author": "standin_user",
            "score": score,
            "ups": score,
            "controversiality": 0,
            "created": created_utc,
            "created_utc": created_utc,
            "edited": False,
            "replies": "",
        }
        | fields
    )


def listing(children: list[Thing], after: str | None = None, before: str | None = None) -> Thing:
    return {
        "kind": "Listing",
        "data": {"modhash": "", "children": children, "after": after, "before": before},
    }


def age_key(thing: Thing) -> tuple[float, int, str]:
    """Sorts by creation time, then id: (len, id) orders base36 ids without parsing them."""
    data = thing["data"]
    id_ = str(data.get("id", ""))
    return (float(data.get("created_utc") or 0), len(id_), id_)


def _subreddit(thing: Thing) -> str:
    return str(thing["data"].get("subreddit", "")).lower()


def newest_first(things: Iterable[Thing]) -> list[Thing]:
    return sorted(things, key=age_key, reverse=True)


def window(names: list[str], limit: int, after: str | None, before: str | None) -> range:
    """Which positions of an ordered listing one page holds, anchored on fullnames as
    Reddit does: an anchor the listing does not hold (any more) gives an empty page."""
    anchor = after or before
    if anchor is not None and anchor not in names:
        return range(0)
    if after is not None:
        start = names.index(after) + 1
        return range(start, min(start + limit, len(names)))
    if before is not None:
        end = names.index(before)
        return range(max(0, end - limit), end)
    return range(min(limit, len(names)))


def markers(kind: str, how: str, data: Data) -> Data:
    """The fields Reddit changes when a thing is deleted by its author or removed by mods.

    As in the samples: a comment loses its author either way; a post keeps its title, and
    its author too when moderators removed it. Newer responses also carry a post's
    removed_by_category, the only sign for a link post (whose selftext stays empty).
    """
    if how not in ("deleted", "removed"):
        raise ValueError(f"how must be 'deleted' or 'removed', not {how!r}")
    marker = f"[{how}]"
    if kind == "t1":
        return {"author": "[deleted]", "body": marker}
    fields: Data = {"removed_by_category": "deleted" if how == "deleted" else "moderator"}
    if data.get("is_self"):
        fields["selftext"] = marker
    if how == "deleted":
        fields["author"] = "[deleted]"
    return fields


def derived(fields: Data) -> Data:
    """Fields Reddit keeps in step with the ones changed, unless given too."""
    extra: Data = {}
    if "body" in fields:
        extra["body_html"] = markdown_html(fields["body"])
    if "selftext" in fields:
        extra["selftext_html"] = markdown_html(fields["selftext"])
    if "score" in fields:
        extra["ups"] = fields["score"]
    return extra | fields


def flatten(node: Any) -> Iterator[Thing]:
    """Every thing in a listing file (or a list of listings), comment trees included."""
    if isinstance(node, list):
        for child in node:
            yield from flatten(child)
    elif isinstance(node, dict) and node.get("kind") == "Listing":
        yield from flatten(node["data"].get("children", []))
    elif isinstance(node, dict) and node.get("kind") not in (None, "more"):
        data = dict(node["data"])
        replies = data.get("replies")
        if node["kind"] == "t1":
            data["replies"] = ""
        yield {"kind": node["kind"], "data": data}
        if isinstance(replies, dict):
            yield from flatten(replies)


# --- The store ---------------------------------------------------------------------


class Store:
    """Things by fullname; thread-safe, hands out deep copies."""

    def __init__(self) -> None:
        self._things: dict[str, Thing] = {}
        # Per (kind, subreddit in lower case, or None for all): (age key, fullname), oldest
        # first. A stream arrives in time order, so keeping them sorted costs an append,
        # and a listing reads only the newest end: it stays cheap however much was fed.
        self._ages: dict[tuple[str, str | None], list[tuple[tuple[float, int, str], str]]] = {}
        self._lock = threading.Lock()
        self._next_number = {"t3": int("100000", 36), "t1": int("c000000", 36)}
        self._clock = float(int(time.time()) - 86_400)

    def add(self, kind: str, data: Data) -> Data:
        name = data.get("name") or f"{kind}_{data['id']}"
        stored: Thing = {"kind": kind, "data": copy.deepcopy(data) | {"name": name}}
        with self._lock:
            if name in self._things:
                self._unindex(self._things[name])
            self._things[name] = stored
            self._index(stored)
            return copy.deepcopy(stored["data"])

    def _index(self, thing: Thing) -> None:
        entry = (age_key(thing), thing["data"]["name"])
        for key in ((thing["kind"], None), (thing["kind"], _subreddit(thing))):
            bisect.insort(self._ages.setdefault(key, []), entry)

    def _unindex(self, thing: Thing) -> None:
        entry = (age_key(thing), thing["data"]["name"])
        for key in ((thing["kind"], None), (thing["kind"], _subreddit(thing))):
            self._ages[key].remove(entry)

    def new_id(self, kind: str) -> str:
        with self._lock:
            while f"{kind}_{base36(self._next_number[kind])}" in self._things:
                self._next_number[kind] += 1
            self._next_number[kind] += 1
            return base36(self._next_number[kind] - 1)

    def next_created_utc(self) -> float:
        with self._lock:
            self._clock += 1
            return self._clock

    def get(self, fullname: str) -> Thing | None:
        with self._lock:
            thing = self._things.get(fullname)
            return copy.deepcopy(thing) if thing else None

    def get_many(self, fullnames: Iterable[str]) -> list[Thing]:
        """The things known among these, in the order asked."""
        with self._lock:
            found = [self._things[name] for name in fullnames if name in self._things]
            return copy.deepcopy(found)

    def update(self, fullname: str, fields: Data) -> Data:
        with self._lock:
            if fullname not in self._things:
                raise KeyError(f"the stand-in holds no {fullname}")
            thing = self._things[fullname]
            self._unindex(thing)
            thing["data"].update(copy.deepcopy(fields))
            self._index(thing)
            return copy.deepcopy(thing["data"])

    def count_comment(self, link_id: str) -> None:
        with self._lock:
            if link_id in self._things:
                self._things[link_id]["data"]["num_comments"] += 1

    def of_kind(self, kind: str, subreddits: set[str] | None = None) -> list[Thing]:
        """Things of `kind`, newest first; `subreddits` (lower case) None means all."""
        with self._lock:
            chosen = [
                copy.deepcopy(thing)
                for thing in self._things.values()
                if thing["kind"] == kind
                and (subreddits is None or str(thing["data"]["subreddit"]).lower() in subreddits)
            ]
        return newest_first(chosen)

    def newest_names(self, kind: str, subreddits: set[str] | None, depth: int) -> list[str]:
        """Fullnames of a listing, newest first, `depth` at most; copies nothing else, so
        a big stream stays cheap to page through."""
        with self._lock:
            keys = [(kind, None)] if subreddits is None else [(kind, s) for s in subreddits]
            newest = [entry for key in keys for entry in self._ages.get(key, [])[-depth:]]
        newest.sort(reverse=True)
        return [name for _, name in newest[:depth]]

    def comment_tree(self, link_id: str) -> list[Thing]:
        """The post's comments nested through `replies`, best scored first at each level."""
        comments = [c for c in self.of_kind("t1") if c["data"]["link_id"] == link_id]
        by_parent: dict[str, list[Thing]] = {}
        for comment in sorted(comments, key=lambda c: -int(c["data"].get("score") or 0)):
            by_parent.setdefault(comment["data"]["parent_id"], []).append(comment)
        for comment in comments:
            replies = by_parent.get(comment["data"]["name"])
            comment["data"]["replies"] = listing(replies) if replies else ""
        return by_parent.get(link_id, [])


# --- Rate limit and faults -----------------------------------------------------------


class RateWindow:
    """Reddit's per-client budget over a fixed window that starts with the first request."""

    def __init__(self, budget: int, window_s: float) -> None:
        self.budget = budget
        self.window_s = window_s
        self._started: float | None = None
        self._used = 0
        self._lock = threading.Lock()

    def count(self) -> bool:
        """Count one request; False when it is over the budget."""
        with self._lock:
            now = time.monotonic()
            if self._started is None or now - self._started >= self.window_s:
                self._started, self._used = now, 0
            self._used += 1
            return self._used <= self.budget

    def headers(self) -> dict[str, str]:
        with self._lock:
            elapsed = 0.0 if self._started is None else time.monotonic() - self._started
            return {
                "x-ratelimit-used": str(self._used),
                "x-ratelimit-remaining": f"{max(self.budget - self._used, 0):.1f}",
                "x-ratelimit-reset": str(max(int(self.window_s - elapsed), 0)),
            }


# --- HTTP ----------------------------------------------------------------------------


def error_body(status: int) -> Data:
    try:
        message = HTTPStatus(status).phrase
    except ValueError:  # Cloudflare's 520/522 and the like
        message = "Error"
    return {"message": message, "error": status}


def query_limit(query: dict[str, list[str]]) -> int:
    try:
        limit = int(query.get("limit", [""])[0])
    except ValueError:
        return DEFAULT_LIMIT
    return min(limit, MAX_LIMIT) if limit > 0 else DEFAULT_LIMIT


class Handler(BaseHTTPRequestHandler):
    """Routes one request against the stand-in that owns the server."""

    standin: RedditStandIn  # set on a per-server subclass

    ROUTES = (
        ("POST", re.compile(r"/api/v1/access_token"), "access_token"),
        ("GET", re.compile(r"/r/(?P<subreddits>[^/]+)/new"), "new_posts"),
        ("GET", re.compile(r"/r/(?P<subreddits>[^/]+)/comments"), "new_comments"),
        ("GET", re.compile(r"/api/info"), "info"),
        ("GET", re.compile(r"(?:/r/[^/]+)?/comments/(?P<post_id>[0-9a-z]+)(?:/[^/]*)?"), "tree"),
    )

    def do_GET(self) -> None:
        self.dispatch("GET")

    def do_POST(self) -> None:
        self.dispatch("POST")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and the console should not fill with access logs."""

    def dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        path = unquote(split.path).rstrip("/").removesuffix(".json") or "/"
        query = parse_qs(split.query)
        standin = self.standin
        standin.record(path)
        standin.wait_delay(path)
        is_api = path != TOKEN_PATH
        within_budget = standin.rate.count() if is_api else True
        if is_api and (standin.rate_limited or not within_budget):
            return self.send_json(429, error_body(429))
        if (status := standin.forced_status(path)) is not None:
            return self.send_json(status, error_body(status))
        route = self.route(method, path)
        if route is None:
            return self.send_json(404, error_body(404))
        if is_api and not standin.has_token(self.headers.get("Authorization", "")):
            challenge = 'Bearer realm="reddit", error="invalid_token"'
            return self.send_json(401, error_body(401), {"www-authenticate": challenge})
        action, params = route
        getattr(self, action)(query, **params)

    def route(self, method: str, path: str) -> tuple[str, dict[str, str]] | None:
        for route_method, pattern, action in self.ROUTES:
            if route_method == method and (match := pattern.fullmatch(path)):
                return action, match.groupdict()
        return None

    def access_token(self, query: dict[str, list[str]]) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if not self.standin.accepts(self.headers.get("Authorization", "")):
            return self.send_json(401, error_body(401))
        if form.get("grant_type") != ["client_credentials"]:
            return self.send_json(200, {"error": "unsupported_grant_type"})
        self.send_json(200, self.standin.issue_token())

    def new_posts(self, query: dict[str, list[str]], subreddits: str) -> None:
        self.send_listing("t3", subreddits, query)

    def new_comments(self, query: dict[str, list[str]], subreddits: str) -> None:
        self.send_listing("t1", subreddits, query)

    def send_listing(self, kind: str, subreddits: str, query: dict[str, list[str]]) -> None:
        wanted = {name.lower() for name in subreddits.split("+")}
        store, depth = self.standin.store, self.standin.listing_depth
        names = store.newest_names(kind, None if "all" in wanted else wanted, depth)
        after, before = query.get("after", [None])[0], query.get("before", [None])[0]
        shown = window(names, query_limit(query), after, before)
        if not shown:
            return self.send_json(200, listing([]))
        # The last page within the listing's depth says there is nothing after it.
        self.send_json(
            200,
            listing(
                store.get_many(names[shown.start : shown.stop]),
                after=names[shown.stop - 1] if shown.stop < len(names) else None,
                before=names[shown.start] if shown.start > 0 else None,
            ),
        )

    def info(self, query: dict[str, list[str]]) -> None:
        fullnames = ",".join(query.get("id", [])).split(",")
        found = [self.standin.store.get(name) for name in fullnames if name]
        self.send_json(200, listing([thing for thing in found if thing]))

    def tree(self, query: dict[str, list[str]], post_id: str) -> None:
        post = self.standin.store.get(f"t3_{post_id}")
        if post is None:
            return self.send_json(404, error_body(404))
        comments = self.standin.store.comment_tree(post["data"]["name"])
        self.send_json(200, [listing([post]), listing(comments)])

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (self.standin.rate.headers() | (headers or {})).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. its timeout fired while we were delaying)


# --- The stand-in ----------------------------------------------------------------------


class RedditStandIn:
    """A local Reddit: use `.url` as both PRAW's `oauth_url` and `reddit_url`."""

    def __init__(
        self,
        port: int = 0,
        budget: int = 100_000,
        window_s: float = 600.0,
        credentials: tuple[str, str] | None = None,
        listing_depth: int = LISTING_DEPTH,
    ) -> None:
        """`budget` requests per `window_s` (Reddit: 600 per 600 s); `credentials`, when
        given, is the only (client_id, client_secret) the token endpoint accepts; a listing
        shows its newest `listing_depth` items and nothing older."""
        self.store = Store()
        self.rate = RateWindow(budget, window_s)
        self.listing_depth = listing_depth
        self.rate_limited = False
        self._port = port
        self._credentials = credentials
        self._tokens: set[str] = set()
        self._faults: dict[str, int] = {}
        self._delay: tuple[float, str] = (0.0, "/")
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> RedditStandIn:
        handler = type("BoundHandler", (Handler,), {"standin": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._server.daemon_threads = True
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() waits up to one poll
            name="reddit-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping on an injected delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> RedditStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the stand-in is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"  # !s: typed as maybe bytes, but an IPv4 host is a str

    # content

    def add_post(self, **fields: Any) -> Data:
        """Store a t3; unspecified fields get Reddit-like defaults. Returns its data."""
        id_ = fields.get("id") or self.store.new_id("t3")
        created = fields.get("created_utc") or self.store.next_created_utc()
        return self.store.add("t3", post_data(id_, created, fields))

    def add_comment(self, **fields: Any) -> Data:
        """Store a t1; link_id defaults to the newest post, parent_id to link_id."""
        link_id = fields.get("link_id") or self._newest_post_name()
        post = self.store.get(link_id) if link_id else None
        id_ = fields.get("id") or self.store.new_id("t1")
        created = fields.get("created_utc") or self.store.next_created_utc()
        data = comment_data(id_, created, fields, post["data"] if post else None)
        self.store.count_comment(data["link_id"])
        return self.store.add("t1", data)

    def add_raw(self, kind: str, data: Data) -> Data:
        """Store exactly this JSON object as a thing of `kind` (t1, t3, t5...)."""
        return self.store.add(kind, data)

    def update(self, fullname: str, **fields: Any) -> Data:
        """Change a stored thing (score, num_comments, body, selftext, edited...) as Reddit
        would show it changed: body_html, selftext_html and ups follow. Returns its data."""
        return self.store.update(fullname, derived(fields))

    def delete(self, fullname: str, how: str = "deleted") -> Data:
        """Make a thing look as Reddit shows it once deleted by its author ("deleted") or
        removed by moderators ("removed"). Returns its data."""
        thing = self.store.get(fullname)
        if thing is None:
            raise KeyError(f"the stand-in holds no {fullname}")
        return self.update(fullname, **markers(thing["kind"], how, thing["data"]))

    def load_listing_file(self, path: str | Path) -> int:
        """Store every thing of a Reddit listing JSON file; returns how many."""
        things = list(flatten(json.loads(Path(path).read_text(encoding="utf-8"))))
        for thing in things:
            self.add_raw(thing["kind"], thing["data"])
        return len(things)

    def load_samples(self, directory: str | Path) -> int:
        return sum(self.load_listing_file(path) for path in sorted(Path(directory).glob("*.json")))

    def _newest_post_name(self) -> str | None:
        newest = self.store.newest_names("t3", None, depth=1)
        return newest[0] if newest else None

    # fault injection

    def fail_path(self, prefix: str, status: int) -> None:
        """Answer `status` to every request whose path starts with `prefix` (any case).

        A combined listing fails when any of its subreddits does, as Reddit's does with a
        banned or private one: "/r/broken/" also fails "/r/a+broken+c/new".
        """
        with self._lock:
            self._faults[prefix.lower()] = status

    def set_delay(self, seconds: float, path_prefix: str = "/") -> None:
        """Hold each matching request `seconds` before answering (0 to stop)."""
        self._delay = (seconds, path_prefix.lower())

    def set_rate_limited(self, enabled: bool = True) -> None:
        """Answer 429 to every API request, as Reddit does once the budget is spent."""
        self.rate_limited = enabled

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
        self.set_delay(0.0)
        self.set_rate_limited(False)

    # accounting

    def requests_by_path(self) -> Counter[str]:
        """Requests so far by path (no query string, no trailing slash)."""
        with self._lock:
            return Counter(self._counts)

    @property
    def total_requests(self) -> int:
        with self._lock:
            return self._counts.total()

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()

    # used by the handler

    def record(self, path: str) -> None:
        with self._lock:
            self._counts[path] += 1

    def wait_delay(self, path: str) -> None:
        seconds, prefix = self._delay
        if seconds > 0 and path.lower().startswith(prefix):
            self._stopping.wait(seconds)

    def forced_status(self, path: str) -> int | None:
        candidates = [path.lower() + "/", *one_per_subreddit(path.lower())]
        with self._lock:
            for prefix, status in self._faults.items():
                if any(candidate.startswith(prefix) for candidate in candidates):
                    return status
        return None

    def accepts(self, authorization: str) -> bool:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic" or not encoded:
            return False
        try:
            client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
        except ValueError:  # not base64, or not UTF-8
            return False
        return self._credentials is None or (client_id, secret) == self._credentials

    def issue_token(self) -> Data:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens.add(token)
        return {"access_token": token, "token_type": "bearer", "expires_in": 86400, "scope": "*"}

    def has_token(self, authorization: str) -> bool:
        scheme, _, token = authorization.partition(" ")
        with self._lock:
            return scheme.lower() == "bearer" and token in self._tokens


def one_per_subreddit(path: str) -> list[str]:
    """A combined listing's path as one per subreddit: /r/a+b/new as /r/a/new/ and /r/b/new/."""
    match = re.fullmatch(r"/r/(?P<names>[^/]+\+[^/]+)(?P<rest>/.*)?", path)
    if match is None:
        return []
    rest = match["rest"] or ""
    return [f"/r/{name}{rest}/" for name in match["names"].split("+")]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--samples", type=Path, help="a directory of Reddit listing JSON files")
    parser.add_argument("--budget", type=int, default=600, help="requests per 600 s window")
    parser.add_argument(
        "--credentials", metavar="ID:SECRET", help="the only client id and secret accepted"
    )
    parser.add_argument(
        "--stream", type=float, default=0, metavar="N", help="feed N new comments a second"
    )
    parser.add_argument(
        "--stream-posts", type=float, default=0, metavar="N", help="and N new posts a second"
    )
    parser.add_argument(
        "--subreddits", default="python,rust", help="where the stream goes, joined by commas"
    )
    args = parser.parse_args(argv)
    credentials = tuple(args.credentials.split(":", 1)) if args.credentials else None
    with contextlib.ExitStack() as running:
        standin = running.enter_context(
            RedditStandIn(port=args.port, budget=args.budget, credentials=credentials)
        )
        loaded = standin.load_samples(args.samples) if args.samples else 0
        print(
            f"Reddit stand-in at {standin.url}: {loaded} things, {args.budget} requests"
            " per 600 s (prawcore paces itself to that). Ctrl-C stops it.",
            flush=True,
        )
        if args.stream or args.stream_posts:
            from testkit.live_feed import LiveFeed

            subreddits = args.subreddits.split(",")
            running.enter_context(LiveFeed(standin, subreddits, args.stream, args.stream_posts))
            print(
                f"streaming {args.stream:g} comments and {args.stream_posts:g} posts a second"
                f" into r/{', r/'.join(subreddits)}",
                flush=True,
            )
        # Explicit handlers: a process started in the background inherits SIGINT ignored,
        # and then Ctrl-C (or a runner's SIGINT) would never reach a KeyboardInterrupt.
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()


if __name__ == "__main__":
    main()
