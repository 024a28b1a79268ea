"""Does a comment ask the City something? Questions ("when will the park reopen"), service
requests ("the streetlight on Main is out again") and asks for a contact ("who do I call about
a dead tree"). The policy asks staff to answer these promptly; the detector only puts them in
front of a person, so it leans towards finding them, except where a question is plainly an
insult in question form ("who elected these clowns?").

Written for how people actually type on a City page, not for a test set: question marks are
often missing, text may be all capitals, words are misspelt or stretched ("pleeease",
"wen", "adress"), and many residents write English as a second language ("when will be fix
the light", "who i must call"), sometimes Spanish ("¿cuándo van a arreglar el bache?").
Everything here is case-folded, accents dropped and letter runs shortened before matching.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

# Common misspellings of the words the cues below are built from, mapped to the word.
SPELLINGS = {
    "wen": "when",
    "whn": "when",
    "wehn": "when",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "whta": "what",
    "wher": "where",
    "whre": "where",
    "hw": "how",
    "hoo": "who",
    "whom": "who",
    "y": "why",
    "u": "you",
    "ya": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "plase": "please",
    "pleas": "please",
    "pleae": "please",
    "pleese": "please",
    "someon": "someone",
    "some1": "someone",
    "sum1": "someone",
    "any1": "anyone",
    "anybody": "anyone",
    "somebody": "someone",
    "cud": "could",
    "cld": "could",
    "wil": "will",
    "gonna": "going",
    "potholes": "pothole",
    "pothol": "pothole",
    "pothoel": "pothole",
    "pot-hole": "pothole",
    "streetlights": "streetlight",
    "streetlite": "streetlight",
    "streetlamp": "streetlight",
    "garbadge": "garbage",
    "garbege": "garbage",
    "trah": "trash",
    "grafitti": "graffiti",
    "grafiti": "graffiti",
    "graffitti": "graffiti",
    "sidwalk": "sidewalk",
    "sidewalks": "sidewalk",
    "adress": "address",
    "numbr": "number",
    "broke": "broken",
    "brokn": "broken",
    "fixd": "fixed",
    "fixt": "fixed",
    "didnt": "didn't",
    "wasnt": "wasn't",
    "isnt": "isn't",
    "doesnt": "doesn't",
    "havent": "haven't",
    "hasnt": "hasn't",
}

INTERROGATIVES = {"who", "what", "when", "where", "why", "how", "which", "whats", "hows"}
KNOWN_WORDS = INTERROGATIVES | {"please", "help", "fix", "soon", "need", "still", "anyone"}
# Spanish and Vietnamese question words, accents dropped (Stanton's other common languages).
OTHER_INTERROGATIVES = {"cuando", "donde", "como", "quien", "porque", "que", "khi", "bao"}
AUXILIARIES = {
    "is", "are", "was", "can", "could", "will", "would", "does", "do", "did", "should",
    "shall", "may", "has", "have", "any", "isn't", "doesn't", "hasn't", "haven't", "wasn't",
}  # fmt: skip
SUBJECTS = {
    "there", "the", "this", "that", "it", "you", "we", "i", "anyone", "someone", "city",
    "they", "my", "our", "these", "those", "he", "she", "staff", "somebody", "a", "an",
    "update", "news", "way", "plan", "plans", "council",
}  # fmt: skip

REQUEST_PHRASES = (
    r"who (?:do|should|can|could|would|must|to) (?:i |we |one )?(?:call|contact|talk|speak|"
    r"email|ask|reach|report|complain)",
    r"who i (?:call|contact|must|should|can|ask)",
    r"(?:how|where) (?:do|can|could|should|would|must) (?:i|we|one|you|someone)",
    r"(?:how|where) (?:i|we) (?:can|could|should|must|do|get|apply|sign|pay|report)",
    r"\bhow to\b",
    r"\bwhere (?:is|are|can)\b",
    r"is there (?:a|any) (?:way|number|form|plan|update|place|one|schedule|date|timeline)",
    r"is (?:it )?possible",
    r"\bplease\b",
    r"\bpor favor\b",
    r"\bcan (?:someone|anyone|you|the city|somebody|u)\b",
    r"\bcould (?:someone|anyone|you|the city|somebody|u)\b",
    r"\bneed (?:someone|help|to report|to know|info|information)\b",
    r"\bany (?:update|updates|news|word|info|information|eta|timeline)\b",
    r"\bstill waiting\b",
    r"\bhelp (?:me|us|please)\b",
    r"\b(?:i|we) (?:want|would like|wanna|need|d like|wish) (?:to )?(?:report|know|ask|"
    r"request|find out|get)\b",
    r"\b(?:let|tell) (?:me|us) know\b",
    r"\b(?:does|do) (?:anyone|someone|you) know\b",
    r"\banyone know\b",
    r"\b(?:i am|i m|im|just|was) wondering\b",
    r"\bquestion (?:for|about|to)\b",
    r"\bwhat (?:is|are|s) the (?:number|phone|email|address|hours|schedule|plan|status|date|"
    r"process|deadline|fee|cost|link|website)\b",
)
# An order to the City at the start of a clause ("fix the road", "do something about it").
IMPERATIVES = re.compile(
    r"^(?:please )?(?:fix|repair|patch|clean|clear|send|remove|pick up|check|look into|"
    r"do something|replace|trim|cut|paint|install|put)\b(?: (?:the|this|that|our|my|these|"
    r"those|it|a|up|out|something|someone|somebody))"
)

ACTION_WORDS = re.compile(
    r"\b(?:please|por favor|can (?:someone|anyone|you|the city|u)|could (?:someone|anyone|you|"
    r"the city|u)|need (?:someone|help)|report|help (?:me|us|please)|send (?:someone|a crew))\b"
)

# What residents ask the City to fix or do, by topic (the saved replies' topics).
TOPICS: dict[str, tuple[str, ...]] = {
    "streets": (
        "pothole", "pot hole", "road", "street repair", "sidewalk", "crack", "curb",
        "crosswalk", "speed bump", "paving", "asphalt", "bache", "calle", "banqueta",
    ),
    "streetlights": (
        "streetlight", "street light", "light out", "lights out", "lamp", "light pole",
        "traffic light", "traffic signal", "signal", "stop sign", "lights are out",
    ),
    "trash": (
        "trash", "garbage", "recycling", "recycle", "bulky", "pickup", "pick up", "picked up",
        "bin", "bins", "dumpster", "dumping", "dumped", "mattress", "couch", "basura",
        "litter", "overflowing",
    ),
    "water": (
        "water", "leak", "leaking", "sewer", "drain", "flood", "flooding", "main break",
        "sprinkler", "hydrant", "agua",
    ),
    "parks": ("park", "playground", "restroom", "bathroom", "tree", "trees", "branch",
              "graffiti", "skate", "pool", "field"),
    "parking": (
        "parking", "parked", "abandoned car", "abandoned vehicle", "tow", "towed",
        "citation", "ticket", "rv", "street sweeping",
    ),
    "permits": (
        "permit", "permits", "license", "business license", "inspection", "zoning", "fee",
        "fees", "application", "apply", "construction", "building",
    ),
}  # fmt: skip
PROBLEMS = re.compile(
    r"\b(?:broken|out|not working|doesn't work|don't work|dont work|missing|again|still|"
    r"never|since|weeks|months|days|dangerous|hazard|huge|fix|repair|report|leak|"
    r"not (?:picked|working|fixed|done|collected|emptied|repaired|cleaned|on|lit)|break|burst|"
    r"cracked|sinking|flooded|overflow|"
    r"leaking|overflowing|full|missed|skipped|didn't|wasn't|hasn't|haven't|no one|nobody|"
    r"dark|flickering|blocked|damaged|fell|fallen|dumped|left|sitting|piling|pile|"
    r"keeps|every night|all night|ignored|waiting|no funciona|descompuesto)\b"
)

# A question that is an insult or a jeer, not a request for an answer.
RHETORICAL = re.compile(
    r"\b(?:are (?:you|they|u) (?:kidding|serious|joking|insane|crazy|nuts|stupid|blind|deaf)|"
    r"who cares|what a (?:joke|waste|shame|disgrace|mess)|how dare|who (?:elected|hired|voted "
    r"for)|what(?:'s| is) wrong with (?:you|these|this city|them)|how (?:stupid|dumb|pathetic|"
    r"incompetent|corrupt|lazy|useless)|why (?:bother|even bother)|are we surprised|"
    r"seriously|really\?|lol|lmao|smh|wtf|shame on)\b"
)
INSULTS = re.compile(
    r"\b(?:clowns?|idiots?|stupid|morons?|moronic|incompetent|corrupt|pathetic|joke|useless|"
    r"liars?|crooks?|clueless|dumb|losers?|fools?|disgrace|disgusting|lazy|frauds?|"
    r"embarrassing|ridiculous|scam)\b"
)
# Exclamations that look like questions: "how cute is this", "what a great event".
EXCLAMATION = re.compile(
    r"^(?:how (?:cute|nice|beautiful|lovely|cool|great|awesome|fun|sweet|sad|amazing|wonderful)|"
    r"what a (?:great|lovely|beautiful|nice|wonderful|fun|cool|sad|day|view|event|turnout)|"
    r"who else|guess what|what else is new)\b"
)
# Openers before the question itself ("hi is the pool open", "excuse me when ..."); a name
# ("Stanton, ...") is its own clause already, split at the comma.
GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|hola|dear|good (?:morning|afternoon|evening)|excuse me|um+|so|ok|"
    r"okay|quick question|question|also|and|but|well|hmm+|sorry)\b[\s,:!-]*)+"
)
THANKS = re.compile(
    r"\b(?:thanks|thank you|thank u|thx|ty|great job|well done|appreciate|kudos|gracias)\b"
)


@dataclass(frozen=True)
class Detection:
    """What was found: whether the comment asks for an answer, what kind, its likely topic
    and the cues (the words that made us think so), for the person reading the queue."""

    asks: bool
    kind: str = ""  # "question" or "service_request"
    topic: str = ""  # a key of TOPICS, or "" (general)
    cues: tuple[str, ...] = field(default=())
    rhetorical: bool = False


# Compiled once: a response task reads every comment of a batch (re's own cache costs a lookup
# per call), and a substitution whose replacement is a template (r"\1") expands it in Python
# per match, so the per-word one runs only on words with a doubled letter.
_RUNS = re.compile(r"([a-z])\1{2,}")
_DOUBLED = re.compile(r"([a-z])\1")
_QUESTION_MARKS = re.compile(r"\?+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_CLAUSE = re.compile(r"[^.!?\n;,:]+([.!?\n;,:]*)")


def normalise(text: str) -> str:
    """Case-folded, accents dropped, letter runs shortened ("PLEEEASE" -> "please"),
    apostrophes straightened, known misspellings replaced word by word."""
    if text.isascii():
        # NFKD changes no ASCII character, none is combining, and ASCII case-folds as lower().
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("¿", " ¿ ")
    text = _RUNS.sub(r"\1\1", text)
    text = _QUESTION_MARKS.sub("?", text)

    def fix(match: re.Match) -> str:
        word = match.group()
        if word in SPELLINGS:
            return SPELLINGS[word]
        # A stretched word whose shortened form is known ("pleease", "whenn").
        single = _DOUBLED.sub(r"\1", word) if _DOUBLED.search(word) else word
        if single != word and (single in SPELLINGS or single in KNOWN_WORDS):
            return SPELLINGS.get(single, single)
        return word

    return _WORD.sub(fix, text)


def _clauses(text: str) -> list[tuple[str, bool]]:
    """(clause, is_question_marked) pairs: split at sentence ends, commas and line breaks."""
    found = []
    for part in _CLAUSE.finditer(text):
        clause = part.group().strip(" .!?\n;,:-¿\"'()")
        if clause:
            found.append((clause, "?" in part.group(1) or "¿" in part.group()))
    return found


@cache
def _request_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(phrase) for phrase in REQUEST_PHRASES)


@cache
def _topic_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """One expression per topic, any of its words: its leftmost match is the leftmost of any
    word's (a search tries every word at each position before moving on)."""
    return tuple(
        (
            topic,
            # "repaving", "potholes", "trees": a prefix "re" and plain endings still match.
            re.compile(
                r"(?<![a-z])(?:re)?(?:"
                + "|".join(re.escape(word) for word in words)
                + r")(?:s|es|ed|ing|d)?(?![a-z])"
            ),
        )
        for topic, words in TOPICS.items()
    )


