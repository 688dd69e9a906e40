"""Agenda fixtures (create_session, publish) live in tests/conftest.py: browser tests use them too."""
