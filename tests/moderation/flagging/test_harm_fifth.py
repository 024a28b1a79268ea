"""The fifth generalisation pass for threats, discrimination and sexual content (issue 11):
classes of sentence the earlier passes missed, each with the civic comments that use the same
words and must stay clean.

`generalise5_harm_holdout.csv` was written at one sitting before any rule changed, and its
predictions were not read; `generalise5_harm_dev.csv` is five probes of unseen comments, each
scored before it was read. Both are floored through `evaluate_flagging` on the rules the
migrations install; the shapes below run on today's defaults compiled without the database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from moderation.flagging.detectors import hate, sexual, threats
from moderation.flagging.engine import classify_text, predicted_categories
from tests.moderation.flagging.support import default_ruleset, floors_assert

EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "flagging_eval"
RULES = default_ruleset()
# (precision, recall) floors, a little below what was measured.
FLOORS = {
    "generalise5_harm_dev": {
        "threat": (0.95, 0.75),
        "discrimination": (0.95, 0.7),
        "sexual": (0.93, 0.93),
    },
    "generalise5_harm_holdout": {
        "threat": (0.95, 0.52),
        "discrimination": (0.95, 0.58),
        "sexual": (0.9, 0.62),
    },
}


def categories(text: str) -> set[str]:
    return predicted_categories(classify_text(text, rules=RULES))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floor(name):
    report = floors_assert(EVAL / f"{name}.csv", FLOORS[name])
    assert report["flagged_rows_without_categories"] <= 1, name


@pytest.mark.parametrize(
    "text",
    [
        "torch the whole town down, start with the mayor's street",
        "we should burn that office to the ground",
        "just mow them all down at the rally",
        "gonna pour gasoline on his porch and him",
        "grab the gallows, the council meets at 7",
        "someone ought to spray bullets at that parade",
        "they'll find you face down in the creek",
        "the only answer for those landlords is a rope",
        "we're bringing crowbars to the council meeting",
        "that whole zoning board should fry",
        "pray the plow hits you tomorrow",
        "im comin back wit a machete",
        "u will wake up in the hospital",
        "dead man walking, that inspector",
        "open season on cops",
        "shoot any trespasser on sight",
        "grab the choppas we ride at midnight",
        "we should firebomb the precinct",
        "hope a rock goes through his windshield",
        "you won't survive the weekend",
        "his wife is gonna be burying him",
        "nice family u got, your kids walk to lincoln every day, just saying",
    ],
)
def test_threats_without_a_named_target(text):
    assert "threat" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The old cannery burned down in 1962",
        "crews will burn the brush down by the creek this week",
        "Police found his car in the river on Sunday",
        "The museum's guillotine exhibit opens in May",
        "the bus hits the stop at 7:05",
        "the solution for traffic is more buses",
        "Bring your knives to the sharpening booth at the fair",
        "the mural should hang in the lobby",
        "you should swing by the library sale",
        "I woke up in the hospital after the surgery, thanks to the nurses",
        "Open season on bass starts in June",
        "the new bike lanes are in the crosshairs of the budget",
        "It's a sight to see, the lights on Main",
        "Get the sticks out, hockey night at the rink",
        "You won't see tomorrow's agenda until noon",
        "my daughter and your kids go to the same school, just saying hi",
    ],
)
def test_no_threat_in_these(text):
    assert "threat" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "niqqerz",
        "stupid faqqots",
        "fagget",
        "polacks cant drive",
        "refugees should be locked up in camps",
        "round up the jews into camps",
        "another day another muslim on the news, shocker",
        "we will never rent to mexicans",
        "i dont hire women",
        "deport every last immigrant",
        "arabs breed like rats",
        "raghead",
        "curry munchers took over the motel",
        "take your turban and leave",
        "just another immigrant, typical foreigner",
    ],
)
def test_hostile_generalisations_in_strangers_spelling(text):
    assert "discrimination" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Niger and Nigeria are in West Africa",
        "The FAQ page is on the city site",
        "Japanese Americans were sent to internment camps in 1942",
        "the kids should be sent to summer camps",
        "shocker, the pothole on Elm is still there",
        "We need to hire more Spanish speakers",
        "we don't rent scooters after dark",
        "The town of Lesbos is our sister city",
        "the rumour spread like wildfire",
        "Take your umbrella and go, it's pouring",
    ],
)
def test_no_hostile_generalisation_in_these(text):
    assert "discrimination" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "play with urself for me",
        "so horny thinking about her",
        "im hard looking at ur pics",
        "she wants it up the butt",
        "i'll have my way with u",
        "come sit on my lap babe",
        "send me photos of your thighs",
        "caught him staring at her cleavage",
        "her nipples poking through",
        "wonder what's under her uniform",
        "spread those legs for me",
        "bet she's a freak",
        "those lips are made for sucking",
        "that skirt leaves nothing to the imagination",
        "u up? lets get frisky",
        "i wanna breed her",
        "she can ride me anytime",
        "i'm naked right now",
        "hmu on snap for a good time",
        "look at those massive knockers",
    ],
)
def test_sexual_chat_without_a_listed_word(text):
    assert "sexual" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "rub yourself with sunscreen before the parade",
        "it's hard looking at the flood photos",
        "i'm so wet from the rain",
        "This chili will fill you up",
        "I'll fill you in on the meeting",
        "Can you ride me to the airport?",
        "Spread the word about the food drive",
        "send me photos of your yard sale",
        "Grandpa asked me to sit on his porch",
        "call me for a good time to meet about the permit",
    ],
)
def test_no_sexual_chat_in_these(text):
    assert "sexual" not in categories(text)


@pytest.mark.parametrize(
    "pattern",
    [
        threats._CALLS,
        threats._ARMED,
        threats._DOOMED,
        threats._HUNTED,
        threats._REMEDY,
        hate._CAMPS,
        hate._SNEER,
        hate._REFUSED,
        hate._LIKE_VERMIN,
        hate._COMPOUND_SLUR,
        hate.SPELT_SLUR,
        sexual._CHAT,
    ],
)
@pytest.mark.parametrize(
    "hostile",
    [
        "should " * 2_500,
        "burn the " * 1_100,
        "a" * 10_000,
        "cure for " + "x " * 5_000,
        "your kids " + "a " * 5_000,
        "dm " + "x," * 5_000,
        "gg" * 5_000,
    ],
)
def test_new_shapes_stay_fast_on_hostile_input(pattern, hostile):
    started = time.perf_counter()
    list(pattern.finditer(hostile[:10_000]))
    assert time.perf_counter() - started < 0.05
