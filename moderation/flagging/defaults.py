"""The default flag rules: the catalogue today's code ships, and what supervisors start from.

The database gets them from the data migrations (0006-0008 install them, 0011 gives the
patterns their RE2 form), each of which applies its own frozen copy from
moderation/migrations/frozen/; a test checks that those copies together give DEFAULT_RULES
here, so a change to a default is also a new data migration. The word lists live one a file
under data/, each with a header saying what it is for.

Lists are deliberately moderate in size and written for precision: a flag puts a comment in
front of a person, and criticism of the City is never a reason to remove anything. Mild words
("damn", "hell", "crap", "sucks", "stupid") are not listed: they are everyday criticism.

Each entry becomes one FlagRule (category code, sub-reason, name, kind, parameters,
public description). Terms are matched after normalisation (see normalize.py), so each list
holds plain spellings only; "f.u.c.k", "sh1t" and "fuuuck" are caught by normalisation.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def word_list(name: str) -> list[str]:
    """The terms in data/<name>.txt: one a line; lines starting with "#" are its header."""
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


PROFANITY_WORDS = word_list("profanity_words")

SLURS = word_list("slurs")

PROTECTED_GROUPS = (
    r"immigrants|illegals|mexicans|hispanics|latinos|latinas|blacks|black people|africans|asians|"
    r"chinese|vietnamese|koreans|filipinos|indians|arabs|muslims|jews|jewish people|christians|"
    r"catholics|gays|gay people|lesbians|homosexuals|queers|trans people|transgender people|"
    r"women|females|disabled people|the disabled|old people|the elderly|refugees|foreigners"
)
DEHUMANISING = (
    r"animals|vermin|rats|cockroaches|roaches|parasites|subhuman|sub-human|savages|a disease|"
    r"a plague|a cancer|filth|scum|apes|monkeys|dogs|pigs|inferior|not human|invaders|"
    r"an infestation"
)

SEXUAL_WORDS = word_list("sexual_words")

ADULT_DOMAINS = word_list("adult_domains")

SHORTENER_DOMAINS = word_list("shortener_domains")

SPAM_PHRASES = word_list("spam_phrases")

SALES_PHRASES = word_list("sales_phrases")

SALES_SIGNALS = word_list("sales_signals")

SHOP_DOMAINS = word_list("shop_domains")

CAMPAIGN_SUBJECTS = word_list("campaign_subjects")

ADVOCACY_PHRASES = word_list("advocacy_phrases")

STAFF_DIRECTORY = word_list("staff_directory")

PERSONNEL_PHRASES = word_list("personnel_phrases")

PERSONAL_CUES = word_list("personal_cues")

ENCOURAGEMENT_PHRASES = word_list("encouragement_phrases")

PUBLIC_SAFETY_PHRASES = word_list("public_safety_phrases")

CITY_BUSINESS_TERMS = word_list("city_business_terms")

THREAT_EXCLUDE = word_list("threat_exclude")
# For the veiled-threat shapes, whose own words are negations ("you won't see it coming"):
# only reporting and quoting contexts exclude them.
THREAT_REPORTED = [
    t
    for t in THREAT_EXCLUDE
    if t
    not in {
        "never",
        "would not",
        "wouldn't",
        "will not",
        "won't",
        "don't want to",
        "not going to",
        "not gonna",
    }
]

_WE_WILL = (
    r"(?:(?:i|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to|"
    r"'m gonna| am gonna|'re gonna| are gonna| gonna|'m about to| am about to|'m finna| finna)|"
    r"ill|im going to|im gonna|imma|ima|were gonna|were going to)"
)
_HARM = (
    r"(?:kill|murder|shoot|stab|strangle|choke|lynch|slit|behead|beat up|"
    r"beat the (?:hell|crap|shit|fuck) out of|put a bullet in|blow up|bomb|firebomb|torch|"
    r"burn down|hurt|run over|break (?:your|his|her) (?:legs?|neck|face|jaw))"
)
_TARGET = (
    r"(?:you|u|ya|y'all|yall|him|her|them|everyone|everybody|every one of you|all of you|"
    r"whoever|anyone|anybody|the next|the whole|all the|every|each|"
    r"the mayor|the council|council ?members?|the cops|cops|officers|city hall|your|his|their|"
    r"the police(?: station| department)?|the fire station|"
    r"this city|this town|this place|the (?:building|office|library|station|school|city))"
    r"(?P<target>)"
)
# RE2 has no look-ahead: what may not follow a group is checked after the match, through the
# rule's `not_followed_by` setting ({group name: pattern}). "Shoot you an email" is no threat.
_NOT_A_MESSAGE = (
    r"\s+(?:an? )?(?:(?:quick|short) )?(?:email|e-mail|message|note|text|line|dm|video|photo|"
    r"picture|call)s?\b"
)
_SENTENCE_END = r"[ \w]"  # "regret it" ends the phrase: not "regret it was", "regret items"
_QUESTION = r"[^.!?\n]*\?"  # the rest of the sentence ends with a question mark

THREAT_PATTERNS = [
    (
        "Stated intent to harm",
        rf"\b{_WE_WILL}\s+(?:\w+\s+)?{_HARM}\s+{_TARGET}\b",
        "A speaker saying they will kill, shoot, hurt, burn, bomb… a person or place.",
        {"target": _NOT_A_MESSAGE},
    ),
    (
        "You will pay / be sorry",
        r"\byou(?:'ll|ll| will| are going to|'re going to|re going to|'re gonna| gonna)\s+"
        r"(?:be sorry|regret (?:this|it)(?P<regret>)|pay for (?:this|that|what you(?:'ve)? done|"
        r"what you did)(?P<pay>)|get what's coming|get what is coming)",
        '"You\'ll be sorry", "you will pay for this" and similar.',
        {"regret": _SENTENCE_END, "pay": _SENTENCE_END},
    ),
    (
        "Veiled threats",
        r"\b(?:watch (?:your|ur|yo) back|sleep with one eye open|your days are numbered|"
        r"i know where (?:you|u|he|she|they) (?:live|lives|sleep|sleeps|work|works)|"
        r"(?:you're|you are|youre|ur|he's|she's) (?:a )?(?:dead (?:man|meat)|next(?P<next>)|"
        r"gonna die|going to die))",
        '"Watch your back", "I know where you live", "you\'re next" and similar.',
        {"next": _SENTENCE_END},
    ),
    (
        "Bomb and attack threats",
        r"\b(?:(?:there is|there's|theres|i planted|we planted|planted) a bomb|"
        r"bomb (?:threat )?(?:at|in|on) (?:city hall|the (?:library|school|station|park|council))|"
        r"shoot up (?:the|city hall|this)|"
        r"blow up (?:city hall|the (?:library|school|station|council|city))|"
        r"(?:mass|school) shooting (?:at|tomorrow|today))",
        "Statements that a bomb is placed or an attack is coming.",
    ),
    (
        "Wishing harm on someone",
        rf"\b(?:i )?(?:hope|wish|pray) (?:someone|somebody|some1|you|u|he|she|they) "
        rf"(?:\w+ )?(?:kills?|murders?|shoots?|stabs?|burns?(?: down)?|beats? up|runs? over|"
        rf"hurts?|torch(?:es)?|firebombs?)\s+{_TARGET}",
        '"I hope someone burns your house down" and similar wishes of violence.',
        {"target": _NOT_A_MESSAGE},
    ),
    (
        "Calls for violence against a person",
        rf"\b(?:someone|somebody|they|people|we) (?:should|needs? to|ought to|oughta) "
        rf"(?:kill|shoot|lynch|stab|beat up|hurt|string up|put a bullet in|hang)\s+{_TARGET}|"
        r"\b(?:should|deserves? to|needs? to|ought to) (?:be )?(?:shot(?P<shot>)|hanged|lynched|"
        r"strung up|gunned down|beaten to death)\b",
        "Saying someone should be shot, hanged, lynched…",
        {"target": _NOT_A_MESSAGE, "shot": " down"},
    ),
]


# --- Added in 0008: general shapes found in public comment sets (new rules only; the rules
# above are unchanged so supervisors' edits to them stay as they are). ----------------------

MORE_PROFANITY_WORDS = word_list("more_profanity_words")

MORE_SLURS = word_list("more_slurs")

# Protected groups for the generalisation rules below; wider than PROTECTED_GROUPS (which the
# older rules use and keep) with informal spellings ("black ppl").
GROUPS = (
    PROTECTED_GROUPS
    + r"|black (?:ppl|folks)|white people|white ppl|asian (?:people|ppl)|chinese (?:people|ppl)|"
    r"mexican (?:people|ppl)|gay (?:ppl|men)|trans (?:ppl|women|men|folks)|transgenders|"
    r"muslim (?:people|ppl|men)|jewish (?:ppl|folks)|the jews|hindus|sikhs|"
    r"african americans|indigenous people|natives|mexicans|latinx|haitians|somalis|pakistanis|"
    r"migrants|asylum seekers|handicapped people|retarded people|lgbt people|lgbtq people|"
    r"bisexuals|girls|wives"
)
NEGATIVE_TRAITS = (
    r"terrorists?|criminals?|rapists?|thieves|thugs|drug dealers|murderers|killers|"
    r"disgusting|gross|evil|stupid|dumb|idiots|morons|lazy|dirty|filthy|greedy|violent|"
    r"perverts|pedophiles|pedos|predators|groomers|mentally ill|sick|freaks|abominations?|"
    r"an abomination|a burden|worthless|useless|trash|garbage|degenerates?|sinners|"
    r"ruining|destroying|taking over|invading|a threat|dangerous|diseased|spreading disease|"
    r"spread disease|less than human|genetically inferior|the problem|the reason|"
    r"too stupid|too dumb|too emotional|uncivilized|barbarians|barbaric"
)
REMOVAL = (
    r"banned|deported|expelled|exterminated|gassed|killed|shot|locked up|rounded up|sent back|"
    r"kicked out|wiped out|sterilized|eliminated|removed from (?:this|our|the) "
    r"(?:country|city|town)|put in camps|not be allowed|never be allowed|hanged|lynched"
)
EXPULSION_PLACES = (
    r"africa|mexico|china|india|pakistan|the middle east|asia|syria|iraq|somalia|haiti|korea|"
    r"vietnam|the philippines|guatemala|honduras|el salvador|arabia|the desert|the jungle|"
    r"(?:your|their|ur) (?:own )?(?:countr(?:y|ies)|shithole(?: countr(?:y|ies))?)|"
    r"where (?:you|they|u) (?:came|come) from"
)

# Threats whose harm phrase names its own target ("beat you to death", "break your face").
_PRONOUN = r"(?:you|u|ya|y'all|yall|him|her|them|em)"
_POSSESSIVE = r"(?:your|ur|yo|his|her|their)"
_HARM_AIMED = (
    rf"(?:(?:kill|murder|shoot|stab|strangle|choke|gut|lynch|end|behead|shank|smoke|cap)\s+"
    rf"{_PRONOUN}\b(?P<kill>)|"
    rf"(?:hunt|track)\s+{_PRONOUN} down|"
    rf"beat\s+{_PRONOUN}\s+(?:up|to death|senseless|bloody|to a pulp|half to death)|"
    rf"(?:break|smash|bash|snap|crack|cave|kick|knock|bust|slit|cut|rip)\s+(?:in\s+)?"
    rf"{_POSSESSIVE}\s+(?:\w+\s+)?(?:face|skull|head|neck|jaw|teeth|legs?|arms?|nose|throat|"
    rf"knees?|ribs|kneecaps?)|"
    rf"break every bone in {_POSSESSIVE} body|"
    rf"make\s+(?:you|u|ya|y'all|yall)\s+(?:pay(?P<pay>)|suffer|bleed|regret)|"
    rf"(?:come|coming) (?:for|after) (?:you|u|ya|y'all|yall)\b"
    rf"(?P<come>)|"
    rf"(?:torch|burn|firebomb|blow up|smash up|shoot up)\s+{_POSSESSIVE}\s+"
    rf"(?:car|house|home|truck|office|shop|store|place|family)|"
    rf"put\s+{_PRONOUN}\s+in (?:the|a) (?:ground|grave|hospital|body bag|coffin|wheelchair)|"
    rf"find\s+{_PRONOUN}\s+(?:and|n)\s|"
    rf"(?:mess|fuck|f\*ck)\s+{_PRONOUN}\s+up)"
)
_HARM_AIMED_NOT = {
    # "kill them with kindness"; "I'll shoot you an email", "shoot him a quick text".
    "kill": r" (?:with kindness|(?:a|an)(?: quick| short)? (?:line|message|note|text|letter|"
    r"email|e-mail|dm|pm|invite|link|reply|call|update|pic|picture|photo|quote))",
    "pay": r" attention| a visit| your| the| for (?:a|the|your) (?:ticket|fee|permit|parking)",
    "come": r" (?:at|to|in|with|on|by|leave|left|finish|get|are|have|speak|go)\b",
}
_SPEAKER = (
    rf"(?:{_WE_WILL}|i'd|id|i would|we'd|we would|i wanna|i want to|i'm coming to|"
    rf"im coming to)"
)
_PERSON_NOUNS = (
    r"(?:judge|mayor|guy|man|woman|lady|dude|bitch|bastard|idiot|clown|traitor|traitors|"
    r"councilman|councilwoman|councilmember|council member|council|city manager|manager|cop|"
    r"cops|officer|officers|chief|clerk|official|officials|politician|politicians|"
    r"commissioner|supervisor|director|bureaucrat|bureaucrats|family|kid|kids)"
)

MORE_THREAT_PATTERNS = [
    (
        "Harm aimed at someone",
        rf"\b{_SPEAKER}\b[^.!?\n]{{0,40}}?\b{_HARM_AIMED}",
        "A speaker saying they will harm someone: \"I'm going to find you and beat you to "
        'death", "I\'ll break your face", "I\'ll make you pay", "we will come for you".',
        _HARM_AIMED_NOT,
    ),
    (
        "Wishing death or harm on someone",
        r"\b(?:hope|wish|pray)\s+(?:that\s+)?(?:you|u|ya|y'all|yall|he|she|they|ur family|"
        r"your family)\s+(?:all\s+)?(?:\w+\s+)?(?:(?:die|dies|died)(?P<die>)|"
        r"get (?:cancer|aids|shot|stabbed|"
        r"killed|murdered|raped|run over|hit by a (?:car|bus|truck|train))|gets (?:cancer|shot|"
        r"stabbed|killed|murdered|raped|run over)|burn(?:s)? (?:alive|to death|in hell)|"
        r"drown|drowns|suffer|suffers|croak|croaks)\b"
        r"|\b(?:you|u|ya|y'all|yall|he|she|they)\s+(?:all\s+)?(?:deserves?|should|needs? to|"
        r"ought to)\s+(?:to\s+)?(?:die|be (?:killed|murdered|shot(?P<shot>)|executed|put down|"
        r"beaten|raped|lynched|hanged|hung)|get (?:shot(?P<got_shot>)|killed|stabbed|raped))\b"
        r"|\b(?:die in a (?:fire|hole|ditch)|drop dead(?P<drop_dead>))\b",
        '"You deserve to die", "I hope you die", "hope you get cancer and die" and similar.',
        {
            "die": " down| out| off",
            "shot": " down",
            "got_shot": " down",
            "drop_dead": " (?:gorgeous|beautiful|sexy|hot|stunning|fine|cute|funny|handsome|"
            "pretty|amazing|brilliant|good|perfect|delicious)",
        },
    ),
    (
        "Telling someone to kill themselves",
        r"\b(?:kys|kill (?:yo)?ur ?self|kill yourselves|go die|go hang (?:yo)?ur ?self|"
        r"hang (?:yo)?ur ?self|neck (?:yo)?ur ?self|unalive (?:yo)?ur ?self|drink bleach|"
        r"go jump off a (?:bridge|cliff|building)|off (?:yo)?ur ?self)\b",
        '"Kill yourself", "kys", "go die", "drink bleach".',
    ),
    (
        "More veiled threats",
        r"\b(?:(?:you|u) (?:won't|wont|will not|will never|won't ever) see it coming|"
        r"(?:your|ur) (?:family|kids|children|wife|husband|house|home|car) (?:is|are|isn't|isnt|"
        r"aren't|arent|ain't|aint|is not|are not) (?:not )?safe(?: anymore)?(?P<safe>)|"
        r"(?:i|we) know where (?:your|ur) (?:kids|family|wife|husband|children|mom|mother|"
        r"daughter|son) (?:live|lives|sleep|sleeps|work|works|go|goes|stay|stays)|"
        r"(?:i|we)(?:'ll| will|ll) be waiting for (?:you|u|ya)\b(?P<waiting>)|"
        r"(?:you|u)(?:'ll|ll| will| are gonna| gonna|'re gonna|re gonna) get yours|"
        r"(?:someone|somebody|some1|people)(?:'s| is|s)? (?:gonna|going to) get (?:shot|stabbed|"
        r"murdered|capped)(?P<shot>))",
        '"You won\'t see it coming", "your family isn\'t safe", "we know where your kids go '
        'to school", "someone is going to get shot".',
        {
            "safe": r"[^.!?\n]{0,40}\b(?:crossing|walking|street|road|park|school|intersection|"
            r"traffic|sidewalk|playground|neighborhood|at|in|on|near|from|with|driving|because|"
            r"since|until|unless|if)\b",
            # "I'll be waiting for you to respond": an answer awaited, not a person.
            "waiting": r" at the (?:meeting|polls|ballot)| to (?:respond|reply|answer|call|get "
            r"back|fix|explain|decide|do)\b",
            "shot": r"[^.!?\n]{0,40}\b(?:intersection|crosswalk|street|road|corner|traffic|"
            r"driver|drivers|car|cars|sidewalk|speed|speeding|light|fix|install|crossing|walking|"
            r"driving)\b",
        },
    ),
    (
        "Calls to attack a person or building",
        r"\b(?:burn|torch|firebomb|blow up|bomb|shoot up)\s+(?:down\s+)?(?:city hall|"
        r"the (?:city hall|council chambers?|chambers|police station|library|school|building|"
        r"station|office|offices|courthouse|mayor's (?:house|office)|council(?:man|woman|"
        r"member)?'s (?:house|office))|this (?:city|town|place|building))"
        r"(?:\s+(?:down|to the ground))?\b"
        rf"|\b(?:someone|somebody|some1|they|people|we|u|you|y'all|yall|i)\s+(?:should|needs? to|"
        rf"ought to|oughta|gotta|has to|have to)\s+(?:kill|shoot|lynch|stab|beat up|string up|"
        rf"put a bullet in|murder|strangle|hurt|smack|punch)\s+(?:that|this|the|those|these)\s+"
        rf"(?:\w+\s+)?{_PERSON_NOUNS}\b",
        '"Burn city hall to the ground", "someone should put a bullet in that judge".',
    ),
]

# Campaign advocacy without the candidate on the supervisors' list.
_OFFICE = (
    r"(?:(?:stanton )?(?:city )?council(?: district \d+| seat)?|mayor|school board|"
    r"(?:county )?supervisor|congress|assembly|state senate|senate|sheriff|district attorney|"
    r"treasurer|city clerk|water board|governor|president)"
)
# Where a name starts, it may not be one of these words (checked through `not_followed_by`).
_NOT_A_NAME = (
    r"(?:the|a|an|more|less|our|this|that|my|your|their|his|her|it|its|any|anything|"
    r"someone|somebody|anyone|anybody|nobody|no one|people|them|him|me|us|increased|funding|"
    r"money|measure|prop|proposition|yes|no|early|online|today|tomorrow|in|at|on|by|to|"
    r"against|for|running|run|ran|who|what|when|where|how|why|is|are|was|were|thanks|thank|"
    r"candidates?|whoever|whomever|change|go|books?|back|local|small|new|better|good)\b"
)


def _name_starts(group: str) -> str:
    """An empty named group marking where a name starts, for `not_followed_by`."""
    return f"(?P<{group}>)"


CAMPAIGN_SLOGAN_PATTERNS = [
    (
        "Vote for a named candidate",
        rf"(?:\b(?:re-?elect|re elect|elect|vote for|vote 4|support|back)\s+{_name_starts('name')}"
        rf"(?:[\w.'-]+ ){{0,2}}[\w.'-]+\s+(?:for|4)\s+{_OFFICE}\b(?P<office>)"
        rf"|\bvote\s+{_name_starts('vote_name')}[\w.'-]+\s+(?:20\d\d|in november|on november|"
        rf"nov\.? \d|november \d|this november|on election day|on (?:march|november) \d|"
        rf"(?:for|4) {_OFFICE})\b)"
        # Not inside a question ("should we elect anyone for mayor?").
        r"(?P<end>)",
        'Urging a vote for a named person: "Elect Jane Smith for city council", "Vote Nguyen '
        'November 4th". A question is not flagged.',
        {
            "name": _NOT_A_NAME,
            "vote_name": _NOT_A_NAME,
            "office": r"\s+(?:parks?|projects?|programs?|funding|meetings?|budget|items?|agenda|"
            r"approval|members?|to|chambers?|'s|staff)\b",
            "end": _QUESTION,
        },
    ),
    (
        "Re-elect or do not vote for a named person",
        rf"(?:\b(?:re-?elect|re elect)\s+{_name_starts('name')}[\w.'-]+"
        rf"|\b(?:don't|dont|do not|never)\s+(?:ever\s+)?vote\s+(?:for|4)\s+"
        rf"{_name_starts('not_name')}[\w.'-]+)"
        r"(?P<end>)",
        '"Re-elect Tony Ramirez", "Don\'t vote for Karen Lee". A question is not flagged.',
        {"name": _NOT_A_NAME, "not_name": _NOT_A_NAME, "end": _QUESTION},
    ),
    (
        "Campaign slogans",
        rf"(?:^|[.!?] ){_name_starts('name')}(?:[\w.'-]+ ){{0,2}}[\w.'-]+ (?:for|4) {_OFFICE}"
        r"(?: (?:20\d\d|in 20\d\d|\d{2}))?\s*(?:!|$)",
        'A campaign slogan standing alone: "Maria Lopez for Council!", "Ortega for Mayor '
        '2026". A question ("who is running for mayor?") is not flagged.',
        {"name": _NOT_A_NAME},
    ),
]

MORE_SPAM_PHRASES = word_list("more_spam_phrases")

MORE_SEXUAL_WORDS = word_list("more_sexual_words")

SPAM_EXCLUDE = word_list("spam_exclude")

SPAM_PATTERNS = [
    (
        "Click here and links to follow",
        r"\b(?:click (?:here|the link|this link|link below|the link below|on my profile)|"
        r"tap here|sign up here|go to|visit|claim at|claim it at|sign up at|register at|join at)"
        r"\b[^\n]{0,30}?(?P<link>)(?:https?://|www\.|\b[a-z0-9-]+\.(?:com|net|biz|info|io|co|"
        r"site|xyz|online|top|club|live|shop|me|ly|link|click|win|vip|cc|ru|tk)\b)(?P<link_end>)"
        r"|\bclick here\b(?P<end>)",
        '"Click here", and calls to visit a link (links to government sites, and to adult '
        "sites and shops, which other rules cover, do not count). Not when a resident "
        'describes the City\'s own site ("the page says click here").',
        {
            "link": r"(?:https?://)?(?:www\.)?(?:[\w-]+\.)?(?:"
            + "|".join(d.replace(".", r"\.") for d in ADULT_DOMAINS + SHOP_DOMAINS)
            + r")\b",
            "link_end": r"[\w./-]*\.gov\b|[^\s]*(?:stanton|ocgov|youtube\.com/@?cityof)",
            "end": _QUESTION,
        },
    ),
    (
        "Easy money claims",
        r"\b(?:earn|earning|make|makes|made|making|get paid|pulling in|bring in)\s+"
        r"(?:up to |over |at least |about |like )?(?:\$\$+|\$[\d,.]+k?\+?|[\d,.]+k?\s?"
        r"(?:dollars|bucks|usd))\s?(?:/|a|an|per|every|each)?\s?(?:day|week|month|hr|hour|wk|"
        r"daily|weekly|monthly)?[^.!?\n]{0,50}?\b(?:from home|online|on (?:my|her|his|their) "
        r"(?:laptop|phone|computer)|no experience|dm me|msg me|message me|inbox me|ask me how|"
        r"click|link|whatsapp|telegram|crypto|bitcoin|trading|forex|passive|sign up|join)\b"
        r"|\b(?:my|our) (?:aunt|uncle|mom|mother|sister|brother|cousin|neighbou?r|friend|"
        r"best friend|roommate|wife|husband|girlfriend|boyfriend)(?:'s|s)? (?:makes|made|earns|"
        r"earned|is making|has been making|gets paid|got paid) (?:\$|over \$|up to \$)"
        r"[^.!?\n]{0,60}?\b(?:from home|online|on (?:her|his|their|my) (?:laptop|phone|computer)|"
        r"part[- ]time|working from)",
        '"Earn $5,000 a week from home", "make $$$ online", "my aunt makes $90/hr on her laptop".',
    ),
    (
        "Direct-message lures",
        r"\b(?:dm|pm|msg|inbox|message|text|whatsapp|telegram) me\s+(?:now |today |asap )?"
        r"(?:to (?:learn|get|join|start|invest|earn|find out|know more)|for (?:"
        r"cheap|investment|tips|the link|followers|business|"
        r"opportunit(?:y|ies)|details on how|how))\b"
        r"|\b(?:fix|repair|boost|raise) (?:your|ur) credit(?: score)?[^.!?\n]{0,40}\b"
        r"(?:dm|pm|msg|inbox|message|text|call|whatsapp)\b"
        r"|\bsend \d*\.?\d+ (?:btc|eth|bitcoin|ethereum|usdt)\b",
        '"DM me to learn how", "DM me for investment tips", "send 0.1 BTC…".',
    ),
]

# Wider statements about protected groups (see GROUPS above).
DISCRIMINATION_PATTERNS = [
    (
        "Negative generalisations about a protected group",
        rf"\b(?:all |those |these |the |most |fucking |f\*cking |damn |dirty |filthy )?(?:{GROUPS})"
        rf"\s+(?:are|r|is|=|were)\s+(?:(?:all|just|nothing but|a bunch of|so|too|such|fucking|"
        rf"literally|basically|naturally|always|inherently|genetically|all just|the)\s+)*"
        rf"(?:{NEGATIVE_TRAITS})\b",
        "Generalisations that a protected group are criminals, terrorists, disgusting, stupid… "
        '("all Muslims are terrorists", "women are too stupid to…").',
    ),
    (
        "Calls to ban or remove a protected group",
        rf"\b(?:{GROUPS})\s+(?:(?:should|must|need to|needs to|ought to|oughta|gotta|have to|"
        rf"deserve to)\s+(?:all\s+)?(?:be\s+)?(?:{REMOVAL})"
        rf"|(?:shouldn't|shouldnt|should not|should never|must not|mustn't)\s+(?:be allowed|"
        rf"be trusted|teach|be teaching|be near|be around|adopt|vote|have rights|exist|breed)"
        rf"|(?:can't|cant|cannot)\s+(?:drive|be trusted|think|lead|do math))\b",
        '"Immigrants should be banned", "gays shouldn\'t be allowed near kids", "Asians can\'t '
        'drive".',
    ),
    (
        "Telling people to go back where they came from",
        rf"(?:^|[.!?,] ?)(?:just |you should |u should |y'all should |yall should |they should |"
        rf"all of you |now )?(?:go back|get back|go home) to (?:{EXPULSION_PLACES})\b"
        rf"|\b(?:send|ship|deport|kick|sent|shipped) (?:them|em|'em|those|these|all|the)"
        rf"(?: \w+)?(?: all)? back to (?:{EXPULSION_PLACES})\b"
        rf"|\b(?:deport|ban|exterminate|gas|round up|lock up) (?:them|em|'em) all\b"
        r"|\b(?:the )?jews (?:control|run|own) (?:the|our|this|everything|all)\b"
        r"|\b(?:women|females|girls) (?:belong|should stay|should be kept) (?:in the kitchen|"
        r"at home|barefoot)\b",
        '"Go back to India", "send them all back to Africa", "deport them all", "the Jews '
        'control…", "women belong in the kitchen".',
    ),
]


def _kw(category, name, terms, description, *, sub_reason="", score=0.8, **extra):
    return {
        "category": category,
        "sub_reason": sub_reason,
        "name": name,
        "kind": "keywords",
        "parameters": {"terms": terms, "score": score, **extra},
        "public_description": description,
    }


def _rx(category, name, pattern, description, *, sub_reason="", score=0.85, **extra):
    return {
        "category": category,
        "sub_reason": sub_reason,
        "name": name,
        "kind": "regex",
        "parameters": {"pattern": pattern, "score": score, **extra},
        "public_description": description,
    }


def _checks(checks: list[dict]) -> dict:
    """A pattern shape's optional fourth item: its `not_followed_by` checks."""
    return {"not_followed_by": checks[0]} if checks else {}


