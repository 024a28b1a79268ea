"""The default flag rules, seeded by migration 0006 so supervisors can see and change them.

Lists are deliberately moderate in size and written for precision: a flag puts a comment in
front of a person, and criticism of the City is never a reason to remove anything. Mild words
("damn", "hell", "crap", "sucks", "stupid") are not listed: they are everyday criticism.

Each entry becomes one FlagRule (category code, sub-reason, name, kind, parameters,
public description). Terms are matched after normalisation (see normalize.py), so each list
holds plain spellings only; "f.u.c.k", "sh1t" and "fuuuck" are caught by normalisation.
"""

from __future__ import annotations

PROFANITY_WORDS = [
    "fuck",
    "fucks",
    "fucked",
    "fucker",
    "fuckers",
    "fucking",
    "fuckin",
    "fuckwit",
    "fuckface",
    "motherfucker",
    "motherfuckers",
    "motherfucking",
    "mf",
    "mofo",
    "fck",
    "fcking",
    "fuk",
    "fuking",
    "fvck",
    "phuck",
    "effing",
    "wtf",
    "stfu",
    "gtfo",
    "shit",
    "shits",
    "shitty",
    "shitting",
    "shithead",
    "shithole",
    "shitshow",
    "bullshit",
    "horseshit",
    "batshit",
    "bitch",
    "bitches",
    "bitching",
    "bitchy",
    "son of a bitch",
    "asshole",
    "assholes",
    "ass",
    "asses",
    "dumbass",
    "jackass",
    "smartass",
    "badass",
    "kiss my ass",
    "bastard",
    "bastards",
    "dickhead",
    "dickheads",
    "cunt",
    "cunts",
    "twat",
    "wanker",
    "cocksucker",
    "pussy",
    "douchebag",
    "piss off",
    "pissing",
    "goddamn",
    "goddamned",
    "scumbag",
    "f*ck",
    "f*cking",
    "sh*t",
    "b*tch",
]

# A short list of the most common English slurs across the protected characteristics (race,
# national origin, religion, sexual orientation, gender identity, disability). Plain spellings.
SLURS = [
    "nigger",
    "niggers",
    "nigga",
    "niggas",
    "coon",
    "coons",
    "jigaboo",
    "porch monkey",
    "sand nigger",
    "spic",
    "spics",
    "wetback",
    "wetbacks",
    "beaner",
    "beaners",
    "chink",
    "chinks",
    "gook",
    "gooks",
    "zipperhead",
    "raghead",
    "ragheads",
    "towelhead",
    "towelheads",
    "camel jockey",
    "kike",
    "kikes",
    "heeb",
    "faggot",
    "faggots",
    "fag",
    "fags",
    "dyke",
    "tranny",
    "trannies",
    "shemale",
    "retard",
    "retards",
    "retarded",
    "tard",
    "spaz",
    "wop",
    "dago",
    "n*gger",
    "n*ggers",
    "n*gga",
    "f*ggot",
    "f*ggots",
    "sp*c",
    "ch*nk",
]

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

SEXUAL_WORDS = [
    "porn",
    "porno",
    "pornography",
    "pornhub",
    "xxx",
    "nsfw",
    "nudes",
    "send nudes",
    "nude pics",
    "naked pics",
    "naked photos",
    "dick pic",
    "dick pics",
    "onlyfans",
    "only fans",
    "sex tape",
    "sex video",
    "sexting",
    "camgirl",
    "cam girls",
    "escort service",
    "escort services",
    "milf",
    "blowjob",
    "blow job",
    "handjob",
    "cumshot",
    "horny",
    "hentai",
    "erotic massage",
    "happy ending massage",
    "hot singles",
    "hookup tonight",
    "sugar daddy",
    "tits",
    "boobs",
]

ADULT_DOMAINS = [
    "pornhub.com",
    "xvideos.com",
    "xnxx.com",
    "xhamster.com",
    "redtube.com",
    "youporn.com",
    "onlyfans.com",
    "fansly.com",
    "chaturbate.com",
    "stripchat.com",
    "brazzers.com",
    "spankbang.com",
    "livejasmin.com",
    "bongacams.com",
    "cam4.com",
    "eporner.com",
    "motherless.com",
    "manyvids.com",
    "adultfriendfinder.com",
]

SHORTENER_DOMAINS = [
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "rb.gy",
    "buff.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "t.ly",
    "s.id",
    "v.gd",
    "rebrand.ly",
    "bl.ink",
    "lnkd.in",
    "shorte.st",
    "adf.ly",
    "linktr.ee",
]

