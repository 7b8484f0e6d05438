"""Exported rows read back by Python's csv and json modules give the stored values."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from domain.model import Removal, Sentiment
from entrypoints.export_rows import COLUMNS, csv_header, csv_rows, ndjson_rows
from tests.fakes import T0, make_comment, make_post

NASTY = 'He said "no, thanks",\nthen left;\r\nÜnïcödé 🐍 — ok\t=1+2\n\n'
GOOD = Sentiment(0.6249, 0.5, 0.4, 0.1)

POST = make_post(
    "Python", id="abc12", title='A "title", with commas', body=NASTY, author="someone",
    score=-3, num_comments=7, created_utc=T0 + timedelta(microseconds=250),
    edited_utc=T0 + timedelta(hours=1), url="https://example.invalid/x?a=1,2",
    permalink="/r/Python/comments/abc12/a_title/", sentiment=GOOD,
)  # fmt: skip
COMMENT = make_comment(
    POST, "", id="def34", parent_id="t1_xyz", author=None, score=0, removed=Removal.REMOVED,
    created_utc=T0,
)  # fmt: skip


def read_csv(data: bytes) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header, *rows = list(reader)
    assert tuple(header) == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_reads_back_to_the_values_of_a_post_and_a_comment() -> None:
    post, comment = read_csv(csv_header() + csv_rows([POST, COMMENT]))
    assert post == {
        "kind": "post", "id": "abc12", "fullname": "t3_abc12", "subreddit": "Python",
        "created_utc": "2026-11-01T12:00:00.000250Z", "author": "someone", "score": "-3",
        "num_comments": "7", "post_id": "abc12", "parent_id": "", "label": "positive",
        "compound": "0.6249", "positive": "0.5", "neutral": "0.4", "negative": "0.1",
        "removed": "", "edited_utc": "2026-11-01T13:00:00Z",
        "url": "https://example.invalid/x?a=1,2", "permalink": "/r/Python/comments/abc12/a_title/",
        "title": 'A "title", with commas', "body": NASTY,
    }  # fmt: skip
    assert comment == {
        "kind": "comment", "id": "def34", "fullname": "t1_def34", "subreddit": "Python",
        "created_utc": "2026-11-01T12:00:00Z", "author": "", "score": "0", "num_comments": "",
        "post_id": "abc12", "parent_id": "t1_xyz", "label": "", "compound": "",
        "positive": "", "neutral": "", "negative": "", "removed": "removed", "edited_utc": "",
        "url": "", "permalink": "/r/Python/comments/abc12/_/def34/", "title": "", "body": "",
    }  # fmt: skip


def test_csv_quotes_only_what_needs_it_and_ends_records_with_crlf() -> None:
    data = csv_rows([COMMENT]).decode()
    assert data.endswith("\r\n")
    assert data.count("\r\n") == 1, "a comment without text is one line"
    assert '"He said ""no, thanks"",\nthen left;\r\n' in csv_rows([POST]).decode()


def test_nothing_to_export_is_the_header_alone() -> None:
    assert read_csv(csv_header() + csv_rows([])) == []
    assert csv_header().decode() == ",".join(COLUMNS) + "\r\n"


def test_ndjson_is_one_object_per_line_with_nulls_and_numbers() -> None:
    lines = ndjson_rows([POST, COMMENT]).decode().split("\n")
    assert lines[-1] == "", "every line ends with a newline"
    post, comment = (json.loads(line) for line in lines[:-1])
    assert list(post) == list(COLUMNS)
    assert post["body"] == NASTY and post["title"] == 'A "title", with commas'
    assert (post["score"], post["num_comments"], post["compound"]) == (-3, 7, 0.6249)
    assert post["created_utc"] == "2026-11-01T12:00:00.000250Z"
    assert (comment["author"], comment["title"], comment["compound"]) == (None, None, None)
    assert (comment["label"], comment["removed"], comment["url"]) == (None, "removed", None)
