"""The fourth pass on spam, offers and personal information (issue 11, migration
0032_spam_shapes): floors on its two new sets, the shapes it reads (creators' plugs and
requests for support, releases, dating lines, local advertisements, SMS offers written without
spaces, e-mail addresses written out), the hard negatives each must leave alone, an offer's
link flagged as spam as well as commerce, and the written-out e-mail shape kept linear.

The shape tests compile today's default rules without the database (support.default_ruleset);
the floors run `evaluate_flagging` on the rules the migrations installed, so they also check
that the database gets the same rules."""

from __future__ import annotations

import time

import pytest

from moderation.flagging.detectors.personal import EMAIL_SPELT
from moderation.flagging.engine import classify_text, predicted_categories
from tests.moderation.flagging.support import EVAL, default_ruleset, floors_assert

RULES = default_ruleset()


def categories(text: str) -> set[str]:
    return predicted_categories(classify_text(text, rules=RULES))


# Measured after the change (precision, recall); each floor is a little below. The dev set was
# read while writing the rules; the held-out set was written at the same sitting and scored
# only before and after.
FLOORS = {
    "generalise4_spam_dev": {  # measured 0.80/0.98, 0.87/0.93, 0.95/1.00
        "off_topic": (0.77, 0.95),
        "commerce": (0.84, 0.90),
        "confidential": (0.92, 0.95),
    },
    "generalise4_spam_holdout": {  # measured 0.85/0.81, 0.85/0.76, 0.90/0.95
        "off_topic": (0.82, 0.78),
        "commerce": (0.82, 0.73),
        "confidential": (0.87, 0.90),
    },
}
MAX_CLEAN_FLAGGED = {"generalise4_spam_dev": 1, "generalise4_spam_holdout": 3}  # 0 and 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_new_sets_keep_their_floors(name):
    floors_assert(EVAL / f"{name}.csv", FLOORS[name], max_clean_flagged=MAX_CLEAN_FLAGGED[name])


@pytest.mark.parametrize(
    "text",
    [
        "Guys I need your help, I'm a small artist. Just one listen please",
        "Fellow fans, I made a piano cover of this! Would love your feedback",
        "Not to self promote but I just dropped my first EP, it's on all platforms",
        "my brother made his first song, go give it a view on his channel",
        "i do reaction vids too, find me by clicking my name",
        "follow 4 follow? i follow back fast",
        "Can I get 100 subs before Friday? I post every week",
        "Anyone want a free trial of my editing course? Comment YES and I'll DM you",
        "hey add me, snap: cutie_lana95, i'll send you pics of my art",
    ],
)
def test_plugs_and_requests_for_support(text):
    assert "off_topic" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "I need your help, council: the storm drain on Pacific floods every winter",
        "My daughter's first video for her school project is on the district site, so proud",
        "It would mean a lot if the City fixed the lights at the skate park",
        "The new episode of the council podcast is out now, it covers the budget",
        "Who's still listening to this in 2026?",
        "I'd love your feedback on the draft parking plan, council members",
    ],
)
def test_no_plug_in_these(text):
    assert "off_topic" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Lonely tonight? Meet local singles near you, register free at flirtzone.biz",
        "Ur chance 2 win a £500 voucher! Txt:WIN to83600 now",
        "U have won a £1000 prize! call09050000327 now",
        "Your streaming membership is on hold due to a billing issue. Update your card now",
        "My cousin is selling fresh tamales, great prices, hmu",
        "Grand opening Saturday! First 20 customers get free donuts",
        "House cleaning services available, reasonable rates, DM for a quote",
    ],
)
def test_offers_in_other_words(text):
    assert "commerce" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Get your free flu shot at the senior center this Friday",
        "The council keeps promising great prices on water and my bill went up again",
        "Is the grand opening of the new library on Saturday?",
        "We won the chance to host the regional softball final",
    ],
)
def test_no_offer_in_these(text):
    assert "commerce" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Congrats! You have been selected for a $500 reward. Collect it at rewardhub-now.net",
        "Your parcel is held at our depot. Pay the $1.99 redelivery fee at track-parcel-help.com",
        "Hot deal: 50% off all sneakers this weekend only, shop now at kickzdeals.com",
    ],
)
def test_a_strangers_offer_with_a_link_is_commerce_and_spam(text):
    # Both concerns: a City page's spam filter and its solicitation rule each apply, and a
    # labelled set that calls such a message spam must find it under off_topic.
    assert {"commerce", "off_topic"} <= categories(text)


def test_a_plug_with_an_offer_is_still_a_plug():
    found = categories("Subscribe to my channel, I'm giving away a $100 gift card at 1k subs!")
    assert "off_topic" in found


@pytest.mark.parametrize(
    "text",
    [
        "johndoe at gmail.com",
        "write me at anna{at}mail{dot}ru",
        "contact: bob_92 @ gmail . com",
        "Send it to my email: jdoe1987 at gmail dot com",
        "Reply to kevin.m.b[at]outlook[dot]com for the pickup list",
    ],
)
def test_email_addresses_written_out_are_personal_and_not_links(text):
    assert categories(text) == {"confidential"}


@pytest.mark.parametrize(
    "text",
    [
        "Get 70% off for just $5 at followboost.net",
        "apply at quickcashloans dot net",
        "Redeem b4 31/12 at rewardz-now.co.uk",
        "meet me at school.It was fun",
    ],
)
def test_a_site_after_at_is_no_email_address(text):
    assert "confidential" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "a dot " * 1_700,
        "a" + " " * 10_000 + "at",
        "x (dot) " * 1_250,
        "a " + "   dot   " * 1_000,
        "a" + " \t" * 5_000 + "dot com",
        "a" + " " * 5_000 + "at" + " " * 5_000,
        "a at a at a dot " * 600,
        "a.a " * 2_500,
    ],
)
def test_the_written_out_email_shape_is_linear(text):
    """With Python's re this shape took 0.8-1 s on such 10 kB texts (quadratic); on RE2 it
    takes well under a millisecond."""
    started = time.perf_counter()
    list(EMAIL_SPELT.finditer(text))
    assert time.perf_counter() - started < 0.05
