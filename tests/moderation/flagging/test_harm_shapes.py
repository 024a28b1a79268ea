"""The fourth generalisation pass for threats, discrimination and sexual content (issue 11,
migration 0033_harm_shapes): shapes strangers write in, each with the civic comments that use
the same words and must stay clean.

`generalise4_harm_holdout.csv` was written at the same sitting as the dev set, before any rule
changed, and its predictions were not read; `generalise4_harm_dev.csv` grew in rounds (two
probes of unseen comments, each measured before it was read, and a batch of hard negatives).
Both are floored through `evaluate_flagging` on the rules the migrations install; the shapes
below run on today's defaults compiled without the database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from moderation.flagging.detectors import hate, sexual, threats
from moderation.flagging.engine import classify_text, predicted_categories
from tests.moderation.flagging.support import default_ruleset, floors_assert

EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "flagging_eval"
RULES = default_ruleset()
# (precision, recall) floors, a little below what was measured (the README has the figures).
FLOORS = {
    "generalise4_harm_dev": {
        "threat": (0.93, 0.9),
        "discrimination": (0.95, 0.87),
        "sexual": (0.92, 0.92),
    },
    "generalise4_harm_holdout": {
        "threat": (0.88, 0.6),
        "discrimination": (0.9, 0.74),
        "sexual": (0.88, 0.68),
    },
}


def categories(text: str) -> set[str]:
    return predicted_categories(classify_text(text, rules=RULES))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floor(name):
    floors_assert(EVAL / f"{name}.csv", FLOORS[name])


@pytest.mark.parametrize(
    "text",
    [
        # euphemisms
        "say that to my face and you'll catch these hands",
        "we gonna pull up on you after the meeting",
        "keep it up and ur gonna end up 6 feet under",
        "somebody needs to take care of him. permanently",
        "If they come to my street they're leaving in body bags",
        "Take him out back and put him down like a dog",
        "cant wait till someone finally offs him",
        # wishes and calls, any voice
        "i'd pay good money to see that judge get lynched",
        "i wanna see every one of those cops burned alive",
        "shoud be shot on site, all of them",
        "i hope he gets stabbed",
        "nobody would miss you if you got stabbed",
        "wish death on every single one of them",
        "why is nobody shooting these criminals yet",
        "let them all burn in their homes",
        "get a rope",
        "honestly the world needs another hitler",
        # blows to a body part, weapons, third parties
        "i hope someone breaks both ur kneecaps",
        "bash his head in with a brick",
        "cut off his head and put it on display",
        "i'll be waiting outside with a bat",
        "someone will put a hole in your head one of these days",
        "my brother will kill you if you come near our house again",
        "Tie him to a chair and beat him until he confesses",
        "somebody should run that councilman down in the parking lot",
        "you and your family are gonna burn, count on it",
        "I swear he is not leaving on his own two feet",
        "i will break you",
        "i am going to come to your house and you will see",
        "u know what happens to snitches",
        "we know where you live and we're coming tonight",
        "you dont know who ur messing with, ill have u killed",
        "hoping that judge has a fatal accident soon",
        "i'd happily pull the trigger on that guy",
        "im gonna rearrange ur face",
        "somebody needs to knock that councilman out cold",
        "i seriously hope someone runs that mayor off the road",
        "stab u",
    ],
)
def test_threats_in_strangers_shapes(text):
    assert "threat" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Somebody is gonna break their neck on those stairs, fix them",
        "Please take care of him, he just got out of surgery",
        "They put him in the hospital after the crash on Katella",
        "My uncle is six feet under at Forest Lawn",
        "I'll pull up to your house at 6 to pick up the kids",
        "We'll come to your house tonight to fix the leak",
        "Grab a rope and help us tie down the tents for the fair",
        "why is nobody shooting photos of the parade this year",
        "you better watch your kids near that pool",
        "I hope you get well soon",
        "I'd love to see the mayor get voted out",
        "My brother will kill me if I forget his birthday",
        "Shoot, I forgot my password again",
        "Nobody would miss this ugly fountain if they tore it down",
        "we will bury you in votes next November",
        "Police said the man was beaten with a bat and is in stable condition",
        "The suspect choked his girlfriend, trial is next week",
        "That intersection is going to get someone killed",
        "My kids will murder me if we miss the parade",
        "I'd happily pull the trigger on a new bike lane plan",
        "Police say the victim was found floating in the river on Tuesday",
        "we're coming for your seats in November, council",
        "this heat will kill you, stay inside",
    ],
)
def test_no_threat_in_these(text):
    assert "threat" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Filipino nurses can barely speak english smh",
        "Catholic priests are all child molesters",
        "Mexican parents don't care about school",
        "this country was better when blacks knew their place",
        "Gay marriage is an abomination and so are gays",
        "never hire a woman, they get pregnant and quit",
        "I don't want a single muslim living on my street",
        "the problem w/ this town is too many foreigners",
        "send them all back on the boats they came in on",
        "the mosque on 5th should be burned down",
        "a woman's place is in the home",
        "lets go brown skins, back to ur country",
        "black men are all deadbeat dads",
        "honestly the jews had it coming",
        "Our town has been overrun by Somalis and it stinks now",
        "I would never let my daughter date a black guy",
        "gypsy scum stealing from the shops again",
        "She only got the job because she's a black woman",
        "a disabled person can't do the job, stop hiring them",
        "those Arab shop owners are all crooks",
        "the gay agenda is poisoning our children",
    ],
)
def test_hostile_generalisations_in_strangers_shapes(text):
    assert "discrimination" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ADA ramp at the library is broken, disabled residents can't get in",
        "The Filipino nurses at St Jude were amazing during covid",
        "Mexican restaurants on Main are the best in the county",
        "the Catholic priests at St Mary's run a food bank",
        "Way too many immigrants are being exploited by landlords in this town",
        "A woman was hit by a car on Katella, police are investigating",
        "a woman's place is wherever she wants it to be",
        "Black residents have been underserved by this council for decades",
        "Send them back to the vendor if the bins are broken",
        "those old fools on the council voted for it again",
        "the Black Death killed half of Europe, says the history display",
        "Muslim and Jewish leaders held a joint vigil for the victims",
        "my gay neighbors are the nicest people on the block",
    ],
)
def test_no_hostile_generalisation_in_these(text):
    assert "discrimination" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "we fucked in the library bathroom",
        "got her on her knees in the parking lot",
        "69 with the new librarian would be a dream",
        "you'd look better naked on my bed",
        "finger her till she squirts",
        "titty pics for $5 venmo",
        "she rode me all night long",
        "bj in the car for 20",
        "lemme smash",
        "her nipples were showing through the shirt at the park, so hot",
        "his cock was so hard",
        "i wanna see you strip",
        "she gave me head in the car",
        "i'll make you moan all night",
        "hit me up for some late night fun 😈💦",
        "wanna come over and fool around? parents are gone",
        "got my hand down her pants at the movie",
        "smash or pass: the new councilwoman",
        "we were making out and she started rubbing my crotch",
    ],
)
def test_sexual_scenes_in_strangers_shapes(text):
    assert "sexual" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "He gave me a head start on the application",
        "she gave me head lice lol, thanks kindergarten",
        "69 people signed the petition",
        "You'd look good in the new city t-shirt",
        "the yoga instructor has us on our knees for half the class",
        "finger food will be served at the reception",
        "I'll smash the record at the charity run",
        "she rode the bus all night because the shelter was full",
        "BJ's Restaurant on Beach Blvd is hiring",
        "im gonna fuck you up next time i see you",
        "I had to bend over backwards to get the permit",
        "We made out like bandits at the garage sale",
    ],
)
def test_no_sexual_scene_in_these(text):
    assert "sexual" not in categories(text)


@pytest.mark.parametrize(
    "pattern",
    [
        threats.SHAPES,
        threats.BODY_BLOW,
        threats.WISHED_PASSIVE,
        threats.EXCLAMATION,
        hate.TOO_MANY,
        hate.WOMANS_PLACE,
        hate.GO_BACK,
        hate.WORSHIP,
        sexual.SCENES,
    ],
)
@pytest.mark.parametrize(
    "hostile",
    [
        "hope " * 2_500,
        "you " * 2_500,
        "a" * 10_000,
        "put you " + "very " * 2_000 + "six feet",
        "mosque " + "x " * 5_000,
        "too many " * 1_100,
        "nipples " + "a," * 5_000,
    ],
)
def test_new_shapes_stay_fast_on_hostile_input(pattern, hostile):
    started = time.perf_counter()
    list(pattern.finditer(hostile[:10_000]))
    assert time.perf_counter() - started < 0.05
