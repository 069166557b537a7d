"""Word-level evidence in every language the stopword lists cover (42): words with combining marks, the
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


NEWS_SENTENCES = {  # a sentence of a news report in each language added after the first 28
    "ca": "L'alcalde va dir que les obres començaran a la primavera i que la biblioteca obrirà les seves portes "
          "abans de la fi de l'any vinent.",
    "sl": "Župan je povedal, da se bodo dela začela spomladi in da bo knjižnica odprta do konca prihodnjega leta, "
          "opozicija pa je glasovala proti.",
    "lt": "Meras sakė, kad darbai prasidės pavasarį ir kad biblioteka bus atidaryta iki kitų metų pabaigos, tačiau "
          "opozicija balsavo prieš.",
    "lv": "Mērs sacīja, ka darbi sāksies pavasarī un ka bibliotēka tiks atvērta līdz nākamā gada beigām, taču "
          "opozīcija balsoja pret.",
    "et": "Linnapea ütles, et tööd algavad kevadel ja et raamatukogu avatakse järgmise aasta lõpuks, kuid "
          "opositsioon hääletas selle vastu.",
    "sq": "Kryetari i bashkisë tha se punimet do të fillojnë në pranverë dhe se biblioteka do të hapet deri në "
          "fund të vitit të ardhshëm.",
    "mk": "Градоначалникот рече дека работите ќе започнат на пролет и дека библиотеката ќе биде отворена до "
          "крајот на следната година.",
    "sw": "Meya alisema kwamba kazi hiyo itaanza wakati wa masika na kwamba maktaba itafunguliwa kabla ya mwisho "
          "wa mwaka ujao.",
    "tl": "Sinabi ng alkalde na magsisimula ang mga gawain sa tagsibol at na bubuksan ang aklatan bago matapos "
          "ang susunod na taon.",
    "af": "Die burgemeester het gesê dat die werk in die lente sal begin en dat die biblioteek teen die einde van "
          "volgende jaar oop sal wees.",
    "ko": "그는 이번 사업이 지역 주민들에게 큰 도움이 될 것이라고 말했다. 하지만 야당은 비용이 너무 많이 늘었다며 반대했다.",
    "ur": "میئر نے کہا کہ کام موسم بہار میں شروع ہوگا اور لائبریری اگلے سال کے آخر تک کھول دی جائے گی۔",
    "bn": "মেয়র বলেন, বসন্তে এই কাজ শুরু হবে এবং আগামী বছরের শেষের দিকে গ্রন্থাগারটি খুলে দেওয়া হবে, তবে বিরোধী "
          "দল এর বিরোধিতা করেছে।",
    "ta": "இந்த பணிகள் வசந்த காலத்தில் தொடங்கும் என்றும் அடுத்த ஆண்டு இறுதிக்குள் நூலகம் திறக்கப்படும் என்றும் "
          "அவர் கூறினார், ஆனால் எதிர்க்கட்சி இதை எதிர்த்தது.",
}


@pytest.mark.parametrize("lang", sorted(NEWS_SENTENCES))
def test_a_news_sentence_reads_as_prose_in_the_added_languages(lexicon, lang):
    """Page detection and the region need prose to be dense in function words
    (`page_stopword_min`); without their lists Lithuanian, Korean, Urdu, Bengali and Tamil prose had
    a share of 0, Latvian, Swahili and Estonian 0.05 to 0.17."""
    feat = block_features(NEWS_SENTENCES[lang], lexicon)
    assert feat.sentence_end
    assert feat.stopword_share >= 0.2, feat.stopword_share


def test_a_whole_page_in_hindi_loses_its_menus_and_keeps_its_article():
    """The page's menu above and its links below go, its four paragraphs stay, as on the same page
    in English (the page logic needs the paragraphs' function words to see them as prose)."""
    result = Cleaner().clean(HINDI_PAGE, kind="text")
    paragraphs = [line for line in HINDI_PAGE.splitlines() if line.endswith("।")]
    assert result.body.splitlines() == paragraphs
    assert result.language == "hi"
    assert {r.category for r in result.removed} >= {"navigation"}



KOREAN_PARAGRAPHS = [
    "시의회는 화요일 저녁 새 도서관 건립과 지역 학교 세 곳의 보수를 위한 예산을 승인했다고 시장이 밝혔다. "
    "이번 예산은 지난해보다 더 많은 금액으로 편성됐으며, 그 중 절반 이상이 도서관 건립에 쓰일 것으로 알려졌다.",
    "시장은 공사가 봄에 시작될 것이라고 말했다. 그는 이번 사업이 지역 주민들에게 큰 도움이 될 것이라고 말했다. "
    "또한 도서관은 내년 말까지 문을 열 수 있을 것이라고 밝혔다.",
    "하지만 야당은 비용이 너무 많이 늘었다며 반대했다. 야당 의원들은 이번 사업에 대한 검토가 부족했다고 주장했다. "
    "그러나 시의회는 이 문제에 대해 다음 달 공청회를 열고 주민들의 의견을 들을 것이라고 밝혔다.",
]
KOREAN_PAGE = "\n".join(["홈", "정치", "경제", "사회", "국제", "스포츠", "시의회, 새 도서관 건립 예산 승인", "서울",
                          *KOREAN_PARAGRAPHS,
                          "공유하기", "트위터", "관련 기사", "회사 소개", "이용약관", "개인정보처리방침", "© 2024 뉴스"])


def test_a_whole_page_in_korean_loses_its_menus_and_keeps_its_article():
    """Korean binds its particles to the word, so its list holds the free function words ("그",
    "이번", "것이라고"); without it the page kept every menu and footer line."""
    result = Cleaner().clean(KOREAN_PAGE, kind="text")
    assert result.body.splitlines() == KOREAN_PARAGRAPHS
    assert result.language == "ko"
    assert {r.rule for r in result.removed} >= {"page_head", "page_tail"}

# -- appeals in every language ---------------------------------------------------------------------

def test_every_language_of_the_stopword_lists_has_its_appeal_words():
    import tomllib
    from importlib import resources

    folder = resources.files("cleaner") / "lexicon"
    stops = tomllib.loads((folder / "stopwords.toml").read_text(encoding="utf-8"))
    appeals = tomllib.loads((folder / "appeals.toml").read_text(encoding="utf-8"))
    assert set(appeals) == set(stops)
    for lang, table in appeals.items():
        assert table["actions"] and table["reader"] and table["publication"], lang


APPEALS = {  # "follow us" / "subscribe to our newsletter", as the language's sites write it
    "it": "Seguici su Facebook", "pt": "Siga-nos no Instagram", "nl": "Abonneer je op onze nieuwsbrief",
    "pl": "Zapisz się do naszego newslettera", "sv": "Följ oss på Facebook", "da": "Følg os på Facebook",
    "no": "Følg oss på Facebook", "fi": "Tilaa uutiskirjeemme", "cs": "Sledujte nás na Facebooku",
    "sk": "Sledujte nás na Facebooku", "hu": "Iratkozz fel hírlevelünkre", "ro": "Urmăriți-ne pe Facebook",
    "hr": "Pratite nas na Facebooku", "bg": "Последвайте ни във Facebook", "el": "Εγγραφείτε στο newsletter μας",
    "tr": "Bizi Instagram'da takip edin", "id": "Ikuti kami di Instagram", "ar": "تابعونا على تويتر",
    "fa": "ما را در تلگرام دنبال کنید", "he": "עקבו אחרינו בפייסבוק", "hi": "हमें फ़ेसबुक पर फ़ॉलो करें",
    "vi": "Hãy theo dõi kênh của chúng tôi", "es": "Síguenos en Twitter", "en": "Follow us on Twitter",
    "ca": "Segueix-nos a Facebook", "sl": "Sledite nam na Facebooku", "lt": "Sekite mus Facebook",
    "lv": "Seko mums Facebook", "et": "Jälgi meid Facebookis", "sq": "Ndiqni faqen tonë në Facebook",
    "mk": "Следете не на Facebook", "sw": "Tufuate kwenye Instagram", "tl": "Sundan kami sa Facebook",
    "af": "Volg ons op Facebook", "ko": "저희 뉴스레터를 구독하세요", "ur": "ہمیں فیس بک پر فالو کریں",
    "bn": "আমাদের ফেসবুক পেজে ফলো করুন", "ta": "எங்கள் சேனலை பின்தொடருங்கள்",
}


@pytest.mark.parametrize("lang", sorted(APPEALS))
def test_a_request_to_follow_or_subscribe_reads_as_an_appeal_in_every_language(lexicon, lang):
    assert block_features(APPEALS[lang], lexicon).appeal_words is not None


@pytest.mark.parametrize("line", [
    "Word is our striker will leave in June",   # Dutch "word" (become) and English "our"
    "Del Potro beat our champion in the final",  # Danish "del" (share) and English "our"
    "Vi skrev om oss i fjol",                    # Croatian "vi" (you) and Swedish "oss" (us)
    "Abbiamo scritto al sindaco della nostra città",  # "we": no request, no reader
])
def test_the_evidence_of_an_appeal_comes_from_one_language(lexicon, line):
    """A word that asks in one language and a word of the publication in another are no appeal:
    each line's request and its "us" / "our" must be words of one language."""
    assert block_features(line, lexicon).appeal_words is None


STORIES = {
    "it": (["Il consiglio comunale ha approvato martedì sera il bilancio per la nuova biblioteca e per la "
            "riparazione di tre scuole del quartiere.",
            "Il sindaco ha detto che i lavori cominceranno in primavera e che la biblioteca aprirà le sue porte "
            "entro la fine del prossimo anno.",
            "L'opposizione ha votato contro, sostenendo che il costo del progetto è cresciuto del venti per cento "
            "rispetto alla prima stima."], "Seguici su Instagram"),
    "pl": (["Rada miasta zatwierdziła we wtorek wieczorem budżet na nową bibliotekę oraz na remont trzech szkół "
            "w dzielnicy.",
            "Prezydent miasta powiedział, że prace rozpoczną się wiosną, a biblioteka zostanie otwarta do końca "
            "przyszłego roku.",
            "Opozycja głosowała przeciw, twierdząc, że koszt projektu wzrósł o dwadzieścia procent w porównaniu "
            "z pierwszym szacunkiem."], "Obserwuj nas na Facebooku"),
    "tr": (["Belediye meclisi salı akşamı yeni kütüphane ve mahalledeki üç okulun onarımı için hazırlanan "
            "bütçeyi onayladı.",
            "Belediye başkanı, çalışmaların ilkbaharda başlayacağını ve kütüphanenin gelecek yılın sonuna kadar "
            "açılacağını söyledi.",
            "Muhalefet, projenin maliyetinin ilk tahmine göre yüzde yirmi arttığını öne sürerek karşı oy "
            "kullandı."], "Bizi Instagram'da takip edin"),
    "hi": (["नगर परिषद ने मंगलवार शाम को नए पुस्तकालय और इलाके के तीन स्कूलों की मरम्मत के लिए बजट को मंजूरी दे दी।",
            "महापौर ने कहा कि काम वसंत में शुरू होगा और पुस्तकालय अगले साल के अंत तक खुल जाएगा।",
            "विपक्ष ने इसके खिलाफ वोट दिया और कहा कि परियोजना की लागत पहले अनुमान से बीस प्रतिशत बढ़ गई है।"],
           "हमें फ़ेसबुक पर फ़ॉलो करें"),
    "ar": (["وافق المجلس البلدي مساء الثلاثاء على ميزانية المكتبة الجديدة وترميم ثلاث مدارس في الحي بعد نقاش طويل.",
            "وقال رئيس البلدية إن الأعمال ستبدأ في الربيع وإن المكتبة ستفتح أبوابها قبل نهاية العام المقبل.",
            "وصوتت المعارضة ضد الميزانية، وقالت إن كلفة المشروع ارتفعت بنسبة عشرين في المئة عن التقدير الأول."],
           "تابعونا على تويتر"),
    "el": (["Το δημοτικό συμβούλιο ενέκρινε την Τρίτη το βράδυ τον προϋπολογισμό για τη νέα βιβλιοθήκη και "
            "την επισκευή τριών σχολείων.",
            "Ο δήμαρχος είπε ότι οι εργασίες θα ξεκινήσουν την άνοιξη και ότι η βιβλιοθήκη θα ανοίξει ως το "
            "τέλος του επόμενου έτους.",
            "Η αντιπολίτευση καταψήφισε, λέγοντας ότι το κόστος του έργου αυξήθηκε κατά είκοσι τοις εκατό από "
            "την πρώτη εκτίμηση."], "Ακολουθήστε μας στο Facebook"),
}


@pytest.mark.parametrize("lang", sorted(STORIES))
def test_an_appeal_after_the_story_goes_and_the_story_stays(lang):
    """After a story's last paragraph the appeal goes, by `reader_appeal` (no phrase rule knows
    these languages); between the paragraphs the same line stays, as in English."""
    paragraphs, appeal = STORIES[lang]
    after = Cleaner().clean("\n\n".join(paragraphs + [appeal]), kind="text")
    assert after.body.split("\n\n") == paragraphs
    assert [(r.rule, r.text) for r in after.removed] == [("reader_appeal", appeal)]
    between = Cleaner().clean("\n\n".join(paragraphs[:2] + [appeal] + paragraphs[2:]), kind="text")
    assert appeal in between.body and not between.removed


# -- time stamps and comment threads ---------------------------------------------------------------

@pytest.mark.parametrize("stamp", [
    "23 ore fa", "há 2 horas", "3 anos atrás", "2 uur geleden", "5 minut temu", "för 3 timmar sedan",
    "for 2 timer siden", "před 5 minutami", "pred 2 hodinami", "acum 3 ore", "prije 2 sata", "преди 5 минути",
    "πριν από 2 ώρες", "3 saat önce", "2 jam yang lalu", "2 órája", "3 tuntia sitten", "5 phút trước",
    "منذ 3 ساعات", "לפני 3 שעות", "2 ساعت پیش", "2 घंटे पहले", "wczoraj", "hôm qua",
    "fa 3 hores", "pred 2 urami", "prieš 3 valandas", "pirms 2 stundām", "3 tundi tagasi", "para 2 orësh",
    "пред 3 часа", "saa 3 zilizopita", "3 oras na ang nakalipas", "2 uur gelede", "3시간 전", "3 گھنٹے پہلے",
    "৩ ঘণ্টা আগে", "3 மணி நேரத்திற்கு முன்", "ahir", "어제",
])
def test_a_relative_time_stamp_alone_on_its_line_in_every_language(lexicon, stamp):
    assert block_features(stamp, lexicon).relative_time


@pytest.mark.parametrize("line", ["3 anos", "Acum trei ani, orașul a construit un pod nou", "Il y a des jours"])
def test_a_duration_or_a_sentence_is_no_relative_time_stamp(lexicon, line):
    assert not block_features(line, lexicon).relative_time


def test_a_signed_thread_in_turkish_goes_by_its_dated_signatures():
    """Readers' signatures with a Turkish date ("17 Temmuz 2012, 18:18") close together after the
    story are a comment thread, as "July 17th, 2012, 6:18 pm" are in English."""
    paragraphs = STORIES["tr"][0] + ["Yeni kütüphanenin çocuklar için ayrı bir okuma salonu ve akşamları açık "
                                     "kalacak bir çalışma alanı olacak."]  # 50 words: a thread needs an article
    thread = ["Ayşe — 17 Temmuz 2012, 18:18", "Sonunda! Her gün o yoldan geçiyorum.",
              "Mehmet — 17 Temmuz 2012, 19:02", "Bu kadar küçük bir kütüphane için çok para değil mi?",
              "Zeynep — 18 Temmuz 2012, 08:12", "Çocuklar için güzel bir haber."]
    doc = Cleaner().clean("\n\n".join(paragraphs + thread), kind="text")
    assert doc.body.split("\n\n") == paragraphs
    assert "Mehmet — 17 Temmuz 2012, 19:02" in [r.text for r in doc.removed if r.rule == "comment_section"]
