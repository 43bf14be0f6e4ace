"""The widget's built assets as the service ships them: headers, caching, size, locales."""

import gzip
import json
import re
from pathlib import Path

import pytest

from service.config import Defaults

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "service" / "static" / "widget"
LOCALES = ROOT / "widget" / "src" / "locales"
BUDGET = 8 * 1024  # bytes, gzip: everything an article page loads from us for the widget


def gzipped_size(path: Path) -> int:
    """Return the size of path's contents gzipped at the maximum level."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_article_page_cost_fits_the_budget():
    total = gzipped_size(BUILT / "embed.js") + gzipped_size(BUILT / "embed.css")
    assert total <= BUDGET, f"embed.js + embed.css are {total} bytes gzip, over {BUDGET}"


def test_count_script_stays_tiny():
    assert gzipped_size(BUILT / "count.js") <= 1024


def test_stylesheet_only_styles_the_widget():
    css = re.sub(r"@media[^{]*\{", "", (BUILT / "embed.css").read_text(encoding="utf-8"))
    selectors = [sel.strip() for rule in re.findall(r"([^{}]+)\{", css) for sel in rule.split(",")]
    assert selectors
    # Each selector starts at a margin- class (possibly on a tag: textarea.margin-input).
    assert [sel for sel in selectors if not re.match(r"[a-z]*\.margin", sel)] == []


@pytest.mark.parametrize(("name", "kind"), [
    ("embed.js", "javascript"), ("count.js", "javascript"), ("embed.css", "text/css"),
])
def test_widget_files_are_served_with_validators_and_caching(client, name, kind):
    response = client.get(f"/widget/{name}")

    assert response.status_code == 200
    assert kind in response.content_type
    assert response.data == (BUILT / name).read_bytes()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert set(response.headers["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert response.headers["Last-Modified"]
    again = client.get(f"/widget/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/widget/missing.js", "/widget/../web.py",
                                  "/widget/%2e%2e/web.py", "/widget/"])
def test_only_built_widget_files_are_served(client, path):
    assert client.get(path).status_code == 404


def test_demo_page_embeds_the_widget_under_a_strict_policy(client):
    response = client.get("/")

    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self';") and "unsafe" not in policy
    page = response.get_data(as_text=True)
    assert '<div id="margin-comments"></div>' in page
    assert 'src="/widget/embed.js"' in page and "data-margin-thread=" in page
    assert "<style" not in page and "<script>" not in page  # nothing inline for the CSP


# The widget's strings, and those of the parts it loads when first needed (report, nudge).
LOCALE_FOLDERS = [LOCALES, LOCALES / "report", LOCALES / "nudge"]


@pytest.mark.parametrize("folder", LOCALE_FOLDERS, ids=lambda f: f.name)
def test_locales_translate_the_same_strings_with_the_same_plural_forms(folder):
    english = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    others = list(folder.glob("*.json"))
    assert {p.name for p in others} == {"en.json", "fr.json"}
    for path in others:
        strings = json.loads(path.read_text(encoding="utf-8"))
        assert strings.keys() == english.keys(), path.name
        for key, value in english.items():
            assert type(strings[key]) is type(value), f"{path.name}: {key}"
            if isinstance(value, dict):
                assert "other" in strings[key], f"{path.name}: {key}"


def test_parts_loaded_later_are_not_in_the_page_cost():
    embed = (BUILT / "embed.js").read_text(encoding="utf-8")
    # The report form and the nudge come with their own files, on first use only.
    assert "report.js" not in embed and "good faith" not in embed
    assert "Post anyway" not in embed
    for part in ("report.js", "nudge.js"):
        assert "marginParts" in (BUILT / part).read_text(encoding="utf-8")


# Each client-side limit in widget/src/validate.js and the server setting it mirrors.
WIDGET_LIMITS = {
    "authorMax": "AUTHOR_MAX_LENGTH", "emailMax": "EMAIL_MAX_LENGTH",
    "websiteMax": "WEBSITE_MAX_LENGTH", "bodyMin": "BODY_MIN_LENGTH",
    "bodyMax": "BODY_MAX_LENGTH", "titleMax": "TITLE_MAX_LENGTH", "urlMax": "URL_MAX_LENGTH",
}


def test_the_widgets_length_limits_are_the_servers_defaults():
    source = (ROOT / "widget" / "src" / "validate.js").read_text()
    block = re.search(r"export const LIMITS = \{(.*?)\};", source, re.S).group(1)
    limits = {name: int(value) for name, value in re.findall(r"(\w+): (\d+),", block)}
    assert limits == {name: getattr(Defaults, setting)
                      for name, setting in WIDGET_LIMITS.items()}


# The report form's limits (REPORT_LIMITS in validate.js) and the settings they mirror.
REPORT_LIMITS = {"reportTextMax": "REPORT_TEXT_MAX_LENGTH", "lawMax": "NOTICE_LAW_MAX_LENGTH",
                 "authorMax": "AUTHOR_MAX_LENGTH", "emailMax": "EMAIL_MAX_LENGTH"}


def test_the_report_forms_limits_are_the_servers_defaults():
    source = (ROOT / "widget" / "src" / "validate.js").read_text()
    block = re.search(r"export const REPORT_LIMITS = \{(.*?)\};", source, re.S).group(1)
    limits = {name: int(value) for name, value in re.findall(r"(\w+): (\d+),", block)}
    assert limits == {name: getattr(Defaults, setting)
                      for name, setting in REPORT_LIMITS.items()}


def test_the_widget_takes_its_limits_and_api_base_from_one_place():
    sources = {path.name: path.read_text() for path in (ROOT / "widget" / "src").glob("*.js")}
    assert [name for name, text in sources.items() if "/api/v1" in text] == ["api.js"]
    assert not [name for name, text in sources.items()
                if name != "validate.js" and re.search(r"\b(300|2048|5000)\b", text)]
