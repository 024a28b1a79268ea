"""The sixteen categories of comment the City's Social Media Policy lets staff remove, in our
own words. The policy's full text is entered by administrators as a PolicyVersion; this is the
catalogue the portal classifies against. Seeded by migration 0005; edited in the portal later.

Each entry: code, name, description, judgment_call, queue priority (higher first),
sub-reasons, rationale template.
"""

from __future__ import annotations

OFF_TOPIC_SUB_REASONS = ["spam", "unintelligible", "repetitive", "lengthy", "off_topic"]

CATEGORIES: list[dict] = [
    dict(
        code="off_topic",
        name="Off-topic, spam or disruptive volume",
        description="Comments that stray well away from the subject of the City's post, "
        "including spam, random or unreadable text, the same message posted again "
        "and again, and comments so long they crowd out the discussion.",
        judgment_call=True,
        queue_priority=1,
        sub_reasons=OFF_TOPIC_SUB_REASONS,
        rationale_template="The comment is substantially unrelated to the City's post "
        "(reason: {sub_reason}). Removed under the policy's off-topic category.",
    ),
    dict(
        code="profanity",
        name="Profanity, obscenity or pornography",
        description="Swearing, obscene language, and pornographic material or language.",
        judgment_call=False,
        queue_priority=4,
        rationale_template="The comment contains profane or obscene language: “{evidence}”.",
    ),
    dict(
        code="discrimination",
        name="Discrimination against a protected group",
        description="Content that demeans or discriminates against people because of race, "
        "creed, colour, age, religion, gender, sexual orientation, disability or "
        "national origin.",
        judgment_call=True,
        queue_priority=6,
        rationale_template="The comment attacks people on the basis of a protected "
        "characteristic: “{evidence}”.",
    ),
    dict(
        code="sexual",
        name="Sexual content or links to it",
        description="Sexual material, or links that lead to it.",
        judgment_call=False,
        queue_priority=5,
        rationale_template="The comment contains sexual content or links to it.",
    ),
    dict(
        code="threat",
        name="Threats",
        description="Threats against any person or organisation.",
        judgment_call=False,
        queue_priority=10,
        rationale_template="The comment threatens a person or organisation: “{evidence}”. "
        "Consider notifying the Police Department.",
    ),
    dict(
        code="political_campaign",
        name="Campaign or ballot-measure advocacy",
        description="Support for or opposition to a candidate, a political campaign or a ballot "
        "measure. City pages are run with public resources and stay neutral; purely "
        "factual, neutral information is allowed.",
        judgment_call=True,
        queue_priority=3,
        rationale_template="The comment advocates for or against a campaign or ballot measure "
        "(“{evidence}”). City pages are publicly funded and must stay neutral.",
    ),
    dict(
        code="brown_act",
        name="Brown Act concerns",
        description="Exchanges that could amount to a meeting of a City legislative body outside "
        "a noticed public meeting, such as a majority of Council members discussing "
        "City business with each other in comments.",
        judgment_call=True,
        queue_priority=3,
        rationale_template="The exchange risks a serial meeting of a legislative body under the "
        "Ralph M. Brown Act.",
    ),
    dict(
        code="commerce",
        name="Commercial solicitation",
        description="Advertising or selling a business, product or service.",
        judgment_call=False,
        queue_priority=2,
        rationale_template="The comment solicits commerce or advertises a business or product.",
    ),
    dict(
        code="illegal_conduct",
        name="Conduct that breaks the law",
        description="Comments that are themselves a violation of federal, state or local law.",
        judgment_call=True,
        queue_priority=4,
        rationale_template="Posting this comment is itself unlawful conduct: {details}.",
    ),
    dict(
        code="illegal_encouragement",
        name="Encouraging illegal activity",
        description="Urging or helping others to break the law.",
        judgment_call=True,
        queue_priority=4,
        rationale_template="The comment encourages illegal activity: “{evidence}”.",
    ),
    dict(
        code="public_safety",
        name="Compromises public safety or systems",
        description="Information that could put the public, or public infrastructure and "
        "systems, at risk.",
        judgment_call=True,
        queue_priority=8,
        rationale_template="The comment shares information that may compromise public safety "
        "or the security of public systems.",
    ),
    dict(
        code="copyright",
        name="Infringes ownership rights",
        description="Material that infringes someone's copyright, trademark or other legal "
        "ownership interest.",
        judgment_call=True,
        queue_priority=2,
        rationale_template="The comment reproduces material owned by another without "
        "permission: {details}.",
    ),
    dict(
        code="personnel",
        name="Confidential personnel matters",
        description="Comments about confidential City personnel matters.",
        judgment_call=True,
        queue_priority=5,
        rationale_template="The comment concerns a confidential City personnel matter.",
    ),
    dict(
        code="confidential",
        name="Confidential, private or proprietary information",
        description="Private information such as home addresses, phone numbers, or "
        "identification numbers, and other confidential or proprietary information.",
        judgment_call=True,
        queue_priority=5,
        rationale_template="The comment discloses private or confidential information "
        "(“{evidence}”).",
    ),
    dict(
        code="unlawful",
        name="Violates a law or regulation",
        description="Content that breaks a local, county, state or federal law or regulation.",
        judgment_call=True,
        queue_priority=3,
        rationale_template="The content violates {details}.",
    ),
    dict(
        code="unprotected_speech",
        name="Speech the First Amendment does not protect",
        description="Speech outside First Amendment protection, such as true threats, "
        "incitement, defamation, obscenity or fraud.",
        judgment_call=True,
        queue_priority=4,
        rationale_template="The comment is unprotected speech ({details}).",
    ),
]

CATEGORY_CODES = [c["code"] for c in CATEGORIES]