SPAM_PHRASES = [
    "check out my channel",
    "check out my page",
    "check my channel",
    "check my page",
    "check out my profile",
    "visit my profile",
    "subscribe to my channel",
    "subscribe to my",
    "follow me on",
    "follow my page",
    "sub4sub",
    "follow for follow",
    "like and subscribe",
    "click the link in my bio",
    "link in my bio",
    "link in bio",
    "dm me to claim",
    "claim your prize",
    "you have won",
    "you've won",
    "congratulations you won",
    "free giveaway",
    "giveaway winner",
    "double your bitcoin",
    "double your money",
    "crypto investment",
    "bitcoin investment",
    "invest in crypto",
    "investment platform",
    "forex trading",
    "binary options",
    "send btc",
    "earn money from home",
    "work from home and earn",
    "make money fast",
    "earn 500 daily",
    "whatsapp me",
    "message me on whatsapp",
    "contact me on telegram",
    "telegram me",
    "recover your lost funds",
    "hacked account recovery",
    "cash app flip",
    "click here to win",
    "click here to claim",
    "win a free",
    "claim your free",
    "free iphone",
]

SALES_PHRASES = [
    "buy now",
    "shop now",
    "order now",
    "promo code",
    "discount code",
    "coupon code",
    "use my code",
    "use code",
    "dm me for prices",
    "dm me for price",
    "dm for prices",
    "dm me for details",
    "dm me for more info",
    "pm me for prices",
    "inbox me for",
    "free shipping",
    "limited time offer",
    "visit our store",
    "visit my store",
    "check out my shop",
    "check out my store",
    "my etsy",
    "my online store",
    "now hiring drivers",
    "we buy houses",
    "cash for your house",
    "free estimates",
    "free estimate",
    "call now",
    "book now",
    "get yours today",
    "off with code",
    "with promo code",
    "best prices",
    "call us today",
    "call us now",
    "selling my",
    "i'm selling",
    "we are selling",
]

SALES_SIGNALS = [
    "for sale",
    "discount",
    "discounts",
    "deal",
    "deals",
    "cheap",
    "prices",
    "pricing",
    "best rates",
    "dm me",
    "pm me",
    "inbox me",
    "hmu",
    "message me",
    "call me",
    "text me",
    "call or text",
    "affordable",
    "licensed and insured",
    "free consultation",
    "family owned",
    "in stock",
    "serving stanton",
    "serving orange county",
    "per hour",
    "per month",
]

SHOP_DOMAINS = [
    "etsy.com",
    "etsy.me",
    "myshopify.com",
    "shopify.com",
    "amzn.to",
    "amzn.com",
    "ebay.com",
    "ebay.to",
    "poshmark.com",
    "depop.com",
    "mercari.com",
    "gumroad.com",
    "teespring.com",
    "redbubble.com",
    "square.site",
    "bigcartel.com",
    "cash.app",
]

CAMPAIGN_SUBJECTS = [
    "Measure A",
    "Measure B",
    "Measure C",
    "Prop 36",
    "Proposition 36",
    "Prop 50",
    "Proposition 50",
    "Dana Whitfield",
    "Marco Ibarra",
    "Lorraine Tsai",
]

ADVOCACY_PHRASES = [
    "vote yes on",
    "vote no on",
    "vote yes",
    "vote no",
    "vote for",
    "vote against",
    "don't vote for",
    "do not vote for",
    "voting yes on",
    "voting no on",
    "i'm voting for",
    "im voting for",
    "i am voting for",
    "re-elect",
    "reelect",
    "elect",
    "recall",
    "yes on",
    "no on",
    "i support",
    "we support",
    "please support",
    "i oppose",
    "we oppose",
    "please oppose",
    "defeat",
    "kick out",
    "vote out",
    "vote them out",
    "endorse",
    "donate to",
    "campaign for",
    "volunteer for",
    "for mayor",
    "for council",
    "for city council",
]

STAFF_DIRECTORY = [
    "Maria Delgado",
    "Officer Delgado",
    "Kevin Okafor",
    "Director Okafor",
    "Priya Raman",
    "Thomas Nguyen",
    "Chief Nguyen",
    "Janet Holloway",
    "Rafael Ortiz",
]

PERSONNEL_PHRASES = [
    "was fired",
    "got fired",
    "been fired",
    "is being fired",
    "should be fired",
    "was terminated",
    "got terminated",
    "was disciplined",
    "got disciplined",
    "was suspended",
    "got suspended",
    "on administrative leave",
    "placed on leave",
    "put on leave",
    "was written up",
    "got written up",
    "performance review",
    "personnel file",
    "internal affairs investigation",
    "under investigation",
    "filed a grievance",
    "workers comp claim",
    "disciplinary action",
    "his salary",
    "her salary",
    "demoted",
]

