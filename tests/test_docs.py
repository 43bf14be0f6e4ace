"""The docs site builds strictly, its generated pages follow the code, the README stays short."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Work-log phrasing and run timestamps that belong in git, not in the docs.
HISTORY = re.compile(r"\b(this|that|last|previous|next|first|second|third|fourth|fifth|"
                     r"sixth|the \w+'s) session\b|(?<![\d:T])\d{1,2}:\d{2}Z\b", re.IGNORECASE)
COMMIT_IN_PROSE = re.compile(r"`(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,12}`")


def _hooks():
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "scripts" / "docs_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site():
    """Build the site once with `mkdocs build --strict` into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="margin-docs-") as folder:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                           os.environ.get("PYTHONPATH")]))}
        built = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", folder],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stdout + built.stderr
        yield Path(folder)


@pytest.mark.slow
def test_the_site_builds_with_every_page(site):
    for page in DOCS.glob("*.md"):
        name = "index.html" if page.stem == "index" else f"{page.stem}/index.html"
        assert (site / name).is_file(), page.name
    for plans in (DOCS / "benchmarks").glob("plans-*.md"):
        assert (site / "benchmarks" / plans.stem / "index.html").is_file()


@pytest.mark.slow
def test_the_configuration_page_lists_every_setting_with_its_default(site):
    from service.config import Defaults

    html = (site / "configuration" / "index.html").read_text(encoding="utf-8")
    names = [n for n in vars(Defaults) if n.isupper()]
    assert len(names) > 40
    for name in names:
        assert f"MARGIN_{name}</code>" in html, name
    # A default as the code has it: a computed one (64 * 1024) shows its value.
    assert "<code>65536</code>" in html


def test_settings_are_read_from_the_source_with_their_comments():
    hooks = _hooks()
    found = {s["name"]: s for s in hooks.settings(hooks.CONFIG_SOURCE.read_text())}
    from service.config import Defaults

    assert set(found) == {n for n in vars(Defaults) if n.isupper()}
    for name, setting in found.items():
        assert setting["default"] == getattr(Defaults, name), name
        assert setting["comment"], f"{name} has no comment in service/config.py"
    # A setting under another without a comment of its own shares that comment.
    assert found["DB_MAX_OVERFLOW"]["comment"] == found["DB_POOL_SIZE"]["comment"]


def test_a_setting_without_any_comment_is_shown_without_one():
    hooks = _hooks()
    source = "class Defaults:\n    A = 1\n\n    # Explained.\n    B = 2 * 3\n    C = None\n"
    found = hooks.settings(source)
    assert [(s["name"], s["default"], s["comment"]) for s in found] == [
        ("A", 1, ""), ("B", 6, "Explained."), ("C", None, "Explained.")]


@pytest.mark.slow
def test_the_api_reference_has_every_operation_of_the_openapi_document(site):
    from service.api import spec

    hooks = _hooks()
    document = hooks.openapi_document()
    html = (site / "api-reference" / "index.html").read_text(encoding="utf-8")
    operations = spec.documented_operations(document)
    assert len(operations) > 30
    for method, path in operations:
        assert f"<code>{method} {path}</code>" in html, (method, path)
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name.lower()}"' in html, name


def test_the_api_reference_renders_parameters_bodies_and_answers():
    document = {
        "info": {"description": "About."},
        "paths": {"/things/{id}": {"patch": {
            "operationId": "api.things.change", "summary": "Change a thing.",
            "tags": ["public"], "security": [{"bearer": []}],
            "parameters": [{"in": "path", "name": "id", "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 9}}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ThingIn"}}}},
            "responses": {"200": {"description": "OK.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ThingIn"}}}},
                          "404": {"$ref": "#/components/responses/NotFound"}}}}},
        "components": {
            "schemas": {"ThingIn": {"type": "object", "required": ["name"],
                                    "additionalProperties": False, "properties": {
                                        "name": {"type": "string", "maxLength": 5},
                                        "kind": {"type": "string", "enum": ["a", "b"],
                                                 "nullable": True}}}},
            "responses": {"NotFound": {"description": "`not_found`: no such thing."}}},
    }
    text = _hooks().api_reference(document)
    assert "### `PATCH /things/{id}` {#op-api-things-change}" in text
    assert "Needs a bearer token" in text
    assert "| `id` | path | integer | yes | 1 to 9 |" in text
    assert "Body (required, JSON): [`ThingIn`](#schema-thingin)." in text
    assert "| 404 | [NotFound](#response-notfound) |" in text
    assert "| `name` | string | yes | at most 5 characters |" in text
    assert "| `kind` | string: `a`, `b`, or null |  |  |" in text
    assert "Unknown fields are refused." in text


@pytest.mark.slow
def test_the_site_loads_nothing_from_other_hosts(site):
    external = re.compile(r'(src|href)="(https?:)?//')
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script[^>]*>|<link[^>]*>|<img[^>]*>", html):
            if tag.startswith("<link") and 'rel="canonical"' in tag:
                continue
            assert not external.search(tag), (page, tag)


def test_the_docs_tell_the_product_not_the_history_of_its_making():
    for page in [*DOCS.rglob("*.md"), ROOT / "README.md"]:
        text = page.read_text(encoding="utf-8")
        assert not HISTORY.search(text), (page.name, HISTORY.search(text).group(0))
        assert not COMMIT_IN_PROSE.search(text), (page.name, COMMIT_IN_PROSE.search(text))


def test_the_readme_is_short_and_ci_runs_its_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[:2] == ["pip install -e . && margin serve",
                            "pip install -e '.[test]' && python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci
