from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cleaner import Cleaner, Config, RuleError
from cleaner.regex_safety import backtracking_risk
from cleaner.rule_index import _CASE_TWINS, _NOT_PLAIN, _PLAIN, _rule_needles, _without_group_names, load_rules
from cleaner.rules import _FOLD, _TRAILING_CHARS, match_key, parse_rule_file
from conftest import all_documents

USER_RULES = """
category = "promo"

[[rule]]
id = "example_shop_banner"
match = "whole"
phrases = ["Visit the Example shop"]
domains = ["example.com"]

[[rule]]
id = "example_podcast"
match = "start"
patterns = ['listen to (?:the|our) podcast']
sources = ["Example Times"]
"""


def rule_ids(ruleset, text, **kw):
    hit = ruleset.first_hit(text, **kw)
    return (hit.rule.category, hit.rule.id) if hit else None


@pytest.fixture(scope="module")
def builtin():
    return load_rules()


def test_builtin_rule_files_load_and_ids_are_unique(builtin):
    ids = [r.id for r in builtin.rules]
    assert len(ids) == len(set(ids)) > 20


@pytest.mark.parametrize("text,expected", [
    ("Read more", ("navigation", "navigation_link")),
    ("READ MORE »", ("navigation", "navigation_link")),
    ("Read More →", ("navigation", "navigation_link")),
    ("Weiterlesen ▶", ("navigation", "navigation_link")),
    ("Sign up for our free weekly newsletter", ("newsletter", "newsletter_signup")),
    ("Newsletter abonnieren", ("newsletter", "newsletter_signup")),
    ("Abonnez-vous à notre newsletter", ("newsletter", "newsletter_signup")),
    ("Suscríbete a nuestro boletín", ("newsletter", "newsletter_signup")),
    ("Подпишитесь на нашу рассылку", ("newsletter", "newsletter_signup")),
    ("Підпишіться на нашу розсилку", ("newsletter", "newsletter_signup")),
    ("Support The Moscow Times!", ("donation_appeal", "support_publisher")),
    ("Unterstützen Sie uns jetzt", ("donation_appeal", "donation_prompt")),
    ("Soutenez-nous", ("donation_appeal", "donation_prompt")),
    ("Поддержите нас", ("donation_appeal", "donation_prompt")),
    ("Підтримайте нас", ("donation_appeal", "donation_prompt")),
    ("Subscribe to continue reading", ("subscription", "paywall_cutoff")),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", ("subscription", "paywall_cutoff")),
    ("Disclaimer: not investment advice.", ("disclaimer", "disclaimer_prefix")),
    ("Source Cryptopolitan", ("source", "source_line")),
    ("© 2024 Example Media. All rights reserved.", ("legal", "rights_reserved")),
    ("Photo: Jane Doe / Reuters", ("caption", "photo_prefix")),
    ("Jane Doe / Reuters", ("caption", "photo_credit_line")),
    ("The Islanders won 5-4. (AP Photo/Gene J. Puskar)", ("caption", "photo_credit_line")),
    ("The Kremlin in Moscow. Yaroslav Chingaev / Moskva News Agency", ("caption", "photo_credit_line")),
    ("Abbildung 4: Die Schneedecke im Querschnitt.", ("caption", "photo_prefix")),
    ("Lea más: El gobierno presenta su plan", ("related_content", "related_prefix")),
    ("Inhaltsverzeichnis", ("navigation", "navigation_link")),
    ("Keith Bradsher contributed reporting from Hong Kong.", ("byline", "contributor_line")),
    ("Write to Al Root at allen.root@example.com", ("byline", "author_contact")),
    ("Published 11:11 PM EST Nov 19, 2019", ("dateline", "timestamp_line")),
    ("2019-11-19T08:57:40+01:00", ("dateline", "timestamp_line")),
    ("Home Depot stock fell after earnings. Photograph by Robyn Beck/AFP/Getty Images", ("caption", "trailing_credit")),
    ("The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)", ("caption", "trailing_credit")),
    ("The Canon 7D is a top of the line crop sensor camera. Photo by: 'Mario Calvo'.", ("caption", "trailing_credit")),
    ("https://static.example.com/image/abc-500-250/photo.jpg", ("navigation", "bare_url")),
    ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", ("social_share", "follow_prompt")),
    ("Note: we are temporarily moderating all comments submitted to deal with spam.", ("comments", "comment_policy")),
    ("Get Motor Cycle Monthly delivered every month. 12 issues for £11.99.", ("subscription", "subscribe_prompt")),
    ("China furious at Macron for Hong Kong protest jibe [ INSIGHT]|", ("related_content", "tagged_teaser")),
    ("À lire aussi » Comment bien dormir en été", ("related_content", "related_prefix")),
    ("Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", ("caption", "trailing_credit")),
    ("ANZEIGE - Heute mal ausgehen? Wie wäre es mit:", ("advertisement", "ad_prefix")),
    ("Schlagworte", ("navigation", "navigation_link")),
    ("We use cookies to improve your experience.", ("cookie_notice", "cookie_banner")),
    ("Advertisement", ("advertisement", "ad_label")),
    ("12 comments", ("comments", "comment_count")),
    ("Reader comments", ("comments", "comment_count")),
    ("Comments are closed.", ("comments", "comment_prompt")),
    ("RSS feed for comments on this post. TrackBack URI", ("comments", "comment_prompt")),
    ("Please sign in to comment.", ("comments", "comment_prompt")),
    ("4 comments:", ("comments", "comment_count")),
    ("No comments yet.", ("comments", "comment_prompt")),
    ("Keine Kommentare", ("comments", "comment_prompt")),
    ("Kommentare", ("comments", "comment_count")),
    ("16 thoughts on “We’re debt-free, now what?”", ("comments", "comment_header")),
    ("There are 16 comments to \"We’re debt-free, now what?\".", ("comments", "comment_header")),
    ("One Response to “Paris Meetup and Upcoming Bootcamp”", ("comments", "comment_header")),
    ("{ 20 comments… read them below or add one }", ("comments", "comment_header")),
    ("{ 131 comments }", ("comments", "comment_header")),
    ("Email this story to a friend", ("social_share", "tool_row")),
    ("| | Print this story \\| Email this story \\| [+] Text Size [-] |", ("social_share", "tool_row")),
    ("Email to a friend Printer friendly", ("social_share", "tool_row")),
    ("- Send this article:", ("social_share", "tool_row")),
    ("Print This | E-mail This", ("social_share", "tool_row")),
    ("Top | Back | E-mail to a friend | Printable version", ("social_share", "tool_row")),
    ("Print Email Return to top", ("social_share", "tool_row")),
    ("Have your say", ("comments", "comment_prompt")),
    ("Post your comment", ("comments", "comment_prompt")),
    ("Story continues", ("navigation", "navigation_link")),
    ("This module requires JavaScript for full functionality. Please enable JavaScript in your browser.",
     ("navigation", "javascript_notice")),
    ("Please enable JavaScript to view the comments powered by Disqus.", ("navigation", "javascript_notice")),
    ("Achtung! Du hast in deinem Browser Javascript deaktiviert.", ("navigation", "javascript_notice")),
    ("View larger image", ("navigation", "navigation_link")),
    ("Sponsored links", ("advertisement", "ad_label")),
    ("All comments are moderated before being published.", ("comments", "comment_policy")),
    ("Jill Winger says", ("comments", "commenter_line")),
    ("Cicero Newsletter", ("newsletter", "newsletter_title")),
    ("Ich bin damit einverstanden, personalisierte E-Mails zu erhalten.", ("newsletter", "signup_consent")),
    ("I agree to the processing of my data in accordance with the privacy notice.", ("newsletter", "signup_consent")),
    ("By checking this box, I agree to the terms of service of Example Media.", ("newsletter", "signup_consent")),
    ("I consent to receive marketing communications about Example and its affiliates.", ("newsletter", "signup_consent")),
    ("Ich willige ein, dass mich Example per E-Mail über Neuigkeiten informiert.", ("newsletter", "signup_consent")),
    ("Wyrażam zgodę na przetwarzanie moich danych osobowych przez Example Sp. z o.o.", ("newsletter", "signup_consent")),
    ("Administratorem danych jest Example Sp. z o.o. Dane osobowe zbierane są w celu przesyłania Newslettera.",
     ("newsletter", "signup_consent")),
    ("No spam, we promise. You can unsubscribe at any time.", ("newsletter", "newsletter_signup")),
    ("Your email address will not be published. Required fields are marked *", ("comments", "comment_form")),
    ("Hinterlasse eine Antwort", ("comments", "comment_prompt")),
    ("September 15, 2020 by Jane Doe Post a Comment", ("comments", "comment_prompt")),
    ("Hat Ihnen dieser Artikel gefallen? Dann teilen Sie ihn mit anderen.", ("social_share", "liked_prompt")),
    ("Beitrag teilen:", ("social_share", "share_bar")),
    ("Das Hermelin im Winterfell. (Jane Doe / iStock.com)", ("caption", "stock_credit")),
    ("Schneeräumen: was man wissen muss © Rike/pixelio.de", ("caption", "trailing_credit")),
    ("Roughly 13,000 troops remain in the country [File: Reuters]", ("caption", "trailing_credit")),
    ("Mehr Kolumnen auf MeinMMO:", ("related_content", "more_from_header")),
    ("Más sobre La Tercera", ("related_content", "more_from_header")),
    ("Download the Example News apps for iOS and Android.", ("promo", "promo_call_to_action")),
    ("If you're running an ad-blocker it's costing me money.", ("advertisement", "adblock_notice")),
    ("Aktualisiert: 11.04.2020, 10:27", ("dateline", "timestamp_line")),
    ("17 April 2012 • 2:54pm", ("dateline", "timestamp_line")),
    ("Lesezeit: 3 Minuten", ("dateline", "reading_time")),
    ("Unterstütze RosaMag bereits mit 2,50!", ("donation_appeal", "donation_prompt")),
    ("Jetzt 3 Ausgaben GRATIS erhalten!", ("subscription", "subscribe_prompt")),
    ("- Print Article", ("navigation", "navigation_link")),
    ("• Order Reprints", ("navigation", "navigation_link")),
    ("Updated at 1:23 p.m.", ("dateline", "timestamp_line")),
    ("This copy is for your personal, non-commercial use only.", ("legal", "rights_reserved")),
    ("By Justine Coleman - 11/18/19 11:04 PM EST", ("byline", "dated_byline")),
    ("By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT", ("byline", "dated_byline")),
    ("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", ("byline", "dated_byline")),
    ("Jeff Foust (jeff@example.com) is the editor of The Space Review.", ("byline", "author_bio")),
    ("Detroit News wire services", ("caption", "agency_credit")),
    ("Filed under: Politics |", ("navigation", "tag_list")),
    ("This entry was posted in News and tagged budget. Bookmark the permalink.", ("navigation", "filed_under")),
    ("Zurück zur Übersicht", ("navigation", "back_to_link")),
    ("Dieses Blog durchsuchen", ("navigation", "site_search")),
    ("13 Besucher sind online", ("navigation", "online_counter")),
    ("Diese Geschichte teilen", ("social_share", "share_bar")),
    ("Sie müssen sich anmelden um Kommentare zu schreiben.", ("comments", "comment_form")),
    ("Eingestellt von Michel um 21:11", ("byline", "dated_byline")),
    ("Von:", ("byline", "byline_label")),
    ("Schreibt seit 2008 für die taz.", ("byline", "author_blurb")),
    ("23.06.2016 um 16:14 Uhr - Jane Doe - 91 Ergänzungen", ("dateline", "timestamp_prefix")),
    ("Jetzt neu! Besuchen Sie unseren Fan-Shop!", ("promo", "promo_call_to_action")),
    ("Die aktuelle Ausgabe jetzt am Kiosk, im Abo und als E-Paper.", ("subscription", "subscribe_prompt")),
    ("Dieser Beitrag stammt aus Ausgabe 7/2019 der Zeitschrift.", ("source", "print_edition_note")),
    ("Dieser Beitrag gibt die Meinung des Autors wieder.", ("disclaimer", "opinion_disclaimer")),
    ("Datenschutzerklärung · Impressum", ("legal", "legal_link_row")),
    ("Wir respektieren deine Privatsphäre und stellen ohne dein Einverständnis keine Verbindung zu X her.",
     ("cookie_notice", "cookie_banner")),
    ("Source: Defense Ministry, October 25, 2019", ("source", "source_line")),
    ("jane.doe@example.com @janedoe", ("byline", "author_contact")),
    ("Opinions expressed by Example Contributors are their own.", ("disclaimer", "opinion_disclaimer")),
    ("When you purchase through links on our site, we may earn an affiliate commission.",
     ("disclaimer", "investment_disclaimer")),
    ("Example Media, LLC is a subsidiary of Example Holdings, LLC.", ("legal", "rights_reserved")),
    ("Courtesy of Andrew Vaughan", ("caption", "photo_credit_line")),
    ("October 15, 2018 / 0 Comments / in News / by admin", ("navigation", "post_meta")),
    ("New Delhi, News Bureau | Updated : 19 November 2019, 09:01 AM", ("dateline", "updated_stamp")),
    ("About Example Corp", ("byline", "about_the_author")),
    ("Sobre Carlos Nadalim", ("byline", "about_the_author")),
    ("Related links:", ("related_content", "related_header")),
    ("Tempo de leitura: 1 minuto", ("dateline", "reading_time")),
    ("Related post: Pickled Brussels Sprouts Recipe", ("related_content", "related_prefix")),
    ("Listen: http://example.com/ep615", ("navigation", "labelled_link")),
    ("An error has occurred, please try again later.", ("navigation", "widget_error")),
    ("Like this:", ("social_share", "share_bar")),
    ("Thanks for watching! Visit Website", ("navigation", "player_chrome")),
    ("More Great Example Stories", ("related_content", "more_from_header")),
    ("The company logo is displayed outside an office in New York.Reuters", ("caption", "trailing_credit")),
    ("© 2019 Example Media. All rights reserved. Use of this site constitutes acceptance of our User Agreement"
     " and Privacy Policy and Cookie Statement and Your California Privacy Rights. Example may earn a portion of"
     " sales from products that are purchased through our site as part of our Affiliate Partnerships with"
     " retailers. The material on this site may not be reproduced, distributed, transmitted, cached or otherwise"
     " used, except with the prior written permission of Example Media.", ("legal", "copyright_footer")),
    ("5:45 AM PST 11/19/2019 by Jane Doe", ("byline", "dated_byline")),
    ("This March 28, 2017, file photo, provided by the state registry, shows the defendant.",
     ("caption", "dated_photo_caption")),
    ("FILE - In this Nov. 5, 2019, photo, a man walks past the store in Chicago.", ("caption", "dated_photo_caption")),
    ("Share All sharing options for: Defensive snap counts, stats, and notes: Week 11", ("social_share", "share_prefix")),
    ("Written by Jane Doe, MS, RD on November 14, 2019", ("byline", "dated_byline")),
    ("Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET", ("dateline", "timestamp_line")),
    ("November 20, 2019 by Jane Doe", ("byline", "dated_byline")),
    ("If you enjoyed this article, we have a proposition for you: become a member. Members get all of our"
     " content, no paywalls or meters, an ad-light site and calls with our writers and editors. And"
     " importantly, membership supports the work we do, which costs a lot to produce and which we could"
     " not keep doing without you.", ("promo", "enjoyed_pitch")),
    ("This copy is for your personal, non-commercial use only. Distribution and use of this material are"
     " governed by our Subscriber Agreement and by copyright law. For non-personal use or to order multiple"
     " copies, please contact our reprints desk or visit our site.", ("legal", "personal_use_notice")),
    ("Follow @ExampleDeals on Twitter to keep up with the latest and greatest deals from around the web."
     " Quantities may be limited. Prices are subject to change without notice and coupons may expire at any"
     " time. Some deals may not be available to all customers.", ("social_share", "follow_handle_pitch")),
    ("The BBC is not responsible for the content of external internet sites", ("legal", "external_sites_disclaimer")),
    ("(Note: CBC does not endorse and is not responsible for the content of external sites - links will open"
     " in new window)", ("legal", "external_sites_disclaimer")),
    ("MORE NFLD. & LABRADOR HEADLINES »", ("related_content", "related_header")),
    ("More U.S. Headlines", ("related_content", "related_header")),
    (r"| HOME \| PEOPLE \| MOVIES \| TV \| MUSIC \| STYLE | | |", ("navigation", "menu_row")),
    ("| | Related Stories |", ("related_content", "related_header")),
    ("| Most Viewed Articles |", ("related_content", "related_header")),
    ("Bookmark with:", ("social_share", "share_bar")),
    ("Follow Us:", ("social_share", "share_bar")),
    ("Síguenos", ("social_share", "share_bar")),
    ("Obserwuj nas", ("social_share", "share_bar")),
    ("Follow us on Facebook and Instagram for the latest news.", ("social_share", "follow_prompt")),
    ("Follow us on:", ("social_share", "follow_prompt")),
    ("Follow @nytimesworld for international breaking news and headlines.", ("social_share", "follow_prompt")),
    ("Connect With Us on Twitter", ("social_share", "share_bar")),
    ("Name (required)", ("comments", "comment_form")),
    ("Discussion about this post", ("comments", "comment_prompt")),
    ("Das könnte dir auch gefallen", ("related_content", "related_header")),
    ("Vous aimerez aussi", ("related_content", "related_header")),
    ("You may also be interested in:", ("related_content", "related_header")),
    ("Republish This Story", ("legal", "republish_notice")),
    ("| | | |", ("navigation", "empty_table_row")),
    ("||", ("navigation", "empty_table_row")),
    ("Want to republish a Modern Farmer story?", ("legal", "republish_notice")),
    ("Republish our articles for free, online or in print, under a Creative Commons license.",
     ("legal", "republish_notice")),
    ("This website uses cookies to improve your experience while you navigate through the website. Out of these,"
     " the cookies that are categorized as necessary are stored on your browser as they are essential for the"
     " working of basic functionalities of the website. We also use third-party cookies that help us analyze and"
     " understand how you use this website. These cookies will be stored in your browser only with your consent."
     " You also have the option to opt-out of these cookies. But opting out of some of these cookies may affect"
     " your browsing experience.", ("cookie_notice", "cookie_banner_text")),
])
def test_builtin_rules_fire(builtin, text, expected):
    assert rule_ids(builtin, text) == expected


