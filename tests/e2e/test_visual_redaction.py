"""A clerk reviews a request's results in Chromium (issue 15): selects a phone number in a
comment with the mouse and the Selection API, redacts exactly that under an exemption chosen
by its plain-language name, sees the redacted preview, and leaves a non-responsive record out
of the release; axe checks the pages on the way."""

from __future__ import annotations

import pytest

from records import services
from records.models import Exemption, RecordExclusion, Redaction
from records.selectors.search import SearchCriteria
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD, CommentFactory
from tests.records.scene import make_request

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "(714) 555-0134"
# A "\r\n" before the number: the page shows one character fewer than the stored text.
BODY = f"Zanzibar pool\r\nMy cell is {PHONE}, call after six <b>please</b>"

SELECT = """([selector, needle]) => {
  const block = document.querySelector(selector);
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(needle);
    if (at !== -1) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_clerk_selects_text_to_redact_excludes_a_record_and_sees_the_preview(page, site, clerk):
    target = CommentFactory(site=site, body=BODY)
    other = CommentFactory(site=site, body="Zanzibar is a lovely name for a cat.")
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(keyword="Zanzibar", kinds=("comments",)).to_json(),
        result_count=2,
    )
    exemption = Exemption.objects.get(code="constitutional-privacy")

    sign_in_with_totp(page, clerk, TEST_PASSWORD)
    page.goto(f"/records/requests/{request.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Review, include and redact records").click()
    assert_accessible(page)
    article = page.locator(f"#record-comments-{target.pk}")
    assert "Why it matched" in article.inner_text()
    assert article.locator("mark", has_text="Zanzibar").count() >= 1
    assert "<b>please</b>" in article.inner_text()  # escaped, shown as text

    # Select the number with the mouse: press at its start, release at its end; then make
    # the selection exact with the Selection API (a drag lands on character boundaries the
    # font decides) and release again, as the page listens for the release.
    block = article.locator("[data-records-field=body]")
    box = block.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate(SELECT, [f"#record-comments-{target.pk} [data-records-field]", PHONE])
    page.mouse.up()
    panel = page.locator("#redaction-panel")
    assert panel.is_visible()
    assert PHONE in page.locator("[data-records-selection-status]").inner_text()
    assert panel.get_by_label("Text to redact", exact=True).input_value() == PHONE
    radio = panel.get_by_label(exemption.label, exact=True)
    panel.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    assert_accessible(page)
    with page.expect_navigation():
        panel.get_by_role("button", name="Mark redaction").click()
    assert "Redaction marked." in page.inner_text("#portal-messages")
    redaction = Redaction.objects.get(request=request)
    assert BODY[redaction.start : redaction.end] == PHONE  # exactly the selection
    assert redaction.exemption == exemption

    # The preview: the number is a box labelled by the exemption; the rest is as it was.
    article = page.locator(f"#record-comments-{target.pk}")
    released = article.locator("[data-records-preview]").inner_text()
    assert PHONE not in released
    assert f"[Redacted: {exemption.name} ({exemption.citation})]" in released
    assert "call after six" in released
    assert article.locator("mark.portal-redacted").inner_text() == PHONE

    # Leave the other record out of the release.
    checkbox = page.get_by_label(f"Include Comment {other.pk} in the release")
    assert checkbox.is_checked()
    page.locator(f'label[for="{checkbox.get_attribute("id")}"]').click()
    assert not checkbox.is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Save which records are included").click()
    assert "1 record(s) excluded" in page.inner_text("#portal-messages")
    assert not page.get_by_label(f"Include Comment {other.pk} in the release").is_checked()
    assert page.get_by_label(f"Include Comment {target.pk} in the release").is_checked()
    exclusion = RecordExclusion.objects.get(request=request)
    assert (exclusion.kind, exclusion.record_id) == ("comments", other.pk)
    assert_accessible(page)

    # Every part of the record, in the editor: the same preview, platform ids, raw payload.
    with page.expect_navigation():
        article.get_by_role("link", name="Every part of comment").click()
    assert "Platform id" in page.inner_text("main")
    assert f"[Redacted: {exemption.name}" in page.inner_text("main")
    assert_accessible(page)
    assert not page.console_errors
