"""Benchmarks: Margin against a bare Flask app under the same gunicorn settings."""
