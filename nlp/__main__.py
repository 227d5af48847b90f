"""python -m nlp themes ... (see nlp.cli)."""

import sys

from nlp.cli import main

if __name__ == "__main__":
    sys.exit(main())
