"""Import this in a long-lived parent that forks theme runs (the app's fork server,
listening/services/themes/child.py), so that every run's process starts with what it would
otherwise load again on each run: the redaction word lists quotes are checked against (~5 s and
~110 MB), spaCy's pipeline with its lookup tables (~1 s, ~20 MB) and BERTopic's modules.

Importing it loads them; nothing here holds a resident's words.
"""

from __future__ import annotations

from bertopic import BERTopic  # noqa: F401 - imported to be loaded once
from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance  # noqa: F401

from nlp.prepare import load_spacy
from nlp.redact import redact

load_spacy()
# A made-up sentence touching each kind of detail, so each word list is read now.
redact("Warm up: Mary Smith of 1 Kirk Lane, Leeds LS1 1AA, 07700 900123, mary@example.org")
