"""The XSS corpus (tests/data/xss_vectors.txt) and the allowlist check of stored HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from service import comments, rendering
from service.extensions import db
from service.models import Comment, CommentStatus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xss_vectors.txt"


def vectors() -> list[str]:
    """Return every vector in the corpus, with \\n turned into line breaks."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines
            if line.strip() and line != "#" and not line.startswith("# ")]


def allowlist_problems(html: str) -> list[str]:
    """Return what in this HTML leaves rendering.py's allowlist (empty when nothing)."""
    checker = _AllowlistChecker()
    checker.feed(html)
    checker.close()
    return checker.problems


class _AllowlistChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in rendering.ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = set(rendering.ALLOWED_ATTRIBUTES.get(tag, ())) | ({"rel"} if tag == "a" else
                                                                    set())
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                if scheme and scheme not in rendering.ALLOWED_SCHEMES:
                    self.problems.append(f"href scheme {scheme}:")
            elif name == "rel" and value != rendering.LINK_REL:
                self.problems.append(f"rel={value!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data}")


FIELDS = ["author", "website", "body"]


def approve_all(app):
    with app.app_context():
        held = db.session.execute(
            db.select(Comment).where(Comment.status != CommentStatus.APPROVED)).scalars()
        for comment in held:
            comments.set_status(comment, CommentStatus.APPROVED, actor="test")
        db.session.commit()
