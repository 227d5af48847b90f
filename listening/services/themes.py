"""Theme runs and their themes: the one name the rest of Hark imports.

The work is split by what it does:
- theme_queries: reads (runs, the current run per scope, themes, a theme's notes);
- theme_runs: start, claim and execute a run in the worker, progress, cancel, recovery, the CLI;
- theme_results: a run's results, curation replay and the switch to current in one transaction,
  and provisional themes for notes saved after a run.
"""

from listening.services.theme_queries import (
    ALL_SCOPE,
    ThemeNote,
    active_run,
    as_of,
    curatable,
    current_run,
    get_run,
    is_city_wide,
    list_runs,
    live_note_ids,
    notes_of,
    provisional_count,
    scope_for,
    stage_label,
    status_dict,
    theme_by_key,
    themes_of,
)
from listening.services.theme_results import (
    RunCancelled,
    assign_provisional,
    notes_saved,
    recount_current,
    store_results,
)
from listening.services.theme_runs import (
    MIN_NOTES,
    STALE_AFTER,
    RunConflict,
    RunFailed,
    ThemeRunError,
    execute_run,
    recover,
    request_cancel,
    run_from_cli,
    start_run,
)

__all__ = [
    "ALL_SCOPE", "MIN_NOTES", "STALE_AFTER", "RunCancelled", "RunConflict", "RunFailed", "ThemeNote",
    "ThemeRunError", "active_run", "as_of", "assign_provisional", "curatable", "current_run", "execute_run", "get_run",
    "is_city_wide", "list_runs", "live_note_ids", "notes_of", "notes_saved", "provisional_count", "recount_current", "recover", "request_cancel", "run_from_cli",
    "scope_for", "start_run", "stage_label", "status_dict", "store_results", "theme_by_key", "themes_of",
]
