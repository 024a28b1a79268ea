"""Discrimination: hostile generalisations about a protected group, read sentence by sentence
as a GROUP (race, ethnicity, national origin, religion, sex, gender identity, sexual
orientation, disability, age) together with one of:

- a dehumanising or demeaning word said of the whole group ("… are animals", "… r a plague",
  "dirty …", "… = criminals");
- a hostile verb with the group as its subject ("… ruin everything", "… don't belong here",
  "… should be deported", "… shouldn't be allowed to vote");
- the writer's hostility aimed at the group ("I hate …", "sick of these …", "deport all …",
  "no … allowed", "keep the … out");
- "go back to …" said to people, and "your kind";
- a comment the profanity model scores at or above the rule's `offensive_threshold` that
  names a group ("these fucking immigrants").

Not flagged: a group named with nothing hostile ("the Korean festival"), a negation ("…
are not criminals"), the writer's own group ("as a gay man…", "I'm Black and…"), and
sentences that describe, report or condemn discrimination ("I was told to go back to my
country", "stop calling immigrants criminals").
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
from moderation.flagging.detectors.profanity import offensiveness
from moderation.flagging.detectors.threats import Cued, words_of
from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate

COPULA = word_set("are r is were be =")
BETWEEN = word_set(
    "all just so too such nothing but more than an a bunch of the like literally basically "
    "naturally always inherently genetically mostly really truly fucking damn just plain simply "
    "filthy dirty disgusting lazy dumb stupid ugly violent greedy nasty and or"
)
NEGATION = word_set("not never aren't arent isn't isnt wasn't weren't no don't dont doesn't nor")
# Words between the writer's hostility and the group ("sick of seeing all these …").
ATTITUDE_GAP = word_set("all the these those of them any more you a an every last single seeing")
# Words between a group and its verb ("… will never assimilate", "… all need to leave").
SUBJECT_GAP = word_set(
    "all just will really always also should must need needs to have has gotta ought are "
    "is literally basically in general"
)
# Words between the writer's hostility and the group it names ("never hire a woman").
ATTITUDE_BEFORE_GAP = word_set(
    "all the these those of them any more you a an single one every last"
)
# Determiners before one member named for the whole group ("I don't want a single muslim on
# my street", "never hire a woman").
ONE_OF = word_set("a an single one any every no last another")
IRREGULAR_PLURALS = {"woman": "women", "man": "men"}
# Where the group is, between it and its verb ("the blacks in this town are ruining …").
PLACE_GAP = word_set("in around from this our the my town city country neighborhood area here")
GO_BACK = re.compile(
    r"\b(?:go|get|going|went|send (?:them|em|'em|him|her|you)|ship (?:them|em|'em)"
    r"|(?:send|ship|deport|kick) (?:(?:all|every|each|one|of|the|these|those|them|em)\s+){1,3}"
    r"[a-z]+(?:\s+[a-z]+)?)\s+back\s+"
    r"(?:to\s+(?:your|ur|their|his|her|yo)\s+(?:own\s+)?(?:countr(?:y|ies)|homeland|"
    r"shithole|village|tribe|huts?|mud huts?|jungle)|"
    r"to\s+(?:africa|mexico|china|india|pakistan|the middle east|asia|syria|iraq|somalia|"
    r"haiti|korea|vietnam|the philippines|guatemala|honduras|el salvador|arabia|the desert|"
    r"the jungle|israel|puerto rico|russia|poland|japan)|"
    r"(?:to\s+)?where\s+(?:you|they|u|he|she)\s+(?:came|come)\s+from|over the (?:wall|border)"
    r"|across the border|on the (?:boats?|rafts?|planes?|buses|trains?) (?:they|you|u|he|she) "
    r"(?:came|come|got here|arrived)(?: in)?(?: on)?)"
    r"|\b(?:your|ur|their) kind\b"
    # "…, back to ur country": the order without its verb.
    r"|(?:^|[,.!:;-] ?)back to (?:your|ur|their|yo) (?:own )?(?:countr(?:y|ies)|homeland"
    r"|shithole)\b"
)
# "The only good … is a dead (or deported) …", "keep America white": hostile whatever the
# group's name.
ONLY_GOOD = re.compile(
    r"\bthe only good (?P<group>[a-z' ]{2,30}?) (?:is|are) (?:a |the |one )?"
    r"(?:dead|deported|gone)\b"
)
# "The problem with Mexicans is that they …", "I'd never trust a Jew": the whole group
# judged at once (the group is checked against the list).
PROBLEM_WITH = re.compile(
    r"\bthe (?:problem|trouble|issue|thing) with (?:the |these |those |all )?"
    r"(?P<group>[a-z']+(?: [a-z']+)?) is (?:that )?(?:they|them|their)\b"
    # "the problem isn't guns, it's black men"
    r"|\bthe (?:real )?problem (?:isn't|isnt|is not|ain't) [a-z' ]{1,30}?,? (?:it's|its|it is) "
    r"(?:the |all |these |those )?(?P<named>[a-z']+(?: [a-z']+)?)\s*(?:[.!]|$)"
)
NEVER_TRUST = re.compile(
    r"\b(?:never|wouldn't|would not|wouldnt|don't|dont|do not|can't|cant|cannot|can never) trust "
    r"(?:a |an |any |the |these |those )?(?P<group>[a-z']+(?: [a-z']+)?)\b(?P<named>)"
)
# "Stanton was better before all these Vietnamese moved in", "another lesbian couple moving
# in, there goes the neighborhood": a group's arrival as the place's ruin.
ARRIVAL = re.compile(
    r"\b(?:was|were|used to be) (?:so much |much |a lot )?(?:better|safer|nicer|cleaner|quieter) "
    r"before (?:all )?(?:these |those |the )?(?P<group>[a-z']+(?: [a-z']+)?) (?:moved in|came|"
    r"arrived|showed up|got here|took over)\b"
    r"|\b(?:another |more |these |those |the )(?P<named>[a-z']+(?: [a-z']+)?) (?:moving|moved) "
    r"in\b[^.!?\n]{0,20}\bthere goes the neighbou?rhood\b"
)
# "No dogs or Indians allowed": the old sign's shape, whatever the group.
NO_DOGS = re.compile(r"\bno (?:dogs|pets|animals) or (?P<group>[a-z']+(?: [a-z']+)?) allowed\b")
# A skin colour with a dehumanising noun ("brown invaders", "yellow hordes"), and the
# replacement story ("our white race … replaced").
COLOUR_SLUR = re.compile(
    r"\b(?:brown|black|yellow) (?:invaders|hordes|savages|vermin|scum|parasites|apes|monkeys|"
    r"subhumans|animals|filth)\b"
    r"|\b(?:white race|white people|our race|white children)\b[^.!?\n]{0,40}\b(?:being "
    r"replaced|replaced by|replacement|extinction|white genocide)\b"
)
# "There's no such thing as a good Muslim", "never met an honest …": none of the group good.
NO_GOOD = re.compile(
    r"\b(?:no such thing as|(?:i've|i have|ive) never met|never met|there(?:'s| is) no) "
    r"(?:a |an )?(?:good|decent|honest|innocent|peaceful|moderate|smart|trustworthy|nice) "
    r"(?P<group>[a-z']+(?: [a-z']+)?)(?=\s*[.,!?]|$| (?:out there|anywhere|alive|in this world|"
    r"on earth))"
)
# "Get back in the kitchen", "… belong in the kitchen": women told where they belong.
KITCHEN = re.compile(
    r"\b(?:get back|go back|get|back) (?:in|into|to) (?:the|your|ur) kitchen\b(?=\s*[.,!]|$| where)"
    r"|\bbelongs? in the kitchen\b|\bmake me a sandwich\b"
)
# "A woman's place is in the home", "women's place is in the kitchen": where women belong.
WOMANS_PLACE = re.compile(
    r"\b(?:a )?(?:woman'?s|women'?s|womans|womens|female'?s|a wife'?s|girls?'?) place is "
    r"(?:in|at|behind|under|not)\b"
)
WHITE_ONLY = re.compile(
    r"\b(?:keep|make) (?:america|stanton|california|this (?:city|town|country|neighborhood)|"
    r"the (?:city|town|country|neighborhood)|our (?:city|town|country|neighborhood)) white\b"
)
# "Typical muslims, always …": a whole group summed up by a stereotype.
TYPICAL = re.compile(
    r"\btypical (?P<group>[a-z']+(?: [a-z']+)?)(?:\s*[,.!]|\s+(?:always|behaviou?r|move|moves"
    r"|thing|lol|smh|for you|being|acting|with their)|\s*$)"
)
EXPEL = word_set("keep get kick throw drive push run chase")
# "We don't want your kind here": the group left unnamed.
YOUR_KIND = re.compile(
    r"\b(?:don't|dont|do not) want (?:your|ur|their|his|her|you and your) kind\b(?! of\b)"
    r"|\b(?:your|ur|their) kind (?:is|are|isn't|aren't|isnt|arent|r) (?:not )?(?:welcome|wanted"
    r"|the problem|a plague|animals|trash|scum|vermin)\b"
)
# "The problem with this town is too many foreigners", "too many Haitians here now": a group's
# numbers as the complaint (the group is checked against the list).
TOO_MANY = re.compile(
    r"\b(?:way |far |just )?too many (?P<group>[a-z']+(?: [a-z']+)?)(?=\s*(?:[.!?,]|$| (?:here|"
    r"now|everywhere|around|in (?:this|our|the|my) \w+|moving in|coming in|these days)))"
)
# A group to be sent, put or rounded into camps (issue 11, fifth pass): "all these
# foreigners should be sent to camps", "put the muslims in camps". A history of internment
# ("Japanese Americans were sent to camps") has no should and no order, and is not read.
_CAMPS = re.compile(
    r"\b(?P<group>[a-z']+(?: [a-z']+)?) (?:should|shud|need to|needs to|must|ought to|oughta"
    r"|have to|gotta|deserve to)(?: all| just)? be (?:all )?(?:sent|shipped|put|locked up"
    r"|rounded up|thrown|herded|moved|interned)(?: \w+){0,3}? (?:to|in|into) (?:the )?(?:camps"
    r"|concentration camps|internment camps|labor camps|labour camps|ghettos?)\b"
    r"|^(?:just |we should |let'?s |lets )?(?:send|put|ship|lock|throw|round up|herd) (?:all )?"
    r"(?:the |these |those )?(?P<named>[a-z']+(?: [a-z']+)?)(?: up)? (?:back )?(?:to|in|into)"
    r" (?:the )?(?:camps|concentration camps|internment camps|labor camps|labour camps)\b",
    re.MULTILINE,
)
# The two commonest slurs as strangers spell them past the slur list ("niqqers", "nigguh",
# "faqqot", "faggit", "fagz"), and a few the lists leave out; read word by word after
# leetspeak is undone. "Niger" (one g) and "FAQ" are not matched.
SPELT_SLUR = re.compile(
    r"n[i1!y]+[gq]{2,}(?:[e3]+r+|[a@4]+h*|uh+|ur+|ah+)[sz]?"
    r"|f[a@4]+(?:gg|qq|gq|qg)+(?:[o0ie3u]+t+)?[sz]?|f[a@4]+gz"
    r"|beaner[sz]|wet ?ba(?:k|c|kk|cc)[sz]?|polacks?|dindus?"
)
# Only a sentence with an n or f word pair ("gg", "qq") or one of the others is read word by word.
SPELT_SLUR_SCREEN = re.compile(r"[gq][gq]|fagz|beaner|wetba|polack|dindu")
# Refusing a group a home, a job or service ("i dont rent to section 8 blacks", "we won't
# hire muslims"): the group is checked against the group list.
_REFUSED = re.compile(
    r"\b(?:(?:don'?t|dont|won'?t|wont|never|refuse to|will not|do not|ain'?t gonna|aint gonna) "
    r"(?:ever )?(?:rent|sell|hire|serve|lease)(?: (?:to|my \w+ to|a room to|an apartment to|a house"
    r" to))?"
    # "I'd rather die than have a black doctor": a preference against any member of the group
    r"|(?:i'?d|id|i would) rather (?:die|starve|move|walk|quit|leave) than (?:have|let|see|hire"
    r"|rent to|vote for|live next to|work with|be treated by|sit next to))"
    r" (?:any |no |those |these |the |a |an |some )?(?P<group>[a-z0-9']+(?: [a-z0-9']+){0,2})"
)
# Sarcasm that makes a group's mere mention the insult (issue 11, fifth pass): "another day
# another black guy robbing a store, shocker", "asian drivers 🤦", "of course it was the
# mexicans again". With a group named and nothing hostile spelt out, the sneer is the hostility.
_SNEER = re.compile(
    r"\b(?:shocker|surprise surprise|what a surprise|big surprise|colou?r me shocked|go figure"
    r"|imagine my surprise|who could have guessed|who would(?:'ve| have) guessed"
    r"|what else is new|another day another|name a more iconic duo)\b"
    r"|(?:^|[,.!?] ?)figures\s*(?:[.!?]|$)"
)
# A group likened to vermin by how it multiplies or swarms ("mexicans multiply like roaches").
_LIKE_VERMIN = re.compile(
    r"\b(?P<group>[a-z']+(?: [a-z']+)?) (?:\w+ )?(?:multiply|multiplies|breed|breeds|reproduce"
    r"|spread|spreads|swarm|swarms|infest|infesting)(?: \w+)? like (?:rats|roaches|cockroaches"
    r"|rabbits|vermin|flies|bugs|insects|lice|cattle|locusts|termites|a virus|a plague|cancer)\b"
)
# Slurs of two words, written with or without the space ("towel heads", "curry muncher"), and
# a religious marker ordered away ("take ur hijab and go").
_COMPOUND_SLUR = re.compile(
    r"\b(?:towel ?heads?|rag ?heads?|curry ?munchers?|carpet ?munchers?|jungle ?bunn(?:y|ies)"
    r"|sand ?n[i1]gg\w*)\b"
    r"|\btake (?:ur|your|yo|their|her|his) (?:hijab|turban|burqa|burka|yarmulke|kippah|niqab"
    r"|headscarf|head scarf)s? and (?:go|leave|get out)\b"
)
LIKE_VERMIN = Cued(
    _LIKE_VERMIN,
    "multiply multiplies breed breeds reproduce spread spreads swarm swarms infest infesting",
)
COMPOUND_SLUR = Cued(
    _COMPOUND_SLUR,
    "towel towelhead towelheads rag raghead ragheads curry carpet jungle sand take",
)
CAMPS = Cued(_CAMPS, "camps ghetto ghettos")
SNEERING_EMOJI = ("🤦", "🙄", "🤡")
SNEER = Cued(_SNEER, "shocker surprise shocked figure figures guessed new another duo")
REFUSED = Cued(_REFUSED, "rent sell hire serve lease rather")
# Dehumanising predicates said of a group that the trait list does not spell as one word:
# "… are a waste of space", "… should just die off", "… don't deserve to live".
HARSH_AFTER = re.compile(
    r"^(?:(?:all|just|are|r|is|=|should|nothing|but|a|an|only|really|basically|simply) )*"
    r"(?:waste of (?:space|air|oxygen|resources|money|skin|tax money|taxes)|(?:a )?drain on"
    r"|(?:a )?burden on|(?:a )?plague on|(?:a )?cancer (?:on|to)|should (?:just |all )?"
    r"(?:hurry up and die|die|die off|be (?:locked (?:up|away)|put down|gassed|exterminated|"
    r"wiped out|"
    r"sterili[sz]ed|deported|rounded up|shot|hanged|hung|banned from|kept out|removed|"
    r"euthani[sz]ed|culled|eliminated|purged|put to sleep|registered|tracked|monitored|"
    r"surveilled))"
    r"|(?:need|needs) to (?:die|be (?:exterminated|wiped out|gassed|put down|locked (?:up|away)))"
    r"|(?:don't|dont|do not|doesn't|doesnt) deserve (?:to (?:live|exist|breathe|vote)|rights)"
    r"|(?:not|aren't|arent|ain't|aint) (?:even )?(?:human|people|real people|real americans)"
    r"|(?:will never be|can never be) (?:real )?(?:americans|one of us|human))\b"
)
# Hostility aimed at a place of worship: attacking it, or a community's mosque or synagogue
# as the sign of a threat ("another mosque, soon this town will be full of terrorists").
WORSHIP = re.compile(
    r"\b(?:should|let'?s|lets|gonna|going to|need to|needs to|ought to|i'll|ill|we'll|will|"
    r"i'd|wanna|want to|someone should|somebody should|hope (?:someone|somebody)|time to|"
    r"must|gotta)\s+(?:\w+\s+)?"
    r"(?:burn|torch|bomb|blow up|shoot up|firebomb|attack|vandali[sz]e|smash|raze|destroy)"
    r"(?: down)? (?:that|the|this|every|their|those|all|a|any|these) (?:\w+ )?"
    r"(?:mosques?|synagogues?|temples?|gurdwaras?|churche?s?)\b"
    r"|\b(?:mosques?|synagogues?|gurdwaras?|temples?)\b[^.!?\n]{0,60}\b(?:terrorists?|"
    r"jihad(?:is)?|invaders?|invasion|infest\w*|breeding|own everything|control everything|"
    r"greedy|filth|filthy|vermin|parasites|subhuman|savages|go back|don't belong|dont belong|"
    r"not welcome|keep them out)\b"
    # "the mosque on 5th should be burned down": the attack in the passive.
    r"|\b(?:mosques?|synagogues?|gurdwaras?|temples?)\b[^.!?\n]{0,30}\b(?:should|needs? to|ought "
    r"to|must|deserves? to|has to|have to|gotta) (?:be |get )(?:\w+ )?(?:burned|burnt|torched|"
    r"bombed|blown up|firebombed|razed|bulldozed|shot up|vandali[sz]ed|smashed|destroyed)\b"
    r"|\b(?:no|don't need|dont need|do not need|ban) (?:more |another |any more |new )?"
    r"(?:mosques?|synagogues?|gurdwaras?)\b[^.!?\n]{0,40}\b(?:they|them|those people)\b"
)
GO_BACK_EXCUSED = re.compile(
    r"\b(?:told|tell|telling|tells|said|says|yelled|yelling|shouted|called|asked)\b"
    r"[^.!?\n]{0,40}$"
)


# The people a group adjective may stand before ("Filipino nurses", "Catholic priests",
# "Mexican parents"): the group list spells a few such pairs; these complete them (issue 11,
# fourth pass). A hostile predicate is still needed, so "Mexican restaurants are the best" is
# left alone.
PEOPLE_NOUNS = word_set(
    "people ppl folks men women guys girls boys kids children families parents moms dads "
    "mothers fathers teens teenagers students workers nurses doctors drivers priests pastors "
    "imams rabbis landlords neighbors neighbours immigrants migrants refugees cashiers clerks "
    "employees cops officers politicians leaders voters gangs gangsters thugs youths kid "
    "owners businesses shops salons stores restaurants clerks dudes chicks ladies gentlemen "
    "males females husbands wives communities community households tenants customers "
    "residents americans kids teachers person guy woman man girl lady boy kid family owner "
    "owners driver worker nurse doctor"
)
# A group's adjective before a demeaning word is a slur of its own ("gypsy scum", "asian
# filth"), but not in these fixed names, nor said of age ("those old fools on the council").
NOT_A_SLUR = frozenset([("black", "plague"), ("black", "death"), ("white", "trash")])
NOT_AGE = word_set("old older young younger elderly senior seniors")
# "I would never let my daughter date a black guy": the family kept from the group.
KEPT_FROM = re.compile(
    r"\b(?:never|wouldn't|would not|won't|wont|don't|dont|do not) let (?:my|our) (?:daughters?|"
    r"sons?|kids|children|sisters?|girl|boy|family) (?:date|marry|near|go out with|play with|be "
    r"with|around|hang out with) (?:a |an |any |those |these |them )?"
    r"(?P<group>[a-z']+(?: [a-z']+)?)(?P<named>)"
)
# "She only got the job because she's a black woman": a post credited to the group alone.
ONLY_BECAUSE = re.compile(
    r"\bonly (?:got|gets|get|was given|were given|won|was hired|were hired|was picked|got hired) "
    r"(?:the |that |this |her |his |their )?(?:job|position|seat|spot|role|promotion|award|"
    r"scholarship|contract)\b[^.!?\n]{0,15}\b(?:because|cause|cuz|coz|bc) (?:she'?s|he'?s|"
    r"they'?re|she is|he is|they are|of being) (?:a |an )?"
    r"(?P<group>[a-z']+(?: [a-z']+)?)(?P<named>)"
)


class HateLists:
    def __init__(self, settings):
        self.groups = Lexicon(settings.groups)
        # The first word of each "<adjective> people" pair in the list ("asian", "muslim").
        self.adjectives = frozenset(
            phrase[0]
            for options in self.groups.by_first.values()
            for phrase in options
            if len(phrase) == 2 and phrase[1] in ("people", "ppl", "folks", "men", "women")
        )
        # One member's name said before a demeaning word ("gypsy scum", "jew rats").
        self.singulars = frozenset(
            (word[:-3] + "y") if word.endswith("ies") else word[:-1]
            for word in self.groups.single_words
            if word.endswith("s") and len(word) > 4
        )
        self.traits = Lexicon(settings.traits)
        self.verbs = Lexicon(settings.hostile_verbs)
        self.attitudes = Lexicon(settings.attitudes)
        self.context = Lexicon(settings.context)


@lru_cache(maxsize=8)
def _lists(settings) -> HateLists:
    return HateLists(settings)


def _own_group(words: tuple[str, ...], start: int) -> bool:
    """ "as a …", "I'm …", "we …", "my …": the writer speaks of their own group or family."""
    before = words[max(0, start - 3) : start]
    return bool(
        set(before) & word_set("i'm im my our fellow")
        # "we Muslims", "us women" — but not "we need fewer …"
        or (before and before[-1] in ("we", "us"))
        or before[-2:] in (("as", "a"), ("as", "an"), ("i", "am"))
        or before[-3:-1] in (("as", "a"), ("i", "am"))
    )


def _trait_after(lists: HateLists, words: tuple[str, ...], end: int):
    """A demeaning word said of the group right after it: "… are (all just) vermin"."""
    index = end
    if words[index : index + 1] in (("in",), ("around",), ("from",)):
        while index < min(len(words), end + 4) and words[index] in PLACE_GAP:
            index += 1  # "the elderly drivers in this city are a menace"
    if index < len(words) and words[index] == "all":
        index += 1
    if index >= len(words) or words[index] not in COPULA:
        return None
    return _trait_from(lists, words, index + 1)


def _trait_from(lists: HateLists, words: tuple[str, ...], index: int):
    """A trait within a few words from `index`, through fillers and at most two other words
    ("… are drug mules and rapists"), not across a negation."""
    unknown = 0
    for _ in range(6):
        if index >= len(words):
            return None
        length = lists.traits.at(words, index)
        if length:
            return index, index + length
        if words[index] in NEGATION:
            return None
        if words[index] not in BETWEEN:
            unknown += 1
            if unknown > 2:
                return None
        index += 1
    return None


def _they_are_trait(lists: HateLists, words: tuple[str, ...], end: int):
    """Later in the sentence: "…, they're all extremists"."""
    for index in range(end, len(words) - 1):
        if words[index] in ("they're", "theyre") or words[index : index + 2] in (
            ("they", "are"),
            ("they", "r"),
        ):
            step = 1 if words[index] in ("they're", "theyre") else 2
            return _trait_from(lists, words, index + step)
    return None


def _question_trait(lists: HateLists, words: tuple[str, ...], start: int, end: int):
    """ "Why are the gays always so loud"."""
    before = words[max(0, start - 3) : start]
    if "why" in before and set(before) & {"are", "r", "do", "is"}:
        return _trait_from(lists, words, end)
    return None


def _verb_after(lists: HateLists, words: tuple[str, ...], end: int):
    index = end
    if words[index : index + 1] in (("in",), ("around",), ("from",)):
        while index < min(len(words), end + 4) and words[index] in PLACE_GAP:
            index += 1
    for _ in range(4):
        if index >= len(words):
            return None
        length = lists.verbs.at(words, index)
        if length:
            if any(w in NEGATION for w in words[end:index]):
                return None
            return index, index + length
        if words[index] not in SUBJECT_GAP and words[index] not in NEGATION:
            return None
        index += 1
    return None


def _attitude_before(lists: HateLists, words: tuple[str, ...], start: int, *, traits=True):
    for begin, finish in lists.attitudes.find(words, max(0, start - 4), start):
        gap = words[finish:start]
        if all(w in ATTITUDE_BEFORE_GAP for w in gap):
            return begin, finish
    # A trait word right before the group ("dumb mexicans", "filthy refugees"); not before a
    # group made of an adjective ("… is broken, disabled residents can't …").
    if not traits:
        return None
    for begin, finish in lists.traits.find(words, max(0, start - 2), start):
        if finish == start:
            return begin, finish
    return None


def _groups_in(lists: HateLists, words: tuple[str, ...]) -> list[tuple[int, int, bool]]:
    """The groups the list names, and a group adjective before people the list does not pair
    it with ("Filipino nurses", "Jewish landlords"); the flag says which are the latter."""
    found = [(start, end, False) for start, end in lists.groups.find(words)]
    taken = {i for start, end, _ in found for i in range(start, end)}
    for index in range(1, len(words)):
        word = words[index]
        plural = IRREGULAR_PLURALS.get(word, word + "s")
        if (
            index not in taken
            and words[index - 1] in ONE_OF
            and word not in ("man", "men")
            and plural in lists.groups.single_words
        ):
            found.append((index, index + 1, True))
    for index in range(len(words) - 1):
        if index in taken or index + 1 in taken or words[index] not in lists.adjectives:
            continue
        if words[index + 1] in PEOPLE_NOUNS:
            found.append((index, index + 2, True))
        elif (
            # one noun between ("Arab shop owners", "Mexican gang members")
            index + 2 < len(words)
            and words[index + 2] in PEOPLE_NOUNS | {"members"}
            and words[index + 1].isalpha()
            and words[index + 1] not in ("and", "or", "of", "are", "is")
        ):
            found.append((index, index + 3, True))
    return sorted(found)


def _named_slurs(lists: HateLists, words: tuple[str, ...]) -> list[tuple]:
    """A group's adjective or one member's name right before a demeaning word ("gypsy scum",
    "muslim filth")."""
    found = []
    for index in range(len(words) - 1):
        word = words[index]
        if word in NOT_AGE or not (word in lists.adjectives or word in lists.singulars):
            continue
        length = lists.traits.at(words, index + 1)
        if length and (word, words[index + 1]) not in NOT_A_SLUR:
            found.append((index, index + 1 + length))
    return found


def _sentence_hate(
    lists: HateLists, sentence: Sentence, offensive, sneered: bool = False
) -> list[tuple]:
    words = sentence.words
    if lists.context.any_in(words) and not re.search(r"\bnot (?:a )?racist\b", sentence.text):
        return []
    found = [([sentence.span(*slur)], "trait") for slur in _named_slurs(lists, words)]
    if SPELT_SLUR_SCREEN.search(sentence.text):
        found += [
            ([sentence.span(index, index + 1)], "trait")
            for index, word in enumerate(words)
            if SPELT_SLUR.fullmatch(word)
        ]
    for start, end, made in _groups_in(lists, words):
        if _own_group(words, start):
            continue
        reason = None
        evidence = _trait_after(lists, words, end)
        if evidence:
            reason = "trait"
        if not evidence:
            evidence = _they_are_trait(lists, words, end) or _question_trait(
                lists, words, start, end
            )
            reason = "trait" if evidence else None
        if not evidence:
            evidence = _verb_after(lists, words, end)
            reason = "verb" if evidence else None
        if not evidence:
            # A second predicate of the same subject ("women are … and should never be
            # allowed to …"), within a few words and before any other subject.
            for index in range(end, min(len(words), end + 12)):
                if words[index] in ("they", "we", "i", "you", "he", "she") or (
                    lists.groups.at(words, index)
                ):
                    break
                if words[index] == "and":
                    evidence = _verb_after(lists, words, index + 1)
                else:
                    # or a hostile phrase of two words or more ("these foreigners come
                    # here, take our jobs"), specific enough on its own
                    length = lists.verbs.at(words, index)
                    evidence = (index, index + length) if length >= 2 else None
                if evidence:
                    reason = "verb"
                    break
        if not evidence:
            harsh = HARSH_AFTER.match(" ".join(words[end : end + 9]))
            if harsh:
                length = len(harsh.group().split())
                evidence, reason = (end, min(len(words), end + length)), "trait"
        if not evidence and words[end : end + 1] == ("out",) and end + 1 == len(words):
            evidence, reason = (end, end + 1), "verb"  # "keep the … out", "… out!"
        if (
            not evidence
            and words[end : end + 2] == ("out", "of")
            and set(words[max(0, start - 3) : start]) & EXPEL
        ):
            evidence, reason = (end, end + 2), "verb"  # "keep the … out of stanton"
        opening = (
            start - 1 if start and words[start - 1] in ("the", "all", "these", "those") else start
        )
        if not evidence and words[max(0, opening - 2) : opening] in (("so", "are"), ("so", "r")):
            # "… is an abomination and so are (the) gays": the trait said before carries over.
            evidence = lists.traits.find(words, 0, opening - 2)[-1:] or None
            evidence, reason = (evidence[0], "trait") if evidence else (None, None)
        if not evidence:
            evidence = _attitude_before(lists, words, start, traits=not made)
            reason = "attitude" if evidence else None
        if not evidence and sneered:
            reason, evidence = "sneer", (start, end)
        if not evidence and offensive():
            reason, evidence = "offensive", (start, end)
        if evidence:
            found.append(([sentence.span(start, end), sentence.span(*evidence)], reason))
    return found


def detect_hate(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("hate", doc.context.site_id)
    if rule is None:
        return []
    settings = rule.settings
    lists = _lists(settings)
    threshold = settings.offensive_threshold

    def offensive() -> bool:  # asked only when a group is named with nothing else hostile
        return threshold is not None and offensiveness(doc) >= threshold

    ranges: list[tuple[int, int]] = []
    reasons: set[str] = set()
    clean = doc.norm.clean.text[:20_000]
    words = words_of(doc)
    sneered = any(e in clean for e in SNEERING_EMOJI) or next(SNEER.finditer(clean, words), None)
    for sentence in sentences_of(doc):
        for found, reason in _sentence_hate(lists, sentence, offensive, sneered):
            ranges.extend(found)
            reasons.add(reason)
    for match in ONLY_GOOD.finditer(clean):
        named = tuple(match.group("group").split())
        if lists.groups.any_in(named) or lists.groups.any_in(named[:-1] + (named[-1] + "s",)):
            ranges.append((match.start(), match.end()))
            reasons.add("trait")
    for pattern in (PROBLEM_WITH, NEVER_TRUST, ARRIVAL, KEPT_FROM, ONLY_BECAUSE):
        for match in pattern.finditer(clean):
            named = tuple((match.group("group") or match.group("named") or "").split())
            if not named:
                continue
            # One word or two ("a Jew with …", "the problem with black people is …").
            if any(
                lists.groups.any_in(form) or lists.groups.any_in(form[:-1] + (form[-1] + "s",))
                for form in (named[:1], named)
            ):
                ranges.append((match.start(), match.end()))
                reasons.add("verb")
    for match in CAMPS.finditer(clean, words):
        named = tuple((match.group("group") or match.group("named") or "").split())
        if any(lists.groups.any_in(form) for form in (named[-1:], named)):
            ranges.append((match.start(), match.end()))
            reasons.add("verb")
    for match in LIKE_VERMIN.finditer(clean, words):
        named = tuple(match.group("group").split())
        if any(lists.groups.any_in(form) for form in (named[-1:], named)):
            ranges.append((match.start(), match.end()))
            reasons.add("trait")
    for match in COMPOUND_SLUR.finditer(clean, words):
        ranges.append((match.start(), match.end()))
        reasons.add("trait")
    for match in REFUSED.finditer(clean, words):
        named = tuple(match.group("group").split())
        if any(
            lists.groups.any_in(form) or lists.groups.any_in(form[:-1] + (form[-1] + "s",))
            for form in (named[-1:], named)
        ):
            ranges.append((match.start(), match.end()))
            reasons.add("attitude")
    for match in TOO_MANY.finditer(clean):
        named = tuple(match.group("group").split())
        if any(lists.groups.any_in(form) for form in (named[:1], named)):
            ranges.append((match.start(), match.end()))
            reasons.add("attitude")
    for match in NO_DOGS.finditer(clean):
        named = tuple(match.group("group").split())
        if lists.groups.any_in(named):
            ranges.append((match.start(), match.end()))
            reasons.add("attitude")
    for match in COLOUR_SLUR.finditer(clean):
        ranges.append((match.start(), match.end()))
        reasons.add("trait")
    for match in NO_GOOD.finditer(clean):
        named = tuple(match.group("group").split())
        if lists.groups.any_in(named) or lists.groups.any_in(named[:-1] + (named[-1] + "s",)):
            ranges.append((match.start(), match.end()))
            reasons.add("trait")
    for match in TYPICAL.finditer(clean):
        named = tuple(match.group("group").split())
        plural = named[:-1] + (named[-1] + "s",)  # "typical jew, always …" of the whole group
        if (named[-1].endswith("s") and lists.groups.any_in(named)) or (
            not named[-1].endswith("s") and lists.groups.any_in(plural)
        ):
            ranges.append((match.start(), match.end()))
            reasons.add("trait")
    for match in YOUR_KIND.finditer(clean):
        ranges.append((match.start(), match.end()))
        reasons.add("verb")
    for match in WORSHIP.finditer(clean):
        ranges.append((match.start(), match.end()))
        reasons.add("worship")
    for match in KITCHEN.finditer(clean):
        ranges.append((match.start(), match.end()))
        reasons.add("verb")
    for match in WOMANS_PLACE.finditer(clean):
        ranges.append((match.start(), match.end()))
        reasons.add("verb")
    for match in WHITE_ONLY.finditer(clean):
        ranges.append((match.start(), match.end()))
        reasons.add("verb")
    for match in GO_BACK.finditer(clean):
        sentence_start = max(clean.rfind(c, 0, match.start()) for c in ".!?\n") + 1
        if GO_BACK_EXCUSED.search(clean[sentence_start : match.start()]):
            continue  # "I was told to go back to my country": a report of it
        ranges.append((match.start(), match.end()))
        reasons.add("go_back")
    if not ranges:
        return []
    spans = original_ranges(doc, ranges)
    explain = {
        "trait": "a protected group called a demeaning or dehumanising name",
        "verb": "a hostile generalisation about a protected group",
        "attitude": "hostility aimed at a protected group",
        "offensive": "a protected group named in a comment the profanity model scores as offensive",
        "sneer": "a protected group named with a sneer (shocker, go figure, an eye-roll)",
        "go_back": "telling people to go back where they came from",
        "worship": "hostility aimed at a place of worship and its community",
    }
    score = rule.score if reasons != {"offensive"} else max(0.5, rule.score - 0.15)
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="hate",
            score=round(score, 3),
            explanation="Discrimination: "
            + "; ".join(explain[r] for r in sorted(reasons))
            + f" ({quoted(doc, spans)}).",
            spans=doc.spans(spans),
            rule_id=rule.id,
        )
    ]
