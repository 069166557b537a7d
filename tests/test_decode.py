from __future__ import annotations

import codecs
import re
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.decode import decode, normalise, repair_mojibake, unescape_entities

RUSSIAN = "Мы ждали этого дня много лет, - сказал один из первых водителей."
GERMAN = "Die Bürger äußerten sich über die Größe des Projekts."
FRENCH = "Les élèves ont déjà commencé à étudier à l'école française."


@pytest.mark.parametrize("text,codec,expected_name", [
    (GERMAN, "utf-8", "utf-8"),
    (RUSSIAN, "cp1251", "cp1251"),
    (RUSSIAN, "koi8-r", "koi8-r"),
    (GERMAN, "cp1252", "cp1252"),
    (FRENCH, "cp1252", "cp1252"),
    (FRENCH, "latin-1", "cp1252"),  # identical bytes for these letters
])
def test_single_encodings(text, codec, expected_name):
    assert decode(text.encode(codec)) == (text, expected_name)


@pytest.mark.parametrize("bom,codec,name", [
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
])
def test_byte_order_marks(bom, codec, name):
    assert decode(bom + RUSSIAN.encode(codec)) == (RUSSIAN, name)


def test_utf16_without_bom_is_recognised():
    assert decode(GERMAN.encode("utf-16-le")) == (GERMAN, "utf-16-le")


def test_a_few_bad_bytes_in_utf8_do_not_change_the_encoding():
    data = (GERMAN * 200).encode("utf-8") + b"\xff"
    text, name = decode(data)
    assert name == "utf-8"
    assert text.endswith("\ufffd")


def test_declared_html_charset_is_used_when_utf8_fails():
    html = '<html><head><meta charset="windows-1251"></head><body>' + RUSSIAN + "</body></html>"
    text, name = decode(html.encode("cp1251"), html=True)
    assert RUSSIAN in text and name == "cp1251"


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1():
    assert decode(b"caf\xe9 \x81")[1] == "latin-1"


def test_normalise_keeps_words_and_folds_space():
    assert normalise("Cafe\u0301\u00a0\u00a0au  lait \r\nline\u200b two\r\r\r\rend ") == "Café au lait\nline two\n\nend"


def test_normalise_removes_control_characters_but_not_text():
    assert normalise("a\x00b\x1bc") == "a b c"


ENGLISH = "The company said its profits rose sharply this year as demand recovered across Europe. " * 30


@pytest.mark.parametrize("text,codec", [
    (ENGLISH + "\u201cWe are pleased,\u201d the chief executive said \u2014 twice.", "cp1252"),
    (ENGLISH + "Die Stra\u00dfe in K\u00f6ln.", "latin-1"),
    (ENGLISH + "Le caf\u00e9 a rouvert.", "cp1252"),
])
def test_single_byte_text_with_few_accents_is_not_taken_for_broken_utf8(text, codec):
    decoded, name = decode(text.encode(codec))
    assert decoded == text and "\ufffd" not in decoded
    assert name in ("cp1252", "latin-1")


def test_a_utf8_file_cut_inside_a_character_stays_utf8():
    data = (GERMAN * 50 + "ü").encode("utf-8")
    assert decode(data[:-1])[1] == "utf-8"


def _normalise_by_regex(text: str) -> str:
    """normalise() as first written, with regular expressions: the reference for the faster one."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None))
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", " ", text)
    text = re.sub(r"[^\S\n]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_SPACES_AND_BREAKS = st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "\xa0", "\u3000", "\u2009", "\x0b", "\x0c", "\x1c",
                                      "\x1e", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff", "\x00", "e\u0301", "a", "Б"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_SPACES_AND_BREAKS, max_size=20).map("".join) | st.text(max_size=40))
def test_normalise_matches_the_regex_version(text):
    assert normalise(text) == _normalise_by_regex(text)


# --- mojibake: UTF-8 decoded as cp1252 or latin-1 once too often ---------------------------------

def _as_cp1252(data: bytes) -> str:
    """What a reader that takes UTF-8 for cp1252 shows (latin-1 for the five bytes cp1252 lacks)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


