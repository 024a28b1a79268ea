"""The classifier, category by category: what it flags, what it leaves alone, and how each
flag explains itself. Rules are the defaults the data migration installs."""

from __future__ import annotations

import pytest

from moderation.flagging.defaults import DEFAULT_RULES
from moderation.flagging.engine import Context, classify_text
from moderation.flagging.rules import CompiledRule, RuleSet, ruleset_load
from tests.moderation.flagging.support import default_ruleset


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return default_ruleset()


def categories(text, rules, context=None) -> set[str]:
    return {c.category for c in classify_text(text, rules=rules, context=context)}


FLAGGED = [
    ("This council is a fucking joke", "profanity"),
    ("f u c k the parking enforcement", "profanity"),
    ("what a sh1tshow", "profanity"),
    ("Immigrants are vermin", "discrimination"),
    ("go back to your country", "discrimination"),
    ("check out pornhub.com tonight", "sexual"),
    ("Send nudes", "sexual"),
    ("I'm going to kill you", "threat"),
    ("watch your back, mayor", "threat"),
    ("There's a bomb at City Hall", "threat"),
    ("You'll pay for this!", "threat"),
    ("Vote yes on Measure A!", "political_campaign"),
    ("Re-elect Dana Whitfield for council", "political_campaign"),
    ("Vote YES on Measure Q and re-elect our mayor!", "political_campaign"),
    ("Don't forget to vote for Smith for Council in November.", "political_campaign"),
    ("DM me for cheap fireworks, best prices in OC!", "commerce"),
    ("Use promo code SAVE10 at checkout", "commerce"),
    ("For sale: couch $100, message me", "commerce"),
    ("Cheap tires $40 each, call or text 714-892-4471", "commerce"),
    ("check out my channel https://bit.ly/abc", "off_topic"),
    ("https://a.example.com https://b.example.net", "off_topic"),
    ("asdkjfhaskdjfh qwpoeiruqwpoeir", "off_topic"),
    ("Her SSN is 523-41-7789", "confidential"),
    ("He lives at 8421 Western Ave, go see him", "confidential"),
    ("write to john.doe1987@gmail.com", "confidential"),
    ("Call him at (714) 826-3391", "confidential"),
    ("Officer Delgado was fired for lying", "personnel"),
    ("Don't pay your water bill, let them come", "illegal_encouragement"),
    ("the gate code is 4455", "public_safety"),
]


@pytest.mark.parametrize(("text", "category"), FLAGGED)
def test_flags_each_automatic_category(rules, text, category):
    assert category in categories(text, rules)


