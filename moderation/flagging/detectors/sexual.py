"""Sexual content, read sentence by sentence:

- explicit words and phrases for sexual acts, pornography and solicitation (blowjob, jerk off,
  send nudes, escorts available, sit on my face);
- a body part acted on or described ("suck my …", "show me your …", "nice …", "her … in those
  jeans", two body or act words together);
- a wish or intent for a sex act with a person ("I'd bang the mayor", "want to fuck you",
  "I'll rail you") — "fuck you" alone is an insult, left to the profanity rules;
- sexual words in the same sentence as children or young teenagers: always flagged.

Not flagged: sentences about health, sex education, reporting or a business's licence
("free STD testing", "the porn shop should be closed"), and mild romance (no word here is
romantic: "kiss", "love", "date" are not listed).
"""

from __future__ import annotations

import re
from functools import lru_cache

from moderation.flagging.detectors.phrases import (
    Lexicon,
    Sentence,
    original_ranges,
    quoted,
    sentences_of,
    word_set,
)
from moderation.flagging.detectors.threats import Cued, Prefiltered, words_of
from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate

DESCRIBING = word_set(
    "nice fat big huge tiny small tight wet hard sexy hot juicy thick perky round firm great sweet"
)
POSSESSIVE = word_set("my your ur her his their those these them that this a the on every some")
DESIRE = word_set(
    "i'd id i'll ill imma ima gonna wanna want wants let would like love lets let's i'm could can "
    "tryna finna"
)
PERSON = word_set(
    "you u ya her him me them she he mayor councilwoman councilman intern wife wives girl "
    "girls guy boy lifeguard librarian clerk brains chick chicks shorty thot thots milf milfs"
)
PERSON_AFTER = frozenset((w,) for w in PERSON)
# Words that make the sexual words around them about a minor (with MINORS) or sexual at all.
SUGGESTIVE = word_set(
    "sexy hot naked nude nudes sext sexting sexy bikini bikinis swimsuit swimsuits "
    "lingerie lap horny kiss touch grooming groom pics photos body bodies chat"
)
NOT_SEXUAL_AFTER = {"horny": {"for"}, "hooker": {"in"}, "escort": {"to", "the", "for"}}


class SexualLists:
    def __init__(self, settings):
        self.explicit = Lexicon(settings.explicit)
        self.body = Lexicon(settings.body_parts)
        self.acts = Lexicon(settings.acts)
        self.minors = Lexicon(settings.minors)
        self.context = Lexicon(settings.context)


@lru_cache(maxsize=8)
def _lists(settings) -> SexualLists:
    return SexualLists(settings)


# Phrases an idiom continues ("bend over backwards to get the permit").
NOT_SEXUAL_PHRASE_AFTER = {("bend", "over"): {"backwards", "backward"}}


def _explicit(lists: SexualLists, words: tuple[str, ...]) -> list[tuple[int, int]]:
    found = []
    for start, end in lists.explicit.find(words):
        after = words[end] if end < len(words) else ""
        if after in NOT_SEXUAL_PHRASE_AFTER.get(words[start:end], ()):
            continue
        if end - start == 1 and after in NOT_SEXUAL_AFTER.get(words[start], ()):
            following = words[end + 1] if end + 1 < len(words) else ""
            if following not in PERSON:
                continue
        found.append((start, end))
    return found


def _body_remarks(lists: SexualLists, words: tuple[str, ...]) -> list[tuple[int, int]]:
    found = []
    for start, end in lists.body.find(words):
        before = words[max(0, start - 3) : start]
        # "suck my …", "show me your …", "rides …": an act within three words, through
        # possessives only.
        for offset in range(len(before)):
            length = lists.acts.at(words, start - len(before) + offset, start)
            if length and all(
                w in POSSESSIVE or w == "me"
                for w in words[start - len(before) + offset + length : start]
            ):
                found.append((start - len(before) + offset, end))
                break
        else:
            if start >= 1 and words[start - 1] in DESCRIBING and words[start] != "body":
                found.append((start - 1, end))
    return found


