"""Boilerplate in the major European languages: the phrase lists (library/extract/phrase_lists/) at work."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from library.extract import phrases
from library.extract.boilerplate import phrase_kind
from tests.library.article_page import PROSE, extract_page, page

TEASERS = "".join(
    f"<li><a href='/artikel/{n}'>Ein anderer Artikel mit der Nummer {n}</a></li>" for n in range(1, 4)
)


@dataclass(frozen=True)
class Case:
    """Furniture `markup` after the article; none of `gone` may reach the text."""

    language: str
    markup: str
    gone: tuple[str, ...]


REMOVED = [
    Case(
        "German: a 'Lesen Sie auch' box of links",
        f"<div class='box'><h3>Lesen Sie auch</h3><ul>{TEASERS}</ul></div><p>Der Fluss ist wieder ruhig, "
        "und die Fähre fährt seit Montag nach dem alten Fahrplan, wie die Gemeinde mitteilte.</p>",
        ("Lesen Sie auch", "Ein anderer Artikel"),
    ),
    Case(
        "German: a lead-in with its headline on one line",
        "<p><strong>Auch interessant:</strong> <a href='/x'>So wird der Deich erhöht</a></p>",
        ("Auch interessant", "Deich erhöht"),
    ),
    Case(
        "German: a lead-in with words after the phrase, then links",
        f"<p><strong>Lesen Sie auch die folgenden Beiträge:</strong></p><ul>{TEASERS}</ul>",
        ("folgenden Beiträge", "Ein anderer Artikel"),
    ),
    Case(
        "German: rating, sharing and comment prompts",
        "<p>War der Artikel nützlich?</p><p>Möchten Sie den Artikel teilen?</p><p>Kommentare (3)</p>",
        ("nützlich", "teilen", "Kommentare"),
    ),
    Case(
        "German: prompts as lines of one block, between line breaks",
        "<div><hr><strong>Wie bewerten Sie diesen Artikel?</strong><br>Folge uns auf <a href='/fb'>Facebook</a>"
        " | <a href='/ig'>Instagram</a><br><a href='/liste'>zurück zur Listenansicht</a></div>",
        ("bewerten", "Folge uns", "Instagram", "Listenansicht"),
    ),
    Case(
        "German: credit, source and publication lines",
        "<p>Titelbild: Max Muster</p><p>Quelle: Landesregierung</p><p>Der Beitrag wurde am Mittwoch, den "
        "27. November 2019 um 15:21 Uhr veröffentlicht und wurde unter Allgemein abgelegt.</p>",
        ("Titelbild", "Landesregierung", "veröffentlicht"),
    ),
    Case(
        "German: an advertisement label and an affiliate disclosure",
        "<p>ANZEIGE - Heute mal ausgehen? Wie wäre es mit:</p><p>*Werbung. Dieser Beitrag enthält Werbung "
        "für eine Marke.</p>",
        ("ANZEIGE", "enthält Werbung"),
    ),
    Case(
        "German: a news list's heading and a site's footer line",
        f"<h3>Aktuelle Meldungen</h3><ul>{TEASERS}</ul><p>Powered by Nikola</p>",
        ("Aktuelle Meldungen", "Ein anderer Artikel", "Nikola"),
    ),
    Case(
        "Portuguese and German: comment moderation notices",
        "<p>ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.</p>"
        "<p>Hinweis: Kommentare werden moderiert und erscheinen nach der Prüfung.</p>",
        ("moderador", "moderiert"),
    ),
    Case(
        "French: 'Lire aussi'",
        "<p>Lire aussi : <a href='/a'>Le fleuve sort de son lit</a></p>",
        ("Lire aussi",),
    ),
    Case(
        "Spanish: 'Lea también', 'MIRA' and a channel promotion",
        "<p><strong>Lea también: Impiden el paso a los reporteros</strong></p><h3>MIRA: Una madre detenida</h3>"
        "<p>¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.</p>",
        ("Lea también", "MIRA", "Telegram"),
    ),
    Case(
        "Italian: 'Leggi anche'",
        "<p>Leggi anche: <a href='/a'>Il fiume è tornato calmo</a></p>",
        ("Leggi anche",),
    ),
    Case(
        "Portuguese: 'Leia também'", "<p>LEIA TAMBÉM: <a href='/a'>O rio voltou ao normal</a></p>", ("LEIA",)
    ),
    Case("Dutch: 'Lees ook'", "<p>Lees ook: <a href='/a'>De rivier is weer rustig</a></p>", ("Lees ook",)),
    Case(
        "Polish: 'Czytaj także'",
        "<p>Czytaj także: <a href='/a'>Rzeka znów jest spokojna</a></p>",
        ("Czytaj",),
    ),
]


@pytest.mark.parametrize("case", REMOVED, ids=[case.language for case in REMOVED])
def test_furniture_in_other_languages_is_removed(case: Case) -> None:
    article = extract_page(page(prose=PROSE + case.markup))
    for phrase in case.gone:
        assert phrase not in article.text, f"{case.language}: {phrase!r} survived"
    assert "river towns along the valley" in article.text
    assert "let alone the furniture that floated away" in article.text


def test_the_german_box_leaves_the_paragraph_after_it() -> None:
    article = extract_page(page(prose=PROSE + REMOVED[0].markup))
    assert "die Fähre fährt seit Montag nach dem alten Fahrplan" in article.text


@pytest.mark.parametrize(
    "sentence",
    [
        # Sentences that begin with a phrase's words but are article text.
        "Mira Sorvino, who played the lead, said the film had taken four years to finance and two to shoot.",
        "Posted on social media by the analysts, the clip shows the game dropping frames in every scene.",
        "Lesen Sie auch nach, was der Rat im vergangenen Jahr beschlossen hat, bevor Sie über die neuen Pläne urteilen, sagte sie.",
        "Kommentare von Lesern haben uns gezeigt, dass die Brücke vielen wichtiger ist als der neue Parkplatz am Ufer.",
        "Thema: Schottischer Whisky mit Buffet und Musik am Abend, Eintritt frei für Mitglieder.",
        "Autor: Steffen Pache, Landesanstalt für Landwirtschaft, Köllitsch",
    ],
)
def test_sentences_that_begin_like_a_phrase_are_kept(sentence: str) -> None:
    article = extract_page(page(prose=PROSE + f"<p>{sentence}</p>"))
    assert sentence in article.text


def test_leads_are_matched_word_by_word_with_their_punctuation() -> None:
    lead = phrases.PHRASES.leads("» Lea también: Impiden ingreso").get("related")
    assert (
        lead is not None
        and lead.phrase == "lea también"
        and lead.rest == "impiden ingreso"
        and lead.delimited
    )
    # One word without punctuation after it is the start of a sentence, not a label.
    lead = phrases.PHRASES.leads("Mira Sorvino was there").get("related")
    assert lead is not None and not lead.delimited
    assert phrases.PHRASES.leads("Die Brücke über den Fluss") == {}
    assert phrases.PHRASES.mentions("promotions", "Folgen Sie uns auf Instagram!")
    assert not phrases.PHRASES.mentions("promotions", "Die Brücke über den Fluss")


def test_every_list_uses_known_kinds_and_covers_the_major_european_languages() -> None:
    files = {path.stem for path in phrases.LISTS.glob("*.txt")}
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl"} <= files
    assert phrase_kind("Lesen Sie auch: Der Deich hält") == "related lead-in"
    assert phrase_kind("Die Brücke über den Fluss ist seit gestern wieder offen.") is None


def test_a_list_with_an_unknown_kind_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "xx.txt").write_text("[relatd]\nlies das\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx.txt: unknown kind \[relatd\]"):
        phrases.load_phrases(tmp_path)
    (tmp_path / "xx.txt").write_text("# Klingon\n[related]\nLies DAS  auch\n", encoding="utf-8")
    assert phrases.load_phrases(tmp_path).leads("Lies das auch: X").get("related") is not None
