"""The needs-response detector on text written the ways residents write: with and without
question marks, in capitals, misspelt, in second-language English and in Spanish; and the
insults and exclamations in question form it must leave alone. None of these sentences is
from the demo or a fixture."""

from __future__ import annotations

import pytest

from moderation.responses.detect import detect_request, normalise

ASKS = [
    # (text, kind, topic)
    ("When does the Beach Blvd repaving start?", "question", "streets"),
    ("WHY IS THE STREETLIGHT ON CEDAR STILL OUT", "service_request", "streetlights"),
    ("wen is bulky item pickup for my street", "question", "trash"),
    ("who i must call for the broken sprinkler in the park", "service_request", "water"),
    ("Hello, is City Hall open the friday after thanksgiving", "question", ""),
    (
        "there is a huge pothole in front of the school, somebody please fix",
        "service_request",
        "streets",
    ),
    ("our recycling bin was not emptied again this week", "service_request", "trash"),
    ("how do i get a permit for a garage sale", "question", "permits"),
    ("Fix the lamp on Orangewood, it's been dark for a month", "service_request", "streetlights"),
    ("Does anyone know what the library hours are", "question", ""),
    (
        "pleeease can someone look at the tree branch hanging over the sidewalk",
        "service_request",
        "parks",
    ),
    ("¿Dónde puedo pagar una multa de estacionamiento?", "question", ""),
    ("Is there any update on the new playground", "question", "parks"),
    ("I would like to report graffiti on the wall by the bus stop", "service_request", "parks"),
    ("thanks! when does the pool open?", "question", "parks"),
    ("Any news about the water main break on Katella", "service_request", "water"),
]

LEAVES = [
    "Who elected these clowns?",
    "Are you kidding me? What a joke.",
    "How cute is this little parade!",
    "What a great turnout at the concert tonight",
    "Thank you to the crews who cleaned up after the storm.",
    "Love living here",
    "why is this council so incompetent",
    "lol who cares",
    "Stanton is the best city",
    "Can’t believe how fast the crew fixed the pothole, thanks!",
    "Happy Veterans Day to everyone who served",
    "",
]


@pytest.mark.parametrize(("text", "kind", "topic"), ASKS)
def test_it_finds_what_asks_the_city(text, kind, topic):
    found = detect_request(text)
    assert found.asks, (text, found)
    assert found.kind == kind, (text, found)
    if topic:
        assert found.topic == topic, (text, found)
    assert found.cues


@pytest.mark.parametrize("text", LEAVES)
def test_it_leaves_insults_exclamations_and_thanks(text):
    assert not detect_request(text).asks, text


def test_an_insult_with_a_real_request_is_still_a_request():
    found = detect_request("Are you blind? FIX THE POTHOLE on Magnolia you idiots")
    assert found.asks and found.kind == "service_request" and found.rhetorical


def test_normalise_folds_case_accents_stretching_and_spellings():
    assert normalise("PLEEEASE") == "please"
    assert normalise("Wen wil u fix it") == "when will you fix it"
    assert normalise("¿Cuándo?").strip().startswith("¿ cuando")
