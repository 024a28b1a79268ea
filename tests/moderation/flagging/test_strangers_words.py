"""The third generalisation pass (issue 11, migration 0030_strangers_words): shapes that catch
a family of comments in strangers' words, each with the hard negatives it must leave alone.
The default rules are compiled without the database (support.default_ruleset), so these test
today's code and defaults; the migration tests check the database gets the same rules."""

from __future__ import annotations

import time

import pytest

from moderation.flagging.detectors.personal_more import licence_plates
from moderation.flagging.engine import classify_text, predicted_categories
from tests.moderation.flagging.support import default_ruleset

RULES = default_ruleset()


def categories(text: str) -> set[str]:
    return predicted_categories(classify_text(text, rules=RULES))


@pytest.mark.parametrize(
    "text",
    [
        "I'll be waiting for your response, council members. We deserve an answer.",
        "I'll be waiting for your reply on my records request",
        "We will be waiting for you to respond before the next meeting",
    ],
)
def test_waiting_for_an_answer_is_no_veiled_threat(text):
    assert "threat" not in categories(text)


def test_waiting_for_the_reader_is_still_a_veiled_threat():
    assert "threat" in categories("Go ahead and ignore me. I'll be waiting for you.")


@pytest.mark.parametrize(
    "text",
    [
        "ur dead when i find u",
        "we're coming for you and your little friends",
        "count your days",
        "keep it up and you'll be found in a ditch",
        "if i see you at the meeting again ur getting your ass beat",
        "Wait until you're alone in the parking lot. Then we'll talk.",
        "Grab a rope, it's time to deal with these traitors",
        "cops like that should be lined up and executed",
        "Somebody needs to run that protester over with a truck",
        "We should round up every last one of those politicians and hang them in the square",
        "I will personally make sure every one of you suffers",
        "just wait, one day someone will stab that judge and nobody will cry",
        "it would be so easy to poison his coffee",
        "You're going to wake up one day with your house on fire",
        "i'm outside your house right now",
        "pray I don't find you",
        "When I get my hands on that cop I'm going to tear him apart limb from limb",
        "These so-called leaders deserve nothing less than a public execution",
        "you won't live to see next year",
        "those people need to be wiped off the face of the earth",
        "The only thing these politicians understand is a bullet",
        "We should go to the meeting armed and show them we're serious",
        "u better run when u see me",
        "Cut his throat and leave him in the desert",
        "the only fix for this council is for someone to walk in and start shooting",
        "I keep imagining stabbing my coworker in the neck with a pen",
        "that landlord is going to get what's coming to him",
        "I swear to god I'll end your life",
        "Next time I see you I'm breaking both your legs",
        "We'll find you, we always do",
        "You'd better sleep with your lights on tonight",
        "I'm sharpening my knife for the next protest",
        "Im going to find where u live and burn it to the ground",
        "u r dead mate",
    ],
)
def test_threats_in_other_words(text):
    assert "threat" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council should ban gas leaf blowers, they're so loud",
        "We're coming for your seat in November",
        "Grab a rope and some tent pegs for the campout",
        "The plates should be lined up and washed after the potluck",
        "I'm gonna murder this burrito",
        "Gays are sick in the head and need therapy",
        "Nobody should be shot for a traffic stop",
        "I'm outside your office, can you come down and sign the form?",
        "I'll beat you to the front of the line lol",
        "I'll find you a seat at the meeting",
    ],
)
def test_no_threat_in_these(text):
    assert "threat" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "all the jews should be thrown out of this country",
        "The only good immigrant is a deported one",
        "Asians are sneaky and can't be trusted in business",
        "There's no such thing as a good Muslim",
        "the blacks in this town are ruining property values",
        "immigrants ain't real americans and never will be",
        "I don't rent to Hispanics, they trash the place",
        "Women who work are ruining the family, get back in the kitchen",
        "no dogs or indians allowed lol",
        "we need to protect our white race from being replaced by these brown invaders",
        "Old people should be euthanized, they're a waste of resources",
        "These Somalians need to go back to their hut",
        "Chinese people have no morals",
        "The problem with Mexicans is that they don't want to work",
        "I wouldn't trust a Jew with my money",
        "Women are biologically wired to be submissive and should never be allowed to decide",
        "Muslims have been infiltrating our government for years",
        "the problem isn't guns, it's black men",
        "these foreigners come here, take our jobs, and spit on our flag",
        "We need fewer Muslims and more Christians in this country",
        "Whites are the superior race and history proves it",
        "Stanton was better before all these Vietnamese moved in",
        "Ugh, another lesbian couple moving in, there goes the neighborhood",
        "Muslims should be registered and tracked like the threat they are",
    ],
)
def test_hostile_generalisations_in_other_words(text):
    assert "discrimination" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "There's no such thing as a free lunch",
        "I've never met a nice parking officer",
        "I have to go back to the kitchen and check the oven",
        "My Muslim neighbors in this town are wonderful",
        "Go back to your cave, council, and stop hiding from residents.",
        "No dogs or bikes allowed on the pier",
        "The problem with the budget is that they never fund the parks",
        "I wouldn't trust a contractor with this job",
        "Immigrants work hard and pay taxes",
        "We Muslims in Stanton are hosting an open house",
        "The problem isn't the budget, it's the council",
        "Stanton was better before all these chain stores moved in",
        "Our Vietnamese community center is hosting Tet festivities",
    ],
)
def test_no_hostile_generalisation_in_these(text):
    assert "discrimination" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "She got on her knees and took his cock in her mouth",
        "his erect penis pressed against her thigh as they kissed",
        "my boyfriend likes when I ride him reverse cowgirl",
    ],
)
def test_explicit_scenes(text):
    assert "sexual" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "We read Moby Dick aloud in the library, my throat hurts",
        "Teaching kids about consent and their bodies matters",
        "Intercourse is the name of a town in Pennsylvania",
        "I'd love to see you at the next meeting",
        "i'll break every bone in your body",
    ],
)
def test_no_scene_in_these(text):
    assert "sexual" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her nipples hardened as he pressed against her",
        "She sucked him off in the car",
        "Mmm I'd love to taste you",
        "lick me all over",
        "nice pair of legs, what time do you get off work babe?",
        "how much for a night with you?",
        "make me moan",
        "Can I get a pic of your feet? Will pay",
        "He kissed her neck and moved his hand between her thighs as she gasped.",
        "She moaned my name while I was deep inside her.",
    ],
)
def test_more_explicit_shapes(text):
    assert "sexual" in categories(text)


