"""Threats, discrimination and sexual content on our evaluation sets
(tests/fixtures/flagging_eval/): comments in many styles (short, long, misspelt, all caps,
text-speak, non-native English, forum rants, news-like sentences) with hard negatives in the
same styles. The `holdout` files were written first, in one go, and never read while the
detectors were written; the `dev` files were used for tuning. Both are floored, the held-out
half lower (the README has the figures)."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from moderation.flagging.detectors import profanity
from moderation.flagging.engine import classify_text
from moderation.flagging.rules import ruleset_load
from moderation.flagging.tasks import classify_comments
from moderation.models import Flag, FlagRule
from tests.moderation.flagging.support import comment_make, default_rules_ensure, result

pytestmark = pytest.mark.django_db
EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "flagging_eval"
CATEGORIES = ("threat", "discrimination", "sexual")
# (precision, recall) floors: the targets for unseen comments are recall 0.60 at precision 0.70.
FLOORS = {
    "dev": {"threat": (0.95, 0.9), "discrimination": (0.95, 0.9), "sexual": (0.9, 0.9)},
    "holdout": {"threat": (0.85, 0.6), "discrimination": (0.85, 0.6), "sexual": (0.85, 0.7)},
}


def _rows(split: str) -> list[dict]:
    rows = []
    for category in CATEGORIES:
        with (EVAL / f"{category}_{split}.csv").open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def test_each_set_has_enough_positives_and_hard_negatives():
    for split in ("dev", "holdout"):
        rows = _rows(split)
        assert {r["split"] for r in rows} == {split}
        for category in CATEGORIES:
            positives = [r for r in rows if category in r["categories"].split(";")]
            assert len(positives) >= 75, (split, category)
        assert sum(1 for r in rows if not r["categories"]) >= 200, split
    # Over both halves: at least 150 positives a category, and no comment in both halves.
    texts = [r["text"] for split in ("dev", "holdout") for r in _rows(split)]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_floor(tmp_path, split):
    default_rules_ensure()
    path = tmp_path / f"harm-{split}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "categories"])
        for row in _rows(split):
            writer.writerow([row["text"], row["categories"]])
    out = StringIO()
    call_command("evaluate_flagging", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())["categories"]
    for category, (precision, recall) in FLOORS[split].items():
        measured = report[category]
        assert measured["precision"] >= precision, (category, measured)
        assert measured["recall"] >= recall, (category, measured)


def _categories(text: str) -> set[str]:
    return {c.category for c in classify_text(text, rules=ruleset_load())}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("they should all be shot", "threat"),
        ("hang them all from the overpass", "threat"),
        ("I'd love to punch that councilman", "threat"),
        ("ima run u over with my truck", "threat"),
        ("hope you get hit by a bus", "threat"),
        ("that bomber was a hero", "threat"),
        ("refugees are a plague on this town", "discrimination"),
        ("sick of these muslims", "discrimination"),
        ("gay people don't belong in our schools", "discrimination"),
        ("lick my balls", "sexual"),
        ("any 15 year old girls wanna chat? send pics", "sexual"),
        # Migration 0024.
        ("women have no business running a city, go back to the kitchen", "discrimination"),
        ("I'd love to see what that reporter looks like without clothes", "sexual"),
        ("yo check my latest upload, took me 3 weeks to edit lol", "off_topic"),
        ("hey guys would mean a lot if u watched my speedrun", "off_topic"),
    ],
)
def test_shapes_flag_what_no_phrase_list_names(text, category):
    default_rules_ensure()
    assert category in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "This traffic is killing me",
        "Shoot me an email with the agenda",
        "we need to kill this proposal",
        "I would never hurt anyone, but I am angry",
        "Police said the suspect shot two people on Main St.",
        "Anyone who says immigrants deserve to die is a monster.",
        "As a Mexican American I was told to go back to my country",
        "Stop calling immigrants criminals",
        "The Korean festival was wonderful",
        "Free STD testing at the county clinic on Fridays",
        "Sex education should cover consent",
        "the council can go to hell",
        "Who do I contact about a dead tree in front of my house, it's about to fall",
        "The dead battery in the crosswalk button means nobody can cross",
        # Sending, not shooting (migration 0024 and the harm detector).
        "I'll shoot you an email with the details",
        "we will shoot him a quick text when the permit is ready",
        "hit me with a message if the park gate is locked again",
        "Women in STEM night at the library was wonderful",
    ],
)
def test_near_misses_are_left_alone(text):
    default_rules_ensure()
    assert _categories(text) & set(CATEGORIES) == set()


def test_the_profanity_model_is_called_once_per_comment(monkeypatch):
    """Three rules read the model's probability; the model runs once for the comment."""
    default_rules_ensure()
    calls = []
    from profanity_check import predict_prob

    def counting(texts):
        calls.append(list(texts))
        return predict_prob(texts)

    monkeypatch.setattr("profanity_check.predict_prob", counting)
    monkeypatch.setattr(profanity, "_PREFETCHED", {})
    rules = ruleset_load()
    text = "these fucking immigrants, i will fucking end you"
    categories = {c.category for c in classify_text(text, rules=rules)}
    assert {"profanity", "discrimination", "threat"} <= categories
    assert len(calls) == 1


def test_the_supervisors_threshold_switches_the_model_signal(site):
    default_rules_ensure()
    text = "so many foreigners, what a fucking joke"
    rule = FlagRule.objects.get(name="Hostile generalisations about protected groups")
    assert "discrimination" in _categories(text)
    rule.parameters = {**rule.parameters, "offensive_threshold": None}
    rule.save(update_fields=["parameters"])
    assert "discrimination" not in _categories(text)


def test_a_threat_is_raised_as_a_flag_citing_its_published_rule(site):
    default_rules_ensure()
    comment = comment_make(
        site=site, body="those council members need a bullet each, every one of them"
    )
    assert classify_comments(comment_ids=[comment.pk]) == result(classified=1, flags=1)
    flag = Flag.objects.get(comment=comment)
    assert (flag.category.code, flag.rule.name) == ("threat", "Threats and calls to violence")
    assert flag.evidence["spans"]


def test_a_batch_of_comments_is_scored_by_the_model_in_one_call(site, monkeypatch):
    default_rules_ensure()
    from profanity_check import predict_prob

    calls = []

    def counting(texts):
        calls.append(list(texts))
        return predict_prob(texts)

    monkeypatch.setattr("profanity_check.predict_prob", counting)
    monkeypatch.setattr(profanity, "_PREFETCHED", {})
    bodies = [
        "so many foreigners here, what a fucking joke",
        "you piece of shit, I will fucking end you",
        "the park looks lovely this spring",
    ]
    comments = [comment_make(site=site, body=body) for body in bodies]
    outcome = classify_comments(comment_ids=[c.pk for c in comments])
    assert outcome["classified"] == 3
    assert [sorted(c) for c in calls] == [sorted(bodies)]
    codes = {f.category.code for f in Flag.objects.filter(comment__in=comments)}
    assert {"discrimination", "threat", "profanity"} <= codes


def test_the_harm_rules_are_published_with_their_description(client):
    from django.urls import reverse

    from moderation.flagging.defaults import HARM_RULES

    response = client.get(reverse("moderation:rules_public"))
    assert response.status_code == 200
    page = response.content.decode()
    for data in HARM_RULES:
        assert data["name"] in page
        # The description is escaped on the page: compare its first words only.
        assert data["public_description"].split(":")[0][:60] in page
