"""Take the console's screenshots for the docs (docs/images/console-*.png).

Run from a checkout: `python scripts/console_screenshots.py` (needs playwright and a
Debian chromium, as the browser tests do; MARGIN_CHROMIUM names another one). It serves
Margin on a throwaway SQLite database, seeds a mixed queue, signs a moderator in and
photographs the sign-in form, the urgent queue, the author panel and the shortcuts.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from service import comments, create_app, database  # noqa: E402
from service.accounts import accounts  # noqa: E402
from service.extensions import db  # noqa: E402
from service.models import Comment, CommentStatus, Role  # noqa: E402
from service.schema import upgrade_once  # noqa: E402

IMAGES = ROOT / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 800}
EMAIL, PASSWORD = "nadia@courier.example", "harbour bridge bearings"
THREAD = {"thread": "/news/2026/11/harbour-bridge",
          "title": "Harbour Bridge to close for six weeks of repairs",
          "url": "https://courier.example/news/2026/11/harbour-bridge"}
COMMENTS = [
    ("Ruth Amadi", "ruth@example.org", "192.0.2.10",
     "The engineers will be at the Old Fish Market on 9 December. Bring your questions.",
     None),
    ("Tom Haverly", "tom@example.org", "192.0.2.11",
     "Will they publish the penalty clauses? Traders deserve to see them.", "harassment"),
    ("Deal Finder", "deals@coupons.example", "203.0.113.40",
     "Cheap bridge tickets!!! Visit https://coupons.example/deal now for 90% off", "spam"),
    ("Deal Finder", "deals@coupons.example", "203.0.113.40",
     "Best prices on ferry passes at https://coupons.example/ferry today only", None),
    ("Priya N.", "priya@example.org", "192.0.2.12",
     "Good to see the footway stays open for cyclists.", None),
    ("Anonymous", "anon@example.net", "198.51.100.23",
     "The head teacher's daughter at St Mary's posts about this, her name is ...",
     "child_safety"),
]


def seed(app) -> None:
    client = app.test_client()
    for author, email, ip, body, reported in COMMENTS:
        answer = client.post("/api/v1/comments", json={**THREAD, "author": author,
                                                       "email": email, "body": body},
                             environ_base={"REMOTE_ADDR": ip})
        comment_id = answer.get_json()["id"]
        if reported:
            client.post(f"/api/v1/comments/{comment_id}/reports",
                        json={"category": reported, "text": "Please look at this."},
                        environ_base={"REMOTE_ADDR": "198.51.100.99"})
    with app.app_context():
        database.begin_write()
        held = db.session.execute(db.select(Comment).filter_by(author="Priya N.")).scalar_one()
        comments.set_status(held, CommentStatus.PENDING, actor="spam-filter")
        db.session.commit()
        accounts.create(EMAIL, Role.MODERATOR, "Nadia Okafor", password=PASSWORD)


def main() -> None:
    chromium = os.environ.get("MARGIN_CHROMIUM") or shutil.which("chromium")
    folder = tempfile.mkdtemp(prefix="margin-shots-")
    app = create_app({"DEMO_PAGE": False, "WEBHOOKS_INPROCESS_WORKER": False},
                     instance_path=folder)
    with app.app_context():
        upgrade_once()
    seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    IMAGES.mkdir(exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium,
                                                 args=["--headless", "--no-sandbox"])
            page = browser.new_page(viewport=VIEWPORT, locale="en-GB", timezone_id="UTC")
            page.goto(f"{base}/console/")
            page.screenshot(path=str(IMAGES / "console-signin.png"))
            page.get_by_label("Email", exact=True).fill(EMAIL)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.locator(".card").first.wait_for()
            page.screenshot(path=str(IMAGES / "console-queue.png"))
            page.keyboard.press("j")
            page.keyboard.press("j")
            page.keyboard.press("u")
            page.locator("#author:not([hidden]) .mini").first.wait_for()
            page.screenshot(path=str(IMAGES / "console-author.png"))
            page.keyboard.press("Escape")
            page.keyboard.press("?")
            page.locator("dialog#keys").wait_for()
            page.screenshot(path=str(IMAGES / "console-shortcuts.png"))
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Screenshots written to {IMAGES}")


if __name__ == "__main__":
    main()
