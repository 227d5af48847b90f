"""`flask --app listening themes …`: start or resume theme runs from the command line."""

from __future__ import annotations

import click

from listening.services import themes
from listening.themes.blueprint import bp

bp.cli.short_help = "Theme runs."


@bp.cli.command("run")
@click.option("--wait", is_flag=True, help="Run here and wait for it, instead of queueing it for the job runner.")
def run_command(wait: bool):
    """Start a theme run over all notes (or re-queue one whose job was lost)."""
    try:
        run = themes.run_from_cli(wait)
    except themes.RunConflict as conflict:
        raise click.ClickException(f"Theme run {conflict.run_id} is already running.") from None
    if wait:
        click.echo(f"Theme run {run.id}: {run.status.value}" + (f" — {run.error}" if run.error else ""))
        if run.status != run.status.DONE:
            raise SystemExit(1)
    else:
        click.echo(f"Theme run {run.id} queued; the job runner will pick it up.")

