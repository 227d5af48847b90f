"""Themes: theme runs (queued, run in the worker, recovered), their themes and curation, provisional
themes for later notes, and the one bridge to the NLP library (analysis).

Other areas import this package, never its modules."""

from listening.services.themes import translations, unthemed
from listening.services.themes.analysis import (
    forget,
)
from listening.services.themes.carry import (
    decide as decide_carried,
)
from listening.services.themes.carry import (
    offers as carried_offers,
)
from listening.services.themes.carry import (
    waiting as carried_waiting,
)
from listening.services.themes.child import (
    run_in_child,
)
from listening.services.themes.curation import (
    LABEL_MAX,
    RECLUSTER_CHOICES,
    SUMMARY_MAX,
    CurationError,
    apply,
    decided_by_person,
    edit,
    edits,
    recount,
    replay,
    split_recluster,
)
from listening.services.themes.lineage import (
    WentTo,
    current_keys,
    resolve,
    where_it_went,
)
from listening.services.themes.provisional import NotesWaiting, notes_waiting, pending_count, waiting_count
from listening.services.themes.queries import (
    ALL_SCOPE,
    STAGE_LABELS,
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
    shown_status,
    stage_label,
    status_dict,
    theme_by_key,
    themes_of,
)
from listening.services.themes.results import (
    RunCancelled,
    finish,
    recount_current,
    store_results,
)
from listening.services.themes.runs import (
    MIN_NOTES,
    STALE_AFTER,
    RunConflict,
    RunFailed,
    ThemeRunError,
    claim_run,
    execute_run,
    request_cancel,
)
from listening.services.themes.tasks import (
    PROVISIONAL_QUEUED,
    assign_provisional,
    assign_provisional_job,
    notes_saved,
    queue_provisional,
    recover,
    recover_theme_runs,
    run_from_cli,
    run_theme_job,
    start_run,
)
from listening.services.themes.waiting import waiting_for

__all__ = [
    "NotesWaiting",
    "notes_waiting",
    "translations",
    "unthemed",
    "ALL_SCOPE",
    "PROVISIONAL_QUEUED",
    "CurationError",
    "LABEL_MAX",
    "MIN_NOTES",
    "RECLUSTER_CHOICES",
    "RunCancelled",
    "RunConflict",
    "RunFailed",
    "STAGE_LABELS",
    "STALE_AFTER",
    "SUMMARY_MAX",
    "ThemeNote",
    "ThemeRunError",
    "active_run",
    "apply",
    "as_of",
    "assign_provisional",
    "assign_provisional_job",
    "claim_run",
    "curatable",
    "current_run",
    "decided_by_person",
    "edit",
    "edits",
    "execute_run",
    "finish",
    "forget",
    "get_run",
    "is_city_wide",
    "list_runs",
    "live_note_ids",
    "notes_of",
    "notes_saved",
    "pending_count",
    "waiting_count",
    "queue_provisional",
    "provisional_count",
    "recount",
    "recount_current",
    "recover",
    "recover_theme_runs",
    "replay",
    "request_cancel",
    "run_from_cli",
    "run_in_child",
    "run_theme_job",
    "scope_for",
    "split_recluster",
    "shown_status",
    "stage_label",
    "start_run",
    "status_dict",
    "store_results",
    "theme_by_key",
    "themes_of",
    "waiting_for",
    "WentTo",
    "carried_offers",
    "carried_waiting",
    "current_keys",
    "decide_carried",
    "resolve",
    "where_it_went",
]
