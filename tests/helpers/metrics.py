"""Read /metrics the way a scraper does."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def scrape(client, **headers) -> dict[tuple[str, frozenset], float]:
    """Return every sample of /metrics keyed by name and labels."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.json
    assert response.content_type.startswith("text/plain; version=")
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for s in family.samples}


def sample(samples, name, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