def _detector(category, name, detector, description, *, sub_reason="", **parameters):
    return {
        "category": category,
        "sub_reason": sub_reason,
        "name": name,
        "kind": "threshold",
        "parameters": {"detector": detector, **parameters},
        "public_description": description,
    }


DEFAULT_RULES: list[dict] = [
    # --- profanity ------------------------------------------------------------------------
    _kw(
        "profanity",
        "Profanity word list",
        PROFANITY_WORDS,
        "Common English swear words and obscenities, including spellings that hide them "
        "(f.u.c.k, sh1t, fuuuck). Mild words such as damn, hell or crap are not listed.",
        score=0.8,
    ),
    _detector(
        "profanity",
        "Profanity model",
        "profanity_model",
        "The open-source alt-profanity-check model scores every comment the word list "
        "matches; its probability is shown to the moderator. On its own it flags nothing "
        "unless a supervisor sets a model-only threshold (off by default: it also scores "
        'plain criticism such as "this is stupid" highly).',
        model_only_threshold=None,
    ),
    # --- discrimination -------------------------------------------------------------------
    _kw(
        "discrimination",
        "Slurs",
        SLURS,
        "A short list of the most common English slurs against people for their race, "
        "national origin, religion, sexual orientation, gender identity or disability. "
        "It is not exhaustive; moderators judge every flag.",
        score=0.9,
    ),
    _rx(
        "discrimination",
        "Dehumanising statements about a protected group",
        rf"\b(?:all |those |these |the |most )?(?:{PROTECTED_GROUPS})\s+(?:are|r|is)\s+"
        rf"(?:(?:all|just|nothing but|a bunch of|like|such|filthy|dirty)\s+)*(?:{DEHUMANISING})\b",
        "Statements that a protected group are animals, vermin, a disease, subhuman and the like.",
        score=0.85,
    ),
    _rx(
        "discrimination",
        "Exclusion and expulsion of a protected group",
        r"\b(?:go back to (?:your (?:own )?country|where (?:you|they) came from|"
        r"africa|mexico|china)|"
        rf"(?:deport|gas|exterminate|get rid of|kick out) (?:all )?(?:the |those |these )?"
        rf"(?:{PROTECTED_GROUPS})|"
        rf"no (?:{PROTECTED_GROUPS}) allowed)\b",
        '"Go back to your country", "deport all the …", "no … allowed" aimed at a protected group.',
        score=0.8,
    ),
    # --- sexual ---------------------------------------------------------------------------
    _kw(
        "sexual",
        "Sexual content words",
        SEXUAL_WORDS,
        "Words for pornography and sexual material, and common lures to it.",
        score=0.8,
    ),
    {
        "category": "sexual",
        "sub_reason": "",
        "name": "Adult sites",
        "kind": "link_domains",
        "parameters": {"domains": ADULT_DOMAINS, "score": 0.95},
        "public_description": "Links to well-known pornographic and adult-content sites.",
    },
    # --- threats ----------------------------------------------------------------------------
    *[
        _rx(
            "threat",
            name,
            pattern,
            description,
            score=0.9,
            exclude_context=THREAT_EXCLUDE,
            context_chars=40,
            **_checks(checks),
        )
        for name, pattern, description, *checks in THREAT_PATTERNS
    ],
    # --- campaigns and ballot measures ----------------------------------------------------
    {
        "category": "political_campaign",
        "sub_reason": "",
        "name": "Current candidates and ballot measures",
        "kind": "names",
        "parameters": {
            "list": "campaign_subjects",
            "terms": CAMPAIGN_SUBJECTS,
            "flag_mentions": False,
            "mention_score": 0.3,
        },
        "public_description": "Candidates and measures on the current ballot, kept by "
        "supervisors. A mention alone is not flagged: factual, neutral "
        "information is allowed on City pages.",
    },
    _kw(
        "political_campaign",
        "Campaign advocacy phrases",
        ADVOCACY_PHRASES,
        "Phrases that urge a vote for or against someone or something (vote yes on, vote no on, "
        "vote for, re-elect, recall…). They flag only when they appear within a few words of a "
        "current candidate or ballot measure.",
        score=0.85,
        near="campaign_subjects",
        window=6,
    ),
    _rx(
        "political_campaign",
        "Campaign advocacy for any measure or office",
        r"(?:\b(?:vote (?:yes|no) on|yes on|no on|vote (?:for|against)|support|oppose|defeat|"
        r"pass)\s+(?:measure [a-z]{1,2}|prop(?:osition)?\s*\d{1,3})\b"
        r"|\b(?:re-?elect|recall|vote out|vote for|elect)\s+(?:our |the |a new )?"
        r"(?:mayor|council ?(?:member|man|woman)|city council|supervisor)(?P<office>)"
        r"|\bvote for \w+(?: \w+)? for (?:mayor|council|city council|school board|supervisor)\b)"
        # Not inside a question ("will they vote for the mayor's budget?").
        r"(?P<end>)",
        "Urging a vote on any ballot measure (Measure X, Prop 12) or for or against a "
        "council seat or the mayor, even when it is not on the supervisors' list. A question "
        "(“will they vote for the mayor?”) is not flagged.",
        score=0.8,
        not_followed_by={"office": r"['\w]", "end": _QUESTION},
    ),
    # --- commerce ---------------------------------------------------------------------------
    _kw(
        "commerce",
        "Sales language",
        SALES_PHRASES,
        "Phrases that advertise or sell (for sale, buy now, promo code, DM me for prices…) and "
        "prize notices (you have won, claim your reward, you've been selected).",
        score=0.8,
    ),
    _kw(
        "commerce",
        "Sales signals",
        SALES_SIGNALS,
        "Weaker words (discount, deal, price, DM me…). They never flag alone: two different "
        "signals together (a word, a price such as $40, a phone number or a shop link) flag.",
        score=0.7,
        signal=True,
    ),
    {
        "category": "commerce",
        "sub_reason": "",
        "name": "Shop links",
        "kind": "link_domains",
        "parameters": {"domains": SHOP_DOMAINS, "score": 0.8},
        "public_description": "Links to online shops and storefronts (Etsy, Shopify, eBay, "
        "Amazon short links…).",
    },
    _rx(
        "commerce",
        "Amazon referral links",
        r"amazon\.[a-z.]+/\S*[?&]tag=",
        "Amazon links carrying an affiliate (referral) tag.",
        score=0.85,
    ),
    _detector(
        "commerce",
        "Sales signals together",
        "commerce_signals",
        "Counts prices ($ amounts), phone numbers and sales signal words; two different "
        "kinds of signal together flag the comment.",
        min_signals=2,
        score=0.75,
    ),
    # --- off-topic: spam, unintelligible, repetitive, lengthy ------------------------------
    _kw(
        "off_topic",
        "Spam phrases",
        SPAM_PHRASES,
        "Self-promotion and scam phrases: check out my channel, follow me on, crypto and "
        "giveaway scams.",
        sub_reason="spam",
        score=0.8,
    ),
    {
        "category": "off_topic",
        "sub_reason": "spam",
        "name": "Link shorteners",
        "kind": "link_domains",
        "parameters": {"domains": SHORTENER_DOMAINS, "score": 0.75},
        "public_description": "Links through URL shorteners, which hide where they lead.",
    },
    _detector(
        "off_topic",
        "Link-heavy comments",
        "link_spam",
        "Two or more links in one comment (links to the City's own sites do not count).",
        sub_reason="spam",
        min_links=2,
        allow_domains=["stantonca.gov", "ca.gov", "ocgov.com"],
    ),
    _detector(
        "off_topic",
        "Unintelligible text",
        "unintelligible",
        "Keyboard mashing and random characters: words with no vowels, long runs of "
        'consonants, few word-like tokens. Short replies ("ok", "👍") and other '
        "languages are not flagged.",
        sub_reason="unintelligible",
        min_letters=8,
    ),
    {
        "category": "off_topic",
        "sub_reason": "repetitive",
        "name": "Repeated comments",
        "kind": "repetition",
        "parameters": {"window_hours": 24, "min_similar": 3, "similarity": 0.8, "min_chars": 20},
        "public_description": "The same or nearly the same comment posted three or more times "
        "by one account within 24 hours.",
    },
    {
        "category": "off_topic",
        "sub_reason": "lengthy",
        "name": "Unduly long comments",
        "kind": "length",
        "parameters": {"max_chars": 2500},
        "public_description": "Comments longer than 2,500 characters.",
    },
    # --- personal and confidential information ------------------------------------------------
    _detector(
        "confidential",
        "Phone numbers",
        "phone_numbers",
        "Telephone numbers (read with the phonenumbers library, US numbering). Public "
        "City numbers are allowed.",
        region="US",
        allow=["7143791000"],
        score=0.7,
    ),
    _detector(
        "confidential",
        "Email addresses",
        "emails",
        "Email addresses, except the City's own, also when written out to get past filters "
        "(“maria dot lopez at yahoo dot com”).",
        allow_domains=["stantonca.gov"],
        score=0.6,
    ),
    _detector(
        "confidential",
        "Social Security numbers",
        "ssn",
        "Numbers in the form 123-45-6789 that are valid Social Security numbers.",
        score=0.95,
    ),
    _detector(
        "confidential",
        "Home addresses",
        "street_address",
        "A street address (number, street, suffix such as St, Ave, Blvd) next to words "
        'such as "lives at" or "her house". Addresses reported for potholes, '
        "streetlights and the like are not flagged.",
        score=0.8,
        window=8,
    ),
    {
        "category": "confidential",
        "sub_reason": "",
        "name": "City staff directory",
        "kind": "names",
        "parameters": {
            "list": "staff_directory",
            "terms": STAFF_DIRECTORY,
            "flag_mentions": False,
            "mention_score": 0.4,
        },
        "public_description": "Names of City employees. A name alone is not flagged (residents "
        "thank and criticise staff by name); a name next to personal "
        "details or personnel matters is.",
    },
    _kw(
        "confidential",
        "Personal details about City staff",
        PERSONAL_CUES,
        "Personal details (where someone lives, family, car, phone) within a few words of a "
        "City employee's name.",
        score=0.8,
        near="staff_directory",
        window=8,
    ),
    _kw(
        "personnel",
        "Personnel matters about City staff",
        PERSONNEL_PHRASES,
        "Phrases about discipline, firing, leave or investigations within a few words of a "
        "City employee's name.",
        score=0.8,
        near="staff_directory",
        window=10,
    ),
    # --- conservative phrase rules for judgment categories ------------------------------------
    _kw(
        "illegal_encouragement",
        "Calls to break the law",
        ENCOURAGEMENT_PHRASES,
        "Only clear calls to break the law (let's all go loot, don't pay your water bill, "
        "slash their tires). Everything else in this category is left to people.",
        score=0.7,
    ),
    _kw(
        "public_safety",
        "Security codes and passwords",
        PUBLIC_SAFETY_PHRASES,
        "Gate codes, door and alarm codes, and passwords to City systems posted in public.",
        score=0.75,
    ),
    _detector(
        "brown_act",
        "Council members discussing City business",
        "brown_act",
        "Flags a comment only when its author is recorded as a member of a City "
        "legislative body and it discusses City business (agenda, vote, ordinance, "
        "budget…), so staff can check for a serial meeting.",
        terms=CITY_BUSINESS_TERMS,
        score=0.6,
    ),
    # --- added in 0008: general shapes (new rules; the ones above are left as they were) ---
    _kw(
        "profanity",
        "More profanity spellings",
        MORE_PROFANITY_WORDS,
        "More spellings and compounds of common swear words (fcuk, biatch, dipshit, eat shit).",
        score=0.8,
        fallback=True,
    ),
    _kw(
        "discrimination",
        "More slurs",
        MORE_SLURS,
        "More slurs against people for their religion, national origin, sexual orientation "
        "or gender identity.",
        score=0.9,
        fallback=True,
    ),
    *[
        _rx("discrimination", name, pattern, description, score=0.8, fallback=True)
        for name, pattern, description in DISCRIMINATION_PATTERNS
    ],
    _kw(
        "sexual",
        "More sexual content words",
        MORE_SEXUAL_WORDS,
        "Lures to sexual chat, cam shows and hook-ups (live cam, hot singles, sex chat).",
        score=0.8,
        fallback=True,
    ),
    *[
        _rx(
            "threat",
            name,
            pattern,
            description,
            score=0.85,
            fallback=True,
            exclude_context=THREAT_EXCLUDE if name != "More veiled threats" else THREAT_REPORTED,
            context_chars=40,
            **_checks(checks),
        )
        for name, pattern, description, *checks in MORE_THREAT_PATTERNS
    ],
    *[
        _rx(
            "political_campaign",
            name,
            pattern,
            description,
            score=0.75,
            fallback=True,
            **_checks(checks),
        )
        for name, pattern, description, *checks in CAMPAIGN_SLOGAN_PATTERNS
    ],
    _kw(
        "off_topic",
        "More spam phrases",
        MORE_SPAM_PHRASES,
        "More scam and self-promotion phrases: easy money from home, crypto giveaways, cheap "
        "followers, credit repair, follow my Insta, a creator's plug (small youtuber here, give "
        "my song a listen, sub 4 sub, my referral code) and video-comment idioms (like if you're "
        "watching in…, N subs away from…).",
        sub_reason="spam",
        score=0.8,
        fallback=True,
    ),
    *[
        _rx(
            "off_topic",
            name,
            pattern,
            description,
            sub_reason="spam",
            score=0.75,
            fallback=True,
            exclude_context=SPAM_EXCLUDE,
            context_chars=40,
            **_checks(checks),
        )
        for name, pattern, description, *checks in SPAM_PATTERNS
    ],
]

