"""`flask --app listening …` commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from listening.disclosure_cli import briefings_cli, disclosure_cli
from listening.domain import Role
from listening.services import accounts as accounts_service
from listening.services import demo, operations, places, privacy

users_cli = AppGroup("users", help="Manage accounts.")
wards_cli = AppGroup("wards", help="Manage wards.")
demo_cli = AppGroup("demo", help="The synthetic demo data.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--org", "org_name", required=True, help="Organisation name (must exist).")
@click.option("--password", envvar="HARK_NEW_PASSWORD", help="Set a password now (else print an invitation link).")
def create_user(email, name, role, org_name, password):
    """Create an account."""
    organisation = places.get_organisation_by_name(org_name)
    if organisation is None:
        raise click.ClickException(f"No organisation called {org_name!r}. Create it in the admin pages first.")
    try:
        user = accounts_service.create_user(email=email, name=name, role=Role(role), organisation=organisation, password=password)
    except accounts_service.UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} ({user.role.value}, {organisation.name})")
    if not password:
        token = accounts_service.invite(user, None)
        click.echo(f"Set-password link path: /set-password/{token}")


@users_cli.command("token")
@click.argument("email")
@click.option("--days", type=click.IntRange(1, 366), default=90, show_default=True, help="Days until it expires.")
@click.option("--read-only", is_flag=True, help="A token that may only read (GET).")
def user_token(email, days, read_only):
    """For operators: print a new API token for EMAIL (and nothing else).

    People make, list and revoke their own tokens on their account page (/account/tokens).
    Organisers and admins can use only tokens made there, behind their second factor, so this
    command refuses them. Every token made here is audited as made by the operator.
    """
    user = accounts_service.get_by_email(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active account for {email}")
    if accounts_service.second_factor_needed(user):
        raise click.ClickException(
            f"{email} is an {user.role.value}: their tokens must be made behind their second factor. "
            "They make one on their account page (/account/tokens) after signing in with their code."
        )
    scope = accounts_service.READ if read_only else accounts_service.WRITE
    click.echo(accounts_service.issue_token(user, name="Command line (operator)", scope=scope, days=days))


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email):
    """Deactivate an account and end its sessions and tokens."""
    user = accounts_service.get_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}")
    accounts_service.set_active(user, False, None)
    click.echo(f"Deactivated {user.email}")


@wards_cli.command("seed")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), help="CSV with code,name columns.")
def seed_wards(path):
    """Create or rename wards (default: the 33 Leeds wards and their boundaries)."""
    created, updated = places.seed_wards(Path(path) if path else places.LEEDS_WARDS)
    click.echo(f"Wards: {created} created, {updated} renamed")
    if not path:  # Leeds's boundaries come with Leeds's wards; another network loads its own
        _load(places.load_boundaries, places.LEEDS_BOUNDARIES, source=places.LEEDS_SOURCE)


def _load(loader, path, **kwargs):
    try:
        result = loader(path, **kwargs)
    except places.BoundaryProblem as problem:
        lines = problem.problems
        more = f"\n… and {len(lines) - 20} more" if len(lines) > 20 else ""
        raise click.ClickException(f"{path.name} was not loaded (nothing was changed):\n- " + "\n- ".join(lines[:20]) + more) from None
    click.echo(f"Loaded {result.loaded} ward(s) from {path.name}.")
    if result.without:
        click.echo(f"{len(result.without)} active ward(s) have no shape yet, so maps leave them out: "
                   + ", ".join(result.without))


@wards_cli.command("boundaries")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", help="The attribution the data's licence asks for, shown under every map (default: the file name).")
def load_boundaries(path, source):
    """Load ward boundaries from a GeoJSON FeatureCollection (property "code": the ward's ONS code)."""
    _load(places.load_boundaries, path, source=source)


@wards_cli.command("hexes")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_hexes(path):
    """Load an equal-area hexagon layout of the wards from a HexJSON file keyed by ward code."""
    _load(places.load_hexjson, path)


@demo_cli.command("seed")
@click.option("--allow-production", is_flag=True, help="Seed even with HARK_ENV=production (not advised).")
def seed_demo(allow_production):
    """Create the synthetic demo (organisations, accounts, notes, themes, a briefing)."""
    if current_app.config["ENV_NAME"] == "production" and not allow_production:
        # The demo's password and sign-in key are published in the README.
        raise click.ClickException(
            "Refusing to create demo accounts with HARK_ENV=production: their password and sign-in key "
            "are public. Use HARK_ENV=development, or --allow-production on a throwaway server."
        )
    password = current_app.config["DEMO_PASSWORD"]
    accounts = demo.seed(password)
    click.echo("Demo accounts (synthetic data, for trying Hark out):")
    for account in accounts:
        click.echo(f"  {account.role.value:<10} {account.email}")
    click.echo(f"Password for every demo account: {password}")
    roles = ", ".join(sorted(current_app.config["MFA_REQUIRED_ROLES"]))
    click.echo(
        f"Multi-factor sign-in key ({roles}): {current_app.config['DEMO_TOTP_SECRET']}"
        " (add it to an authenticator app as a time-based key)"
    )


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(file_okay=False))
@click.option("--keep", type=int, help="Then delete all but the newest KEEP backups in PATH.")
def backup_command(path, keep):
    """Back up the database and saved theme models into a new folder under PATH (safe while Hark runs)."""
    try:
        made = operations.backup.create(path)
        gone = operations.backup.prune(path, keep) if keep else []
    except operations.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written: {made.path} ({made.notes} notes)")
    if gone:
        click.echo(f"Deleted {len(gone)} older backups (keeping {keep})")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, file_okay=False))
def restore_command(path):
    """Restore a backup folder into this instance's empty database (never over a live one)."""
    try:
        restored = operations.backup.restore(path)
    except operations.BackupError as error:
        raise click.ClickException(str(error)) from None
    purged = privacy.purge_raw_text().purged  # retention applies at once, not at the next nightly purge
    click.echo(f"Restored {restored['notes_restored']} notes from the backup taken {restored['created_at']}.")
    click.echo(f"Raw text past the retention period blanked in {purged} notes.")
    click.echo(
        "Erasure requests and other changes made after that time are not in this backup: "
        "carry them out again (see docs/deploy.md). Then run flask db upgrade and start the app and the consumer."
    )


def init_app(app) -> None:
    for group in (users_cli, wards_cli, demo_cli, disclosure_cli, briefings_cli):
        app.cli.add_command(group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
