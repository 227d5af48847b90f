"""A local SMTP server for development (aiosmtpd): every message "sent" is written, owner-only,
into the instance's outbox, where /admin/outbox shows it. `make run` starts it:

    .venv/bin/python -m listening.mail_catcher [--port 8025] [--outbox instance/outbox]

It listens on 127.0.0.1 only and delivers nothing anywhere. Tests start the same server on a
free port (tests/mail.py), so mail in tests goes through real SMTP.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import time
import uuid
from pathlib import Path


class OutboxHandler:
    """aiosmtpd handler: one .eml file per message, named so they sort by arrival."""

    def __init__(self, outbox: str | Path) -> None:
        self.outbox = Path(outbox)
        self.outbox.mkdir(parents=True, exist_ok=True, mode=0o700)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.eml"
        fd = os.open(self.outbox / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def start(outbox: str | Path, port: int = 0, host: str = "127.0.0.1"):
    """Start the server in a thread; returns the aiosmtpd Controller (`.port`, `.stop()`)."""
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every line of a message at DEBUG and each address at INFO: a set-password
    # link is as good as a password, so its logger only speaks of trouble.
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    if not port:  # any free port (aiosmtpd must know it before it starts)
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
    controller = Controller(OutboxHandler(outbox), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEV_MAIL_PORT", 8025)))
    parser.add_argument("--outbox", default=os.environ.get("HARK_INSTANCE_PATH", str(root / "instance")) + "/outbox")
    args = parser.parse_args()
    controller = start(args.outbox, args.port)
    print(f"Development mail catcher on 127.0.0.1:{controller.port}: messages go to {args.outbox} "
          "(read them at /admin/outbox)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
