"""The demo has several moderators, sites and months of decisions, and the dashboard, the
consistency checks and /transparency/ draw their charts and tables for it."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models.functions import TruncMonth
from django.urls import reverse

from moderation.models import Decision
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_charts_render_for_the_demo_data(client):
    call_command("seed_demo", stdout=io.StringIO())
    decisions = Decision.objects.exclude(action="undo")
    assert decisions.values("actor").distinct().count() >= 3
    assert decisions.values("comment__site").distinct().count() == 3
    assert decisions.annotate(m=TruncMonth("decided_at")).values("m").distinct().count() >= 5
    assert decisions.filter(review_state="overturned").exists()

    supervisor = get_user_model().objects.get(email="supervisor@stanton.example")
    sign_in(client, supervisor)
    page = client.get(reverse("moderation:supervision_dashboard"), {"preset": 365})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg role="img"') == 8 and html.count("<table ") == 8
    assert "Jordan Moderator" in html and "Riley Moderator" in html
    assert html.count("<polyline") >= 3 and html.count("<rect") > 20

    consistency = client.get(reverse("moderation:supervision_consistency"), {"preset": 365})
    assert "Lower than everyone else" in consistency.content.decode()

    client.logout()
    public = client.get(reverse("moderation:transparency")).content.decode()
    assert '<svg role="img"' in public and public.count("<table ") == 5
    for name in ("Jordan Moderator", "Morgan Moderator", "Sam Supervisor", "stanton.example"):
        assert name not in public

    # Run twice, as CI does: nothing is added.
    count = Decision.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Decision.objects.count() == count
