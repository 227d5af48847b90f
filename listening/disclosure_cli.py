"""`flask --app listening disclosure audit` and `flask --app listening briefings publish`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from listening.services import briefings, disclosure, places

disclosure_cli = AppGroup("disclosure", help="Disclosure control of published figures.")
briefings_cli = AppGroup("briefings", help="Ward briefings and the city overview.")


@disclosure_cli.command("audit")
def audit():
    """Try every attack on everything published; print each small count found; exit 1 if any."""
    found = disclosure.audit_published()
    count = disclosure.published_count()
    for leak in found:
        click.echo(leak.describe())
    if found:
        raise click.ClickException(f"{len(found)} small counts can be worked out from {count} published versions.")
    click.echo(f"No small count can be worked out from the {count} published versions.")


@briefings_cli.command("publish")
@click.option("--ward", "ward_code", help="Publish this ward's briefing (ward code, e.g. E05011402).")
@click.option("--city", is_flag=True, help="Publish the city overview.")
def publish(ward_code, city):
    """Publish a new version from the current themes, as an organiser would (recorded in the audit log)."""
    if bool(ward_code) == bool(city):
        raise click.UsageError("Give either --ward CODE or --city.")
    ward = None
    if ward_code:
        ward = places.get_ward_by_code(ward_code)
        if ward is None:
            raise click.ClickException(f"There is no ward with the code {ward_code!r}.")
    try:
        draft = briefings.create_draft(ward, None)
        published = briefings.publish(draft, None)
    except briefings.BriefingError as error:
        raise click.ClickException(str(error)) from None
    place = f"{ward.name} ward briefing" if ward else "City overview"
    click.echo(f"Published {place}, version {published.version}.")
    found = disclosure.audit_published()
    if found:  # cannot happen when every publication goes through protect; say so loudly if it does
        raise click.ClickException(f"The audit finds {len(found)} small counts: run `flask --app listening disclosure audit`.")