# --- harm rules (issue 11, migration 0017): threats, hate and sexual content as shapes, not
# phrases. New rules only: the older rules stay as supervisors may have edited them. ---------
THREAT_HARM_VERBS = word_list("threat_harm_verbs")
THREAT_ATTACK_PHRASES = word_list("threat_attack_phrases")
THREAT_DEATH_WORDS = word_list("threat_death_words")
THREAT_TARGETS = word_list("threat_targets")
THREAT_REPORTING = word_list("threat_reporting")
THREAT_PEOPLE_VERBS = word_list("threat_people_verbs")
HATE_GROUPS = word_list("hate_groups")
HATE_TRAITS = word_list("hate_traits")
HATE_VERBS = word_list("hate_verbs")
HATE_ATTITUDES = word_list("hate_attitudes")
HATE_CONTEXT = word_list("hate_context")
SEXUAL_EXPLICIT = word_list("sexual_explicit")
SEXUAL_BODY_PARTS = word_list("sexual_body")
SEXUAL_ACTS = word_list("sexual_acts")
SEXUAL_MINORS = word_list("sexual_minors")
SEXUAL_CONTEXT = word_list("sexual_context")

HARM_RULES: list[dict] = [
    _detector(
        "threat",
        "Threats and calls to violence",
        "threats",
        "Reads each sentence for a target (a person, a group of people, supporters of a cause, a "
        "place people gather), a word of violence in any form, slang and euphemism included "
        "(kill, shot, hang, a bullet, die, merk, six feet deep, a blow to the face) and a "
        "framing: the writer's intent or a third party's (I'll, we're gonna, my brother will), a "
        "should in any spelling (should be shot, deserve to die), a wish or a call (I hope you "
        "get hit by a bus, someone needs to…), an order (round them up and hang them) or a "
        "prediction aimed at the reader. Praise of an attack and calls to violence that name no "
        "one (burn it all down, mow them down, bring the straps, open season on …) count too. "
        "Not flagged: violent words aimed at no one (this traffic is killing me, shoot me an "
        "email, kill the "
        "proposal), contests and pests, negations (I would never hurt anyone), and sentences that "
        "report or condemn violence (police said…, anyone who says … is a monster).",
        harm_verbs=THREAT_HARM_VERBS,
        attack_phrases=THREAT_ATTACK_PHRASES,
        death_words=THREAT_DEATH_WORDS,
        targets=THREAT_TARGETS,
        people_verbs=THREAT_PEOPLE_VERBS,
        reporting=THREAT_REPORTING,
        offensive_threshold=0.9,
        score=0.85,
        fallback=True,
    ),
    _detector(
        "discrimination",
        "Hostile generalisations about protected groups",
        "hate",
        "Reads each sentence for a group protected from discrimination (race, ethnicity, national "
        "origin, religion, sex, gender identity, sexual orientation, disability, age), named as "
        "a group, by its adjective before any word for people, or by one member standing for all "
        "(never hire a woman), together with a demeaning or dehumanising word said of the whole "
        "group (… are animals, dirty …), a hostile generalisation (… ruin everything, … don't "
        "belong, … should be deported, … should know their place), the writer's hostility (I hate "
        "…, deport all …, stop letting … in), a complaint about the group's numbers (too many …, "
        'overrun by …), or "go back where you came from". A slur in any spelling, a group named '
        "with a sneer (shocker, an eye-roll), and a group refused a home, a job or service or "
        "sent to camps are flagged too, as is a group named in a comment the profanity model "
        "scores at or above the threshold. Not flagged: a group mentioned with nothing hostile, "
        "negations, people speaking of their own group, and "
        "sentences that describe, report or condemn discrimination.",
        groups=HATE_GROUPS,
        traits=HATE_TRAITS,
        hostile_verbs=HATE_VERBS,
        attitudes=HATE_ATTITUDES,
        context=HATE_CONTEXT,
        offensive_threshold=0.8,
        score=0.8,
        fallback=True,
    ),
    _detector(
        "sexual",
        "Sexual content",
        "sexual_content",
        "Reads each sentence for explicit words for sex acts, pornography and solicitation "
        "(send nudes, escorts available), a body part acted on or described (suck my …, nice "
        "…), a wish or intent for a sex act with a person (I'd bang …), and sexual chat with no "
        "explicit word (arousal at a person, a stare at someone's intimate parts). Sexual words in "
        "the same sentence as words for children or young teenagers are always flagged. Not "
        "flagged: health, sex education and reporting (free STD testing, the rape crisis "
        "center, police said…), and romance.",
        explicit=SEXUAL_EXPLICIT,
        body_parts=SEXUAL_BODY_PARTS,
        acts=SEXUAL_ACTS,
        minors=SEXUAL_MINORS,
        context=SEXUAL_CONTEXT,
        score=0.8,
        fallback=True,
    ),
]
DEFAULT_RULES += HARM_RULES