MEDIA = word_set("videos video vids pics pictures photos selfies show shows girls women cams")
EMOJI_SEXUAL = ("🍆", "💦", "🍑", "👅", "😈", "🥵")
NARRATED = word_set("fucked fucks banged railed boned humped")
# Two body or act words together, told as a scene (issue 11, third pass): someone's genitals
# or breasts in the same sentence as a mouth, "inside", an erection or a sex act ("took his
# cock in her mouth", "his erect penis", "my dick in your mouth", "her nipples hardened").
GENITALS = word_set(
    "cock cocks dick dicks pussy penis vagina clit nipples tits titties boobs breasts"
)
OWNED = word_set("his my your ur her their a")
SCENE = word_set(
    "mouth throat inside erect erection throbbing moaned moaning moan thrust thrusting "
    "stroked stroking sucked sucking licked licking wet hardened undressed"
)
# Slang shapes the word lists do not spell (issue 11): remarks on a person's body in slang
# ("nice rack", "her ass in those pants", "his bulge"), asking for nudes in any spelling,
# sex work's own terms ("incall or outcall", "full service, discreet") and sex-act requests.
_SLANG_BODY = (
    r"(?:rack|ass|arse|butt|booty|bum|tits|titties|boobs|boobies|jugs|cans|bulge|package|thighs"
    r"|knockers|melons)"
)
SLANG = re.compile(
    rf"\b(?:nice|great|huge|big|fat|perfect|sweet|thicc|juicy|tight|massive) {_SLANG_BODY}\b"
    rf"|\b(?:her|his|that|those|them|ur|your) {_SLANG_BODY} in (?:those|that|them|these|her|his)"
    r" (?:pants|jeans|leggings|shorts|skirt|dress|yoga pants|bikini|top|shirt)\b"
    r"|\b(?:camel ?toe|moose ?knuckle|(?:his|that|the) bulge)\b"
    r"|\b(?:send|snd|sned|post|drop|show) (?:me |us )?(?:ur |your |some |them |those )?"
    r"(?:nudes|nudez|noodz|noods|nood|n00dz|n00ds|nude pics|naked pics|nsfw pics|"
    r"pics of (?:ur|your) (?:body|tits|boobs|ass))\b"
    r"|\b(?:in ?call|out ?call)s?\b|\bfull service\b[^.!?\n]{0,30}\b(?:discreet|discrete|"
    r"call|text|dm|\$)|\b(?:good|fun) time\b[^.!?\n]{0,30}\b(?:discreet|discrete)\b"
    r"|\bfuck (?:me|my) (?:harder|hard|daddy|baby|good|now|raw|senseless)\b"
    r"|\b(?:suck|ride|lick|blow) (?:me|my|mine) (?:off|dry|good|hard|daddy)\b"
    r"|\b(?:wanna|want to|let'?s|lets) (?:sext|smash|bang|hook up tonight|netflix and chill|"
    r"get naughty|be naughty|get freaky|get nasty)\b"
    r"|\b(?:want|wanna|need) (?:you|u) in my bed\b|\bnsa (?:fun|sex|hookups?|meets?)\b"
    r"|\b(?:lick|suck|kiss|touch|taste) (?:me|you|u) all over\b"
    r"|\b(?:nice|great|perfect) pair of (?:legs|tits|boobs|titties|jugs|melons|cans)\b"
    r"|\b(?:show|send) (?:u|you|ya) something (?:big|hard|naughty)\b"
    r"|\b(?:i'd|id|i would|i wanna|i want to|wanna|i'd love to|id love to|let me) (?:love to )?"
    r"(?:taste|touch|feel) (?:you|u)(?: (?:all over|everywhere|tonight|so bad|baby|babe))?\s*"
    r"(?:[.!?😉😘😈💦]|$)"
    r"|\bgrab(?:bed|s|bing)? (?:her|him|them|you|u) by the (?:pussy|crotch|balls|ass|tits)\b"
    r"|\b(?:pics|photos|videos|vids|content|profile)\b[^.!?\n]{0,30}\b18\+ only\b"
)


