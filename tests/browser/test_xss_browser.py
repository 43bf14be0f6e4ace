"""The XSS corpus in a real browser: every vector, posted as author, website and body and
approved, is rendered by the widget on another origin's page (one without a CSP of its
own) and poked with events; the sentinel the vectors call is never called."""

from playwright.sync_api import expect

from tests.helpers.xss import FIELDS, allowlist_problems, approve_all, vectors

VECTORS = vectors()
# The vectors call xss(); the usual proofs of execution report to it too.
SENTINEL = """<script>
window.__xss = [];
window.xss = function () { window.__xss.push(String(new Error().stack)); };
for (const name of ["alert", "confirm", "prompt", "print"]) window[name] = window.xss;
</script>"""
POKE = """() => {
  const types = ["mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "click",
                 "dblclick", "auxclick", "focus", "focusin", "blur", "pointerover",
                 "keydown", "animationstart", "toggle", "load", "error"];
  const safe = /^(https?|mailto):$/;
  let poked = 0;
  for (const el of document.querySelectorAll(".margin-body, .margin-body *, .margin-author")) {
    for (const type of types) {
      // A safe link would navigate away; any other link is clicked to prove it is inert.
      if (type === "click" && el.closest("a") && safe.test(el.closest("a").protocol)) continue;
      el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
      poked += 1;
    }
  }
  return poked;
}"""
INSPECT = """() => {
  const out = {bodies: [], authors: [], links: []};
  for (const body of document.querySelectorAll(".margin-body")) out.bodies.push(body.innerHTML);
  for (const a of document.querySelectorAll(".margin-author")) {
    out.authors.push({tag: a.tagName, children: a.children.length,
                      href: a.getAttribute("href")});
  }
  for (const a of document.querySelectorAll(".margin a")) out.links.push(a.protocol);
  return out;
}"""


def post_corpus(margin) -> dict[str, int]:
    client = margin.app.test_client()
    stored = {}
    for field in FIELDS:
        stored[field] = 0
        for n, vector in enumerate(VECTORS):
            value = f"https://example.org/{vector}" if field == "website" and n % 2 else vector
            payload = {"thread": f"/xss/{field}", "author": "Ann Reader",
                       "email": "ann@example.com", "body": "A plain comment.", field: value}
            response = client.post("/api/v1/comments", json=payload,
                                   environ_base={"REMOTE_ADDR": "192.0.2.10"})
            assert response.status_code in (201, 400), response.get_json()
            stored[field] += response.status_code == 201
    approve_all(margin.app)
    return stored


def test_no_vector_runs_in_the_widget(page, pages, serve_margin, capsys):
    margin = serve_margin({"RATELIMIT_COMMENTS": "100000/minute"})
    stored = post_corpus(margin)
    assert stored["body"] == len(VECTORS)
    poked = 0
    for field in FIELDS:
        page.goto(pages.article(margin.url, thread=f"/xss/{field}", limit=200, head=SENTINEL))
        expect(page.locator(".margin-comment")).to_have_count(stored[field])
        poked += page.evaluate(POKE)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") == [], f"a vector ran, posted as {field}"
        seen = page.evaluate(INSPECT)
        problems = [(html, allowlist_problems(html)) for html in seen["bodies"]]
        assert [p for p in problems if p[1]] == []
        for author in seen["authors"]:
            assert author["children"] == 0  # the name is text, never markup
            assert author["href"] is None or author["href"].startswith(("http://", "https://"))
        assert set(seen["links"]) <= {"http:", "https:", "mailto:"}
    assert page.evaluate("window.__xss") == []
    with capsys.disabled():
        print(f"\nxss in chromium: {len(VECTORS)} vectors, {sum(stored.values())} comments "
              f"rendered by the widget, {poked} events dispatched, sentinel untouched")


def test_the_sentinel_notices_a_vector_that_runs(page, pages, margin, seed):
    # The control: HTML written past the sanitiser, straight into the database, must trip
    # the sentinel, or the test above proves nothing.
    from service.extensions import db
    from service.models import Comment

    comment_id = seed(margin, thread="/xss/control")
    with margin.app.app_context():
        db.session.get(Comment, comment_id).html = '<img src="x" onerror="xss()">'
        db.session.commit()
    page.goto(pages.article(margin.url, thread="/xss/control", head=SENTINEL))
    expect(page.locator(".margin-comment")).to_have_count(1)
    page.wait_for_function("window.__xss.length > 0")
    assert allowlist_problems(page.evaluate(INSPECT)["bodies"][0])
