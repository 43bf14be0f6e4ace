"""MkDocs hooks: pages whose facts the code already knows are rendered from the code.

A page asks for a generated part with a marker line:

    <!-- generated: configuration -->   the settings in service/config.py's Defaults
    <!-- generated: api -->             the OpenAPI document the service serves

The configuration reference is read from config.py's source (each setting, its default
and the comment block above it); the API reference from `service.api.spec.document()` of
an app built on an in-memory database. Both run at every `mkdocs build`, so the docs
cannot fall behind the code.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_SOURCE = ROOT / "service" / "config.py"
ENV_PREFIX = "MARGIN_"
MARKER = re.compile(r"^<!-- generated: (?P<name>[a-z-]+) -->$", re.MULTILINE)
# The spec's "no control or direction-override characters" patterns, said in words.
NO_CONTROLS = re.compile(r"^\^\[\^\\x00-\\x(08|1f)")
METHOD_ORDER = ("get", "post", "put", "patch", "delete")
TAG_TITLES = {"public": "Public", "moderation": "Moderation", "webhooks": "Webhooks",
              "meta": "Service"}


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace each generated-part marker with the part rendered from the code."""
    renderers = {"configuration": configuration_reference, "api": api_reference}

    def render(match: re.Match) -> str:
        name = match["name"]
        if name not in renderers:
            raise ValueError(f"{page.file.src_path}: unknown generated part {name!r}")
        return renderers[name]()

    return MARKER.sub(render, markdown)


# The configuration reference.

def settings(source: str) -> list[dict]:
    """Return Defaults' settings in order: name, default, comment, and its group's start."""
    tree = ast.parse(source)
    lines = source.splitlines()
    defaults = next(node for node in tree.body
                    if isinstance(node, ast.ClassDef) and node.name == "Defaults")
    found: list[dict] = []
    for node in defaults.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        comment = _comment_above(lines, node.lineno)
        previous = found[-1] if found else None
        # A setting with no comment of its own, directly under another, shares its comment.
        joined = (not comment and previous is not None
                  and previous["end"] == node.lineno - 1)
        found.append({"name": target.id, "default": _value(value),
                      "comment": previous["comment"] if joined else comment,
                      "group": previous["group"] if joined else len(found),
                      "end": node.end_lineno})
    return found


def _comment_above(lines: list[str], lineno: int) -> str:
    comment: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        comment.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    return " ".join(comment)


def _value(node: ast.expr):
    try:
        return ast.literal_eval(node)
    except ValueError:
        # Plain arithmetic such as 64 * 1024: evaluated with nothing in scope.
        return eval(compile(ast.Expression(node), "config.py", "eval"), {"__builtins__": {}})


def _show(value) -> str:
    if value is None:
        return "*none*"
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    return f"`{json.dumps(value)}`"


def configuration_reference() -> str:
    """Render every setting of service/config.py as a definition list, grouped as written."""
    source = CONFIG_SOURCE.read_text(encoding="utf-8")
    groups: dict[int, list[dict]] = {}
    for setting in settings(source):
        groups.setdefault(setting["group"], []).append(setting)
    out = []
    for group in groups.values():
        out += [f"`{ENV_PREFIX}{s['name']}` (default {_show(s['default'])})" for s in group]
        out += [f": {group[0]['comment'] or '(no comment in service/config.py)'}", ""]
    return "\n".join(out)


# The API reference.