# Sex told or offered in the shapes strangers use (issue 11, fourth pass): a past act with a
# place or a time ("we fucked in the library"), riding, fingering or kneeling said of people,
# "69 with", "look better naked", pictures of a body part offered or asked for ("titty
# pics"), "lemme smash", "bj", and a nipple or breast remarked on as hot.
_PEOPLE = r"(?:me|him|her|you|u|ya|them|em|myself|herself|himself|yourself|urself)"
SCENES = Prefiltered(
    r"\b(?:we|i|he|she|they|u|you|we just|me and \w+|\w+ and i) (?:fucked|fukd|banged|boned|"
    r"screwed|humped|railed|smashed|hooked up) (?:in|on|at|all night|last night|behind|after|"
    r"every|twice|again|like|till|until|for hours|raw|in the)\b"
    rf"|\b(?:got|get|had|have|put|want|wanna|need|gonna put|gonna get|on) {_PEOPLE} on "
    r"(?:her|his|your|ur|my|their|all|both) knees\b(?!\s+(?:praying|to pray|in prayer|begging))"
    r"|\b(?:69|sixty ?nine) (?:with|her|him|you|u|me)\b"
    r"|\b(?:look|looks|looked|be|are|r|would look|d look) (?:so |much |way |even )?(?:better|good"
    r"|hot|great|sexy|best|fine) (?:naked|nude|without (?:any|ur|your|her|his) clothes)\b"
    r"|\b(?:naked|nude) (?:on|in) (?:my|your|ur|his|her) (?:bed|lap|couch|room|car|shower|bath)\b"
    rf"|\bfinger(?:ed|ing|in|s)? {_PEOPLE}\b(?!\s+(?:out|for|as|in the|to the police|print))"
    r"|\b(?:she|i|u|you|made her|make her|make you|make u|till she|until she) (?:squirt|squirts|"
    r"squirted|squirting)\b"
    r"|\b(?:titty|titties|tittie|tit|tits|boob|boobs|booty|ass|dick|cock|pussy|nude|naked|nsfw"
    r"|feet|foot|lewd) (?:pics|pix|pictures|photos|vids|videos|content|flashes|selfies)\b"
    rf"|\b(?:rode|ride|riding|rides|rodeo) {_PEOPLE} (?:all night|hard|like a|so good|till|until"
    r"|raw|good|slow|deep)\b"
    r"|\b(?:lemme|let me|i'?d|id|i would|would|wanna|tryna|gonna) smash\b(?!\s+(?:the|my|his|a"
    r"|an|your|ur|their|those|these|them|him|her|it|that \w+|this \w+|some|every|down|open))"
    r"|\b(?:cock|dick|pussy|clit|nipples?|shaft)\b[^.!?\n]{0,20}\b(?:so hard|rock hard|hard as "
    r"a rock|so wet|dripping|throbbing|swollen)\b"
    r"|\b(?:see|watch|want|wanna see) (?:you|u|her|him|ya) (?:strip|get naked|undress|naked|nude|"
    r"touch (?:yourself|urself|herself|himself)|play with (?:yourself|urself|herself))\b"
    r"|\bstrip (?:for|4) (?:me|us|daddy)\b"
    r"|\b(?:come over|my place|ur place|your place|tonight|in bed)\b[^.!?\n]{0,25}\b(?:fool|mess) "
    r"around\b|\b(?:fool|mess) around\b[^.!?\n]{0,25}\b(?:parents are gone|in bed|tonight|my "
    r"place)\b"
    r"|\bhit it (?:raw|from the back|hard|all night)\b"
    r"|\b(?:hand|hands|fingers) (?:down|in|inside|up) (?:her|his|my|your|ur) (?:pants|panties|"
    r"shirt|skirt|bra|underwear|jeans|shorts|dress)\b"
    r"|\b(?:naughty|spicy|sexy|dirty|lewd|xxx|steamy) (?:pics|pix|pictures|photos|vids|videos|"
    r"content|selfies)\b"
    r"|\bsexy (?:body|bod|ass|legs|lips|thighs|curves|feet)\b"
    r"|\bsmash or pass\b"
    r"|\b(?:rub|rubbing|rubbed|rubs|grab|grabbing|grabbed|touch|touching|touched|stroke|stroking"
    r"|stroked|lick|licking|licked) (?:my|his|her|your|ur|their) (?:crotch|groin|junk|privates|"
    r"bulge|package|nipples?)\b"
    r"|\b(?:gave|give|giving|gives|gimme|gib) (?:me|him|you|u|her|them|ya) (?:head|dome)\b"
    r"(?!\s*(?:start|count|ache|injur|of|coach|lice|up|to|a|the))"
    r"|\bmake (?:you|u|her|him|ya) (?:moan|cum|squirt|wet|beg for it)\b"
    r"|\b(?:scream|screaming|screams|moan|moaning|moans) my name\b"
    r"|\bbjs?\b(?!\s*'|'| wholesale| restaurant| brewhouse| club)"
    r"|\b(?:nipples?|tits|titties|boobs|breasts|ass|cock|dick)\b[^.!?\n]{0,60}\b(?:so hot|so "
    r"sexy|hot af|sexy af|turned me on|turns me on|got me hard|made me hard|made me wet)\b"
)


