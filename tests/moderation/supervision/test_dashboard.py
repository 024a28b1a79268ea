"""The supervisors' dashboard: every table's figures equal direct counts of the records, the
charts are accessible SVG, the period filter, the CSVs, and a constant number of queries."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import date, timedelta

import pytest
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from moderation.models import (
    Ban,
    Comment,
    Decision,
    DecisionAction,
    DecisionCategory,
    Flag,
    FlagSource,
    QueueState,
    ReviewState,
)
from moderation.sites.selectors import designated_site_ids
from moderation.supervision.forms import Period
from moderation.supervision.selectors import ACTIONS, BAN_STATES, dashboard_tables
from moderation.supervision.tables import csv_safe
from tests.conftest import sign_in
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

LABEL_TO_ACTION = {label: code for code, label in ACTIONS}
TAKEN_DOWN = ("hide", "remove")


def tables_for(user, period=None):
    period = period or Period.last(30)
    return period, {t.key: t for t in dashboard_tables(designated_site_ids(user), period)}


def in_period(period, **filters):
    return Decision.objects.filter(
        decided_at__gte=period.since, decided_at__lt=period.until, **filters
    )


def test_every_table_matches_direct_counts(known, supervisor, moderator, other_moderator):
    period, tables = tables_for(supervisor)
    site_ids = designated_site_ids(supervisor)
    mine = {"comment__site_id__in": site_ids}

    by_action = tables["decisions-by-action"]
    assert len(by_action.rows) == 30
    for row in by_action.rows:
        day = date.fromisoformat(row[0])
        for column, value in zip(by_action.columns[1:-1], row[1:-1], strict=True):
            expected = in_period(
                period, decided_at__date=day, action=LABEL_TO_ACTION[column], **mine
            ).count()
            assert value == expected, (day, column)
        assert row[-1] == in_period(period, decided_at__date=day, **mine).count()
    assert sum(row[-1] for row in by_action.rows) == in_period(period, **mine).count() == 7

    by_category = tables["decisions-by-category"]
    for row in by_category.rows:
        day = date.fromisoformat(row[0])
        for column, value in zip(by_category.columns[1:], row[1:], strict=True):
            assert (
                value
                == DecisionCategory.objects.filter(
                    decision__in=in_period(period, decided_at__date=day, **mine),
                    category__name=column,
                ).count()
            )
    assert "Commercial solicitation" not in " ".join(by_category.columns)  # decided 40 days ago

    moderators = tables["moderators"].as_dict()
    for user in (moderator, other_moderator):
        row = moderators[user.full_name]
        decisions = in_period(period, actor=user, **mine).exclude(action=DecisionAction.UNDO)
        assert row["Decisions"] == decisions.count()
        assert row["Overturned"] == decisions.filter(review_state=ReviewState.OVERTURNED).count()
        assert (
            row["Reviewed"]
            == decisions.filter(
                review_state__in=(ReviewState.UPHELD, ReviewState.OVERTURNED)
            ).count()
        )
        waits = []
        for decision in decisions:
            first = Flag.objects.filter(
                resolved_by_decision=decision, created_at__lte=decision.decided_at
            ).aggregate(first=Min("created_at"))["first"]
            if first:
                waits.append((decision.decided_at - first).total_seconds() / 60)
        assert row["Median minutes from flag to decision"] == pytest.approx(
            statistics.median(waits), abs=0.1
        )
    # Known values, so both sides cannot be wrong the same way.
    assert moderators[moderator.full_name]["Decisions"] == 4
    assert moderators[moderator.full_name]["Median minutes from flag to decision"] == 30
    assert moderators[other_moderator.full_name]["Median minutes from flag to decision"] == 90
    assert moderators[other_moderator.full_name]["Overturn rate (% of reviewed)"] == 100
    assert moderators[supervisor.full_name]["Decisions"] == 1  # the restore of the overturn

    sites = tables["sites"].as_dict()
    for site_id in site_ids:
        name = Comment.objects.filter(site_id=site_id).first().site.name
        decisions = in_period(period, comment__site_id=site_id)
        assert sites[name]["Decisions"] == decisions.count()
        for code, label in ACTIONS:
            assert sites[name][label] == decisions.filter(action=code).count()
        assert (
            sites[name]["Overturned on review"]
            == decisions.filter(review_state=ReviewState.OVERTURNED).count()
        )

    rules = tables["rules"].as_dict()
    answered = Flag.objects.filter(
        source=FlagSource.RULE,
        resolved_by_decision__in=in_period(period, undone_by__isnull=True, **mine),
    )
    rule_row = rules["Test swear words"]
    assert rule_row["Flags answered"] == answered.filter(rule__name="Test swear words").count() == 4
    assert rule_row["Kept"] == 2 and rule_row["Hidden or removed"] == 2
    assert rule_row["Precision (%)"] == 50.0
    assert rules["test-keywords (detector without a rule)"]["Hidden or removed"] == 1
    assert sum(r["Flags answered"] for r in rules.values()) == answered.count()

    misses = tables["misses"].as_dict()
    for name, row in misses.items():
        removals = in_period(
            period, action__in=TAKEN_DOWN, categories__name=name, undone_by__isnull=True, **mine
        )
        missed = [
            d
            for d in removals
            if not Flag.objects.filter(
                comment=d.comment, source=FlagSource.RULE, created_at__lte=d.decided_at
            ).exists()
        ]
        assert row["Hidden or removed"] == removals.count()
        assert row["Without one (missed)"] == len(missed)
    assert misses["Threats"]["Without one (missed)"] == 1
    assert sum(r["Without one (missed)"] for r in misses.values()) == 1

    queue = tables["queue"].as_dict()
    waiting = Comment.objects.filter(
        site_id__in=site_ids, queue_state__in=(QueueState.OPEN, QueueState.ESCALATED)
    )
    assert sum(r["Waiting"] for r in queue.values()) == waiting.count() == 2
    row = next(iter(queue.values()))
    assert row["Under 1 day"] == 1 and row["3 to 7 days"] == 1
    assert row["Oldest (days)"] == pytest.approx(4, abs=0.1)

    bans = tables["bans"].as_dict()
    for name, row in bans.items():
        site_bans = Ban.objects.filter(site__name=name)
        assert row["Proposed in the period"] == site_bans.count()
        for code, label in BAN_STATES:
            assert row[f"Now {label.lower()}"] == site_bans.filter(state=code).count()
    assert sum(r["Now active"] for r in bans.values()) == 1
    assert sum(r["Now proposed"] for r in bans.values()) == 1


def test_the_period_filter_and_presets(known, supervisor, client):
    _period, tables = tables_for(supervisor, Period.last(365))
    assert "Commercial solicitation" in tables["decisions-by-category"].columns
    sign_in(client, supervisor)
    url = reverse("moderation:supervision_dashboard")
    assert "Commercial solicitation" not in client.get(url).content.decode()
    assert "Commercial solicitation" in client.get(url, {"preset": 90}).content.decode()
    today = timezone.localdate()
    start = (today - timedelta(days=41)).isoformat()
    page = client.get(url, {"start": start, "end": today.isoformat()}).content.decode()
    assert "Commercial solicitation" in page
    refused = client.get(url, {"start": today.isoformat(), "end": start})
    assert refused.status_code == 200
    assert "on or after the first" in refused.content.decode()


def test_the_page_shows_accessible_charts_and_tables_in_constant_queries(
    known, supervisor, client, django_assert_max_num_queries
):
    sign_in(client, supervisor)
    url = reverse("moderation:supervision_dashboard")
    with django_assert_max_num_queries(18):
        response = client.get(url, {"preset": 365})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<svg role="img"') == 8
    assert page.count('<title id="chart-') == 8 and page.count('<desc id="chart-') == 8
    assert page.count("<table ") == 8
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    # More decisions do not mean more queries.
    from tests.moderation.supervision.scene import decide

    site = known["keep"].site
    moderator = Decision.objects.filter(comment=known["keep"]).first().actor
    for i in range(5):
        decide(site, moderator, action="remove", days_ago=i + 1)
    with django_assert_max_num_queries(18):
        assert client.get(url, {"preset": 365}).status_code == 200


def test_csv_export_of_every_table_neutralises_formulas(known, supervisor, client, admin):
    from moderation.sites.services import designation_grant

    evil = SiteFactory(name='=HYPERLINK("http://evil.example")', slug="evil")
    designation_grant(actor=admin, user=supervisor, site=evil, note="test")
    from tests.moderation.supervision.scene import decide

    moderator = Decision.objects.filter(comment=known["keep"]).first().actor
    designation_grant(actor=admin, user=moderator, site=evil, note="test")
    decide(evil, moderator, action="remove", days_ago=1)
    sign_in(client, supervisor)
    _period, tables = tables_for(supervisor)
    for key, table in tables.items():
        response = client.get(reverse("moderation:supervision_csv", args=[key]))
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[2] == table.columns
        assert len(rows) - 3 == len(table.rows)
    sites_csv = client.get(reverse("moderation:supervision_csv", args=["sites"])).content.decode()
    assert "'=HYPERLINK" in sites_csv and "\n=HYPERLINK" not in sites_csv
    assert client.get(reverse("moderation:supervision_csv", args=["nope"])).status_code == 404


def test_csv_safe():
    assert csv_safe("=1+2") == "'=1+2"
    assert csv_safe("+1") == "'+1" and csv_safe("-x") == "'-x" and csv_safe("@a") == "'@a"
    assert csv_safe(-3) == "-3" and csv_safe(None) == "" and csv_safe("plain") == "plain"


def test_a_supervisor_sees_only_their_sites(known, site, admin, client):
    from tests.factories import DesignationFactory, UserFactory

    only_first = UserFactory(email="s1@stanton.example", full_name="Si One", roles=["Supervisor"])
    DesignationFactory(user=only_first, site=site, designated_by=admin)
    _period, tables = tables_for(only_first)
    assert list(tables["sites"].as_dict()) == [site.name]
    assert "Oz Other" not in tables["moderators"].as_dict()


def test_moderators_may_not_open_it(moderator, client):
    sign_in(client, moderator)
    assert client.get(reverse("moderation:supervision_dashboard")).status_code == 403