@pytest.mark.parametrize("text", [
    "The newsletter, launched in 2019, now reaches 400,000 readers every morning.",
    "Readers who sign up for a newsletter are more loyal, the study found.",
    "The new version requires JavaScript developers to rewrite their code, Smith said.",
    "The app uses JavaScript and Python to parse the files, the developers said on Tuesday.",
    "The minister said she had agreed to the terms of the ceasefire after a night of talks.",
    "Ich willige nicht in jede Forderung ein, sagte der Bürgermeister am Dienstag.",
    "Sources said the deal was close.",
    "More headlines were written about the match than about the election.",
    r"curl -fL https://example.org/a.tar.gz \| tar -xzf - -O \| grep word \| sort \| uniq -c",
    "| Pos | Player | Club | Pts |",
    "He said: \"Please support us\" and left.",
    "Gold rose 1.2% to $2,431 an ounce.",
    "STREAM: Luboku, Pale Blue Dot / Lift Off",
    "Posted 3 goals in the first half, the striker left the pitch injured.",
    "Updated rules will apply to all members of the club.",
    "The team contributed to a record season for the league, its coach said.",
    "Reuters reported the deal on Monday, citing two people familiar with the talks.",
    "Follow the instructions on the packet and let the jam cool for 24 hours.",
    "Advertisement revenue fell 3% in the third quarter, the company said.",
    "He said the newsletter was read by 5,000 people every week.",
    "The programme will support families with $500 a month, the minister said.",
    "More pressure on Johnson as rebels gather",
    "- Print the form and sign it before the deadline.",
    "By the end of 2019, the council had spent the money.",
    "By March 3, 2020 the plan was ready.",
    "BY THE RIVER",
    "Tags are sold at the gate for 5 dollars.",
    "The company posted in March its best results in a decade, with comments from analysts.",
    "More than 100 people came.",
    "Back to school: parents queue for uniforms",
    "Back to the Future was released in 1985.",
    "Lebt das Dorf von der Fischerei?",
    "Von Berlin aus fuhr der Zug weiter.",
    "12.03.2021, 10:30 Uhr - Polizei sperrt die A7",
    "The app is available on the iPhone.",
    "Contact us for details.",
    "Courtesy of Apple, the phones arrived early.",
    "Instagram is a subsidiary of Meta.",
    "He posted 3 comments / day on the forum.",
    "The views expressed in the report were contested.",
    "campaign.office@example.org",
    "About 200 people attended the meeting",
    "O Globo",
    "I like this plan, she said.",
    "Please try again later if the site is busy, the agency said in a statement on Monday.",
    "The meeting was held on 12 May 2019 at 10:30 in Berlin.",
    "Mehr als 40 Artikel der Verfassung wurden geändert.",
    "The agency photographed the site in 2019 and published the pictures.",
    "Many readers use ad blockers, the survey of 2,000 people found, and publishers lose money.",
    "Readers who enjoyed this article also wrote to the editor, and several asked for a follow-up.",
    "The judge said the copy was for personal use only and could not be sold.",
    "Follow-up visits on Twitter's campus were cancelled, the company said.",
    "Fans follow @NASA on Twitter for launch news, the survey found.",
    "Follow us on our journey to the coast, the guide told the group before the boats set off.",
    "If you have a project in mind, feel free to connect with us.",
    "The deal was first reported by Reuters.",
    "March 3, 2020 by the river",
    "This photo shows the damage, the mayor said.",
    "This file was sent to the court on Monday, his lawyer said.",
    "Updated at noon. 3 people were hurt, police said on Friday in a statement.",
    "Written by hand on November 14, 2019, the letter was found in a drawer.",
    "Copyright 2019 filings at the federal office rose by a fifth, the agency said on Monday, as publishers,"
    " studios and record labels rushed to register works before the new rules took effect in the spring of the"
    " following year.",
    "11/19/2019 by noon the council had voted",
    "Two of the photographers worked for the AP.",
    "One comment on the article was rude, and the editor answered it.",
    "16 thoughts on the budget were sent in by readers, the council said.",
    "3.1. Raw Request/Response Capture",
    "Comments are closed to the public until the inquiry ends, the court said.",
    "12 comments were read below the stage by the judges, who added one of their own.",
    "{ 3 comments from readers follow the story, and we printed the best one below }",
    "Print this article if you want to read it later on paper at home.",
    "No comments were made by the minister after the vote on Tuesday.",
    "Top | Back",
    "She says",
    "The minister says",
    "And he says",
    "| YouTube, X | Moderate engagement with comments, questions, discussions | Educational content |",
    "Print and e-mail services were down for an hour, the post office said.",
    "This post originally appeared on LearnVest.com and is republished here with permission.",
    "Republishing the story without permission, the court ruled on Monday, broke the paper's copyright.",
    "|---|---|---|",
    "| | | | | (AP) The film topped the list of nominees. |",
    "| 0 | | |",
])
def test_builtin_rules_leave_article_sentences_alone(builtin, text):
    assert rule_ids(builtin, text) is None