# Sexual chat with no word from the lists (issue 11, fifth pass): touching oneself for the
# reader, arousal at a person ("so wet thinking about u", "i'm hard looking at her"), "takes it
# up the ass", "have my way with her", "sit on my lap", pictures of a person's body asked for.
# "Rub yourself with sunscreen", "it's hard looking at the numbers" are not matched.
_INTIMATE = (
    r"(?:crotch|nipples?|tits|titties|boobs|boobies|ass|butt|bulge|cleavage|booty|package|breasts"
    r"|camel ?toe|thong|panties)"
)
_SELF = r"(?:yourself|urself|ur self|your self|myself|my self|herself|himself|themselves)"
_SEEING = (
    r"(?:just )?(?:thinking (?:about|of|bout)|looking at|lookin at|watching|seeing|staring at|"
    r"for|over) (?:you|u|ya|her|him|them|ur|your|his|those|that|this|the|she|he)\b"
)
_CHAT = Prefiltered(
    r"\b(?:touch|touching|touches|rub|rubbing|rubs|play with|playing with|pleasure|pleasuring"
    rf"|finger|fingering|fingered) {_SELF}\b"
    r"(?!\s+(?:with|after|before|if|when|on the|in the|raw|dry|down))"
    r"|(?:^|\b(?:so|getting|gettin|get|got|already|im|i'?m|i am|makes me|making me|made me|got me)"
    rf" )(?:so )?(?:wet|horny|dripping|aroused|turned on|throbbing|moist) {_SEEING}"
    rf"|\b(?:im|i'?m|i am|makes me|making me|made me|got me|rock) (?:so )?hard {_SEEING}"
    r"|\b(?:take|takes|took|taking|takin|give|gives|gave|want|wants|likes|like|loves|love) it up "
    r"(?:the|her|his|your|ur) (?:ass|butt|arse|bum|booty)\b"
    r"|\bhave (?:my|our) way with (?:you|u|ya|her|him|them)\b"
    r"|\btie (?:you|u|ya|her|him|them) up and (?:do|use|fuck|take)\b"
    r"|\b(?:sit|sitting|sat) on my (?:lap|dick|cock|d)\b(?=[^.!?\n]{0,20}(?:baby|babe|"
    r"sweetie|honey|girl|mami|mama|daddy|😘|😏|😈|and (?:we'?ll|i'?ll)|tonight))"
    r"|\b(?:send|show|sell|post) (?:me |us )?(?:pics|pictures|photos|vids|videos) of (?:ur|your|"
    r"her|his) (?:feet|body|ass|butt|tits|boobs|chest|thighs|bum)\b"
    # A gaze on, or a glimpse of, a person's intimate parts; what is under their clothes.
    r"|\b(?:staring|stare|stared|starin|looking|look|looked|lookin|checking out|check out|ogling"
    r"|ogle|peeking|peek|perving|see|seeing|saw) (?:at |on )?(?:her|his|ur|your|the \w+'s"
    r"|that \w+'s|those|them)"
    rf" (?:\w+ )?{_INTIMATE}\b"
    rf"|\b(?:her|his|ur|your|the \w+'s) {_INTIMATE}(?: \w+)? (?:showing|popping out|poking|"
    r"bouncing|jiggling|hanging out|out)\b"
    r"|\b(?:show|see|know|wonder|guess) (?:me |us )?what'?s under (?:that|her|ur|your|his|those"
    r"|the) (?:dress|skirt|shirt|top|towel|clothes|jeans|pants|bikini|uniform|robe)\b"
    r"|\bspread (?:em|'em|them|your legs|ur legs|her legs|those legs|those cheeks)"
    r"(?=\s*(?:for|wide|[.!,]|$))"
    r"|\b(?:begging|asking) for it (?:in|wearing|with) (?:that|those|her|them|this) (?:skirt|dress"
    r"|outfit|top|shorts|leggings|bikini|jeans|pants)\b"
    r"|\bbet (?:ur|you'?re|youre|she'?s|shes|she is|he'?s|hes) (?:so |real |nice and )?(?:tight"
    r"|freaky|a freak|loud in bed|good in bed|a screamer)\b"
    r"|\b(?:lips|mouth|throat|ass|body) (?:\w+ ){0,2}made for (?:sucking|sex|fucking|riding"
    r"|licking|blowing)\b"
    r"|\b(?:pants|leggings|shorts|dress|skirt|top|bikini|jeans|outfit"
    r"|shirt)\b[^.!?\n]{0,20}\bleaves? "
    r"(?:nothing|little) to the imagination\b"
    r"|\b(?:wanna|want to|come over and|let'?s|lets|u up|you up)\b[^.!?\n]{0,20}\b(?:get|be) (?:a "
    r"little |real |so )?(?:naughty|freaky|frisky|kinky)\b"
    r"|\b(?:lemme|let me|i'?ll|ill|i wanna|wanna|i want to|imma|ima|gonna|i'?d|id) (?:fill|stuff"
    r"|breed)"
    r" (?:u|you|ya|her|him|that \w+)(?: up| full)?(?!\s+(?:on|in on|with|about))\b"
    r"|\bsee what (?:i'?m|im|i am|he'?s|hes) packing\b"
    r"|\b(?:ride|riding) me\b(?!\s+(?:to|home|around|over|back|downtown|there|up|out|in|a|the))"
    r"|\b(?:i'?m|im|i am) (?:so |all |completely |totally )?(?:naked|nude|topless)\b"
    r"(?=[^.!?\n]{0,20}"
    r"(?:\brn\b|right now|guess|for (?:you|u)|wanna|come|😏|😈|💦|🍆|;\)))"
    r"|\b(?:destroy|wreck|ruin|pound|smash|demolish|tear up|beat up|eat|eat out) (?:that|her|his|ur"
    r"|your|dat|those) (?:ass|pussy|booty|cheeks|throat|hole|coochie|cooch|kitty)\b"
    r"|\b(?:gimme|give me|give u|give you|gave me|giving me|give him|gave him|givin me) (?:some )?"
    r"head\b(?!\s+(?:start|count|up|coach|of|over|to|first|lice|cold|ache|injury|shot|room))"
    r"|\bmotorboat(?:ing)? (?:those|them|her|ur|your|dem)\b|\blap ?dances?\b"
    r"|\b(?:wanna|want to|let'?s|lets) play doctor\b"
    r"|\b(?:dm|dms|inbox|snap|text me|call me|hmu)\b[^.!?\n]{0,30}\bfor a (?:good|fun|naughty|wild)"
    r" time\b(?!\s+(?:to|at|on|in|with|for))"
)


