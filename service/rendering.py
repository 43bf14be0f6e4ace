"""Turn comment text into the small, safe HTML readers see, once, at write time."""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"p", "br", "a", "em", "strong", "code", "pre", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


# Everything linkify-it turns into a link holds one of these: a scheme's ":" (http:,
# mailto:), "//" (a protocol-relative link, even to a bare host), an email's "@", or a
# dot directly followed by a letter (a domain's TLD, including punycode and IDN ones).
_MAY_LINK = re.compile(r"[:@]|//|\.[^\W\d_]")


@cache
def _markdown(linkify: bool = True) -> MarkdownIt:
    # CommonMark with raw HTML off, then only the constructs readers need in a comment.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": linkify})
    if linkify:
        md.enable("linkify")
    md.disable(["heading", "lheading", "image", "table", "hr", "html_block", "html_inline",
                "list", "reference"], ignoreInvalid=True)
    return md


def render(text: str) -> str:
    """Render comment text to allowlisted HTML."""
    # Finding links is over half of the Markdown step's work; a text without any of their
    # marks renders the same without it (tests/test_xss.py compares the two).
    return sanitise(_markdown(bool(_MAY_LINK.search(text))).render(text))


def sanitise(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes of HTML."""
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
