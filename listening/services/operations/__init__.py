"""Operations: backups and restore, the health checks, the job queue's state, the consumer's
heartbeat and the Prometheus metrics. Nothing here reads a note's words.

Other areas import this package, never its modules."""

from listening.services.operations import backup, jobs, metrics
from listening.services.operations.backup import BackupError
from listening.services.operations.health import FAILING, OK, WARNING, Check, checks, overall

__all__ = ["FAILING", "OK", "WARNING", "BackupError", "Check", "backup", "checks", "jobs", "metrics", "overall"]
