"""Drive load with wrk and read its summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT = (HERE / "report.lua").read_text()


@dataclass(frozen=True)
class Endpoint:
    """One request shape to load: a path, a method, headers and maybe a Lua script."""

    name: str
    path: str
    script: str | None = None
    headers: dict = field(default_factory=dict)
    expect: int = 200


@dataclass(frozen=True)
class Load:
    """wrk's settings: threads, connections, seconds."""

    threads: int = 2
    connections: int = 32
    seconds: float = 10


def wrk_available() -> bool:
    """Tell whether the wrk binary is on PATH."""
    return shutil.which("wrk") is not None


def run_wrk(base_url: str, endpoint: Endpoint, load: Load, env: dict | None = None) -> dict:
    """Run wrk once against an endpoint; return requests/s, p50, p99 (ms) and errors."""
    script = REPORT if endpoint.script is None else (
        (HERE / endpoint.script).read_text() + "\n" + REPORT)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = ["wrk", f"-t{load.threads}", f"-c{load.connections}",
                   f"-d{max(1, round(load.seconds))}s", "--latency", "--timeout", "10s",
                   "-s", handle.name]
        for name, value in endpoint.headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(base_url + endpoint.path)
        out = subprocess.run(command, capture_output=True, text=True, check=True,
                             timeout=load.seconds + 60, env=env).stdout
    finally:
        Path(handle.name).unlink()
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 3),
        "p99_ms": round(raw["p99_us"] / 1000, 3),
        "errors": sum(raw["errors"].values()),
        "bad_status": raw["errors"]["status"],
    }