def openapi_document() -> dict:
    """Build the OpenAPI document the service serves, from an app on a throwaway database."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from service import create_app
    from service.api import spec

    with tempfile.TemporaryDirectory(prefix="margin-docs-") as instance:
        app = create_app({"TESTING": True, "SECRET_KEY": "docs", "DATABASE_URL": "sqlite://"},
                         instance_path=instance)
        return spec.document(app)


def api_reference(document: dict | None = None) -> str:
    """Render an OpenAPI document as Markdown: operations by tag, then the schemas."""
    doc = document or openapi_document()
    components = doc.get("components", {})
    out = [doc["info"].get("description", ""), ""]
    by_tag: dict[str, list[tuple[str, str, dict]]] = {}
    for path, item in doc["paths"].items():
        for method in sorted(item, key=METHOD_ORDER.index):
            operation = item[method]
            tag = (operation.get("tags") or ["other"])[0]
            by_tag.setdefault(tag, []).append((method, path, operation))
    for tag in sorted(by_tag, key=lambda t: list(TAG_TITLES).index(t)
                      if t in TAG_TITLES else len(TAG_TITLES)):
        out += [f"## {TAG_TITLES.get(tag, tag.title())}", ""]
        for method, path, operation in by_tag[tag]:
            out += _operation(method, path, operation, components)
    out += ["## Error answers", "",
            "Every error has the [`Error`](#schema-error) shape. The statuses an operation "
            "lists link here:", "", "| name | meaning |", "| --- | --- |"]
    for name, response in components.get("responses", {}).items():
        out.append(f"| <span id=\"response-{name.lower()}\"></span>`{name}` | "
                   f"{_cell(response.get('description', ''))} |")
    out += ["", "## Schemas", ""]
    for name, schema in components.get("schemas", {}).items():
        out += _schema_section(name, schema)
    return "\n".join(out) + "\n"


def _operation(method: str, path: str, operation: dict, components: dict) -> list[str]:
    anchor = "op-" + operation["operationId"].replace(".", "-").replace("_", "-")
    out = [f"### `{method.upper()} {path}` {{#{anchor}}}", "", operation.get("summary", ""), ""]
    if operation.get("security"):
        out += ["Needs a bearer token (`Authorization: Bearer mgn_…`).", ""]
    parameters = operation.get("parameters", [])
    if parameters:
        out += ["| parameter | in | type | required | notes |", "| --- | --- | --- | --- | --- |"]
        for parameter in parameters:
            schema = parameter.get("schema", {})
            out.append(f"| `{parameter['name']}` | {parameter['in']} | {_type(schema)} | "
                       f"{'yes' if parameter.get('required') else ''} | "
                       f"{_cell(_notes(schema, parameter.get('description')))} |")
        out.append("")
    body = operation.get("requestBody")
    if body:
        schema = next(iter(body["content"].values()))["schema"]
        needed = "required" if body.get("required") else "optional"
        out += [f"Body ({needed}, JSON): {_type(schema)}.", ""]
    out += ["| status | answer |", "| --- | --- |"]
    for status, response in operation["responses"].items():
        out.append(f"| {status} | {_cell(_response(response))} |")
    out.append("")
    return out


def _response(response: dict) -> str:
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#response-{name.lower()})"
    text = response.get("description", "")
    content = response.get("content")
    if content:
        media, spec = next(iter(content.items()))
        if "schema" in spec:
            text += f" {_type(spec['schema'])}" + ("" if media == "application/json"
                                                     else f" as `{media}`")
    headers = response.get("headers")
    if headers:
        text += " Headers: " + ", ".join(f"`{h}`" for h in headers) + "."
    return text.strip()


def _schema_section(name: str, schema: dict) -> list[str]:
    out = [f"### `{name}` {{#schema-{name.lower()}}}", ""]
    if schema.get("description"):
        out += [schema["description"], ""]
    properties = schema.get("properties")
    if not properties:
        return [*out, f"{_type(schema)}.", ""]
    required = set(schema.get("required", []))
    out += ["| field | type | required | notes |", "| --- | --- | --- | --- |"]
    for field, spec in properties.items():
        out.append(f"| `{field}` | {_type(spec)} | {'yes' if field in required else ''} | "
                   f"{_cell(_notes(spec, spec.get('description')))} |")
    if schema.get("additionalProperties") is False and not all(
            p.get("readOnly") for p in properties.values()):
        out += ["", "Unknown fields are refused."]
    return [*out, ""]


def _type(schema: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[`{name}`](#schema-{name.lower()})"
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            joined = " or ".join(_type(part) for part in schema[key])
            return joined + (", or null" if schema.get("nullable") else "")
    kind = schema.get("type", "any")
    if kind == "array":
        text = f"array of {_type(schema.get('items', {}))}"
    elif kind == "object" and "additionalProperties" in schema and isinstance(
            schema["additionalProperties"], dict):
        text = f"object of {_type(schema['additionalProperties'])}"
    else:
        text = kind + (f" ({schema['format']})" if "format" in schema else "")
    if "enum" in schema:
        text += ": " + ", ".join(f"`{value}`" for value in schema["enum"] if value is not None)
    if schema.get("nullable"):
        text += ", or null"
    return text


def _notes(schema: dict, description: str | None) -> str:
    notes = [description.rstrip(".")] if description else []
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and high is not None:
        notes.append(f"{low} to {high} characters")
    elif high is not None:
        notes.append(f"at most {high} characters")
    elif low is not None:
        notes.append(f"at least {low} characters")
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        notes.append(f"{low} to {high}")
    elif low is not None:
        notes.append(f"at least {low}")
    elif high is not None:
        notes.append(f"at most {high}")
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low is not None and high is not None:
        notes.append(f"{low} to {high} items")
    elif high is not None:
        notes.append(f"at most {high} items")
    elif low is not None:
        notes.append(f"at least {low} items")
    pattern = schema.get("pattern")
    if pattern:
        if NO_CONTROLS.match(pattern):
            lines = "line breaks allowed, " if "x0b" in pattern else ""
            notes.append(f"{lines}no control or direction-override characters")
        else:
            notes.append(f"matches `{pattern}`")
    if schema.get("default") is not None:
        notes.append(f"default `{json.dumps(schema['default'])}`")
    return "; ".join(notes)


def _cell(text: str) -> str:  # a Markdown table cell
    return text.replace("|", "\\|").replace("\n", " ")
