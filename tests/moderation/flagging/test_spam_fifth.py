"""Issue 11's fifth spam pass (migration 0035_spam_fifth, generalise5_spam_dev/holdout).

Floors come from `evaluate_flagging` on the migrated rules; every other test here compiles
today's defaults without the database. Besides the plugs, lures, notices and ads the pass
reads, it checks what must stay unflagged: a public body's page off .gov, a resident's own
business named in a civic complaint, chatter under a video, an everyday text message."""

from __future__ import annotations

import time

import pytest

from moderation.flagging.detectors.links import find_links
from moderation.flagging.engine import classify_text, predicted_categories
from tests.moderation.flagging.support import EVAL, default_ruleset, floors_assert

RULES = default_ruleset()


def categories(text: str) -> set[str]:
    """The categories today's default rules give `text`."""
    return predicted_categories(classify_text(text, rules=RULES))


# (file, most clean rows flagged, {category: (precision, recall)}), measured after the change;
# each floor is a little below. The dev set grew by five probes, each scored before it was
# read and read while the rules were written; the held-out set was written first, at one
# sitting, and scored only before and after. The dev set's sixth probe was scored after the
# last change and not read.
SETS = [
    # measured 0.81/0.90, 0.90/0.91, 1.00/0.89; 1 clean row flagged
    (
        "generalise5_spam_dev",
        2,
        {"off_topic": (0.78, 0.87), "commerce": (0.87, 0.88), "confidential": (0.95, 0.86)},
    ),
    # measured 0.72/0.82, 0.83/0.87, 0.94/0.97; 2 clean rows flagged
    (
        "generalise5_spam_holdout",
        3,
        {"off_topic": (0.69, 0.79), "commerce": (0.80, 0.84), "confidential": (0.90, 0.93)},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "max_clean", "floors"), SETS, ids=[s[0] for s in SETS])
def test_floors_of_the_fifth_pass_sets(name, max_clean, floors):
    floors_assert(EVAL / f"{name}.csv", floors, max_clean_flagged=max_clean)


@pytest.mark.parametrize(
    "text",
    [
        "peep my page for more 🔥",
        "nice one. check mine too 😁",
        "i edit clips like this, shorts on my acc",
        "my cousin sings, her name on spotify is Lila Moon, go stream",
        "my big sister raps way better than this, look her up on youtube",
        "hmu on discord zed#7781 if u wanna trade v-bucks",
        "made 3 grand last week just from my phone, ask me how",
        "turned $40 into $900 with this app, dm 'APP'",
        "if u want to change ur life write me on telegram @lana_fx",
        "use my code ZAP55 for a $10 bonus, link in my name",
        "sigueme en tiktok, subo videos cada semana",
        "be my 500th subscriber pls 🥺",
    ],
)
def test_plugs_and_lures(text):
    assert "off_topic" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "DPD: we attempted delivery today. Schedule redelivery at dpd-slots.help",
        "Citi: a login from a new device was blocked. If this wasn't you call 1-855-301-2290",
        "Your cloud storage is full, your files will be deleted. Upgrade now",
        "Your streaming plan failed to renew. Restore access at stream-renew.info",
        "Fresh strawberries $3 each at our stand by the school, cash only",
        "Phone case bundle just $9.99, free shipping, order now",
        "Weight gummies only 25$ a bottle, worldwide shipping",
        "Grandson here, I lost my phone, this is my new number, send $200 on zelle",
        "Cash for junk cars, any condition, call Rick 714-338-0190",
        "selling game accounts with rare skins, dm on discord",
    ],
)
def test_offers(text):
    assert "commerce" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        # civic links to public bodies that are not on .gov
        "The county's flood map is at ocfloodmaps.com, check your street",
        "Metrolink changed the weekend schedule, see metrolinktrains.com",
        "OC Waste & Recycling has the bulky item form at oclandfills.com",
        "The library's free tax help is at ocpl.org/taxes, bring last year's return",
        # residents' own businesses in context
        "I own the laundromat on Beach and the road work has cut our customers in half",
        "We run a food truck and the new permit fee is $900, that's a lot for us",
        # chatter and ordinary texts
        "who else is here at 2am instead of sleeping 😂",
        "the drop at 1:32 still gives me chills",
        "text me when you're outside, the gate code changed",
        "I made a video of the flooding on Cerritos, can I send it to public works?",
        "The new episode of the council podcast is out now, it covers the budget",
        "When is the next bulky item pickup in District 3?",
        "My mom's salon on Katella lost power for two days, when will Edison fix the line?",
    ],
)
def test_hard_negatives_stay_unflagged(text):
    assert categories(text) & {"off_topic", "commerce"} == set()


def test_a_link_with_a_lure_is_spam_even_beside_a_public_body():
    """A public body named in a lure does not make its link civic."""
    assert "off_topic" in categories(
        "County workers are making $400 a day from home, ask me how: homecash.site"
    )


def test_a_sexual_lure_is_one_concern():
    """Its spam phrases give way to its sexual flag, as its promotion shapes already did."""
    found = categories("naughty pics for my fans, link in bio")
    assert "sexual" in found
    assert "off_topic" not in found


def test_a_lures_own_number_is_not_personal_information():
    text = "Thanks to Mr. Cole I earn 15k monthly trading forex, his whatsapp is +1 415 555 0130"
    assert "off_topic" in categories(text)
    assert "confidential" not in categories(text)
    # a person's number with no lure still is
    assert "confidential" in categories("my brother's number is +1 415 555 0130, he has the keys")


@pytest.mark.parametrize("text", ["his number 714.92O.3381 text him", "hit me up 2O6.437.9134"])
def test_a_letter_o_in_a_phone_number(text):
    assert "confidential" in categories(text)


def test_a_word_ending_in_ring_is_no_street():
    assert "confidential" not in categories("we're offering 0% APR on all 2026 models")
    assert "confidential" in categories("Kaiserring 12, 68161 Mannheim")


def test_links_without_their_domain_or_with_a_space():
    assert [link.host for link in find_links("watch?v=ZZ3k9QpLmA0 this one's better")] == [
        "youtube.com"
    ]
    assert [link.host for link in find_links("free gift cards giftsforfree .online")] == [
        "giftsforfree.online"
    ]
    assert find_links("we switched to .net at work") == []


def test_the_wider_patterns_stay_fast():
    """The new alternatives are RE2 (linear time); a long run of near-misses stays quick."""
    text = ("your account your card ending " * 400) + ("we do " * 400) + ("o1o2o3 " * 400)
    started = time.perf_counter()
    classify_text(text, rules=RULES)
    assert time.perf_counter() - started < 2.0
