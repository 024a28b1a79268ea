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
    r"(?!\s+(?:an? )?(?:email|e-mail|message|note|text|line|dm|video|photo|picture|call)s?\b)"
)

THREAT_PATTERNS = [
    (
        "Stated intent to harm",
        rf"\b{_WE_WILL}\s+(?:\w+\s+)?{_HARM}\s+{_TARGET}\b",
        "A speaker saying they will kill, shoot, hurt, burn, bomb… a person or place.",
    ),
    (
        "You will pay / be sorry",
        r"\byou(?:'ll|ll| will| are going to|'re going to|re going to|'re gonna| gonna)\s+"
        r"(?:be sorry|regret (?:this|it)(?![ \w])|pay for (?:this|that|what you(?:'ve)? done|"
        r"what you did)(?![ \w])|get what's coming|get what is coming)",
        '"You\'ll be sorry", "you will pay for this" and similar.',
    ),
    (
        "Veiled threats",
        r"\b(?:watch (?:your|ur|yo) back|sleep with one eye open|your days are numbered|"
        r"i know where (?:you|u|he|she|they) (?:live|lives|sleep|sleeps|work|works)|"
        r"(?:you're|you are|youre|ur|he's|she's) (?:a )?(?:dead (?:man|meat)|next(?![ \w])|"
        r"gonna die|going to die))",
        '"Watch your back", "I know where you live", "you\'re next" and similar.',
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
    ),
    (
        "Calls for violence against a person",
        rf"\b(?:someone|somebody|they|people|we) (?:should|needs? to|ought to|oughta) "
        rf"(?:kill|shoot|lynch|stab|beat up|hurt|string up|put a bullet in|hang)\s+{_TARGET}|"
        r"\b(?:should|deserves? to|needs? to|ought to) (?:be )?(?:shot(?! down)|hanged|lynched|"
        r"strung up|gunned down|beaten to death)\b",
        "Saying someone should be shot, hanged, lynched…",
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
        )
        for name, pattern, description in THREAT_PATTERNS
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
        r"(?:mayor|council ?(?:member|man|woman)|city council|supervisor)(?!['\w])"
        r"|\bvote for \w+(?: \w+)? for (?:mayor|council|city council|school board|supervisor)\b)"
        # Not inside a question ("will they vote for the mayor's budget?").
        r"(?![^.!?\n]*\?)",
        "Urging a vote on any ballot measure (Measure X, Prop 12) or for or against a "
        "council seat or the mayor, even when it is not on the supervisors' list. A question "
        "(“will they vote for the mayor?”) is not flagged.",
        score=0.8,
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
