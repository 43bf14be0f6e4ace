"""The baseline: a bare Flask app with one JSON hello route."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def hello():
    """Say hello in JSON."""
    return jsonify(hello="world")
