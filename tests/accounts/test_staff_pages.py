"""Administrators manage staff and roles in the portal's own pages; passwords follow NIST."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import ADMINISTRATOR, MODERATOR, RECORDS_CLERK, SUPERVISOR
from audit.events import AuditVerb
from audit.models import AuditEvent
from tests.conftest import sign_in

STAFF_LIST = reverse("accounts:staff_list")
STAFF_CREATE = reverse("accounts:staff_create")
PASSPHRASE = "violet harbour lantern quietly sings over the long grey river at dusk " * 4


def new_staff(password: str = "violet harbour lantern", **overrides) -> dict:  # noqa: S107
    return {
        "email": "New.Person@Stanton.example",
        "full_name": "Nell Newcomer",
        "title": "Communications Specialist",
        "roles": [MODERATOR, RECORDS_CLERK],
        "password": password,
        **overrides,
    }


def detail_url(user) -> str:
    return reverse("accounts:staff_detail", args=[user.pk])


def active_url(user) -> str:
    return reverse("accounts:staff_set_active", args=[user.pk])


def roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


# --- create -------------------------------------------------------------------------------------
def test_administrator_creates_a_staff_member_with_roles(client, admin):
    sign_in(client, admin)

    response = client.post(STAFF_CREATE, new_staff())

    person = User.objects.get(email="new.person@stanton.example")
    assert response.status_code == 302
    assert response["Location"] == detail_url(person)
    assert roles_of(person) == {MODERATOR, RECORDS_CLERK}
    assert person.full_name == "Nell Newcomer"
    assert person.is_active
    assert person.check_password("violet harbour lantern")
    event = AuditEvent.objects.get(verb=AuditVerb.STAFF_CREATED)
    assert (event.actor, event.target_type, event.target_id) == (
        admin,
        "accounts.user",
        str(person.pk),
    )
    assert event.data == {
        "email": "new.person@stanton.example",
        "roles": [MODERATOR, RECORDS_CLERK],
        "title": "Communications Specialist",
    }
    assert "password" not in str(event.data).lower()
    # The new person signs in with that password (then enrols two-factor).
    new_client = Client()
    signed = new_client.post(
        reverse("accounts:login"), {"username": person.email, "password": "violet harbour lantern"}
    )
    assert signed.status_code == 302
    assert new_client.session[SESSION_KEY] == str(person.pk)


def test_create_refuses_an_email_already_used_in_any_case(client, admin, moderator):
    sign_in(client, admin)

    response = client.post(STAFF_CREATE, new_staff(email="MOD@stanton.example"))

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditVerb.STAFF_CREATED).exists()


def test_create_refuses_an_unknown_role(client, admin):
    sign_in(client, admin)

    response = client.post(STAFF_CREATE, new_staff(roles=["Superuser"]))

    assert response.status_code == 200
    assert not User.objects.filter(email="new.person@stanton.example").exists()


def test_create_page_renders_every_role(client, admin):
    sign_in(client, admin)

    page = client.get(STAFF_CREATE).content.decode()

    for role in (ADMINISTRATOR, SUPERVISOR, MODERATOR, RECORDS_CLERK):
        assert role in page


# --- passwords (NIST 800-63B: length, not composition; screened; long allowed) ------------------
@pytest.mark.parametrize(
    ("password", "accepted", "message"),
    [
        ("violet-harb", False, "at least 12 characters"),  # 11
        ("violet-harbo", True, ""),  # 12
        (PASSPHRASE[:64], True, ""),
        (PASSPHRASE[:200], True, ""),
        (PASSPHRASE[:256], True, ""),
        (PASSPHRASE[:257], False, "too long"),
        ("qwerty123456", False, "too common"),  # 12 characters, on the common list
        ("aaaaaaaaaaaaaaaa", True, ""),  # no composition rules
    ],
    ids=["11", "12", "64", "200", "256", "257", "common", "no-composition-rules"],
)
def test_password_rules_on_the_create_form(client, admin, password, accepted, message):
    sign_in(client, admin)

    response = client.post(STAFF_CREATE, new_staff(password=password))

    created = User.objects.filter(email="new.person@stanton.example").first()
    if accepted:
        assert response.status_code == 302, response.context["form"].errors
        assert created.check_password(password)
    else:
        assert response.status_code == 200
        assert created is None
        assert message in response.content.decode()
        assert not AuditEvent.objects.filter(verb=AuditVerb.STAFF_CREATED).exists()


def test_password_similar_to_the_name_is_refused(client, admin):
    sign_in(client, admin)

    response = client.post(STAFF_CREATE, new_staff(password="nellnewcomer1"))

    assert response.status_code == 200
    assert "too similar" in response.content.decode()


# --- edit roles ---------------------------------------------------------------------------------
def test_administrator_edits_roles(client, admin, moderator):
    sign_in(client, admin)
    page = client.get(detail_url(moderator))
    assert page.status_code == 200
    assert page.context["form"].initial["roles"] == [MODERATOR]

    response = client.post(
        detail_url(moderator),
        {
            "full_name": "Mo Moderator-Smith",
            "title": "Senior Specialist",
            "roles": [MODERATOR, SUPERVISOR],
        },
    )

    assert response.status_code == 302
    moderator.refresh_from_db()
    assert moderator.full_name == "Mo Moderator-Smith"
    assert roles_of(moderator) == {MODERATOR, SUPERVISOR}
    event = AuditEvent.objects.get(verb=AuditVerb.STAFF_UPDATED)
    assert (event.actor, event.target_id) == (admin, str(moderator.pk))
    assert event.data["roles_before"] == [MODERATOR]
    assert event.data["roles_after"] == [MODERATOR, SUPERVISOR]
    history = moderator.history.order_by("-history_date").first()
    assert history.history_user == admin
    assert history.full_name == "Mo Moderator-Smith"


def test_removing_every_role_takes_effect_on_the_next_request(client, admin, moderator):
    theirs = sign_in(Client(), moderator)
    sign_in(client, admin)

    client.post(detail_url(moderator), {"full_name": moderator.full_name, "title": ""})

    assert roles_of(moderator) == set()
    assert "Your account has no role yet" in theirs.get(reverse("home")).content.decode()


def test_edit_cannot_change_the_email(client, admin, moderator):
    sign_in(client, admin)

    client.post(
        detail_url(moderator),
        {"email": "hijack@evil.example", "full_name": "Mo", "title": "", "roles": [MODERATOR]},
    )

    moderator.refresh_from_db()
    assert moderator.email == "mod@stanton.example"


def test_staff_detail_of_an_unknown_person_is_404(client, admin):
    sign_in(client, admin)

    assert client.get(reverse("accounts:staff_detail", args=[999999])).status_code == 404


# --- deactivate and reactivate ------------------------------------------------------------------
def test_deactivate_and_reactivate_with_a_reason(client, admin, moderator):
    sign_in(client, admin)

    response = client.post(active_url(moderator), {"reason": "On leave", "activate": "0"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(moderator)
    moderator.refresh_from_db()
    assert not moderator.is_active
    off = AuditEvent.objects.get(verb=AuditVerb.STAFF_DEACTIVATED)
    assert (off.actor, off.target_id) == (admin, str(moderator.pk))
    assert off.data == {"reason": "On leave"}
    assert "Deactivated" in client.get(detail_url(moderator)).content.decode()

    response = client.post(active_url(moderator), {"reason": "Back from leave", "activate": "1"})

    moderator.refresh_from_db()
    assert moderator.is_active
    on = AuditEvent.objects.get(verb=AuditVerb.STAFF_ACTIVATED)
    assert (on.actor, on.data) == (admin, {"reason": "Back from leave"})
    assert on.seq > off.seq
    assert [h.is_active for h in moderator.history.order_by("history_date")][-2:] == [False, True]


def test_deactivation_needs_a_reason(client, admin, moderator):
    sign_in(client, admin)

    response = client.post(active_url(moderator), {"reason": "", "activate": "0"}, follow=True)

    moderator.refresh_from_db()
    assert moderator.is_active
    assert "Give a reason" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditVerb.STAFF_DEACTIVATED).exists()


def test_administrator_cannot_deactivate_themselves(client, admin):
    sign_in(client, admin)

    response = client.post(active_url(admin), {"reason": "oops", "activate": "0"}, follow=True)

    admin.refresh_from_db()
    assert admin.is_active
    assert "cannot deactivate your own account" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditVerb.STAFF_DEACTIVATED).exists()


# --- access and methods -------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["moderator", "supervisor", "clerk", "outsider"])
def test_non_administrators_get_403_and_change_nothing(client, request, role, moderator):
    user = request.getfixturevalue(role)
    sign_in(client, user)

    assert client.get(STAFF_LIST).status_code == 403
    assert client.get(STAFF_CREATE).status_code == 403
    assert client.post(STAFF_CREATE, new_staff()).status_code == 403
    assert (
        client.post(detail_url(moderator), {"full_name": "X", "roles": [ADMINISTRATOR]}).status_code
        == 403
    )
    assert client.post(active_url(moderator), {"reason": "x", "activate": "0"}).status_code == 403

    moderator.refresh_from_db()
    assert moderator.is_active
    assert roles_of(moderator) == {MODERATOR}
    assert not User.objects.filter(email="new.person@stanton.example").exists()
    assert not AuditEvent.objects.filter(verb__startswith="staff.").exists()


def test_anonymous_is_sent_to_sign_in(client, moderator):
    for url in (STAFF_LIST, STAFF_CREATE, detail_url(moderator)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_wrong_methods_are_refused(client, admin, moderator):
    sign_in(client, admin)

    assert client.get(active_url(moderator)).status_code == 405
    assert client.put(STAFF_CREATE).status_code == 405
    assert client.delete(detail_url(moderator)).status_code == 405
    assert client.post(STAFF_LIST).status_code == 405
    moderator.refresh_from_db()
    assert moderator.is_active


def test_staff_list_shows_everyone_with_roles_in_few_queries(
    client, admin, moderator, supervisor, clerk, django_assert_max_num_queries
):
    sign_in(client, admin)

    with django_assert_max_num_queries(12):
        page = client.get(STAFF_LIST)

    body = page.content.decode()
    for person in (admin, moderator, supervisor, clerk):
        assert person.email in body
    assert "Records Clerk" in body
