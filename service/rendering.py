"""Turn comment text into the small, safe HTML readers see, once, at write time."""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"p", "br", "a", "em", "strong", "code", "pre", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


@cache
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off, then only the constructs readers need in a comment.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": True})
    md.enable("linkify")
    md.disable(["heading", "lheading", "image", "table", "hr", "html_block", "html_inline",
                "list", "reference"], ignoreInvalid=True)
    return md


def render(text: str) -> str:
    """Render comment text to allowlisted HTML."""
    html = _markdown().render(text)
    # The sanitiser is the guarantee: whatever the Markdown step lets through,
    # only allowlisted tags, attributes and URL schemes survive.
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        # "*": nh3 otherwise keeps lang and title on every tag, outside the allowlist.
        attributes={"*": set(), **{k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