def test_quoted_phrase_does_not_fire_in_contains_mode(builtin):
    assert rule_ids(builtin, 'The letter said “please support us this winter” and raised $1m.') is None
    assert rule_ids(builtin, "Please support us this winter.") == ("donation_appeal", "donation_prompt")


def test_a_hit_records_whether_it_starts_inside_the_block(builtin):
    """A prompt opens with its phrase; a sentence that reports the phrase has it further in."""
    assert not builtin.first_hit("Follow Example News on Twitter and Instagram for more updates.").inside
    assert builtin.first_hit("The mayor urged residents to follow us on Twitter for updates.").inside


def test_max_words_protects_long_blocks(builtin):
    long_block = "Please support us. " + "word " * 60
    assert rule_ids(builtin, long_block) is None


def test_head_only_rules_need_the_head_position(builtin):
    assert rule_ids(builtin, "By Jane Doe", position="head") == ("byline", "byline")
    assert rule_ids(builtin, "By Jane Doe") is None


def test_publisher_capture(builtin):
    hit = builtin.first_hit("A Message from The Moscow Times:")
    assert hit.captures == {"publisher": "The Moscow Times"}


def test_match_key_folds_quotes_case_and_trailing_punctuation():
    assert match_key("  Don’t  MISS — this! ") == "don't miss - this"