def test_a_weekday_offer_is_an_offer():
    assert "commerce" in categories("Buy 2 pizzas get 1 free this tuesday only at Mario's")


def test_we_need_to_stop_them_is_no_message_charge():
    assert "commerce" not in categories("we need to stop them before it's too late")
    assert "commerce" in categories("WIN a £500 voucher! To stop, txt STOP to 80808")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vendo iPhone 14 casi nuevo, $450 dólares, mándame DM si te interesa", "commerce"),
        ("Hola! aprovecha 2x1 en tacos este martes, solo con este cupón", "commerce"),
        ("Rates are at record lows! Refinance your mortgage today", "commerce"),
        ("im a small youtuber trying to grow, click my name", "off_topic"),
        ("new song out now on spotify, give it a listen", "off_topic"),
        ("Check out this awesome game I found, link below!!", "off_topic"),
        ("Tax prep from $59, walk-ins welcome at our office on Beach Blvd", "commerce"),
        ("Dear user, ur Apple ID has been locked. Pls verify at appleid-check.com", "commerce"),
    ],
)
def test_offers_and_plugs_in_other_words(text, expected):
    assert expected in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "the guy who hit my car had plate 8KLM392, california",
        "License plate ABC-1234 blue Toyota parked outside my house every night",
        "the plate number is 4 GHT 221",
        "vehicle plate number KA01AB1234",
        "I moved to 77 King Street West, Toronto",
    ],
)
def test_licence_plates_are_personal_information(text):
    assert "confidential" in categories(text)


@pytest.mark.parametrize(
    "text",
    ["a plate of 12 cookies for the bake sale", "plate 2 eggs 3 toast", "home plate 2 runs"],
)
def test_plates_that_are_not_licence_plates(text):
    assert licence_plates(text) == []


def test_licence_plates_stay_fast_on_hostile_input():
    text = ("plate " + "A1 " * 3) * 2_500 + "plate" + " 1" * 5_000
    started = time.perf_counter()
    licence_plates(text)
    assert time.perf_counter() - started < 0.5


def test_a_public_office_named_by_its_function_is_not_personal():
    assert "confidential" not in categories(
        "Call the Public Works office at 714-379-9222 ext 230 to report a broken light"
    )
    assert "confidential" in categories("call me at my office 714-555-2233")
