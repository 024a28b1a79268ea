"""The public transparency page: monthly figures equal direct counts, the published rules,
the policy link, CSVs, and no commenter's or staff member's name anywhere."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.models import Ban, Decision, DecisionCategory, PublicAccount
from moderation.rules.selectors import flag_rules_published
from moderation.supervision.transparency import months_shown, transparency_tables
from tests.moderation.supervision.scene import decide

pytestmark = pytest.mark.django_db


def month_of(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m")


def test_the_figures_match_direct_counts(known, moderator, site):
    # An undone removal does not count: it did not stand.
    from moderation.queue.services import decision_undo

    _comment, undone = decide(site, moderator, action="remove", days_ago=0)
    decision_undo(decision=undone, actor=moderator)
    tables = {t.key: t for t in transparency_tables()}
    stood = Decision.objects.filter(action__in=("hide", "remove"), undone_by__isnull=True)

    by_site = tables["by-site"]
    assert by_site.rows
    for month, site_name, hidden, removed, banned in by_site.rows:
        mine = [
            d
            for d in stood.filter(comment__site__name=site_name)
            if month_of(d.decided_at) == month
        ]
        assert hidden == sum(d.action == "hide" for d in mine)
        assert removed == sum(d.action == "remove" for d in mine)
        imposed = [
            b
            for b in Ban.objects.filter(
                site__name=site_name, state__in=("active", "lifted", "expired")
            )
            if month_of(b.decided_at) == month
        ]
        assert banned == len(imposed)
    assert sum(r[3] for r in by_site.rows) == stood.filter(action="remove").count() == 4
    assert sum(r[2] for r in by_site.rows) == 1
    assert sum(r[4] for r in by_site.rows) == 1

    by_category = tables["by-category"]
    for month, category, hidden, removed, _banned in by_category.rows:
        links = [
            link
            for link in DecisionCategory.objects.filter(
                decision__in=stood, category__name=category
            ).select_related("decision")
            if month_of(link.decision.decided_at) == month
        ]
        assert hidden == sum(link.decision.action == "hide" for link in links)
        assert removed == sum(link.decision.action == "remove" for link in links)
    assert sum(r[4] for r in by_category.rows) == 1  # the approved ban cites profanity

    overturns = tables["overturns"].as_dict()
    assert len(overturns) == 12
    total = sum(r["Overturned"] for r in overturns.values())
    assert total == Decision.objects.filter(review_state="overturned").count() == 1

    monthly = tables["monthly"].as_dict()
    assert list(monthly) == [m.strftime("%Y-%m") for m in months_shown()]
    assert sum(r["Comments removed"] for r in monthly.values()) == 4

    rules = tables["rules"]
    assert [r[0] for r in rules.rows] == [r.name for r in flag_rules_published()]
    assert "Test swear words" in rules.column("Rule")


def test_the_public_page_and_csv_name_no_one(known, client, moderator, other_moderator, supervisor):
    response = client.get(reverse("moderation:transparency"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/policy/"' in page and reverse("moderation:rules_public") in page
    assert '<svg role="img"' in page and '<title id="chart-monthly-title">' in page
    assert page.count("<table ") == 5
    texts = [page]
    for table in transparency_tables():
        csv_response = client.get(reverse("moderation:transparency_csv", args=[table.key]))
        assert csv_response.status_code == 200
        rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
        assert rows[2] == table.columns and len(rows) - 3 == len(table.rows)
        texts.append(csv_response.content.decode())
    names = []
    for user in (moderator, other_moderator, supervisor):
        names += [user.full_name, user.email]
    for account in PublicAccount.objects.all():
        names += [n for n in (account.handle, account.display_name, account.external_id) if n]
    names += [c.body for c in known.values()]
    assert len(names) > 10
    for text in texts:
        for name in names:
            assert name not in text, name
    assert client.get(reverse("moderation:transparency_csv", args=["nope"])).status_code == 404