# Categories the flagger never raises: they need a person's judgment (the public page says so).
HUMAN_ONLY_CATEGORIES = ["copyright", "illegal_conduct", "unlawful", "unprotected_speech"]


# --- issue 11: spam, self-promotion, commercial solicitation and personal information ---------
# (new rules only, installed by migration 0016_spam_pii_rules; the rules above are unchanged)

# The City's own sites, the platforms it posts on, and the sites residents cite for news and
# reference: links to them are never a spam signal.
CITY_DOMAINS = ["stantonca.gov", "ci.stanton.ca.us"]
PLATFORM_DOMAINS = [
    "facebook.com",
    "fb.com",
    "fb.me",
    "instagram.com",
    "x.com",
    "twitter.com",
    "nextdoor.com",
    "youtube.com",
    "youtu.be",
    "linkedin.com",
]
REFERENCE_DOMAINS = word_list("reference_domains")
PUBLIC_SUFFIXES = ["gov", "mil", "edu", "us"]

# Self-promotion: each kind of signal is one pattern; two kinds together flag.
_MINE = r"(?:my|our|mah|ma|me)"
_OWN_KIND = (
    r"(?:new |latest |first |little |small |own |official |youtube |yt |music |gaming |"
    r"cooking |dance |food |fashion |travel |comedy |beauty |makeup |fitness |art |"
    r"business |personal |etsy |insta(?:gram)? |tiktok |fb |facebook |twitch |google\+ |g\+ |"
    r"twitter |soundcloud |spotify |bandcamp |patreon )?"
)
PROMOTION_SIGNALS = {
    "the writer's own channel or page": (
        rf"\b{_MINE} {_OWN_KIND}"
        r"(?:channel|chanel|chanell|vids?|videos?|page|profile|blog|vlog|website|site|"
        r"podcast|stream|streams|album|mixtape|ep|songs?|music|tracks?|covers?|remix|beats?|"
        r"playlist|art|artwork|shop|store|insta|ig|tiktok|twitch|snap|snapchat|soundcloud|"
        r"spotify|youtube|account|acc|acct|chan|content|short film|bio|group|server|team)\b"
        r"|\b(?:small|new|upcoming|aspiring|young|independent|indie) (?:youtuber|channel|"
        r"artist|rapper|singer|creator|streamer|musician|producer)\b"
        r"|\b(?:click|tap) (?:on )?my (?:name|profile|pic|picture|avatar)\b"
        r"|\b(?:check out|check|see|watch|hear) mine\b"
        r"|\bmi (?:canal|pagina|perfil|musica|cancion|video|videos|tienda|insta|tiktok)\b"
        r"|\bnew (?:video|videos|vids|episode|episodes|upload|uploads) every\b"
        r"|\b(?:sister|brother|friend|cousin|mom|dad|son|daughter|wife|husband)(?:'s)? (?:new )?"
        r"(?:\w+ )?(?:page|channel|shop|store|business|blog)\b"
        r"|\bstarted (?:her|his|their|my|a) (?:new )?(?:\w+ )?(?:page|channel|shop|blog|business)\b"
        r"|\bi (?:just )?(?:post|make|upload|do|stream|create|started|posted|uploaded|made|"
        r"opened|launched|edit|film|draw|record)\b[^.!?\n]{0,30}\b(?:videos?|vids|content|"
        r"covers?|music|beats|channel|streams?|skits|montages|tutorials|podcast|shop|store|"
        r"page|edits|shorts|reels|reactions?|reaction video|review|breakdown|version)\b"
        r"|\b(?:my|our) portfolio\b"
        r"|\b(?:for|with) (?:daily|weekly|new|more|fresh) (?:content|videos|vids|uploads)\b"
        r"|\bsubo (?:videos|tutoriales|contenido|musica)\b"
        r"|\b(?:sister|brother|sis|bro|friend|cousin|mom|dad|son|daughter|wife|husband) "
        r"(?:sings|raps|makes|draws|dances|plays|streams|posts|edits)\b"
    ),
    # Added in 0032: the writer's own work or release ("my new song", "dropped my first EP",
    # "my editing course", "on his channel"), which counts with one other kind of signal.
    "the writer's own work or release": (
        rf"\b{_MINE} (?:new |first |own |online |free |little )?(?:course|courses|ebook|e-book|"
        r"book|app|game|brand|clothing (?:line|brand)|merch|newsletter|workshop|band|"
        r"art page|fan ?page|gofundme|fundraiser|editing course)\b"
        r"|\b(?:my|his|her|their|our) (?:first|new|latest|debut|brand new) (?:\w+ )?(?:song|single|"
        r"track|video|album|ep|mixtape|cover|remix|vlog|episode|music video|book|game|app|"
        r"collection)\b"
        r"|\b(?:dropped|released|uploaded|posted|put out) (?:my|our|a) (?:first |new |latest |"
        r"debut )?(?:\w+ )?(?:song|single|track|video|album|ep|mixtape|cover|remix|vlog|beat)s?\b"
        r"|\bon (?:his|her|their) (?:youtube |yt |new )?(?:channel|page|soundcloud|spotify)\b"
        # 0035: "his name on spotify is …", "my @ on tiktok"
        r"|\b(?:his|her|their|my) (?:name|handle|username|user|@|tag|account|acc) (?:on|in) "
        r"(?:spotify|youtube|yt|soundcloud|ig|insta|instagram|tiktok|twitch|snap|snapchat|"
        r"apple music|twitter|discord)\b"
        r"|\b(?:edits|videos?|vids|content|art|music|covers?|recipes|tutorials|pics|photos|"
        r"designs) (?:are |is )?(?:on|in) my (?:page|profile|acc|account)\b|\bin my stream\b"
        r"|\bi (?:have|wrote|released) a (?:new )?(?:song|track|video|beat|book|podcast"
        r"|mixtape)\b|\b(?:i'?m|im|i am) (?:doing|hosting|going) (?:a )?(?:\w+ ){0,2}(?:stream"
        r"|livestream|giveaway)\b"
    ),
    "a call to visit, watch or listen": (
        r"\b(?:check(?:ing)? (?:out|it out|this out|me out|this|my)|chek (?:out|my)"
        r"|(?:checked|check|watched|listened to) (?:it|me|them|mine) out"
        r"|would (?:love|appreciate it|mean (?:a lot|the world)) if (?:you|u|ya|y'all|yall"
        r"|people|ppl|anyone|someone|somebody|you guys|u guys)"
        r"|(?:you|u)(?:'ll| will|ll| would|'d| might)? (?:love|like|enjoy|dig) (?:my|mine|them|it)"
        r"|(?:mira|miren|visita|visiten|chequen|checa|escucha|escuchen) (?:mi|mis)"
        r"|checkout|visit|go (?:to|watch|listen|see|check|follow|look|subscribe|sub)"
        r"|come (?:and |n )?(?:check|see|watch|visit|join)|watch (?:my|it|this"
        r"|the full)|listen to|(?:see|watch|hear|try) my|take a look|have a look"
        r"|look at my|(?:give|gave|giving) (?:me|us|it|this|my(?: \w+){1,2}"
        r"|our(?: \w+){1,2}) a (?:chance|listen|try|look|shot|view|watch)"
        r"|listen (?:to )?(?:my|me|mine|our)|(?:please|pls|plz) listen|swing by (?:my"
        r"|our)|stop by (?:my|our) (?:channel|page|profile|stream)|(?:drop|leave) (?:a"
        r"|your) (?:like|sub|comment) on my|search (?:for )?|stream it|click (?:here"
        r"|the link|this|on)|join (?:my|our|the|now|us)"
        # 0032: "clicking my name", "find me on…", "look me up", "out now", "go show some love"
        r"|(?:clicking|tapping) (?:on )?my (?:name|profile|pic|picture|avatar|icon)"
        r"|find me (?:on|by|at|under)|look me up|search me(?: up)?|look for my"
        r"|(?:out|available|streaming) now|now (?:streaming|available|out)|on all platforms"
        r"|(?:streaming|available) everywhere|go (?:give|show|support|leave|drop)"
        r"|(?:give|gave) (?:it|this|them|him|her|me|us) a (?:view|follow|sub|chance|listen)"
        # 0035: slang ("peep my page"), pointing at a page ("shorts on my acc", "check her
        # profile")
        r"|peep (?:my|me|mine|our|his|her|the link|this)|tap in (?:with|to) (?:my|me|our)"
        r"|check (?:her|his|their) (?:profile|page|channel|bio|insta|ig|account|acc|tiktok)"
        r"|(?:on|in) my (?:channel|acc|yt|youtube|tiktok|twitch|soundcloud|spotify|ig|insta|"
        r"bio)|(?:please|pls|plz|plss|plz) (?:watch|listen|check|view|look)"
        r"|(?:check|see|watch|hear|peep) (?:out )?mine|look (?:her|him|them|us) up"
        r"|check (?:the|my) link|go stream|come through"
        r"|check (?:my |the )?bio"
        r"|(?:on|to) all (?:streaming )?(?:platforms|services)|streaming (?:services|platforms))\b"
    ),
    "subscribing": (
        r"\b(?:subscribe|subscribes|subcribe|suscribe|suscribete|suscribanse|subscribers?"
        r"|subs? (?:to|back|4|for|2)"
        r"|sub ?4 ?sub|sub(?:bed|bing)? (?:me|back)|subbed|subs|1 ?k subs|\d+ subs"
        r"|pl[sz] sub|please sub|\d+k? (?:followers|subscribers|subs|views|likes)"
        r"|(?:reach|hit|get to) \d+k?|shout ?outs?"
        # 0032: "follow 4 follow", "i follow back", "comment done when u subbed"
        r"|follow ?(?:4|for) ?follow|like ?(?:4|for) ?like|i (?:always |will |ll )?follow back"
        r"|follow(?:ed)? back|(?:need|only need) \d+k? (?:more )?(?:subs|followers|views|likes)"
        r"|comment (?:done|'done'|\"done\") (?:when|after|if)"
        r"|(?:can|could) (?:i|we|this comment|this|my comment) (?:get|reach|hit) \d+k? (?:subs|"
        r"subscribers|likes|followers|views)"
        r"|(?:can|could) (?:we|u|you|i|y'all|yall) (?:make it|get (?:it|me|this|us) to) \d+)\b"
    ),
    "following, liking and sharing": (
        r"\b(?:follow (?:me|my|us|back|for)|follow (?:@|on)|f4f|l4l|like (?:my|this comment|"
        r"and share|& share|n share)|add me|share my|share this (?:video|comment|with)|"
        r"support (?:me|my|us|her|him)|help me (?:get|reach|grow|hit)|give (?:it|me) a like|"
        r"support (?:a |this |our )?(?:small|new|local|indie|independent) (?:creator|channel|"
        r"artist|youtuber|business)|show (?:her|him|them|me|us) some love|"
        r"leave a like|smash (?:that|the) like|like (?:and|&|n) subscribe"
        r"|sigueme|siganme|seguime|sigan a|follow (?:them|him|her) (?:@|on))\b"
    ),
    "a handle to contact or follow": (
        r"(?:^|[\s(])@[a-z0-9_.]{3,30}\b|\b(?:dm|pm|inbox|message|msg|text|hmu|contact|"
        r"email|add) (?:me|him|her|us)\b|\b(?:whatsapp|telegram|snapchat|wechat|kik|discord|"
        r"signal group|t\.me)\b|\blinks? (?:is |are |s )?in (?:my )?(?:bio|profile|description"
        r"|channel|about)\b"
        # 0032: "I'll send it", "comment YES and I'll DM you", "snap: …", "ig: …"
        r"|\bi(?:'ll| will|ll) (?:dm|send|message|inbox|pm|text) (?:you|u|it|ya|the link)\b"
        r"|\b(?:snap|snapchat|ig|insta|instagram|tiktok|twitter|telegram|kik)\s?:\s?@?[a-z0-9_.]{3,}"
        # 0035: "dm on discord", "hit me up on ig", a Discord tag ("zyx#4412")
        r"|\b(?:dm|pm|message|msg|hmu|hit me up|add me|text me|find me) (?:on|via|at) "
        r"(?:discord|ig|insta|instagram|snap|snapchat|telegram|whatsapp|twitter|tiktok|kik)\b"
        r"|\b[a-z][a-z0-9_.]{1,31}#\d{4}\b"
        r"|\bwrite (?:me|to me) (?:on|at|via|in)\b|\bcomment (?:below|down below|yes|'yes'|\"yes\")"
        r" (?:and|&|n)\b|\bi(?:'ll| will|ll) send\b|\bescribeme\b|\bescribanme\b"
        r"|\bmandame (?:un )?(?:mensaje|dm|md|whats)\b|\b(?:al|por) whats(?:app)?\b"
        r"|\blinks? (?:is |are )?(?:on|in) (?:my )?(?:profile|page|channel|name)\b"
        r"|\bsame (?:user ?)?name\b|\bsame (?:handle|@)"
        r"|\b(?:hmu|add me|dm me|find me) on (?:roblox|fortnite|xbox|psn|steam|minecraft)\b"
        r"|\b(?:dm|pm|inbox|message|text)(?: me)? ['\"]\w+['\"]|\binbox\W*$"
        r"|\bcontact (?:our|my) (?:manager|agent|account manager|admin|support|team)\b"
    ),
    "money, crypto or earnings": (
        r"(?:\$\d[\d,.]*k?|\d[\d,.]*k?\s?(?:\$|dollars|bucks|usd))\s?(?:/|a|an|per|every|each)"
        r"\s?(?:day|week|month|hr|hour|wk|daily|weekly|monthly)\b"
        r"|\b(?:earn(?:ed|ing|s)?|income|profits?|invest(?:ing|ment|ed|ors?)?|crypto|"
        # 0035: a return on money, not "last year's tax return"
        r"(?:guaranteed |high |huge |daily |weekly |monthly |\d+ ?% |\d+x )returns?|"
        r"bitcoin|btc|eth|forex|trading|trader|passive|side hustle|from home|make money|"
        r"making money|(?:made|make|paid|earn) \$?\d[\d,.]*k?|financial freedom|"
        r"your own boss|get rich|loans?|casino|spins|betting|business opportunit(?:y|ies)|"
        r"opportunity"
        # 0035: "made 2 grand this week", "from my phone", "withdrew $18k"
        r"|(?:made|make|makes|making|earn|earned|earns|earning|withdrew|cashed out|pulled) "
        r"(?:over |like |about |around )?\d[\d,.]*\s?(?:k|grand|bucks|dollars)"
        r"|from (?:my|her|his|your|ur|their) (?:phone|laptop|couch|bed)|withdrew"
        r"|quit (?:my|your|ur) (?:job|9)|\d+ ?% (?:daily|weekly|monthly) (?:returns?|profits?|roi)"
        r"|turned (?:\$|£|€)?\d[\d,.]*k? into"
        r"|ganando|ganar (?:dinero|plata)|desde (?:casa|mi casa|mi celular)"
        r"|(?:dolares|pesos) (?:diarios|al dia|por dia|semanales))\b"
    ),
    # Added in 0032: a creator asking strangers for help ("it would mean a lot", "just one
    # listen please", "I'd love your feedback"), which counts with one other kind of signal.
    "asking for support": (
        r"\b(?:it (?:would|will|'d|d) (?:really )?mean (?:a lot|the world|so much|alot)"
        r"|(?:would|'d|i d|will) (?:really )?(?:love|appreciate) (?:your|any|some|the) (?:feedback|"
        r"support|views?|subs?|thoughts|love)|(?:any|all) support (?:is|would be) (?:appreciated|"
        r"welcome|great)|just (?:one|1) (?:listen|view|sub|like|chance|click|follow)"
        r"|(?:one|a|1) (?:listen|view|sub|follow) (?:please|pls|plz)|nobody (?:listens|watches|"
        r"sees|views|subscribes)|(?:please|pls|plz) give (?:me|my|it|us|him|her) a (?:chance|try)"
        r"|i need your (?:help|support)|help (?:a|this|me as a) (?:small|new|young|struggling|"
        r"starting) (?:creator|artist|youtuber|channel|rapper|singer|business)"
        r"|(?:my )?(?:dream|goal) (?:is )?to (?:hit|reach|get|be|become) (?:\d|a youtuber|"
        r"famous|big)|(?:trying|try) to (?:grow|reach|hit|get to) (?:my|\d)"
        r"|(?:please|pls|plz) (?:support|help) (?:me|my|us|him|her)"
        r"|self[- ]?promo(?:tion|ting)?|shameless (?:self[- ]?)?plug|not to self[- ]?promote"
        r"|sorry for (?:the )?(?:self[- ]?promo|promo|advertising|spam)"
        r"|(?:one|a|1|every|each) (?:sub|like|view|follow|share|listen)s? (?:helps|would help|means"
        r"|counts)|(?:please|pls|plz) (?:don'?t|dont) (?:ignore|scroll|skip)"
        r"|don'?t (?:ignore|scroll past) (?:this|me)|next goal|road to \d+k?|(?:my )?goal is \d+"
        r"|lets keep (?:going|growing)|be my \d+(?:st|nd|rd|th)? (?:sub|subscriber|follower))\b"
    ),
    "a method to learn": (
        r"\b(?:show (?:you|u) how|ask me how|learn how|find out how|dm me how|the method|"
        r"my method|this method|simple method|this (?:one )?trick|one trick|the secret|"
        r"my secret|my strategy|changed my life"
        # 0035: "if u want to change ur life", "if you wanna start earning"
        r"|change (?:your|ur|yo) life|if (?:you|u|ya) (?:want|wanna|would like) (?:to )?"
        r"(?:earn|be rich|get rich|quit (?:your|ur) (?:job|9))"
        r"|(?:want|wanna) (?:to )?know how|know how i (?:did|do) it)\b"
    ),
    "a service for hire": (
        r"\b(?:freelance|freelancer|hire me|for hire|commissions? (?:are )?open|"
        r"i (?:can )?(?:edit|design|make|create|write|build|grow|promote) (?:your|ur|you a)|"
        r"for cheap|cheap rates|affordable rates"
        r"|(?:anyone|anybody|who) (?:need|needs|want|wants) an? (?:\w+ )?(?:designer|editor|"
        r"tutor|photographer|videographer|developer|producer|artist|writer|logo|website)"
        r"|i (?:can|will|ll) (?:trade|invest|manage \w+) (?:for|on behalf of) (?:you|u)"
        r"|(?:forex|crypto|trading|investment|account) manager)\b"
    ),
    "scam services": (
        r"\b(?:hacker|hack (?:into|any)|hacked (?:my|his|her)|recover (?:your |ur |my )?"
        r"(?:lost )?(?:account|funds|money|crypto)|spell ?caster|love spell|"
        r"bring back (?:your|ur|my) ex|got my ex back|sugar (?:daddy|mommy|momma)"
        r"|cured (?:my|his|her|me|him) (?:of )?(?:\w+ )?(?:herpes|hiv|diabetes|cancer|hpv|"
        r"infertility|disease)|herbal (?:cure|medicine|doctor|remedy)|(?:herbs|root) doctor"
        r"|(?:i )?(?:saw|see|seen|read) (?:your|ur) (?:comment|profile|pic|picture|photo)s? and"
        r"|(?:want|wants|like) to be (?:your |ur )?friends?)\b"
    ),
    "free things and giveaways": (
        r"\b(?:free (?:robux|v-?bucks|gems|diamonds|coins|skins|gift ?cards?|giftcards|"
        r"iphone|ps5|followers|likes|views|subs|subscribers|money|cash|stuff|netflix|spins|"
        r"download|movies?|games?)|free\s?(?:gift ?cards|giftcards)|giveaways?|giving away|"
        r"generator|no survey|no human verification|it actually works|100% legit|legit|"
        r"cheap (?:followers|likes|views|meds|sneakers)|buy (?:followers|likes|views|"
        r"subscribers)|(?:get|gain) \d+k? (?:followers|likes|subs|views)"
        r"|(?:buy|get) \d[\d,.]*k? (?:\w+ ){0,2}(?:followers|likes|subs|subscribers|views)"
        # 0035: a referral code ("code JKL22 for $5 bonus", "use my code")
        r"|(?:use|enter) my (?:code|referral|invite)|referral (?:code|link|bonus)"
        r"|invite code|sign ?up bonus|(?:\$|£|€)\d+ bonus"
        r"|(?:real|cheap|active|organic|instant) (?:\d+k? )?(?:followers|likes|views|subs|"
        r"subscribers)|give ?away|(?:trade|sell|buy)(?:ing)? (?:\w+ )?(?:robux|v-?bucks|skins))\b"
    ),
}

