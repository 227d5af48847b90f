"""Only words used by at least k notes from at least two sessions reach labels and keywords."""

from listening.services.disclosure.vocabulary import JOINERS, NoteWords, Vocabulary, words


def _notes():
    texts = ["The buses are always late", "Bus stops need shelters", "The bus to town is great",
             "Buses every ten minutes would help", "I wait for the bus in the rain",
             "A wombat was seen by the quokka sign"]  # one analysis-only note with rare words
    return [NoteWords(i, i % 2, t) for i, t in enumerate(texts)]


def test_a_word_from_one_note_never_reaches_a_label_or_keyword():
    vocab = Vocabulary(_notes(), k=5)
    assert vocab.common_word("bus") and vocab.common_word("Buses")
    assert not vocab.common_word("wombat") and not vocab.common_word("quokka")
    assert vocab.keywords(["bus", "wombat", "quokka"]) == ["bus"]
    assert vocab.label("Wombat and quokka", ["wombat", "bus"], "Theme 3") == "Bus"
    assert vocab.label("Buses", ["bus"], "Theme 3") == "Buses"
    assert vocab.label("XSS and analysisonly", ["xss"], "Theme 3") == "Theme 3"
    # What the theme run asks of each candidate label, so it never picks one to be replaced.
    assert vocab.allows("Buses") and vocab.allows("The bus") and not vocab.allows("Wombat by the bus")


def test_common_words_from_one_session_only_are_not_enough():
    notes = [NoteWords(i, 7, "the library is closing") for i in range(6)]
    vocab = Vocabulary(notes, k=5)
    assert not vocab.common_word("library")
    vocab = Vocabulary([*notes, NoteWords(99, 8, "library hours")], k=5)
    assert vocab.common_word("library")


def test_a_phrase_must_be_used_as_a_phrase():
    notes = [NoteWords(i, i % 3, "bus stop by the park") for i in range(5)]
    notes += [NoteWords(10 + i, i % 3, "park the bus and stop") for i in range(5)]
    vocab = Vocabulary(notes, k=5)
    assert vocab.common("bus stop") and not vocab.common("stop park")


def test_a_theme_run_keeps_rare_words_of_analysis_only_notes_out_of_labels_and_keywords():
    from listening.services.themes.analysis import FoundTheme, NoteDoc, common_words

    notes = [NoteDoc(i, text, "change", "W1", "quote", "2026-03", session=i % 2)
             for i, text in enumerate(["Buses are late"] * 6)]
    notes.append(NoteDoc(99, "XSS analysisonly wombat quokka", "change", "W1", "analysis", "2026-03", session=5))
    themes = [FoundTheme("t1", "XSS and analysisonly", ["wombat", "quokka", "bus"], 7, 0, 7, None, []),
              FoundTheme("t2", "Late buses", ["late", "bus"], 6, 0, 6, None, [])]
    out = common_words(themes, notes, 5)
    assert (out[0].label, out[0].keywords) == ("Bus", ["bus"])
    assert (out[1].label, out[1].keywords) == ("Late buses", ["late", "bus"])
    alone = [NoteDoc(i, "Buses are late", "change", "W1", "quote", "2026-03") for i in range(6)]  # no session known
    assert common_words([FoundTheme("t", "Late buses", ["bus"], 6, 0, 6, None, [])], alone, 5)[0].label == "Theme 1"


def test_phrases_are_judged_as_by_reading_every_note():
    """common() looks only at the notes holding every word of a phrase; it must answer exactly
    as reading every note would (generated notes, phrases in and out of order, repeated ids)."""
    from nlp.synthetic import generate_notes

    docs, _truth = generate_notes(400, seed=3)
    notes = [NoteWords(i % 390, i // 7, d.text) for i, d in enumerate(docs)]  # some ids twice
    vocab = Vocabulary(notes, k=5)

    def by_reading(phrase):
        tokens = tuple(words(phrase))
        content = [t for t in tokens if t not in JOINERS]
        if not content or not all(vocab.common_word(t) for t in content):
            return False
        if len(tokens) == 1:
            return True
        ids, sessions = set(), set()
        for note in notes:
            text = tuple(words(note.text))
            if any(text[i:i + len(tokens)] == tokens for i in range(len(text) - len(tokens) + 1)):
                ids.add(note.note_id)
                sessions.add(note.session_id)
        return len(ids) >= 5 and len(sessions) >= 2

    phrases = ["bus stop", "stop bus", "bin collection", "collection bin", "the park", "park the",
               "damp and mould", "mould and damp", "youth club", "club youth", "gp appointment",
               "street lights", "lights street", "wombat stop", "of the", "bus", "and"]
    answers = [vocab.common(p) for p in phrases]
    assert answers == [by_reading(p) for p in phrases]
    assert any(answers) and not all(answers)
