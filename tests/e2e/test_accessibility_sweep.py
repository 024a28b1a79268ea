"""Every page of the portal, in Chromium, through axe-core (WCAG 2.1 A/AA, serious/critical).

The list of pages is not written here: it comes from the role-by-URL access tables
(tests/access/, loaded by tests/test_access.py), so a new page with a table row is swept
automatically. For each URL name one visitor whose expectation is 200 opens it (admin first,
then supervisor, moderator, clerk, ...), plus the anonymous visitor when the page is public.
Pages that answer something other than HTML (JSON, the API schema, ZIP and attachment
downloads) are skipped by their content type; POST-only URLs are never 200 to a GET, so they are
not in the list. axe's best-practice rules (heading order, landmarks, ...) are checked as well.
Every page with violations is reported at once.

The second half posts important forms empty (the browser's own validation switched off, as a
browser without it would) and checks the error page: queue decision, ban proposal, records
intake.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.test_access import EXPECTATIONS, resolve_kwargs, scene_build

pytestmark = pytest.mark.django_db(transaction=True)

# Who opens a page, in order of preference: the widest view of the portal first.
ROLE_PREFERENCE = ("admin", "supervisor", "moderator", "clerk", "other_moderator", "outsider")
# The navigation differs by role: every signed-in role opens this page, so each variant of the
# header is checked too.
EVERY_ROLE_PAGE = "home"


def sweep_plan(scene) -> dict[str, list[tuple[str, str]]]:
    """{visitor: [(url name, url), ...]}: one signed-in visitor per GET-able page, plus the
    anonymous visitor for public pages and every signed-in role for the home page."""
    plan: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(EXPECTATIONS):
        spec, table = EXPECTATIONS[name]
        url = reverse(name, kwargs=resolve_kwargs(spec, scene))
        role = next((r for r in ROLE_PREFERENCE if table[r] == 200), None)
        if role is not None:
            plan.setdefault(role, []).append((name, url))
        if name == EVERY_ROLE_PAGE:
            for other in ROLE_PREFERENCE:
                if other != role and table[other] == 200:
                    plan.setdefault(other, []).append((name, url))
        if table["anonymous"] == 200:
            plan.setdefault("anonymous", []).append((name, url))
    return plan


def assert_best_practice(page) -> None:
    """axe-core's best-practice rules too (heading order, one h1, landmarks and their names,
    content in landmarks, fields named by more than a title), whatever their impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["best-practice"]}})
    violations = results.response["violations"]
    detail = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"axe best-practice violations on {page.url}:\n{detail}"


def is_html(response) -> bool:
    headers = response.headers
    if "attachment" in headers.get("content-disposition", ""):
        return False
    return headers.get("content-type", "").startswith("text/html")


def test_every_page_is_accessible(
    browser, live_server, site, other_site, admin, moderator, other_moderator, supervisor, clerk,
    outsider,
):  # fmt: skip
    scene = scene_build(
        site=site,
        other_site=other_site,
        admin=admin,
        moderator=moderator,
        other_moderator=other_moderator,
        supervisor=supervisor,
        clerk=clerk,
        outsider=outsider,
    )
    plan = sweep_plan(scene)
    # The sweep must not be vacuous: every staff role has pages, and so does the public.
    assert set(ROLE_PREFERENCE) | {"anonymous"} == set(plan), plan.keys()
    assert sum(map(len, plan.values())) > 40, plan

    started = time.monotonic()
    swept: dict[str, list[str]] = {}
    skipped: list[str] = []
    problems: list[str] = []
    for visitor, pages in plan.items():
        context = browser.new_context(base_url=live_server.url)
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            if visitor != "anonymous":
                sign_in_with_totp(page, scene["users"][visitor], TEST_PASSWORD)
            for name, url in pages:
                # Ask first with the same cookies: a download would abort a navigation.
                probe = context.request.get(url, max_redirects=0)
                if probe.status != 200:
                    problems.append(f"{name} ({visitor}) {url}: HTTP {probe.status}, expected 200")
                    continue
                if not is_html(probe):
                    skipped.append(f"{name} ({probe.headers.get('content-type')})")
                    continue
                response = page.goto(url)
                assert response is not None and response.status == 200, (name, url)
                swept.setdefault(visitor, []).append(name)
                for check in (assert_accessible, assert_best_practice):
                    try:
                        check(page)
                    except AssertionError as exc:
                        problems.append(f"{name} ({visitor}):\n{exc}")
        finally:
            context.close()

    elapsed = time.monotonic() - started
    summary = ", ".join(f"{visitor}: {len(names)}" for visitor, names in swept.items())
    print(f"\nswept {sum(map(len, swept.values()))} pages ({summary}) in {elapsed:.0f}s")
    print(f"skipped (not HTML): {skipped}")
    # The time is printed, not asserted: speed is measured in benchmarks, and a loaded machine
    # makes a timed test fail for nothing.
    assert not problems, f"{len(problems)} page(s) failed:\n\n" + "\n\n".join(problems)