def plain_match_key(text: str) -> str:
    """match_key as first written (one str.translate); the fast one must agree everywhere."""
    return " ".join(text.translate(_FOLD).casefold().split()).rstrip(_TRAILING_CHARS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Don", "’", "‘", "ʼ", "`", "´", "“", "”", "„", "«", "»", "–", "—", "−", "İ", "ß",
                                 "Σ", " ", "\t", "\xa0", "\u2028", ".", "!", "|", "›", "…", "a", "B"]),
                max_size=20).map("".join) | st.text(max_size=40))
def test_match_key_is_the_plain_fold(text):
    assert match_key(text) == plain_match_key(text)


def test_match_key_is_the_plain_fold_on_every_golden_line():
    for path in all_documents():
        for line in path.read_text(encoding="utf-8").splitlines():
            assert match_key(line) == plain_match_key(line), line


def test_user_rules_apply_only_to_their_domain_or_source(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_RULES, encoding="utf-8")
    ruleset = load_rules([path])
    assert rule_ids(ruleset, "Visit the Example shop", scoped=True, domain="news.example.com") == (
        "promo", "example_shop_banner")
    assert rule_ids(ruleset, "Visit the Example shop", scoped=True, domain="other.org") is None
    assert rule_ids(ruleset, "Listen to our podcast every week", scoped=True, source="Example Times") == (
        "promo", "example_podcast")
    assert rule_ids(ruleset, "Listen to our podcast every week", scoped=True, source="Other") is None


def test_user_rules_through_the_cleaner(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_RULES, encoding="utf-8")
    text = ("The council approved the budget on Monday after a long debate about schools.\n"
            "Visit the Example shop")
    plain = Cleaner().clean(text, url="https://www.example.com/a")
    mine = Cleaner(rules=[str(path)]).clean(text, url="https://www.example.com/a")
    elsewhere = Cleaner(rules=[str(path)]).clean(text, url="https://other.org/a")
    assert "Visit the Example shop" in plain.body
    assert [(r.category, r.rule) for r in mine.removed] == [("promo", "example_shop_banner")]
    assert "Visit the Example shop" in elsewhere.body


def test_disabled_rules_do_not_fire():
    doc = Cleaner(Config(disabled=frozenset({"navigation_link"}))).clean("Some text here.\nRead more")
    assert doc.removed == ()


def test_a_misspelt_name_to_disable_is_refused_with_the_names_that_exist():
    with pytest.raises(RuleError, match=r"cannot disable 'navigation_lnk'.*heuristics: .*tail_run"):
        Cleaner(Config(disabled=frozenset({"navigation_lnk", "tail_run"})))


@pytest.mark.parametrize("text,message", [
    ('category = "nonsense"\n[[rule]]\nid="a"\nphrases=["x"]', "'category' must be one of"),
    ('category = "promo"\n[[rule]]\nid="Bad Id"\nphrases=["x"]', "snake_case"),
    ('category = "promo"\n[[rule]]\nid="a"', "needs 'phrases' or 'patterns'"),
    ('category = "promo"\n[[rule]]\nid="a"\npatterns=["(unclosed"]', "bad pattern"),
    ('category = "promo"\n[[rule]]\nid="a"\nphrases=["x"]\nmatch="anywhere"', "'match' must be one of"),
    ('category = "promo"\n[[rule]]\nid="a"\nphrases=["x"]\ncolour="red"', "unknown keys"),
    ("category = ", "not valid TOML"),
    ('category = "promo"\n[[rule]]\nid="a"\nphrases=["x"]\ndomains=["https://example.com/news"]',
     "'domains' takes host names such as 'example.com', not 'https://example.com/news'"),
    ('category = "promo"\n[[rule]]\nid="a"\npatterns=["^(\\\\w+\\\\s?)*$"]', r"refused: a repeated group holds a repeat"),
    ('category = "promo"\n[[rule]]\nid="a"\npatterns=["(x+x+)+y"]', r"refused: .*exponential time"),
])
def test_bad_rule_files_say_what_to_fix(text, message):
    with pytest.raises(RuleError, match=message) as info:
        parse_rule_file(text, "my_rules.toml")
    assert str(info.value).startswith("my_rules.toml")


@pytest.mark.parametrize("pattern", [r"\\d+(?:[.,]\\d+)*", r"(?:\\w+ ){0,5}end", r"(?:[a-z]+,? )+and", r"(?:\\w+\\s?)++$"])
def test_patterns_that_cannot_backtrack_catastrophically_are_accepted(pattern):
    [rule] = parse_rule_file(f'category = "promo"\n[[rule]]\nid="a"\npatterns=["{pattern}"]', "ok.toml")
    assert rule.patterns[0].pattern == pattern.replace("\\\\", "\\")


def test_every_builtin_pattern_passes_the_backtracking_check(builtin):
    assert builtin.rules and all(backtracking_risk(p.pattern, p.flags) is None
                                       for rule in builtin.rules for p in rule.patterns)


def test_duplicate_rule_id_is_refused(tmp_path):
    path = tmp_path / "dup.toml"
    path.write_text('category = "promo"\n[[rule]]\nid = "navigation_link"\nphrases = ["x"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match="already used"):
        load_rules([path])


def test_missing_rule_file_is_a_clear_error(tmp_path):
    with pytest.raises(RuleError, match="cannot read rule file"):
        load_rules([tmp_path / "nope.toml"])


# -- the rule index finds exactly the first hit that trying every rule finds -----------------------

TRICKY_RULES = r"""
category = "promo"

[[rule]]
id = "tricky_bracket_phrase"
match = "contains"
phrases = ["(sponsored)", "advertorial"]

[[rule]]
id = "tricky_backreference"
match = "whole"
patterns = ['(?P<word>\w+) (?P=word)']

[[rule]]
id = "tricky_case_sensitive"
match = "start"
case_sensitive = true
patterns = ['PROMO\b']

[[rule]]
id = "tricky_shared_group"
match = "whole"
patterns = ['(?i:from) (?P<publisher>[A-Z]\w+)', 'by (?P<publisher>[A-Z]\w+)']

[[rule]]
id = "tricky_quoted_whole"
match = "whole"
phrases = ['read "more"', "buy now"]
min_words = 2

[[rule]]
id = "tricky_case_twins"
match = "contains"
patterns = ['Kelvin scale', 'ſtop here', 'ı\w+ed', '© \w+ group', 'Ångström', 'Über \w+ ẞ', 'Фото \d']
"""


def first_hit_trying_every_rule(ruleset, text, *, position="any", source=None, domain=None, scoped=False):
    """The rule engine before the index: every rule, in order."""
    if len(text) > ruleset.max_chars:
        return None
    key, words = match_key(text), len(text.split())
    for rule in ruleset.rules:
        if rule.scoped != scoped or not rule.applies_to(source, domain):
            continue
        if rule.position != position:
            continue
        hit = rule.test(text, key, words)
        if hit:
            return hit
    return None


@pytest.fixture(scope="module")
def with_tricky_rules():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tricky.toml"
        path.write_text(TRICKY_RULES, encoding="utf-8")
        return load_rules([path])


def assert_same_first_hit(ruleset, text, **kw):
    fast, slow = ruleset.first_hit(text, **kw), first_hit_trying_every_rule(ruleset, text, **kw)
    assert (fast and (fast.rule.id, fast.captures)) == (slow and (slow.rule.id, slow.captures)), text


def test_index_gives_the_same_first_hit_on_every_golden_line(builtin, with_tricky_rules):
    for path in all_documents():
        for line in path.read_text(encoding="utf-8").splitlines():
            for ruleset in (builtin, with_tricky_rules):
                for position in ("any", "head"):
                    assert_same_first_hit(ruleset, line, position=position)


def _vocabulary() -> list[str]:
    words = {w for rule in load_rules().rules for phrase in rule.phrases for w in phrase.split()}
    needles = {n for rule in load_rules().rules for n in (_rule_needles(rule) or ())}
    words |= needles | {n.upper() for n in needles} | {n.title() for n in needles}
    words |= {"Kelvin", "KELVIN", "scale", "stop", "STOP", "here", "Iced", "inked", "Acme", "group", "said:",
              "Ångström", "ÅNGSTRÖM", "über", "ÜBER", "ß", "SS", "“Photo:", "credit:”", "©", "—", "’s", "Ünterstützen"}
    words |= {"Photo:", "(Photo:", "Reuters", "©", "2024", "By", "Jane", "Doe", "Source", "Support", "PROMO",
              "promo", "read", '"more"', "“more”", "buy", "now", "(sponsored)", "from", "From", "Ukraine",
              "said", "the", "The", "—", "-", "»", "|", ".", "!", "?", ":", "\"", "'", "12", "comments"}
    return sorted(words)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_vocabulary()), min_size=1, max_size=14).map(" ".join), st.sampled_from(["any", "head"]))
def test_index_gives_the_same_first_hit_on_random_lines(builtin, with_tricky_rules, text, position):
    assert_same_first_hit(builtin, text, position=position)
    assert_same_first_hit(with_tricky_rules, text, position=position)


def _matches(rule, text: str) -> bool:
    for pattern in rule.patterns:
        found = (pattern.fullmatch(text) if rule.match == "whole" else
                 pattern.match(text) if rule.match == "start" else pattern.search(text))
        if found:
            return True
    return False


def _plain(text: str) -> bool:
    return not _NOT_PLAIN.search(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_vocabulary()) | st.text(alphabet=st.sampled_from(sorted(_PLAIN)), max_size=6),
                min_size=1, max_size=10).map(" ".join).filter(_plain))
def test_a_rule_whose_pattern_matches_a_plain_block_has_a_needle_in_it(builtin, with_tricky_rules, text):
    """The index tries a rule with needles on a plain block only when one is in the block."""
    for rule in builtin.rules + with_tricky_rules.rules:
        needles = _rule_needles(rule)
        if needles is not None and _matches(rule, text):
            assert any(n in text.lower() for n in needles), (rule.id, text)


def test_every_needle_rule_on_every_golden_and_benchmark_like_line(builtin, with_tricky_rules):
    lines = [line for path in all_documents() for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["Kelvin scale", "KELVIN SCALE", "Stop here", "Iced tea", "© Acme group", "Photo by Jane Doe", "ÅNGSTRÖM",
              "Über alles SS", "über x ß", "“Photo: Reuters”", 
              "Jane Doe said: fine", "Read more", "Sign up for our newsletter", "Comments are moderated"]
    for line in filter(_plain, lines):
        for rule in builtin.rules + with_tricky_rules.rules:
            needles = _rule_needles(rule)
            if needles is not None and _matches(rule, line):
                assert any(n in line.lower() for n in needles), (rule.id, line)


@pytest.mark.parametrize("source,needles", [
    (r"photo by [A-Z]\w+", {"photo by "}),
    (r"(?:read|see) (?:more|also)\b", {"more", "also"}),   # the set whose shortest needle is longest
    (r"\d+ (?:issues|ausgaben) for", {"issues", "ausgaben"}),
    ("\u212aelvin|\u017ftop", {"elvin", "top"}),           # IGNORECASE twins of k and s end a run
    (r"© \w+", {"© "}),
    ("Über|ÄRGER", {"über", "ärger"}),                    # plain letters lower-cased
    ("Фото \\d", {"Фото "}),                              # never in a plain block, as the pattern
    (r"\w+:\s\w+", {":"}),
    (r"(?:a|\w)bc", {"bc"}),
    (r"x?yz*", {"y"}),
    (r"[A-Z]\w+", None),
    (r"\w+ \w+", None),                                    # a space: the rule is tried at once
])
def test_needles_of_a_pattern(tmp_path, source, needles):
    path = tmp_path / "one.toml"
    path.write_text(f"category = \"promo\"\n[[rule]]\nid = \"one\"\npatterns = ['{source}']\n", encoding="utf-8")
    (rule,) = load_rules([path], builtin=False).rules
    assert _rule_needles(rule) == (frozenset(needles) if needles is not None else None)


@pytest.mark.parametrize("source,expected", [
    (r"by (?P<author>\w+)", r"by (?:\w+)"),
    (r"[(?P<x>] (?P<y>a)\(?P<z>", r"[(?P<x>] (?:a)\(?P<z>"),
    (r"(?P<w>\w+) (?P=w)", None),
    (r"(a)\1", None),
    (r"(a)?(?(1)b|c)", None),
])
def test_group_names_are_dropped_only_from_real_groups(source, expected):
    assert _without_group_names(source) == expected
    if expected is not None:
        re.compile(expected)


def test_plain_characters_and_their_case_twins():
    """What the needles rely on: a plain character lower-cases to one plain character; under
    IGNORECASE a plain character matches only plain characters that lower-case as it does, and
    no character outside _PLAIN and _CASE_TWINS matches a plain one (every character tried)."""
    assert all(len(c.lower()) == 1 and c.lower() in _PLAIN for c in _PLAIN)
    for p in _PLAIN:
        for t in _PLAIN:
            if re.fullmatch(re.escape(p), t, re.IGNORECASE):
                assert t.lower() == p.lower(), (p, t)
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    plain_class = re.compile("[" + "".join(re.escape(c) for c in sorted(_PLAIN)) + "]", re.IGNORECASE)
    assert {c for c in plain_class.findall(everything) if c not in _PLAIN} == _CASE_TWINS


def test_combined_expressions_compiled_late_or_at_once_give_the_same_first_hits():
    from cleaner.config import HEURISTICS

    def fresh():
        config = Config()
        return load_rules(config.rule_files, disabled=config.disabled, max_chars=config.rule_max_chars,
                          other_names=HEURISTICS)

    late, early = fresh(), fresh()
    early.compile()
    lines = [line for path in all_documents() for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert len(lines) > 100
    for line in lines:
        for position in ("any", "head"):
            a = late.first_hit(line, position=position)
            b = early.first_hit(line, position=position)
            assert (a and a.rule.id) == (b and b.rule.id)


def test_a_combination_that_does_not_compile_lets_every_rule_be_tried():
    from cleaner.rule_index import _LazyPattern

    broken = _LazyPattern("(unclosed")
    assert broken.match("anything") and broken.search("anything")
