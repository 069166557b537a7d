"""Word-level evidence in every script the stopword lists cover: words with combining marks, the
casefolded forms of the lists, and a whole page in Hindi cleaned as the same page in English."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.features import Lexicon, block_features, find_words


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load()


def test_a_word_keeps_its_vowel_signs():
    """Devanagari writes most vowels as combining signs: "सरकार" is one word, not "सरक" and "र"."""
    assert find_words("सरकार ने कहा") == ["सरकार", "ने", "कहा"]
    assert find_words("যোগাযোগ করুন") == ["যোগাযোগ", "করুন"]
    assert find_words("Crème brûlée, naïve") == ["Crème", "brûlée", "naïve"]


HINDI = ("सरकार ने मंगलवार को कहा कि नई योजना के तहत देश के सभी गांवों में बिजली पहुंचाई जाएगी और इसके "
         "लिए बजट में अतिरिक्त राशि दी गई है।")
GREEK = ("Η κυβέρνηση ανακοίνωσε την Τρίτη ότι το νέο σχέδιο θα εφαρμοστεί σε όλες τις περιφέρειες της "
         "χώρας μας από τον επόμενο μήνα, όπως είπε ο υπουργός.")


@pytest.mark.parametrize("sentence, words", [(HINDI, {"सरकार", "बिजली", "योजना"}), (GREEK, {"κυβέρνηση", "σχέδιο"})])
def test_function_words_of_prose_are_found_in_every_script(lexicon, sentence, words):
    """A sentence's function words are the evidence that it is prose: Hindi's ("ने", "के", "में")
    carry vowel signs, Greek's "μας" and "της" end in a final sigma that casefolds to "σ"."""
    feat = block_features(sentence, lexicon)
    assert feat.sentence_end  # Hindi ends its sentences with "।"
    assert feat.stopword_share >= 0.3
    assert words <= feat.content_words
    assert not {"μας", "μασ", "της", "τησ", "के", "में"} & feat.content_words


HINDI_PAGE = """होम
देश
विदेश
खेल
मनोरंजन
राज्य सरकार ने गांवों में बिजली पहुंचाने की नई योजना शुरू की
नई दिल्ली
{p1}
ऊर्जा मंत्री ने संवाददाताओं से कहा कि योजना का पहला चरण अगले महीने से शुरू होगा और इसमें उत्तर प्रदेश, बिहार और मध्य प्रदेश के जिलों को प्राथमिकता दी जाएगी।
उन्होंने बताया कि इस काम के लिए बिजली कंपनियों के साथ समझौते किए जा चुके हैं और हर जिले में एक निगरानी समिति बनाई जाएगी जो काम की प्रगति पर नजर रखेगी।
विपक्ष ने योजना का स्वागत किया, लेकिन कहा कि पिछली योजनाओं की तरह यह भी कागजों तक सीमित नहीं रहनी चाहिए और सरकार को हर तीन महीने में रिपोर्ट जारी करनी चाहिए।
शेयर करें
ट्वीट
संबंधित खबरें
हमारे बारे में
संपर्क करें
गोपनीयता नीति
© 2024 समाचार
""".format(p1=HINDI)


def test_a_whole_page_in_hindi_loses_its_menus_and_keeps_its_article():
    """The page's menu above and its links below go, its four paragraphs stay, as on the same page
    in English (the page logic needs the paragraphs' function words to see them as prose)."""
    result = Cleaner().clean(HINDI_PAGE, kind="text")
    paragraphs = [line for line in HINDI_PAGE.splitlines() if line.endswith("।")]
    assert result.body.splitlines() == paragraphs
    assert result.language == "hi"
    assert {r.category for r in result.removed} >= {"navigation"}

