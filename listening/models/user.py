"""People who sign in, and the credentials they hold."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening import sealing
from listening.domain import Role
from listening.models.base import Base, Timestamped, enum_column
from listening.models.org import Organisation


class User(UserMixin, Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, length=20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped to end every session of this user (deactivation, password or role change).
    session_epoch: Mapped[int] = mapped_column(default=0)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The language mail to this person is written in (one of config LANGUAGES); None: English.
    locale: Mapped[str | None] = mapped_column(String(10))
    # Multi-factor sign-in (TOTP, RFC 6238): the shared secret (base32, sealed at rest: see
    # listening/sealing.py; read and set it as `totp_secret`), when it was turned on, and the last
    # time step accepted, so a code cannot be replayed.
    totp_secret_sealed: Mapped[str | None] = mapped_column("totp_secret", String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column()

    @property
    def totp_secret(self) -> str | None:
        return sealing.unseal(self.totp_secret_sealed)

    @totp_secret.setter
    def totp_secret(self, secret: str | None) -> None:
        self.totp_secret_sealed = sealing.seal(secret) if secret else None

    @property
    def invited(self) -> bool:
        """Invited and not yet signed up: no password set yet."""
        return self.active and not self.password_hash

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        # The epoch travels in the session cookie, so bumping it signs the user out everywhere.
        return f"{self.id}:{self.session_epoch}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(Timestamped, Base):
    """A bearer token for the JSON API; only its SHA-256 is stored.

    scope: "read" (GET only) or "write" (read and write). second_factor: made by the person
    on their account page after a full sign-in with their second factor; roles that must use
    one accept only such tokens (a token from the operator's command line has none behind it).
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship(lazy="joined")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(default=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    name: Mapped[str] = mapped_column(String(100), default="Command line", server_default="Command line")
    scope: Mapped[str] = mapped_column(String(10), default="write", server_default="write")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    second_factor: Mapped[bool] = mapped_column(default=False, server_default=sa_false())


class Invitation(Timestamped, Base):
    """A one-time link to set a password (purpose "invite", or "reset" from "forgot your
    password"); only its SHA-256 is stored. Making a new link revokes every earlier unused one."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship(lazy="joined")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purpose: Mapped[str] = mapped_column(String(10), default="invite", server_default="invite")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
