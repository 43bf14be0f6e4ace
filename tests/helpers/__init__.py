"""What tests share besides fixtures: API helpers, servers, receivers, corpora, waits."""
