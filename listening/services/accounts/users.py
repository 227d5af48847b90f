"""Accounts: creation, sign-in checks, invitations, roles, deactivation, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from listening.domain import OrgKind
from listening.extensions import db
from listening.models import ROLE_ORG_KIND, ApiToken, Invitation, Organisation, Role, User
from listening.models.base import utcnow
from listening.services.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from listening.services.accounts.tokens import issue as issue_api_token  # noqa: F401 - the accounts API
from listening.services.accounts.tokens import user_for_token  # noqa: F401
from listening.services.core import audit, write


class UserError(ValueError):
    """A request that cannot be carried out; the message is safe to show."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def get_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: the id carries the epoch so old sessions die."""
    try:
        user_id, epoch = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_epoch != epoch or not user.active:
        return None
    return user


def list_users(role: Role | None = None, organisation_id: int | None = None) -> list[User]:
    query = select(User).order_by(func.lower(User.name))
    if role:
        query = query.where(User.role == role)
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def _kind_phrase(kind: OrgKind) -> str:
    """The kind of organisation with its article, as one translatable phrase ("an anchor institution")."""
    return {
        OrgKind.COMMUNITY: _("a community organisation"),
        OrgKind.ANCHOR: _("an anchor institution"),
        OrgKind.NETWORK: _("the anchor network's own organisation"),
    }[kind]


def _role_phrase(role: Role) -> str:
    return {
        Role.STAFF: _("Community centre staff"),
        Role.ANCHOR: _("Anchor members"),
        Role.ORGANISER: _("Organisers"),
        Role.ADMIN: _("Administrators"),
    }[role]


def check_role_fits(role: Role, organisation: Organisation) -> None:
    needed = ROLE_ORG_KIND[role]
    if organisation.kind != needed:
        raise UserError(
            _("%(role)s must belong to %(needed)s, and %(organisation)s is %(kind)s. Choose another organisation or role.",
              role=_role_phrase(role), needed=_kind_phrase(needed), organisation=organisation.name,
              kind=_kind_phrase(organisation.kind))
        )


def check_password(password: str, *, email: str, name: str = "", organisation: str = "") -> None:
    """UserError with the reason when a new password is too weak (every way a password is set)."""
    problem = password_problem(password, email=email, details=(name, organisation))
    if problem:
        raise UserError(problem)


def create_user(
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation,
    password: str | None = None,
    actor_id: int | None = None,
    check_strength: bool = True,
) -> User:
    """check_strength=False only for the demo accounts, whose password is printed for all to see."""
    email = normalise_email(email)
    check_role_fits(role, organisation)
    if password and check_strength:
        check_password(password, email=email, name=name, organisation=organisation.name)
    with write():
        if get_by_email(email) is not None:
            raise UserError(_("There is already an account for %(email)s", email=email))
        user = User(
            email=email,
            name=name.strip(),
            role=role,
            organisation_id=organisation.id,
            password_hash=hash_password(password) if password else None,
        )
        db.session.add(user)
        db.session.flush()
        audit.record("user.created", actor_id, user, role=role.value, organisation_id=organisation.id)
    return user


def authenticate(email: str, password: str, ip: str | None = None) -> User | None:
    """Return the user when the email and password match an active account."""
    user = get_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    with write():
        if user is not None and ok and user.active:
            user.last_sign_in_at = utcnow()
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
                audit.record("auth.password_rehashed", user.id, user)
            audit.record("auth.sign_in", user.id, user)
            return user
        # No email in the row: it is personal data and may be someone else's typo.
        audit.record("auth.sign_in_failed", user.id if user else None, user, ip=ip)
    return None


def sign_out(user: User) -> None:
    """Record the sign-out and kill the session everywhere: a copied cookie stops working."""
    with write():
        user = db.session.merge(user)
        user.session_epoch += 1
        audit.record("auth.sign_out", user.id, user)


def set_password(user: User, password: str, actor_id: int | None = None) -> None:
    check_password(password, email=user.email, name=user.name, organisation=user.organisation.name)
    with write():
        user.password_hash = hash_password(password)
        user.session_epoch += 1
        audit.record("user.password_set", actor_id or user.id, user)


def change_role(user: User, role: Role, organisation: Organisation, actor_id: int) -> User:
    check_role_fits(role, organisation)
    with write():
        old_role, old_org = user.role, user.organisation_id
        user.role = role
        user.organisation_id = organisation.id
        if (old_role, old_org) != (role, organisation.id):
            user.session_epoch += 1  # new powers or fewer: sign in again
            audit.record(
                "user.role_changed",
                actor_id,
                user,
                old_role=old_role.value,
                new_role=role.value,
                old_organisation_id=old_org,
                new_organisation_id=organisation.id,
            )
    return user


def set_active(user: User, active: bool, actor_id: int | None) -> User:
    with write():
        user.active = active
        user.session_epoch += 1  # ends every session the user has
        if not active:
            for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
                token.revoked = True
        audit.record("user.activated" if active else "user.deactivated", actor_id, user)
    return user


def invite(user: User, actor_id: int | None, *, purpose: str = "invite") -> str:
    """Create a one-time set-password token (an invitation, or a "reset" from "forgot your
    password") and revoke every earlier unused one; returns the raw token (never stored or logged)."""
    token = secrets.token_urlsafe(32)
    if purpose == "reset":
        lifetime = timedelta(minutes=current_app.config["RESET_MINUTES"])
    else:
        lifetime = timedelta(hours=current_app.config["INVITE_HOURS"])
    now = utcnow()
    with write():
        user = db.session.merge(user)
        earlier = select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None),
                                           Invitation.revoked_at.is_(None))
        for old in db.session.scalars(earlier):
            old.revoked_at = now
        db.session.add(Invitation(user_id=user.id, token_hash=_digest(token), expires_at=now + lifetime, purpose=purpose))
        audit.record("user.invited" if purpose == "invite" else "user.reset_requested", actor_id, user)
    return token


def set_locale(user: User, locale: str) -> None:
    """The language mail to this person is written in."""
    if locale in current_app.config["LANGUAGES"] and user.locale != locale:
        with write():
            db.session.merge(user).locale = locale


def find_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _digest(token)))
    if invitation is None or invitation.used_at is not None or invitation.revoked_at is not None:
        return None
    if _aware(invitation.expires_at) < utcnow() or not invitation.user.active:
        return None
    return invitation


def redeem_invitation(invitation: Invitation, password: str) -> User:
    user = invitation.user
    check_password(password, email=user.email, name=user.name, organisation=user.organisation.name)
    now = utcnow()
    with write():
        # Used once: of two requests racing with one link, only one finds it unused.
        taken = db.session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
            .values(used_at=now)
        ).rowcount
        if taken != 1:
            raise UserError(_("This link has been used already. Ask for a new one"))
        db.session.execute(
            update(Invitation)
            .where(Invitation.user_id == invitation.user_id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        user = db.session.get(User, invitation.user_id)
        user.password_hash = hash_password(password)
        user.session_epoch += 1
        audit.record("user.invitation_used" if invitation.purpose == "invite" else "user.password_reset", user.id, user)
    return user
