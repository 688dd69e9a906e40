"""The baseline for the agenda's req/s: a hello-world Flask endpoint (PRODUCT.md §5).

Served by bench/agenda.py with the same gunicorn settings as the app:
    .venv/bin/gunicorn --workers 2 --bind 127.0.0.1:PORT "bench.hello:app"
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