PERSONAL_CUES = [
    "lives at",
    "lives on",
    "live at",
    "living at",
    "home address",
    "address is",
    "resides at",
    "his house",
    "her house",
    "their house",
    "his home",
    "her home",
    "their home",
    "where he lives",
    "where she lives",
    "where they live",
    "his address",
    "her address",
    "their address",
    "his kids",
    "her kids",
    "his wife",
    "her husband",
    "his car",
    "her car",
    "license plate",
    "phone number is",
    "cell number",
    "his number",
    "her number",
    "date of birth",
]

ENCOURAGEMENT_PHRASES = [
    "let's all go loot",
    "lets all go loot",
    "let's go loot",
    "lets go loot",
    "go loot",
    "loot the stores",
    "loot the store",
    "don't pay your water bill",
    "dont pay your water bill",
    "stop paying your water bill",
    "don't pay your taxes",
    "dont pay your taxes",
    "stop paying your taxes",
    "don't pay your parking tickets",
    "slash their tires",
    "slash his tires",
    "slash her tires",
    "key their cars",
    "smash their windows",
    "spray paint city hall",
    "vandalize city hall",
    "tear down the fence",
    "everyone go shoplift",
    "let's block the freeway",
    "lets block the freeway",
    "ignore the evacuation order",
    "run the checkpoint",
    "steal the signs",
    "dump it in the storm drain",
]

PUBLIC_SAFETY_PHRASES = [
    "gate code is",
    "door code is",
    "alarm code is",
    "lockbox code",
    "the key is under the mat",
    "the password to the city",
    "the password for the city",
    "password to the scada",
    "city wifi password",
    "admin password is",
    "scada login",
    "the back door is always unlocked",
    "water treatment plant login",
]

CITY_BUSINESS_TERMS = [
    "agenda",
    "agenda item",
    "council meeting",
    "closed session",
    "vote",
    "voting",
    "ordinance",
    "resolution",
    "budget",
    "contract",
    "zoning",
    "rezoning",
    "city manager",
    "planning commission",
    "item",
    "motion",
    "second the motion",
    "the project",
    "development",
    "permit",
    "measure",
]

THREAT_EXCLUDE = [
    "threatened to",
    "threatening to",
    "threatens to",
    "threat to",
    "accused of",
    "charged with",
    "arrested for",
    "convicted of",
    "suspected of",
    "was sentenced",
    "police say",
    "police said",
    "allegedly",
    "according to",
    "reported that",
    "headline",
    "the article",
    "the movie",
    "the game",
    "lyrics",
    "never",
    "would not",
    "wouldn't",
    "will not",
    "won't",
    "don't want to",
    "not going to",
    "not gonna",
    "no one should",
    "nobody should",
]
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
    r"\s+(?:an? )?(?:email|e-mail|message|note|text|line|dm|video|photo|picture|call)s?\b"
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

MORE_PROFANITY_WORDS = [
    "fcuk",
    "fcuking",
    "fukin",
    "fukn",
    "fking",
    "fkn",
    "fkin",
    "effin",
    "phucking",
    "biatch",
    "biotch",
    "dipshit",
    "dipshits",
    "shitbag",
    "shitstain",
    "dumbfuck",
    "clusterfuck",
    "fuckery",
    "dickwad",
    "suck my dick",
    "suck my d*ck",
    "suck my balls",
    "eat shit",
    "bullsh*t",
    "pr*ck",
    "prick",
    "pricks",
]