NOT_FLAGGED = [
    "When is trash pickup on Oak Street?",
    "The council is incompetent and corrupt. Do your jobs.",
    "This decision is stupid and short-sighted.",
    "Please fix the damn potholes on Dale Street.",
    "The article says a man threatened to kill his neighbor.",
    "I would never hurt anyone, but I am angry.",
    "We're going to kill this proposal at the next meeting.",
    "I'm going to shoot the council an email.",
    "When is the vote on Measure A?",
    "Did Measure A pass?",
    "Is there a senior discount at the pool?",
    "Is there a discount or a deal for seniors, and what are the prices?",
    "Will the council vote for the mayor's budget?",
    "Did the council support Measure Q last week?",
    "The fee went up $20, ridiculous.",
    "There is a pothole at 1234 Oak Ave",
    "Thanks to Officer Delgado for helping my mom",
    "Call the city at (714) 379-1000",
    "See https://www.stantonca.gov/agenda and https://www.stantonca.gov/minutes",
    "ok",
    "👍",
    "Thanks!",
    "lol",
    "smh idk tbh",
    "Sooooo happy!",
    "¿Cuándo recogen la basura en mi calle?",
    "Cảm ơn thành phố đã sửa đèn đường nhanh như vậy.",
    "Przepraszam, gdzie jest najbliższy przystanek autobusowy?",
    "Salamat po sa inyong tulong, napakaganda ng parke",
    "HOA CUSD OCTA OCFA LAPD CHP PTA",
    "a hole in the road on Main",
    "class act",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_leaves_ordinary_comments_and_criticism_alone(rules, text):
    assert categories(text, rules) == set()


def test_candidate_explains_itself_with_spans_into_the_original(rules):
    text = "Honestly, F.U.C.K this"
    [candidate] = classify_text(text, rules=rules)
    assert candidate.category == "profanity"
    assert candidate.detector == "keywords"
    assert candidate.rule_id is not None
    assert 0 < candidate.score <= 1
    assert "Profanity model probability" in candidate.explanation
    [span] = candidate.spans
    assert text[span["start"] : span["end"]] == span["text"] == "F.U.C.K"


def test_off_topic_flags_carry_their_sub_reason(rules):
    spam = classify_text("check out my channel https://bit.ly/abc", rules=rules)
    assert {c.sub_reason for c in spam} == {"spam"}
    mash = classify_text("jfkdlsajfkdlsajfkdl", rules=rules)
    assert [c.sub_reason for c in mash] == ["unintelligible"]
    lengthy = classify_text("word " * 600, rules=rules)
    assert [(c.category, c.sub_reason) for c in lengthy] == [("off_topic", "lengthy")]


def test_campaign_mention_is_not_advocacy(rules):
    [candidate] = classify_text("Re-elect Dana Whitfield, she listens", rules=rules)
    assert candidate.category == "political_campaign"
    assert [s["text"] for s in candidate.spans] == ["Re-elect", "Dana Whitfield"]
    assert categories("What does Measure B change for renters?", rules) == set()


def test_repetition_needs_the_accounts_recent_comments(rules):
    text = "Everyone come to the meeting tonight and demand answers about the budget!!"
    assert categories(text, rules) == set()  # no context (as in evaluate_flagging)
    similar = (text, text.replace("tonight", "tonite"))
    found = classify_text(text, rules=rules, context=Context(recent_texts=similar))
    assert [(c.category, c.sub_reason) for c in found] == [("off_topic", "repetitive")]
    once = classify_text(text, rules=rules, context=Context(recent_texts=(text,)))
    assert once == []  # two in the window is not "unduly" repetitive (three is)


def test_brown_act_only_for_legislative_body_members(rules):
    text = "I agree with the other council members, we should vote no on agenda item 4."
    assert "brown_act" not in categories(text, rules)
    member = Context(is_legislative_body_member=True)
    assert "brown_act" in categories(text, rules, member)


def test_site_switches_limit_a_rule_to_its_sites():
    rule = CompiledRule(
        id=1,
        category="commerce",
        sub_reason="",
        name="Local",
        kind="keywords",
        parameters={"terms": ["taco truck"], "score": 0.8},
        site_ids=frozenset({7}),
    )
    rules = RuleSet.build([rule])
    assert categories("best taco truck", rules, Context(site_id=7)) == {"commerce"}
    assert categories("best taco truck", rules, Context(site_id=8)) == set()
    assert categories("best taco truck", rules) == set()


def test_one_automaton_per_category_however_long_the_lists():
    terms = [f"zorblax{i}" for i in range(20_000)]
    rules = RuleSet.build(
        [
            CompiledRule(
                id=i,
                category="commerce",
                sub_reason="",
                name=f"List {i}",
                kind="keywords",
                parameters={"terms": terms[i::4], "score": 0.8},
            )
            for i in range(4)
        ]
    )
    assert list(rules.keyword_automata) == ["commerce"]
    assert len(rules.keyword_automata["commerce"]) == 20_000
    assert categories("we sell zorblax19999 here", rules) == {"commerce"}
    assert categories("we sell zorblax200000 here", rules) == set()


@pytest.mark.django_db
def test_the_migrated_default_rules_load_from_the_database():
    from tests.moderation.flagging.support import default_rules_ensure

    default_rules_ensure()
    rules = ruleset_load()
    # The default rules, and one rule per category learned from decisions (migration 0015).
    assert len(rules.rules) == len(DEFAULT_RULES) + len(rules.by_kind["learned"])
    assert "threat" in categories("I'm going to kill you", rules)