WORLD = [GERMAN, FRENCH, RUSSIAN, "El niño pidió más café — ¿por qué no?", "Zażółć gęślą jaźń",
         "東京の天気は晴れです", "Price: £790m, €14/month, 1½ hours, 25°C ✍️ 🚀 → “quoted” don’t"]


@pytest.mark.parametrize("text", WORLD)
@pytest.mark.parametrize("misread", [_as_cp1252, lambda data: data.decode("latin-1")])
def test_mojibake_of_any_language_is_read_back(text, misread):
    broken = misread(text.encode("utf-8"))
    assert broken != text
    assert repair_mojibake(broken) == (text, True)


@pytest.mark.parametrize("text", WORLD + ["SÃO PAULO, Nº 5, 1ª edição, Ü-Bahn, Größe 42°", "ÀÉÎÕÜ ãéîõü ×÷ ¿¡ «»"])
def test_text_without_mojibake_is_left_alone(text):
    assert repair_mojibake(text) == (text, False)


def test_the_cleaner_repairs_mojibake_and_says_so(cleaner):
    story = ("The council’s plan for the café was approved on Tuesday by a wide margin, "
             "after a debate about the cost of schools and roads — and £790m of spending.")
    broken = _as_cp1252(story.encode("utf-8")).encode("utf-8")
    doc = cleaner.clean(broken, kind="text")
    assert doc.body == story
    assert "mojibake" in doc.flags
    assert "mojibake" not in cleaner.clean(story.encode("utf-8"), kind="text").flags


def test_mojibake_repair_can_be_switched_off():
    from cleaner import Cleaner
    from cleaner.config import Config
    broken = _as_cp1252("The council’s plan for the café was approved on Tuesday.".encode("utf-8"))
    doc = Cleaner(Config(disabled=frozenset({"mojibake"}))).clean(broken, kind="text")
    assert "Ã©" in doc.body and "mojibake" not in doc.flags


# --- character references left in plain text ----------------------------------------------------

@pytest.mark.parametrize("escaped, text", [
    ("AT&amp;T&#8217;s profit &mdash; up 5&#x25;", "AT&T’s profit — up 5%"),
    ("Caf&eacute; &laquo;Zur Post&raquo;&nbsp;&euro;5", "Café «Zur Post»\xa0€5"),
])
def test_character_references_in_plain_text_are_read(escaped, text):
    assert unescape_entities(escaped) == (text, True)


@pytest.mark.parametrize("text", ["R&D and M&A, Procter&nothing, AT&T", "&bogus; & &#; &#xZZ; &#1114112; &#55296;",
                                  "Fish & Chips; 3 < 4 & 5 > 2"])
def test_ampersands_that_are_no_complete_reference_stay(text):
    assert unescape_entities(text) == (text, False)


def test_the_cleaner_reads_references_in_text_and_says_so_but_not_in_html(cleaner):
    story = "The council&#8217;s plan for the harbour &amp; the bridge was approved on Tuesday by a wide margin."
    doc = cleaner.clean(story.encode("utf-8"), kind="text")
    assert doc.body == "The council’s plan for the harbour & the bridge was approved on Tuesday by a wide margin."
    assert "entities" in doc.flags
    # In HTML the parser reads the references; the text step does not run again on its text.
    page = "<html><head><title>Plan</title></head><body><article><p>" + story + "</p></article></body></html>"
    html_doc = cleaner.clean(page.encode("utf-8"), kind="html")
    assert "entities" not in html_doc.flags and "the harbour & the bridge" in html_doc.body


def test_reference_reading_can_be_switched_off():
    from cleaner import Cleaner
    from cleaner.config import Config
    doc = Cleaner(Config(disabled=frozenset({"entities"}))).clean("Fish &amp; chips were served at the fair on Sunday.", kind="text")
    assert "&amp;" in doc.body and "entities" not in doc.flags
