"""Theme runs, the themes they found, which notes carry which theme, and the curation log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import EditKind, LabelSource, RunStatus
from listening.models.base import Base, Timestamped, enum_column, utcnow


class ThemeRun(Timestamped, Base):
    """One analysis of the notes in a scope. Only a `done` run can become current."""

    __tablename__ = "theme_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64), index=True)  # "all" or "2026-01-01..2026-03-31"
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus), default=RunStatus.QUEUED, index=True)
    # Set to the scope while queued or running, NULL after: the unique index lets the
    # database (not a lock in memory) refuse a second active run for the same scope.
    active_scope: Mapped[str | None] = mapped_column(String(64), unique=True)
    progress: Mapped[int] = mapped_column(default=0)  # 0-100
    message: Mapped[str | None] = mapped_column(String(200))  # the stage, in plain English
    error: Mapped[str | None] = mapped_column(Text)  # why it failed, in plain English
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    is_current: Mapped[bool] = mapped_column(default=False, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(200))  # "host:pid" of the worker running it
    attempts: Mapped[int] = mapped_column(default=0)
    note_count: Mapped[int] = mapped_column(default=0)
    seed: Mapped[int] = mapped_column(default=42)
    model_path: Mapped[str | None] = mapped_column(String(500))  # saved model for provisional themes
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    themes: Mapped[list[Theme]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Theme.size.desc()"
    )


class Theme(Timestamped, Base):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("run_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id", ondelete="CASCADE"), index=True)
    run: Mapped[ThemeRun] = relationship(back_populates="themes")
    key: Mapped[str] = mapped_column(String(64), index=True)  # stable across runs
    label: Mapped[str] = mapped_column(String(200))
    model_label: Mapped[str] = mapped_column(String(200), default="")
    label_source: Mapped[LabelSource] = mapped_column(enum_column(LabelSource), default=LabelSource.MODEL)
    summary: Mapped[str | None] = mapped_column(Text)  # the organiser's one-paragraph summary
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(default=0)
    love: Mapped[int] = mapped_column(default=0)
    change: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    merged_into: Mapped[str | None] = mapped_column(String(64))  # key it was merged into
    split_from: Mapped[str | None] = mapped_column(String(64))  # key it was split from (person-made)
    centroid: Mapped[list | None] = mapped_column(JSON)  # lets the next run match this theme
    quote_ids: Mapped[list] = mapped_column(JSON, default=list)  # the model's suggested quotes

    assignments: Mapped[list[NoteTheme]] = relationship(back_populates="theme", cascade="all, delete-orphan")


class NoteTheme(Base):
    """A note carries a theme (rank 0 is its main theme; a note may carry several)."""

    __tablename__ = "note_themes"
    __table_args__ = (UniqueConstraint("note_id", "theme_id"), Index("ix_note_themes_theme_rank", "theme_id", "rank"))

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    theme: Mapped[Theme] = relationship(back_populates="assignments")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    rank: Mapped[int] = mapped_column(default=0)
    provisional: Mapped[bool] = mapped_column(default=False)  # from the saved model, until the next run
    by_person: Mapped[bool] = mapped_column(default=False)  # placed here by a move or split


class ProvisionalPending(Base):
    """A saved note waiting for its provisional themes. One queued job places every waiting note
    in batches, so a bulk import costs one job, not one per session."""

    __tablename__ = "provisional_pending"

    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True)
    replace: Mapped[bool] = mapped_column(default=False)  # the words changed: model-made places go first
    # A new random mark each time the note is marked: the job only clears the rows it read, so a
    # note saved again while it worked stays waiting.
    mark: Mapped[int] = mapped_column(BigInteger, default=0)
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ThemeEdit(Base):
    """The curation log, by stable theme key; replayed in order on every new run."""

    __tablename__ = "theme_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[EditKind] = mapped_column(enum_column(EditKind))
    theme_key: Mapped[str] = mapped_column(String(64), index=True)
    target_key: Mapped[str | None] = mapped_column(String(64))  # merge/move/split destination
    value: Mapped[str | None] = mapped_column(Text)  # new label or summary (the organiser's words)
    flag: Mapped[bool | None] = mapped_column()  # hide/lock on or off
    note_ids: Mapped[list] = mapped_column(JSON, default=list)  # split/move
    run_id: Mapped[int | None] = mapped_column(ForeignKey("theme_runs.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Carried from a theme that merged or split away (issue 12): {"from": key, "label": its name,
    # "how": "merged" | "split", "run_id": the run that found it gone}. None: made on this key.
    carried: Mapped[dict | None] = mapped_column(JSON)
    # None: applied on every run. "pending": offered to the organiser, not applied until accepted.
    # "dismissed": the organiser said no; kept as a record.
    review: Mapped[str | None] = mapped_column(String(16))


class ThemeLineage(Base):
    """Where a theme went when a run of all notes no longer found it: merged into one theme or
    split into several. Kept so that edits, commitments and published links can follow it."""

    __tablename__ = "theme_lineage"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id", ondelete="CASCADE"), index=True)
    old_key: Mapped[str] = mapped_column(String(64), index=True)
    old_label: Mapped[str] = mapped_column(String(200), default="")
    how: Mapped[str] = mapped_column(String(16))  # "merged" or "split"
    into: Mapped[list] = mapped_column(JSON, default=list)  # the keys it went into, in that run
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ThemeTranslation(Timestamped, Base):
    """An organiser's name (and summary) for a theme in another language, by theme key, so it
    outlives reruns the way curation decisions do. Without one, pages show the English name."""

    __tablename__ = "theme_translations"
    __table_args__ = (UniqueConstraint("theme_key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_key: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
