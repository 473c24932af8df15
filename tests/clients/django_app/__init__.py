"""A small Django app for tests/clients/test_django.py: models that use most of Django's
field types, relations, indexes and constraints, so that its migrations, introspection
and ORM queries exercise what a real Django project sends to PostgreSQL."""
