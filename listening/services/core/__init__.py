"""What every area shares: write transactions, audit rows, spreadsheet-safe CSV cells, the background
tasks' app context, the health check, and the one rule for a note that still counts.

Other areas import this package, never its modules."""

from listening.services.core import audit, mail, outbox
from listening.services.core.csv_cells import (
    FORMULA_START,
    csv_text,
    safe_cell,
)
from listening.services.core.health import (
    database_ok,
)
from listening.services.core.live import (
    live_note,
    live_session,
    needs_translation,
    themeable,
)
from listening.services.core.planner import (
    refresh_statistics,
)
from listening.services.core.runner import (
    Exclusive,
    last_beat,
    runners,
)
from listening.services.core.tasks import (
    bind_worker_app,
    in_app_context,
    ping,
    worker_app,
)
from listening.services.core.tx import (
    one_at_a_time,
    write,
)

__all__ = [
    "FORMULA_START",
    "Exclusive",
    "audit",
    "bind_worker_app",
    "csv_text",
    "database_ok",
    "in_app_context",
    "live_note",
    "live_session",
    "needs_translation",
    "themeable",
    "mail",
    "one_at_a_time",
    "refresh_statistics",
    "outbox",
    "ping",
    "last_beat",
    "runners",
    "safe_cell",
    "worker_app",
    "write",
]
