from listening.admin import audit_log, keep_words, operations, organisations, outbox, users, wards  # noqa: F401  (they attach their routes to bp)
from listening.admin.blueprint import bp

__all__ = ["bp"]
