"""Entry point for one theme run in its own process (listening.services.themes.child starts it):
`python -m listening.run_child RUN_ID PARENT_PID`. When it exits, the analysis's memory is returned."""

from __future__ import annotations

import sys

from listening import create_app
from listening.services import themes


def main(argv: list[str]) -> int:
    run_id, parent = int(argv[1]), int(argv[2])
    themes.die_with_parent(parent)
    app = create_app()
    with app.app_context():
        themes.execute_run(run_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