# Prize and offer messages (SMS-style): two kinds together flag.
OFFER_SIGNALS = {
    "a prize or a win": (
        r"\b(?:you(?:'ve| have|r| are| r)? (?:won|been (?:selected|chosen|awarded|picked))|"
        r"u (?:have |r |ve )?(?:won|been selected|a winner)|"
        r"u(?:'ve|ve| have) been (?:selected|chosen|picked|awarded)|giving away|"
        r"ur (?:number|mobile|entry) "
        r"(?:was|has|is)|(?:your|this) (?:mobile|mob|number|phone|handset)(?: number| no\.?)? "
        r"(?:was|has been|is|won|has won)|(?:chance (?:to|2)|2) win\b|"
        r"winner|winners|prize|prizes|jackpot|awarded|award|"
        r"(?:your|ur|a|cash|unclaimed) rewards?|rewards? (?:of|worth|is|waiting|pending)|"
        r"(?:your|ur) (?:free )?gift (?:is|has)|voucher|vouchers|gift ?card|cash prize|"
        r"(?:your|ur|a|free|cash|welcome) bonus|lottery|sweepstakes?|"
        r"(?:prize|weekly|monthly|free|our|lucky|cash) draw|"
        r"competition|(?:to )?win (?:a|an|the|cash|£|\$|free|big|one|tickets?|\d)|"
        r"been (?:specially )?selected|chosen to receive|you qualify|qualif(?:y|ied) for|"
        r"(?:you|u) (?:are|r|'re) (?:selected|chosen|picked)|"
        r"pre-?approved|entitled (?:to|up to)|"
        # 0029: the handset-upgrade message ("ur mobile is due an update", "the latest
        # colour camera mobile").
        r"(?:is|are|r) due (?:an?|for an?) (?:update|upgrade|refund|reward|payment)|"
        r"latest (?:colou?r )?(?:camera )?(?:handset|mobile|phone|ringtone)s?|ringtones?"
        # 0035: "you've earned a $100 credit", "your number was drawn"
        r"|(?:you|u)(?:'ve|ve| have)? earned (?:a|an|\$|£|€|\d)|(?:was|were|got|been) drawn)\b"
    ),
    "a claim or sign-up": (
        r"\b(?:claim|redeem|collect (?:your|ur)|apply (?:now|today|at)|sign up|"
        r"complete (?:the |our |this |a )?(?:short |quick )?survey|"
        r"confirm (?:your|ur) (?:details|identity|account|info)|buy (?:cheap|online|direct)|"
        r"apply (?:online|here)|"
        r"show this (?:message|msg|text|txt|sms|coupon)|pay (?:a |the )?(?:small )?[$£]\d|"
        r"register|opt in|enter (?:now|our|to win)|entry|get (?:yours|a quote|your)|"
        r"order (?:now|today|at|by|online|here|yours)|book now|shop (?:now|at)|buy now|buy \d|"
        r"subscribe now|"
        r"activate|renew now|verify (?:now|your|at|here)|pay (?:the|your|later)|upgrade"
        # 0032: "update your card at…", "register free", "grab yours"
        r"|update (?:your|ur) (?:card|payment|billing|account|details|info)|register (?:free|now|"
        r"today|here)|grab (?:yours|one|a)|reserve (?:yours|your spot|now|today)"
        # 0035: "pay at dhl-pay.eu", "tap to use", "schedule redelivery", "call to unblock"
        r"|pay (?:at|here|now|online|by today)|tap (?:to|here)|(?:schedule|reschedule|arrange) "
        r"(?:a |your )?(?:re-?)?delivery|to (?:unblock|unlock|reactivate|restore|release) "
        r"(?:it|your|ur|the|access)|switch (?:today|now)|book (?:by|today|online|at|yours)"
        r"|keep (?:it|your account|ur account) active|to (?:continue|keep) (?:watching|using|"
        r"your service|service|access)|(?:send|transfer) (?:me )?(?:\$|£)?\d+ ?(?:\$ )?(?:on|via|"
        r"through|by|with) (?:zelle|venmo|cash ?app|paypal|western union|gift ?cards?)"
        r"|track (?:it|your \w+) (?:here|at|now)|join (?:now|today)|restore (?:access|your|ur))\b"
    ),
    "urgency": (
        r"\b(?:immediately|today only|tonight only|"
        r"(?:this|that|next) (?:week|weekend|month) only|"
        r"(?:this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) only|"
        r"limited (?:time|offer|stock|quantity|spots)|last chance|final (?:notice|reminder|"
        r"day|attempt)|expires?|expired|expiring|ends (?:today|tonight|soon|sunday|friday|at)|"
        r"before (?:midnight|it expires|it'?s too late|fri|friday)|act now|hurry|"
        r"don'?t miss|only \d+ (?:left|spots)|valid (?:for )?\d+ ?(?:hours|hrs|days)|"
        r"(?:call|text|txt|reply|claim|order|ring|book) now|first come,? first served"
        r"|1st come,? 1st served|everything must go|(?:available|open|service|call) 24/7"
        r"|24/7 (?:service|support|availability)"
        # 0035: a sign-in notice's "if this wasn't you"
        r"|if (?:this|that|it) (?:wasn'?t|was not|wasnt) (?:you|u)|last day|only \d+ \w+ left"
        r"|(?:in|within) \d+ ?(?:h|hrs?|hours|days)\b)\b"
    ),
    "free offers and discounts": (
        r"\b(?:free ?msg|free (?:entry|gift|gifts|trial|ringtones?|tones?|tickets?|delivery|"
        r"shipping|quote|consultation|estimates?|minutes|mins|texts|calls|spins|credit|bonus|"
        r"offer|access|membership|sample|cash|camera|camcorder|phone|mobile|upgrade|holiday|"
        r"cruise|vacation|flights?|info|for (?:1st|first|\d)|\$?\d)|(?:for|4) free|free!|"
        r"complimentary|"
        r"free (?:\w+ )?(?:assessment|inspection|quote|estimate|consultation|streaming|"
        r"valuation|appraisal|evaluation|lesson|session|class|trial)|"
        r"(?:first|1st) (?:session|lesson|class|visit|month|week|consultation|order) "
        r"(?:is )?free|"
        r"(?:\d+|one|two|three) (?:months?|weeks?|days?) free|free for (?:a|one|\d)|"
        r"\d+ ?% off|half price|(?:buy|get|order) \d+ (?:[a-z]+ )?get \d+|2 for 1|bogo|discount|"
        r"flash sale|"
        r"big sale|sale ends|on sale|(?:hot|special) deals?|offer|offers|promo|"
        r"coupon|(?:promo|coupon|discount|voucher|use|with|enter) code [a-z0-9]{3,}"
        r"|code [a-z]*\d[a-z0-9]*|cheap|cheapest|lowest|"
        r"best prices?|save \$?\d+|savings|"
        r"no credit check|bad credit|0% interest|\$0 down|no (?:cost|obligation|fees?|"
        r"paperwork)|cash ?back|special (?:offer|deal)|exclusive|guaranteed|money back|replicas?|"
        r"(?:best|top|high) quality"
        # 0032: "first 50 customers get free churros", "stop paying too much", "compare quotes"
        r"|(?:customers|callers|buyers|shoppers|members|people|guests) (?:get|gets|receive"
        r"|will get) (?:a |an |\d+ |two |some )?free\b"
        r"|(?:stop )?(?:paying|spending) too much|compare (?:quotes|prices|rates|deals)"
        r"|(?:good|great|low|fair|unbeatable|competitive|amazing|crazy) (?:prices?|rates|deals?)"
        r"|while (?:supplies|stocks?) lasts?"
        # 0035: "just $19.99", "4 tires for the price of 3", "no doctor needed"
        r"|(?:just|only|from|starting at|as low as) (?:(?:\$|£|€)\d+|\d+ ?(?:\$|£|€|dollars|bucks))"
        r"|for the price of (?:\d|one|two"
        r"|three)|no (?:doctor|rx|script|prescription)s?(?: needed| required)?"
        r"|no (?:contract|commitment|hidden fees|annual fee)|(?:first|1st) (?:\w+ ){1,2}(?:is )?"
        r"(?:fee[- ])?free|\d+ ?% (?:apr|interest|financing|down))\b"
    ),
    "a short code or reply keyword": (
        r"\b(?:text|txt|send|sms|reply|rply|press)[\s:]+(?:the word\s+)?(?:[a-z0-9]{1,12}\s+)?"
        r"(?:to\s*|2\s+)\d{4,6}\b|\b(?:reply|rply|txt|text)\s+(?:yes|no|stop|win|claim|ok|"
        r"start|go|y)\b|\bpress 1\b|\bshort ?code\b|\b(?:to|2)\s+\d{5}\b"
        r"|\b(?:reply|rply|txt|text|press) \d (?:to|for)\b"
    ),
    "a premium-rate or free-phone number": (
        r"(?:\b|call|ring|phone|dial|on)0(?:8|9)(?:\d[\s-]?){8,9}\d\b|\b1?[\s.-]?\(?8(?:00|88|77|66|55|44|33)\)?[\s.-]?\d{3}[\s.-]?\d{4}\b"
        r"|\bcall (?:now|today|us|our|free)\b"
    ),
    "message charges and terms": (
        r"\b\d+(?:\.\d+)?p\b|\bper (?:msg|message|txt|text|week|wk)\b|/msg\b|"
        r"/wk\b|\b\d+ ?ppm\b|/min\b|\bper min(?:ute)?\b|\bt ?& ?cs?\b|\bt&c|\b1[68]\+|"
        r"\bstd (?:txt )?rates?\b|\b(?:msg|data) rates\b|"
        r"\bopt[- ]out\b|\bunsubscribe\b|\bstop to\b|\bcost \d|\brates apply\b|"
        # "To stop, txt STOP", "to stop receiving these": not "we need to stop them" (0030).
        r"\bto stop(?:,| (?:txt|text|reply|send|sms|msgs?|messages|receiving|these|this|"
        r"further|future|alerts|offers))|"
        r"\bcustomer service\b|\bvalued customer\b|\bdear customer\b"
    ),
    "money amounts": (
        r"(?:\$|£|€)\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:pounds|dollars|usd|gbp|eur)\b"
        # 0035: the sign after the number ("39$")
        r"|\b\d[\d,.]*\s?(?:\$|£|€)"
    ),
    # Added in 0018: the shapes of a local advertisement ("selling my…", "our shop", "fast
    # shipping", "DM me if interested"), which count with one other kind of signal.
    "a sale or a business": (
        r"\b(?:need an? (?:plumber|electrician|handyman|roofer|painter|movers?|realtor|lawyer|"
        r"attorney|contractor|tutor|dj|photographer|babysitter|house cleaner|mechanic|"
        r"locksmith|gardener)|make (?:me )?an offer|for sale|"
        r"selling (?:my|our|a|an|these|this|some|fresh|homemade|used|new)|"
        r"(?:is|are|now) selling|we (?:sell|buy|offer|deliver|ship|install|repair|cater)|"
        r"our (?:shop|store|restaurant|salon|bakery|business|company|website|menu|products?|"
        r"services?)|obo|or best offer|(?:fast|quick|same[- ]day|fast and free) "
        r"(?:shipping|delivery|pickup)|(?:dm|pm|inbox|message|text) (?:me )?(?:if|for) "
        r"(?:interested|prices?|info|details|orders?)|licensed and insured|"
        r"(?:a|per|the) dozen|per (?:hour|hr|month|lb|pound|person|plate)|"
        r"(?:pickup|pick-up|delivery) (?:in|available|only)|now hiring|hiring now"
        # 0032: "my bakery", "daily specials", "grand opening", "services available", "DM for
        # a quote", "is selling beats", "taking new clients"
        r"|my (?:bakery|shop|store|salon|restaurant|business|food truck|boutique|company|"
        r"barbershop|nail salon|cafe|catering|cleaning business|small business)"
        r"|(?:daily|weekly|lunch|today'?s|weekend) specials|grand opening|"
        r"first \d+ (?:customers|callers|people|orders|clients)|services? (?:available|offered)"
        r"|now (?:open|booking|taking (?:orders|appointments|bookings))"
        r"|(?:accepting|taking) (?:new )?(?:clients|customers|orders|bookings)"
        r"|references (?:available|on request)"
        r"|(?:dm|pm|inbox|message|msg|text|call|hmu)(?: me| us)? (?:if|for) (?:a )?(?:quotes?|"
        r"appointments?|bookings?|pricing|rates|more info|inquiries|orders?|menu)"
        r"|(?:is|are|am|im|i'm) selling \w+"
        # 0035: an advertisement that opens with what it sells ("selling accounts with…")
        r"|^(?:selling|buying|wts|wtb|for sale)\b|we(?:'re| are| r) (?:offering|having|running)"
        r"|(?:(?:anyone|anybody|who|u|you) )?(?:need|needs|want|wants|looking for) an? (?:\w+ )?"
        r"(?:designer|editor|tutor|photographer|videographer|developer|cleaner|plumber|"
        r"electrician|handyman|mechanic|barber|stylist|makeup artist|caterer|driver|mover|"
        r"logo|website|web site)|(?:dm|pm|inbox|message|msg|text) (?:me |us )?to (?:order|buy"
        r"|book))\b"
    ),
    # Added in 0019: offers that lure with earnings, ask to be messaged, fake an account alert
    # (phishing) or sell a service; each counts with one other kind of signal.
    "money-making lures": (
        r"\b(?:(?:earn|earning|make|making) (?:up to )?(?:\$|£|€)\d+ ?(?:/ ?|an? "
        r"|per )(?:hr|hour|day|week|wk)|(?:make|made|makes|making|earn|earns|earned|earning) "
        r"(?:some )?(?:easy |fast "
        r"|quick |extra |real )?(?:money|cash)|(?:work|working|job|jobs) (?:from"
        r"|at) home|from (?:her|his|my|your|ur) (?:laptop|phone|couch)|side hustle"
        r"|passive income|financial freedom|(?:be )?(?:your|ur) own boss|get rich"
        r"|no experience (?:needed|required|necessary)|crypto|bitcoin|btc|forex"
        r"|binary options|trading (?:signals?|course|bot|group|platform)|signals? group"
        r"|\d+x (?:gains|returns|profits?)|without (?:a )?prescription|no prescription"
        r"|online pharmacy|(?:guaranteed|huge|massive) (?:returns"
        r"|profits?|gains|income)|invest(?:ment)? (?:platform|plan|opportunit(?:y|ies))"
        r"|mlm|business opportunit(?:y|ies)|(?:\d+|five|ten) spots left"
        # 0035: online pharmacies' shipping ("ships overnight", "discreet shipping")
        r"|discreet (?:shipping|packaging|delivery)|ships? (?:overnight|worldwide|discreetly))\b"
    ),
    "a way to reach the seller": (
        r"\b(?:dm|pm|inbox|message|msg|text|txt|contact|email|whatsapp|hmu)\s+(?:me|us"
        r"|him|her)\b|\bhmu\b|\b(?:whatsapp|telegram|wechat|kik|viber)\b"
        r"|\blink in (?:my )?(?:bio|profile|description)\b|\b(?:click|tap) (?:the "
        r"|this |my )link\b|\bvisit (?:us|our|my)\b"
        # 0035: "dm on discord", "hit me up on ig"
        r"|\b(?:dm|pm|message|msg|hmu|hit me up|text me) (?:on|via|at) (?:discord|ig|insta"
        r"|instagram|snap|snapchat|telegram|whatsapp|twitter|tiktok|kik)\b"
        r"|\b(?:call|text|txt|ring)(?: or (?:call|text|txt))?(?: [a-z]+)?:? \(?\d{3}\)?[\s.-]?\d{3}"
        r"|\b(?:venmo|zelle|cash ?app|paypal) me\b"
    ),
    "an account alert": (
        r"\b(?:(?:your|ur) (?:\w+ )?(?:account|card|payment|package|parcel|delivery"
        r"|subscription|id|apple id|icloud|paypal|membership|order|service|mailbox|benefits"
        r"|license|licence|storage|shipment|photos|files|data|points)(?: [\w-]+){0,3} (?:has been|"
        r"was|is|are|will be) (?:temporarily |permanently )?(?:suspended|frozen|restricted|"
        r"disabled|flagged|deleted|full|expiring|"
        r"terminated|closed|"
        r"locked|limited"
        r"|on hold|blocked|compromised|deactivated|cancell?ed|held|returned"
        r"|undeliver(?:ed|able))|(?:could not|couldn't|cannot|can't) be delivered"
        r"|unusual (?:activity|sign-?in|login)|suspicious (?:activity|login)|(?:verify"
        r"|update|confirm) (?:your |ur )?(?:payment|billing|card|bank)(?: details"
        r"| info(?:rmation)?| method)?|redelivery fee|customs fee|unpaid (?:toll"
        r"|invoice|balance)|pending (?:refund|payment|delivery)"
        r"|(?:due to|because of) (?:a |an )?(?:billing|payment|security|verification) (?:issue|"
        r"problem|error|failure)|payment (?:failed|declined|was declined)"
        # 0035: delivery and sign-in notices ("we attempted delivery", "a login from a new
        # device", "if this wasn't you", "customs payment", "to avoid a late fee")
        r"|attempted (?:to )?deliver(?:y)?|re-?delivery|(?:sign-?in|log-?in|login) (?:from|on"
        r"|attempt)|new device"
        r"|customs (?:payment|charge|duty|duties)|(?:shipment|parcel|package|delivery) (?:is )?"
        r"(?:waiting|pending|on hold|held|suspended)|avoid (?:a |the |any )?(?:suspension|late "
        r"fee|penalty|closure|deactivation|account closure)"
        r"|(?:lost|broke|dropped|cracked) my phone|this is my new (?:number|phone)"
        r"|(?:is|are) on (?:its|it's|their) way|failed to (?:renew|process|go through))\b"
    ),
    # Added in 0032: dating and chat lines ("meet local women tonight", "hot singles in your
    # area", "a secret admirer"), which count with one other kind of signal.
    "a dating or chat line": (
        r"\b(?:(?:meet|chat with|date|hook up with|talk to|find) (?:(?:local|hot|sexy|lonely|real|"
        r"single|horny|beautiful|naughty) )+(?:women|girls|singles|men|guys|ladies|milfs|moms|"
        r"wives|babes|people|ppl)|singles (?:in|near) (?:your|ur) (?:area|town|city)|dating "
        r"(?:partner|site|app|service|line)|(?:adult|sexy|live|naughty|flirt|dirty|hot) chat"
        r"|chat ?lines?|find (?:love|a date|your (?:perfect )?match) (?:today|tonight|now)"
        r"|secret admirer|(?:wants?|waiting|looking) to (?:meet|chat with|date) (?:you|u)"
        r"|lonely tonight|meet (?:new )?(?:people|ppl|friends) (?:tonight|now|today|near)"
        r"|(?:girls|women|singles|ladies|milfs|babes) (?:near|around|close to) (?:you|u|ur|your))\b"
    ),
    "a service or product sold": (
        r"\b(?:(?:\d+|ten|twenty|many) (?:years?|yrs) (?:of )?experience|certified"
        r"|licensed|insured|bonded|free (?:estimates?|quotes?|consultations?)"
        r"|affordable|reasonable (?:rates|prices)|best (?:rates|prices)|spell ?caster"
        r"|love spells?|bring back (?:your|ur) (?:ex|lover)|psychic|herbal (?:cure"
        r"|medicine)|replicas?|wholesale|(?:we|i) (?:buy|sell|offer|provide|fix|repair"
        r"|clean|install) \w+|enroll (?:now|today)|(?:our|my) (?:course|program"
        r"|coaching|products?|services?|prices?|rates)|promo code|referral (?:code"
        r"|link)|viagra|cialis|tramadol|xanax|oxycontin|oxy|adderall|phentermine|ozempic"
        # 0035: services and goods offered ("we do drains", "cash for junk cars", "Avon rep
        # here", "$30/hr", "worldwide shipping")
        r"|we do (?:\w+ )?(?:drains|repairs|roofs|roofing|installs|cleaning|landscaping|tree|"
        r"pest|moving|hauling|catering|parties|events|nails|lashes|hair|brows|taxes)"
        r"|cash for (?:\w+ )?(?:cars|gold|houses|homes|phones|junk)|any condition"
        r"|we (?:pick up|haul|tow)|(?:\w+ )?(?:rep|consultant|distributor) here"
        r"|(?:\$|£|€)\d+ ?/ ?(?:hr|hour|session|lesson|class|night|visit)"
        r"|(?:worldwide|discreet|overnight) (?:shipping|delivery)|(?:\$|£|€)\d+ (?:each|ea|apiece)"
        r"|cash only|our (?:stand|booth|truck|farm|kitchen)|face value|vip (?:access|group|picks"
        r"|membership)|(?:brand )?new in (?:box|package)|(?:\$|£)\d+ (?:firm|obo)"
        r"|pick ?-?up (?:near|only))\b"
    ),
}