def _topic(text: str) -> str:
    """The topic whose word comes first in the text (the first topic listed, on a tie)."""
    best, best_at = "", len(text) + 1
    for topic, pattern in _topic_patterns():
        match = pattern.search(text)
        if match and match.start() < best_at:
            best, best_at = topic, match.start()
    return best


def detect_request(text: str) -> Detection:
    """Whether `text` asks the City for an answer or a service."""
    norm = normalise(text or "")
    if not norm.strip():
        return Detection(asks=False)
    cues: list[str] = []
    question_form = False
    for clause, marked in _clauses(norm):
        clause = GREETING.sub("", clause).strip()
        if not clause:
            continue
        words = clause.split()
        first = words[0]
        if EXCLAMATION.match(clause):
            continue
        if marked:
            question_form = True
            cues.append(f"question: “{clause[:60]}”")
        elif (
            first in INTERROGATIVES
            or first in OTHER_INTERROGATIVES
            or first in AUXILIARIES
            and len(words) > 1
            and words[1] in SUBJECTS
        ):
            question_form = True
            cues.append(f"starts like a question: “{clause[:60]}”")
        if IMPERATIVES.match(clause):
            cues.append(f"asks the City to act: “{clause[:60]}”")
    requests = [m.group() for p in _request_patterns() for m in p.finditer(norm)]
    cues += [f"asks: “{r}”" for r in dict.fromkeys(requests)]
    topic = _topic(norm)
    problem = PROBLEMS.search(norm) if topic else None
    if problem:
        cues.append(f"reports a problem: “{problem.group()}” ({topic})")
    asks_to_act = any(c.startswith("asks the City to act") for c in cues)
    # A service request asks for something to be done; a question asks to be told something.
    wants_action = bool(ACTION_WORDS.search(norm))
    service = bool(topic and (problem or asks_to_act or wants_action))
    rhetorical = bool(RHETORICAL.search(norm) or INSULTS.search(norm))
    if not (question_form or requests or asks_to_act or service):
        return Detection(asks=False)
    if THANKS.search(norm) and not (question_form or requests or asks_to_act):
        # "Thanks for fixing the pothole": a report of a problem solved, nothing to answer.
        return Detection(asks=False, cues=tuple(cues))
    if rhetorical and not (service or requests):
        # An insult in question form: nothing to answer (the flagger weighs its civility).
        return Detection(asks=False, cues=tuple(cues), rhetorical=True)
    kind = "service_request" if service else "question"
    return Detection(asks=True, kind=kind, topic=topic, cues=tuple(cues), rhetorical=rhetorical)
