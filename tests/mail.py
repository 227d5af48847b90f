"""A real SMTP server for tests: the development mail catcher (aiosmtpd) on a free port, writing
into a temporary outbox; the app under test is pointed at it for the one test."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from listening import mail_catcher
from listening.services.core import outbox


@dataclass
class Mailbox:
    folder: Path

    def messages(self) -> list[outbox.Sent]:
        """Everything received, oldest first."""
        return list(reversed(outbox.list_sent(str(self.folder), limit=10_000)))

    def wait_for(self, count: int, timeout: float = 5.0) -> list[outbox.Sent]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return self.messages()

    def to(self, email: str) -> list[outbox.Sent]:
        return [m for m in self.messages() if email in m.to]


def link_in(message: outbox.Sent) -> str:
    """The path of the one link in a message (the part after PUBLIC_URL)."""
    (url,) = re.findall(r"https?://\S+", message.body)
    return "/" + url.split("/", 3)[3]


def start(app, folder: Path):
    controller = mail_catcher.start(folder)
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_OUTBOX_DIR")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_OUTBOX_DIR=str(folder))

    def stop():
        controller.stop()
        app.config.update(saved)

    return Mailbox(folder), stop