CHAT = Cued(
    _CHAT,
    "yourself urself self myself herself himself themselves wet horny dripping aroused turned "
    "throbbing moist hard ass butt arse bum booty way tie sit sitting sat pics pictures photos "
    "vids videos crotch nipple nipples tits titties boobs boobies bulge cleavage package breasts "
    "camel cameltoe thong panties under spread begging asking bet made imagination naughty freaky "
    "frisky kinky fill stuff breed see seeing saw packing ride riding naked nude topless time "
    "destroy wreck ruin pound smash demolish tear beat eat head motorboat motorboating lap "
    "lapdance lapdances doctor",
)


def _described(lists: SexualLists, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """ "your body is so hot", "naked … videos", "he fucked her", "let's fuck in …"."""
    found = []
    for start, end in lists.body.find(words):
        if (
            start
            and words[start - 1] in ("your", "ur", "her", "his")
            and words[end : end + 1]
            in (
                ("is",),
                ("looks",),
            )
        ):
            rest = words[end + 1 : end + 3]
            if any(w in DESCRIBING for w in rest):
                found.append((start - 1, min(len(words), end + 3)))
    # Someone's ("his cock", "my dick", "her erect …"): not a name ("Moby Dick").
    genitals = [
        i for i, w in enumerate(words) if w in GENITALS and i and words[i - 1] in OWNED | SCENE
    ]
    if genitals and any(w in SCENE for w in words):
        found.extend((i, i + 1) for i in genitals)
    for index, word in enumerate(words):
        if word in ("naked", "nude") and any(w in MEDIA for w in words[index + 1 : index + 4]):
            found.append((index, index + 1))
        if (
            word in NARRATED
            and words[index + 1 : index + 2]
            and words[index + 1] in PERSON
            and words[index + 2 : index + 3] not in (("over",), ("up",))
        ):
            found.append((index, index + 2))
        if (
            word in ("fuck", "bang", "bone", "hump")
            and set(words[max(0, index - 2) : index])
            & {"lets", "let", "wanna", "i'd", "tryna", "finna"}
            and words[index + 1 : index + 2] in (("in",), ("on",), ("tonight",), ("now",), ("rn",))
        ):
            found.append((index, index + 1))
    return found


def _desire(lists: SexualLists, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """ "I'd bang the mayor", "wanna fuck?", "I'll rail you": an act with a wish or intent."""
    found = []
    for start, end in lists.acts.find(words):
        if words[start] in (
            "show",
            "shows",
            "see",
            "grab",
            "taste",
            "tastes",
            "touch",
            "eat",
            "eating",
        ):
            continue  # need a body part ("show me your …"), see _body_remarks
        before = set(words[max(0, start - 3) : start])
        if not before & DESIRE:
            continue
        if words[start] == "bone" and (words[end : end + 1] == ("in",) or "every" in before):
            continue  # "break every bone in your body": a threat, not sex
        after = words[end : end + 2]
        # The person right after the act ("bang the mayor"); "fucking kill you" is an oath,
        # and "fuck you up" a beating.
        if words[end + 1 : end + 2] in (("up",), ("over",), ("to",), ("home",), ("around",)):
            continue  # "… to the airport", "give me a ride home": a lift, not sex
        if (
            (after[:1] and after[0] in PERSON)
            or (len(after) == 2 and after[0] in POSSESSIVE and after[1] in PERSON)
            # one word between ("rail the new librarian")
            or (after[:1] and after[0] in POSSESSIVE and words[end + 2 : end + 3] in PERSON_AFTER)
            or end == len(words)
            or lists.body.any_in(words, end, end + 6)  # "lick every inch of your body"
        ):
            found.append((start, min(len(words), end + 1)))
    return found


def _sentence_sexual(lists: SexualLists, sentence: Sentence) -> tuple[list, set[str]]:
    words = sentence.words
    spans = _explicit(lists, words) + _body_remarks(lists, words)
    spans += _desire(lists, words) + _described(lists, words)
    minors = lists.minors.find(words)
    reasons = set()
    if minors:
        suggestive = [(i, i + 1) for i, w in enumerate(words) if w in SUGGESTIVE]
        # "Teaching kids about consent and their bodies": education, not sexual content
        # (an explicit word next to children is flagged whatever the context).
        if not spans and lists.context.any_in(words):
            suggestive = []
        if spans or suggestive:
            return (
                [sentence.span(*r) for r in spans + suggestive + minors],
                {"minors"},
            )
    if not spans:
        return [], reasons
    if lists.context.any_in(words):
        return [], reasons
    reasons.add("explicit")
    return [sentence.span(*r) for r in spans], reasons


def detect_sexual(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("sexual_content", doc.context.site_id)
    if rule is None:
        return []
    lists = _lists(rule.settings)
    ranges: list[tuple[int, int]] = []
    reasons: set[str] = set()
    for sentence in sentences_of(doc):
        found, why = _sentence_sexual(lists, sentence)
        ranges.extend(found)
        reasons |= why
    clean = doc.norm.clean.text[:20_000]
    for pattern in (SLANG, SCENES):
        for match in pattern.finditer(clean):
            ranges.append(match.span())
            reasons.add("explicit")
    for match in CHAT.finditer(clean, words_of(doc)):
        ranges.append(match.span())
        reasons.add("explicit")
    text = doc.text
    if sum(text.count(e) > 0 for e in EMOJI_SEXUAL) >= 2 or "🔞" in text:
        positions = [text.find(e) for e in (*EMOJI_SEXUAL, "🔞") if e in text]
        spans_emoji = [(p, p + 1) for p in positions]
        reasons.add("explicit")
    else:
        spans_emoji = []
    if not ranges and not spans_emoji:
        return []
    spans = original_ranges(doc, ranges) + spans_emoji
    explain = {
        "explicit": "sexual words, remarks or solicitation",
        "minors": "sexual words next to words for children or young teenagers",
    }
    score = max(rule.score, 0.95) if "minors" in reasons else rule.score
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="sexual_content",
            score=round(score, 3),
            explanation="Sexual content: "
            + "; ".join(explain[r] for r in sorted(reasons))
            + f" ({quoted(doc, spans)}).",
            spans=doc.spans(spans),
            rule_id=rule.id,
        )
    ]
