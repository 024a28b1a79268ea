"""Consistency checks: removal rates with outliers marked (Wilson interval, minimum sample),
and near-identical comments one moderator removed and another kept (MinHash)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from moderation.sites.selectors import designated_site_ids
from moderation.supervision.consistency import (
    MIN_SAMPLE,
    disagreements,
    removal_rates,
    wilson_interval,
)
from moderation.supervision.forms import Period
from tests.conftest import sign_in
from tests.moderation.supervision.scene import decide

pytestmark = pytest.mark.django_db


def test_wilson_interval():
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-3) and high == pytest.approx(0.7634, abs=1e-3)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0


def test_a_lenient_moderator_is_marked_and_a_small_sample_is_not(
    site, other_site, moderator, other_moderator, supervisor
):
    # Mo removes 10 of 11 flagged profanity comments; Oz keeps 11 of 12.
    for i in range(MIN_SAMPLE + 1):
        decide(site, moderator, action="remove" if i else "keep", days_ago=1)
    for i in range(MIN_SAMPLE + 2):
        decide(other_site, other_moderator, action="keep" if i else "remove", days_ago=1)
    # Threats: too few to judge.
    decide(site, moderator, action="remove", category="threat", days_ago=1)
    decide(other_site, other_moderator, action="keep", category="threat", days_ago=1)
    rows = {
        (r.category, r.moderator): r
        for r in removal_rates(designated_site_ids(supervisor), Period.last(30))
    }
    mo = rows[("Profanity, obscenity or pornography", "Mo Moderator")]
    oz = rows[("Profanity, obscenity or pornography", "Oz Other")]
    assert (mo.answered, mo.taken_down, oz.answered, oz.taken_down) == (11, 10, 12, 1)
    assert mo.outlier == "higher" and oz.outlier == "lower"
    assert mo.others_rate == pytest.approx(1 / 12)
    assert rows[("Threats", "Mo Moderator")].outlier == ""


def test_near_identical_comments_decided_both_ways_are_paired(
    site, other_site, moderator, other_moderator, supervisor, client
):
    text = "Call Eddie's Roofing today for a free estimate, best prices in Orange County!"
    removed, _ = decide(site, moderator, action="remove", category="commerce", body=text)
    kept, _ = decide(
        other_site,
        other_moderator,
        action="keep",
        category="commerce",
        body=text.replace("today", "now"),
    )
    # Same moderator both ways, and an unrelated text: neither is a pair.
    decide(site, moderator, action="keep", category="commerce", body=text + " ")
    decide(
        other_site,
        other_moderator,
        action="remove",
        category="commerce",
        body="The library's new hours are great, thank you for listening to residents.",
    )
    pairs = disagreements(designated_site_ids(supervisor), Period.last(30))
    found = {(p.taken_down["comment_id"], p.kept["comment_id"]) for p in pairs}
    assert (removed.pk, kept.pk) in found
    assert all(p.taken_down["moderator"] != p.kept["moderator"] for p in pairs)
    assert all(p.similarity >= 0.7 for p in pairs)

    sign_in(client, supervisor)
    page = client.get(reverse("moderation:supervision_consistency")).content.decode()
    assert reverse("moderation:comment_detail", args=[removed.pk]) in page
    assert reverse("moderation:comment_detail", args=[kept.pk]) in page
    csv_text = client.get(
        reverse("moderation:supervision_consistency_csv", args=["disagreements"])
    ).content.decode()
    assert str(removed.pk) in csv_text
