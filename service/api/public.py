"""The public API that article pages call: post comments, read threads, count them."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from .. import comments, listing_cache, threads
from ..errors import APIError
from ..extensions import limiter
from ..models import CommentStatus
from ..schemas import (
    CommentIn,
    CountsQuery,
    ListQuery,
    RepliesQuery,
    comment_in,
    counts_query,
    list_query,
    replies_query,
    submitted_out,
)
from .contract import COUNTS, ListingOut, RepliesOut, SubmittedOut
from .requests import client_info, comments_limit, json_object, reads_limit
from .spec import documented

bp = Blueprint("public", __name__)


@bp.post("/comments")
@documented(body=CommentIn, responses={201: SubmittedOut}, tags=("public",),
            errors={403: "`thread_closed`: the article no longer takes comments.",
                    422: "`abuse_nudge` (only when `nudge` was true): the comment may break "
                         "the site's rules; `abuse` names the categories and words. Nothing "
                         "was stored."})
@limiter.limit(comments_limit)
def post_comment():
    """Accept a reader's comment."""
    submission = comment_in.load(json_object())
    comment = comments.submit(submission, client_info())
    # Spam is answered exactly like a held comment: no tip-off to the sender.
    public_status = "approved" if comment.status is CommentStatus.APPROVED else "pending"
    return jsonify(id=comment.id, status=public_status,
                   comment=submitted_out.dump(comment)), 201


@bp.get("/comments")
@documented(query=ListQuery, responses={200: ListingOut, 304: None}, tags=("public",),
            headers={200: {"ETag": "Tag of this page; send it back as If-None-Match."},
                     304: {"ETag": "The tag that still matches."}},
            request_headers={"If-None-Match": "An ETag from an earlier answer."})
@limiter.limit(reads_limit)
def list_comments():
    """List a thread's approved comments, a page of top-level ones with their replies."""
    query = list_query.load(request.args.to_dict())
    limit = _page_size(query["limit"], current_app.config["PAGE_SIZE_DEFAULT"])
    after = comments.decode_cursor(query["cursor"]) if query["cursor"] else None
    state = comments.thread_state(query["thread"])

    etag = listing_cache.etag(state, query["order"], limit, after)
    # Weak comparison (RFC 9110): a proxy that compresses the answer weakens its tag.
    if request.if_none_match.contains_weak(etag):
        return _cached(Response(status=304), etag)
    body = listing_cache.listing_body(state, order=query["order"], limit=limit, after=after)
    return _cached(Response(body, mimetype="application/json"), etag)


@bp.get("/comments/<int:comment_id>/replies")
@documented(query=RepliesQuery, responses={200: RepliesOut, 304: None}, tags=("public",),
            headers={200: {"ETag": "Tag of this page; send it back as If-None-Match."},
                     304: {"ETag": "The tag that still matches."}},
            request_headers={"If-None-Match": "An ETag from an earlier answer."},
            errors={404: "`not_found`: no such comment, or not a top-level one."})
@limiter.limit(reads_limit)
def list_replies(comment_id: int):
    """List a top-level comment's approved replies, oldest first, a page at a time."""
    query = replies_query.load(request.args.to_dict())
    limit = _page_size(query["limit"], current_app.config["REPLIES_PER_COMMENT"])
    after = comments.decode_cursor(query["cursor"]) if query["cursor"] else None
    root, state = comments.public_root(comment_id)
    etag = listing_cache.replies_etag(root.id, state, limit, after)
    if request.if_none_match.contains_weak(etag):
        return _cached(Response(status=304), etag)
    body = listing_cache.replies_body(root.id, state, limit=limit, after=after)
    return _cached(Response(body, mimetype="application/json"), etag)


def _page_size(asked: int | None, default: int) -> int:
    most = current_app.config["PAGE_SIZE_MAX"]
    if asked is not None and asked > most:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"limit": [f"Must be at most {most}."]})
    return asked or default


@bp.get("/counts")
@documented(query=CountsQuery, responses={200: COUNTS}, tags=("public",))
@limiter.limit(reads_limit)
def count_comments():
    """Count approved comments for many threads in one request."""
    sent = request.args.getlist("thread")
    keys = counts_query.load({"thread": sent})["thread"]
    found = threads.counts(list(dict.fromkeys(keys)))
    # Answer under the keys as sent; they were trimmed and normalised to be looked up.
    return jsonify({original: found[key] for original, key in zip(sent, keys, strict=True)})


def _cached(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = listing_cache.cache_control(
        current_app.config["CACHE_MAX_AGE"])
    response.vary.add("Origin")
    return response
