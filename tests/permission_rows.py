"""Rows of the role × route matrix for each area (see tests/test_permissions.py).

Each area adds its routes here: endpoint -> "public" or a set of role names.
"""

S, A, O, AD = "staff", "anchor", "organiser", "admin"  # noqa: E741 - short names keep the matrix readable
ALL = {S, A, O, AD}

EXTRA_ROWS: dict = {}

# Capture (issue 3): sessions, notes, import, API.
_CAPTURE = {S, O, AD}
EXTRA_ROWS.update({
    f"capture.{name}": _CAPTURE
    for name in (
        "list_sessions", "export_notes", "new_session", "journey_details", "journey_notes", "journey_check",
        "confirmation", "session_detail", "session_history", "edit_session", "delete_session", "edit_note",
        "delete_note", "import_notes", "import_preview", "import_template",
    )
})
EXTRA_ROWS.update({"api.create_session": _CAPTURE, "api.get_session": _CAPTURE, "api.list_sessions": _CAPTURE})

# Theme runs and curation (issue 5)
EXTRA_ROWS.update({
    "themes.runs": {O, AD},
    "themes.run": {O, AD},
    "themes.run_status": {O, AD},
    "themes.cancel_run": {O, AD},
    "themes.theme": {O, AD},
    "themes.curate": {O, AD},
    "themes.recluster": {O, AD},
    "themes.translations": {O, AD},
    "themes.carried": {O, AD},  # use or leave a decision carried along lineage
})

# Briefings (issue 5)
EXTRA_ROWS.update({
    "briefings.index": {A, O, AD},
    "briefings.create_draft": {O, AD},
    "briefings.show": {A, O, AD},
    "briefings.summary": {O, AD},
    "briefings.publish": {O, AD},
    "briefings.pdf": {A, O, AD},
    "briefings.csv": {A, O, AD},
})

# Multi-factor sign-in and privacy operations (issue 7)
EXTRA_ROWS.update({
    "auth.sign_in_code": "public",
    "auth.set_up_code": "public",
    "auth.two_factor": ALL,
    "auth.new_recovery_codes": ALL,
    "auth.turn_off_two_factor": ALL,
    "privacy.index": {AD},
    "privacy.export": {AD},
    "privacy.erase": {AD},
})

# Theme and briefing API (issue 5)
EXTRA_ROWS.update({
    "api.start_theme_run": {O, AD},
    "api.get_theme_run": {O, AD},
    "api.list_themes": {A, O, AD},
    "api.ward_briefing": {A, O, AD},
    "api.city_briefing": {A, O, AD},
})

# Commitments, the public ward pages and engagement events (issue 6)
EXTRA_ROWS.update({
    "commitments.index": {A, O, AD},
    "commitments.new": {A},
    "commitments.show": {A, O, AD},
    "commitments.edit": {A},
    "commitments.add_update": {A},
    "commitments.nudge": {O, AD},
    "api.list_commitments": {A, O, AD},
    "api.get_commitment": {A, O, AD},
    "api.create_commitment": {A},
    "api.add_commitment_update": {A},
    "public.index": "public",
    "public.ward": "public",
    "events.index": {S, O, AD},
    "events.new": {O, AD},
    "events.show": {S, O, AD},
    "events.edit": {O, AD},
    "events.link_session": {S, O, AD},
    "events.refresh_gaps": {O, AD},
    "events.record_outcome": {O, AD},
    "events.questions": {O, AD},
    "events.pack": {S, O, AD},
    "events.pack_pdf": {S, O, AD},
    "events.calendar_ics": {S, O, AD},
})

# Operations (issue 16): health for monitors (bearer HEALTH_TOKEN) and admins, the job queue.
EXTRA_ROWS.update({
    "main.healthz_detail": {AD},
    "main.metrics": "public",  # no sign-in: bearer METRICS_TOKEN, else 404 (tests/operations/test_metrics.py)
    "admin.health": {AD},
    "admin.retry_job": {AD},
})

# Words redaction keeps, added by admins (issue 14)
EXTRA_ROWS.update({"admin.redaction_words": {AD}, "admin.remove_redaction_word": {AD}})

# Accounts, tokens and mail (issue 15)
EXTRA_ROWS.update({
    "auth.api_tokens_page": ALL,
    "auth.revoke_api_token": ALL,
})
