"""Two people acting on one account or ban at the same moment, on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from moderation.bans.services import ban_approve
from moderation.models import Ban, BanState, PlatformAction
from stanton.errors import ActionRefused
from tests.factories import DesignationFactory, UserFactory
from tests.moderation.bans.scene import propose, removed_comment


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except ActionRefused as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_proposals_for_one_account_make_one_ban(
    require_postgresql, site, moderator, supervisor
):
    comment = removed_comment(site)
    outcomes = run_together(
        lambda: propose(moderator, site, comment),
        lambda: propose(supervisor, site, comment, scope="platform"),
    )
    bans = [o for o in outcomes if isinstance(o, Ban)]
    refusals = [o for o in outcomes if isinstance(o, ActionRefused)]
    assert len(bans) == 1 and len(refusals) == 1, outcomes
    assert "already has a ban that is proposed" in str(refusals[0])
    assert Ban.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_supervisors_approving_at_once_approve_once(
    require_postgresql, site, moderator, supervisor, admin
):
    second = UserFactory(roles=["Supervisor"])
    DesignationFactory(user=second, site=site, designated_by=admin)
    ban = propose(moderator, site, removed_comment(site))
    outcomes = run_together(
        lambda: ban_approve(ban=ban, actor=supervisor, note=""),
        lambda: ban_approve(ban=ban, actor=second, note=""),
    )
    refusals = [o for o in outcomes if isinstance(o, ActionRefused)]
    assert len(refusals) == 1, outcomes
    assert "Only a proposed ban can be approved" in str(refusals[0])
    assert Ban.objects.get().state == BanState.ACTIVE
    assert PlatformAction.objects.count() == 1