def test_the_best_practice_check_is_not_vacuous(page):
    """assert_best_practice must fail on headings out of order and content outside landmarks."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Title</h1>'
        "<h4>Skipped two levels</h4></main><p>Outside every landmark.</p></body></html>"
    )
    with pytest.raises(AssertionError, match="heading-order") as failure:
        assert_best_practice(page)
    assert "region" in str(failure.value)


# --- forms posted with errors -------------------------------------------------------------------

ERRORS_LINKED = """() => {
  const messages = Array.from(document.querySelectorAll('.usa-error-message[id]'));
  const described = new Set();
  document.querySelectorAll('[aria-describedby]').forEach((el) => {
    el.getAttribute('aria-describedby').split(/\\s+/).forEach((id) => described.add(id));
  });
  return {
    messages: messages.map((m) => m.id),
    unlinked: messages.filter((m) => !described.has(m.id)).map((m) => m.id),
    dangling: Array.from(described).filter((id) => id && !document.getElementById(id)),
    invalid: document.querySelectorAll('[aria-invalid="true"]').length,
    alert: document.querySelectorAll('[role="alert"]').length,
  };
}"""


def check_error_page(page, what: str) -> list[str]:
    """The error state is accessible: axe is clean, every message is tied to its field."""
    page.locator(".usa-error-message").first.wait_for()
    problems = []
    try:
        assert_accessible(page)
    except AssertionError as exc:
        problems.append(f"{what}:\n{exc}")
    state = page.evaluate(ERRORS_LINKED)
    if not state["messages"] or state["unlinked"] or state["dangling"]:
        problems.append(f"{what}: error messages not tied to their fields: {state}")
    if not state["invalid"] or not state["alert"]:
        problems.append(f"{what}: no aria-invalid field or no alert summary: {state}")
    return problems


def submit_empty(page, button_name: str) -> None:
    """Submit without the browser's own validation, as a browser without it would."""
    button = page.get_by_role("button", name=button_name, exact=True)
    button.evaluate("b => { if (b.form) b.form.noValidate = true; }")
    button.click()
    page.wait_for_load_state()


def test_forms_posted_with_errors_are_accessible(browser, live_server, site, moderator, clerk):
    from moderation.models import Ban
    from tests.access.bans import build_scene as bans_scene
    from tests.moderation.queue.support import flagged_comment

    scene = {"site_obj": site, "users": {"moderator": moderator}}
    account_id = Ban.objects.get(pk=bans_scene(scene)["ban"]).account_id
    comment = flagged_comment(site)
    problems: list[str] = []

    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in_with_totp(page, moderator, TEST_PASSWORD)

        # The queue decision: Hide with no category and no rationale (htmx swaps the form).
        # The page preselects the flagged category and its filled template: clear both.
        page.goto(reverse("moderation:comment_detail", kwargs={"pk": comment.pk}))
        page.evaluate(
            """() => {
              document.querySelectorAll('#decision-categories input').forEach(b => {
                b.checked = false;
              });
              document.querySelector('textarea[name="rationale"]').value = '';
            }"""
        )
        submit_empty(page, "Hide")
        problems += check_error_page(page, "queue decision")

        # A ban proposal with nothing filled in.
        page.goto(f"{reverse('moderation:ban_propose')}?account={account_id}")
        submit_empty(page, "Propose the ban")
        problems += check_error_page(page, "ban proposal")
    finally:
        context.close()

    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in_with_totp(page, clerk, TEST_PASSWORD)
        # Records intake with nothing filled in.
        page.goto(reverse("records:request_create"))
        submit_empty(page, "Log request")
        problems += check_error_page(page, "records intake")
    finally:
        context.close()

    assert not problems, "\n\n".join(problems)