MORE_SLURS = [
    "muzzie",
    "muzzies",
    "muzzrat",
    "homos",
    "chinaman",
    "paki",
    "pakis",
    "japs",
    "sand monkey",
    "sand monkeys",
    "shitskin",
    "shitskins",
    "dune coon",
    "towel head",
    "rag head",
    "trannys",
    "troon",
    "troons",
    "libtard",
]

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
    "kill": r" (?:with kindness|a (?:line|message|note|text|letter|email))",
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
        r"|\b(?:die in a (?:fire|hole|ditch)|drop dead)\b",
        '"You deserve to die", "I hope you die", "hope you get cancer and die" and similar.',
        {"die": " down| out| off", "shot": " down", "got_shot": " down"},
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
        r"(?:i|we)(?:'ll| will|ll) be waiting for (?:you|u|ya)(?P<waiting>)|"
        r"(?:you|u)(?:'ll|ll| will| are gonna| gonna|'re gonna|re gonna) get yours|"
        r"(?:someone|somebody|some1|people)(?:'s| is|s)? (?:gonna|going to) get (?:shot|stabbed|"
        r"murdered|capped)(?P<shot>))",
        '"You won\'t see it coming", "your family isn\'t safe", "we know where your kids go '
        'to school", "someone is going to get shot".',
        {
            "safe": r"[^.!?\n]{0,40}\b(?:crossing|walking|street|road|park|school|intersection|"
            r"traffic|sidewalk|playground|neighborhood|at|in|on|near|from|with|driving|because|"
            r"since|until|unless|if)\b",
            "waiting": r" at the (?:meeting|polls|ballot)",
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

MORE_SPAM_PHRASES = [
    "work from home and make",
    "earn from home",
    "make money online",
    "earn money online",
    "making money online",
    "passive income",
    "no experience needed",
    "no experience required",
    "dm me to learn how",
    "message me to learn how",
    "ask me how",
    "investment tips",
    "trading bot",
    "trading signals",
    "crypto giveaway",
    "bitcoin giveaway",
    "btc giveaway",
    "eth giveaway",
    "iphone giveaway",
    "send eth",
    "receive double",
    "get double back",
    "you've been selected",
    "you have been selected",
    "claim your reward",
    "gift card claim",
    "claim it now",
    "cheap followers",
    "buy followers",
    "free followers",
    "fix your credit",
    "credit repair",
    "bad credit ok",
    "fast approval",
    "payday loan",
    "get paid to",
    "paid surveys",
    "follow my insta",
    "follow my ig",
    "follow me on ig",
    "follow me on insta",
    "check out my insta",
    "follow my tiktok",
    "check out my tiktok",
    "spell caster",
    "bring back your ex",
    "singles in your area",
    "sugar mommy",
    "financial freedom",
    "be your own boss",
]

MORE_SEXUAL_WORDS = [
    "live cam",
    "live cams",
    "cam show",
    "cam girl",
    "sex chat",
    "sexy girls",
    "sexy singles",
    "hot girls",
    "hot moms",
    "lonely housewives",
    "local girls",
    "meet girls",
    "hookups",
    "casual sex",
    "sex tonight",
    "want sex",
    "watch me strip",
    "strip show",
    "adult chat",
    "dirty chat",
    "nude",
    "nude photos",
    "18+ videos",
    "xxx videos",
    "free porn",
]

# A resident describing a page ("the website says click here") is not advertising.
SPAM_EXCLUDE = [
    "says",
    "said",
    "website",
    "the site",
    "city site",
    "the page",
    "web page",
    "webpage",
    "portal",
    "button",
    "tried",
    "when i",
    "if i",
    "i clicked",
    "i click",
    "how do i",
    "where do i",
]

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
        "Phrases that advertise or sell: for sale, buy now, promo code, DM me for prices…",
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
        "Email addresses, except the City's own.",
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
        "followers, credit repair, follow my Insta.",
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

# Categories the flagger never raises: they need a person's judgment (the public page says so).
HUMAN_ONLY_CATEGORIES = ["copyright", "illegal_conduct", "unlawful", "unprotected_speech"]


def default_rules_install(apps) -> int:
    """Create the default rules that do not exist yet (by category and name). Used by the data
    migration, and by tests that flush the database. Returns how many were created."""
    FlagRule = apps.get_model("moderation", "FlagRule")
    PolicyCategory = apps.get_model("moderation", "PolicyCategory")
    categories = {c.code: c for c in PolicyCategory.objects.all()}
    created = 0
    for data in DEFAULT_RULES:
        category = categories.get(data["category"])
        if category is None:
            continue
        _, was_created = FlagRule.objects.get_or_create(
            category=category,
            name=data["name"],
            defaults={k: v for k, v in data.items() if k not in ("category", "name")},
        )
        created += was_created
    return created


def default_patterns_upgrade(apps, previous: list[dict]) -> int:
    """Give the default pattern rules installed before the move to RE2 their RE2 form.

    `previous` lists those rules' parameters as migrations 0006-0008 installed them. A rule is
    upgraded only while its parameters are still exactly those (a supervisor's edit is never
    overwritten; an edited rule RE2 cannot run is skipped by the classifier, logged, and
    marked on the rules page for a supervisor to rewrite). Each upgrade is written to the
    audit log. Returns how many were upgraded."""
    from django.utils import timezone

    from audit.services import audit_record

    FlagRule = apps.get_model("moderation", "FlagRule")
    current = {(r["category"], r["name"]): r["parameters"] for r in DEFAULT_RULES}
    upgraded = 0
    for old in previous:
        new = current.get((old["category"], old["name"]))
        rule = FlagRule.objects.filter(
            category__code=old["category"], name=old["name"], kind="regex"
        ).first()
        if new is None or rule is None or rule.parameters != old["parameters"]:
            continue
        rule.parameters = new
        rule.updated_at = timezone.now()
        rule.save(update_fields=["parameters", "updated_at"])
        audit_record(
            actor=None,
            verb="flag_rule.updated",
            target_type="moderation.flagrule",
            target_id=rule.pk,
            data={
                "name": rule.name,
                "changes": {"parameters": [old["parameters"], new]},
                "reason": "Patterns now run on RE2 (linear-time matching): look-aheads became "
                "named groups checked through “not_followed_by”.",
            },
        )
        upgraded += 1
    return upgraded