SPAM_PII_RULES: list[dict] = [
    _rx(
        "off_topic",
        "Asking for subscribers",
        r"\b(?:subscribes?|sub) (?:to |2 )?(?:me|my)\b|\bsub ?(?:4|for) ?sub\b|\bpl[sz] sub\b|"
        r"\bsub(?:scribe)? (?:back|me)\b|\bi(?:'ll| will)? sub(?:scribe)? (?:back|to (?:you|"
        r"anyone|everyone|every1))\b",
        '"Subscribe to me", "sub4sub", "pls sub", "I\'ll sub back".',
        sub_reason="spam",
        score=0.8,
        fallback=True,
    ),
    _rx(
        "commerce",
        "Text a keyword to a short code",
        r"\b(?:text|txt|send|sms|reply)\s+(?:the word\s+)?[a-z0-9]{2,12}\s+(?:to|2)\s+"
        r"\d{4,6}\b",
        'Messages asking to text a keyword to a short code ("text WIN to 80086"), the shape '
        "of paid subscription and prize messages.",
        score=0.8,
        fallback=True,
    ),
    _rx(
        "commerce",
        "Premium-rate numbers",
        r"\b09(?:\d[\s-]?){8,9}\d\b|\b087(?:\d[\s-]?){7}\d\b",
        "UK premium-rate and revenue-sharing numbers (09…, 087…), which prize and "
        "subscription messages ask people to call.",
        score=0.8,
        fallback=True,
    ),
    _detector(
        "off_topic",
        "Links to outside sites",
        "outside_links",
        "A link to a site other than the City's, a public agency's (.gov, .edu, .us …), the "
        "platform's own, or a news or reference site, on a comment whose words have little in "
        "common with the City's post and its thread (the topic relevance, 0 to 1, is shown on "
        "the flag). Without a post to compare with, such a link is flagged on its own.",
        sub_reason="spam",
        allow_domains=CITY_DOMAINS,
        platform_domains=PLATFORM_DOMAINS,
        reference_domains=REFERENCE_DOMAINS,
        allow_suffixes=PUBLIC_SUFFIXES,
        max_relevance=0.1,
        flag_without_post=True,
        score=0.7,
    ),
    _detector(
        "off_topic",
        "Self-promotion signals together",
        "promotion_signals",
        "Two different kinds of self-promotion signal in one comment: the writer's own channel, "
        "page, work or release (my new song, dropped my first EP), a call to visit, watch or "
        "listen, subscribing, following, liking or sharing, a handle to contact, a request for "
        "support (it would mean a lot), money or crypto earnings, a method or course to learn, a "
        "service for hire, scam services, free things and giveaways, or a link (to a platform "
        "too: a video promoted by its link). A supervisor may let one kind be enough on a comment "
        "far from its post's topic (the setting max_relevance).",
        sub_reason="spam",
        signals=PROMOTION_SIGNALS,
        min_signals=2,
        count_links=True,
        score=0.75,
    ),
    _detector(
        "commerce",
        "Prize and offer signals together",
        "offer_signals",
        "Two different kinds of signal of a prize or offer message: a win or prize, a claim or "
        "sign-up, urgency, free offers and discounts, a short code or reply keyword to text (also "
        "written without a space), a premium-rate or free-phone number, message charges and "
        "terms (per minute too), money amounts, a sale or a business (a local shop, a grand "
        "opening, a quote), money-making lures, a way to reach the seller, an account or billing "
        "alert, a dating or chat line, or a service or product sold.",
        signals=OFFER_SIGNALS,
        min_signals=2,
        count_links=False,
        score=0.75,
    ),
    _detector(
        "confidential",
        "Payment card numbers",
        "card_numbers",
        "Credit and debit card numbers (13 to 19 digits, with or without spaces or dashes) "
        "whose check digit is valid, read with Microsoft Presidio's card recognizer. An order "
        "or tracking number is not flagged unless the words around it say it is a card.",
        score=0.95,
    ),
    _detector(
        "confidential",
        "Bank account numbers (IBAN)",
        "iban",
        "International bank account numbers whose checksum is valid (Presidio's IBAN recognizer).",
        score=0.9,
    ),
    _detector(
        "confidential",
        "IP addresses",
        "ip_addresses",
        "IPv4 and IPv6 addresses (Presidio's IP recognizer); software versions are not flagged.",
        score=0.6,
    ),
    _detector(
        "confidential",
        "Bank account and routing numbers",
        "bank_accounts",
        "Bank account numbers (8 to 17 digits, read with Presidio's US bank number "
        "recognizer) and routing numbers (9 digits with a valid check digit) right after "
        "words such as “account number” or “routing”.",
        score=0.85,
    ),
    _detector(
        "confidential",
        "Social Security numbers without dashes",
        "ssn_more",
        "Nine digits (with dots or spaces, or one digit at a time) right after words such as "
        "“SSN” or “social security”, when they form a valid number; other identity numbers "
        "right after the words that name them (passport, driver's licence, licence plate, "
        "medical record, member, insurance or tax ID); and dates of birth.",
        score=0.9,
    ),
    _detector(
        "confidential",
        "Phone numbers in other formats",
        "phone_numbers_more",
        "Phone numbers the US rule does not read: international (+44 20 …, 0049 …), "
        "national (07700 …, (02) …) and North American numbers of any area code written as "
        "phone numbers, and numbers spelt out in words (“five five five, two three four …”). "
        "The City's and public offices' lines, and toll-free and freephone numbers, are not "
        "flagged; ten bare digits count only after a word such as “call” or “number”.",
        allow=["7143791000"],
        score=0.7,
        fallback=True,
    ),
    _detector(
        "confidential",
        "Postal addresses",
        "postal_address",
        "A street address with a unit, a city and state or a ZIP code (read with usaddress), "
        "a P.O. box, a European street address, or a street address given as someone's home "
        "or a place to send things. An address given for a pothole, a public building or an "
        "event is not flagged.",
        score=0.8,
        fallback=True,
    ),
]

DEFAULT_RULES += SPAM_PII_RULES
