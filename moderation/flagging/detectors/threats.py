"""Threats and calls to violence, read as a TARGET plus a HARM word plus a FRAMING in one
sentence, in any tense, mood or voice:

- harm: a verb of violence in any form (kill, kills, killed, killing; shot; hung) or a phrase
  of violence ("a bullet", "body bag", "against a wall"), or a death wish ("die", "rot");
- target: a person, a group of people or a place people gather (the threat_targets list) —
  "kill the lights", "shoot me an email" and "kill this proposal" have none;
- framing: the speaker's intent ("I'll", "we're gonna", "I'd love to"), a should ("should be
  shot", "deserve to die", "needs a bullet"), a wish ("I hope you get hit by a bus"), an order
  ("hang them all", "gas them"), or a prediction aimed at the reader ("you're gonna get shot").

Not counted: a negation just before the harm word ("I would never hurt"), and sentences that
report, quote or condemn violence ("police said the suspect shot…", "anyone who says they
should be shot is a monster"). Praise of an attack ("the shooter is a hero") is a threat too.
With the profanity model's probability at or above the rule's `offensive_threshold`, a harm
verb aimed at a target flags without a framing ("stab u bitch").
"""

from __future__ import annotations

import re
from functools import lru_cache

import re2

from moderation.flagging.detectors.phrases import (
    Lexicon,
    Sentence,
    original_ranges,
    quoted,
    sentences_of,
    word_set,
)
from moderation.flagging.detectors.profanity import offensiveness
from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate

FIRST_PERSON = word_set(
    "i we im i'm ima imma i'ma ill i'll we'll well we're i'd id we'd lets let me us"
)
# Contractions that carry the intent themselves ("I'll", "imma", "I'd"); a sentence that
# starts "gonna …" has its "I" left out.
FIRST_PERSON_INTENT = word_set("ima imma i'ma ill i'll we'll i'd id we'd lets let")
OPENING_INTENT = frozenset(["gonna", "finna", "tryna", "going"])
INTENT = word_set(
    "will shall gonna going finna about wanna want wants would like love plan planning "
    "ready gotta bringing coming cant can't wait am"
)
MODAL = word_set(
    "should shoulda must need needs needed ought oughta deserve deserves deserved gotta "
    "better has have needa solution answer asking "
    # as strangers spell them
    "shoud shud shuld shld sould shoudl shoul shouldve should've deserv deserve's desrve "
    "dserve neeed neds ned"
)
WISH = word_set(
    "hope hoping hopefully hopes wish wishing wishes pray praying prays want wanna wanted "
    "dream love fantasize fantasise fantasizing fantasising imagining wished hopin "
    "prayin wishin luv"
)
# Watching it done, wanted ("I'd pay good money to see that judge get lynched", "I wanna see
# every one of those cops burned alive"): with intent or a wish, a harm done to a target.
SPECTATE = word_set("see watch seeing watching")
PASSIVE = word_set("be get gets got getting been being is are was were")
ADVERB = word_set(
    "all just publicly immediately slowly painfully brutally really finally properly literally each"
)
NEGATION = word_set(
    "not never dont don't wont won't wouldnt wouldn't shouldnt shouldn't cannot no nobody noone "
    "doesnt doesn't didnt didn't isnt isn't arent aren't"
)
NOBODY = ("no one", "nobody", "noone", "no body")
SOMEONE = word_set("someone somebody some1 sombody")
READER = word_set("you u ya yall y'all ur you're youre he she they they're")
FUTURE = word_set("gonna going will gon finna you'll youll ll he'll she'll they'll")
# Animals a verb of violence may be aimed at without a threat ("exterminate the rats").
PESTS = word_set(
    "rats rat mice mouse roaches cockroaches termites bugs pests weeds gophers squirrels "
    "pigeons ants wasps bees flies mosquitoes coyotes raccoons snails lice fleas it this that "
    "hornets hornet spiders spider snakes snake mosquitos ticks moths slugs aphids germs "
    "bacteria virus viruses"
)
# Food, songs and chores a verb only ever done to people is said of in jest ("I'm gonna
# murder this burrito", "she slaughtered that song"): not a person.
JEST_OBJECTS = word_set(
    "burrito burritos taco tacos pizza burger burgers sandwich food plate meal meals dinner "
    "lunch breakfast steak wings fries dessert cake buffet song songs solo performance set "
    "exam test workout gym lawn weeds homework karaoke dance stage beat track cover"
)
# Targets too vague for an offensive comment's harm verb to flag without a framing
# ("that pothole is gonna kill someone").
GENERIC = word_set(
    "someone somebody anyone anybody everyone everybody people ppl folks whoever person "
    "kids children kid child family drivers"
)
# The reader or a named person: the targets of "deport them or shoot them".
DIRECT = word_set("you u ya yall y'all him her them em ur")
# Messages, not harm: "shoot the council an email", "hit you up with a text".
MESSAGE = word_set("email e-mail message note text line dm call letter")
# Words that may stand between a harm verb and its target ("kill all the …", "punch that
# smug …"); a preposition ends the search ("kill the lights for everyone").
FILLER = word_set(
    "the that this those these all every each of a an my your ur yo his their our its "
    "whole entire damn fucking fuckin f*cking stupid little next last single one ones "
    "ever local corrupt dirty filthy lying sorry same other few more rest"
)
STOP = word_set(
    "for with to at in on from about by because when if while after before than like as "
    "into and or but so out off up until till unless whenever where who which"
)
# Idioms a harm verb forms with the word after it ("hang out with them", "hit them up").
# "I'll shoot you an email", "hit me with a text", "fire off a note": sending, not harm.
SENDING_VERBS = word_set("shoot shoots shooting shot fire fires fired firing hit hits")
SENT_THINGS = word_set(
    "email e-mail mail message msg text txt note line dm pm invite invitation link reply "
    "call request quote question copy pic picture photo photos video update updates"
)
MESSAGE_FILLER = word_set("you u me him her them us off over a an the quick short")


def _sends_a_message(word: str, words: list[str], end: int) -> bool:
    """The verb sends something: up to three filler words ("you an", "off a quick") and then a
    message, a link or a picture."""
    if word not in SENDING_VERBS:
        return False
    for following in words[end : end + 4]:
        if following in SENT_THINGS:
            return True
        if following not in MESSAGE_FILLER:
            return False
    return False


NOT_HARM_AFTER = {
    "hang": word_set("out with around on in up tight loose"),
    "hanging": {"out", "with", "around", "on", "in", "up"},
    "hung": {"out", "with", "around", "up"},
    "kill": {"time", "it"},
    # "ban gas leaf blowers", "gas prices", "gas stoves": the fuel, not an order to gas people.
    "gas": word_set(
        "leaf blowers blower mowers mower stoves stove station stations prices price tax taxes "
        "powered cars car engines appliances pumps pump leak leaks line lines can cans tank "
        "tanks up bill bills company companies money"
    ),
    "hit": {"up", "the"},
    "shoot": {"for", "me"},
    "cut": {"off", "the", "back", "down", "out", "ties"},
    "break": {"up", "the", "down", "it", "ground", "even"},
    "beat": {"the"},
    "end": {"up", "of", "the"},
    "jump": {"in", "on", "at", "into", "up"},
    "choke": {"under", "on", "up", "back"},
    "chokes": {"under", "on", "up"},
    "die": {"laughing", "happy", "trying", "down", "out", "off", "young", "of"},
    "dying": {"laughing", "to", "down", "of"},
    # "dead" said of a thing, not wished on a person ("a dead tree", "the dead battery").
    "dead": word_set(
        "tree trees branch branches palm palms grass lawn leaves plants weeds bush bushes "
        "battery batteries phone end ends zone zones spot spots light lights streetlight "
        "bird birds animal animals cat cats dog dogs raccoon possum squirrel rat rats fish "
        "skunk deer coyote mall mouse line lines wood serious center silent quiet"
    ),
}
# Verbs that are violent only with a phrase of violence after their target ("throw them off
# the pier", "push him in front of a train", "feed them to the sharks", "snap his neck").
NEEDS_PHRASE = word_set(
    "throw throws threw thrown throwing push pushed pushes pushing feed snap snapped lock locked"
)
WISH_CLAUSE = re.compile(
    r"\b(?:would(?:n't| not)? be (?:nice|great|awesome|good|funny) if|(?:would(?:n't|nt| not)|"
    r"won't|wont) (?:cry|mind|complain|be sad) if|would love it if|(?:i'd|id|i would) laugh if|"
    r"(?:world|we|city|town) (?:would|'d) be better(?: off)? if|better off dead|"
    r"(?:would|it'd|itd) be (?:so |too |really )?easy to|"
    r"can't wait (?:for|until|till|til) (?:someone|somebody))\b"
)
LEAD = word_set(
    "just go now and then so please pls plz yes ok yeah someone somebody lets let guys people "
    "everyone y'all yall we must gotta simply time to i say vote hell fucking fuckin honestly "
    "seriously literally somebody pls"
)
# "break his legs", "snap your neck": the body part names its own target.
POSSESSIVE_BODY = word_set("his your her their ur")
BODY_HARM = word_set(
    "break snap smash crack bust cut slit rip cave kick bash breaking snapping smashing busting"
)
# What may follow a death foretold to the reader ("you're gonna burn, count on it", "ur gonna
# die tonight"); "you'll burn out", "you'll die of boredom" are not threats.
PREDICTED_END = frozenset(
    ["", "count", "tonight", "soon", "slowly", "alive", "like", "bitch", "for"]
)
# The reader right after a harm verb ("stab u", "i kill you"), whatever the framing, unless a
# thing does it ("this heat will kill you", "the rent is killing us").
READER_OBJECT = word_set("you u ya yall y'all")
THING_SUBJECT = word_set(
    "this that it it'll itll it's its these those heat traffic prices price rent taxes tax "
    "bill bills food stress commute drive line lines wait cold weather sun smoking sugar "
    "fees fee costs cost city potholes road roads intersection drivers boredom meeting"
)
# Someone else's intent against the reader ("my brother will kill you", "my boys gonna
# jump u"): a person, then a future, then the verb; "this heat will kill you" has no person.
THIRD_PARTY = word_set(
    "he she they we brother brothers boys cousin cousins dad father uncle friends homies "
    "guys people someone somebody crew gang husband boyfriend son sons"
)
THIRD_PARTY_FUTURE = word_set("will gonna gon finna going 'll he'll she'll they'll")
# Harm verbs that open a sentence as an exclamation ("Shoot, I forgot", "Damn, …").
EXCLAIMED = word_set("shoot shoots")
EXCLAMATION = re.compile(r"\W*shoots?\s*[,!.:;-]")
# What one chokes on when the choking is harm ("choke on his own blood").
CHOKED_ON = word_set("own blood vomit tongue teeth")
# Orders whose second verb is the harm ("tie him to a chair and beat him", "grab him and
# stab him"): the first verb opens the sentence.
OPENING_ORDERS = word_set(
    "tie grab drag take round line get go find catch hunt pull lock strip chain hold pin "
    "corner jump follow wait track"
)
# Orders that start a sentence of violence ("put them against a wall", "line them up…").
ORDER_VERBS = word_set("put line send take drag string give")
# Verbs whose particle comes after the target ("run you over", "beat him up", "take them out").
PARTICLE_AFTER_TARGET = {
    "run": "over down off",
    "runs": "over down off",
    "ran": "over down off",
    "running": "over down off",
    "beat": "up",
    "beating": "up",
    "take": "out",
    "took": "out",
    "taking": "out",
    "blow": "up",
    "gun": "down",
    "string": "up",
    "wipe": "out",
    "rough": "up",
    "mess": "up",
    "messing": "up",
    "fuck": "up",
    "light": "up",
    "smoke": "out",
    "put": "down",
    "hunt": "down",
    "track": "down",
    "make": "bleed suffer die hurt disappear",
}
VEILED = re.compile(
    r"\baccidents (?:happen|can happen) to (?:people like you|you|those who)\b"
    r"|\bi know where (?:you|u|ya|he|she|they|your (?:kids?|family|wife|husband|mom)) "
    r"(?:live|lives|sleep|sleeps|work|works|park|parks|go to school|goes to school)\b"
    r"|\b(?:make sure|see to it that) (?:you|u|ya|he|she|they) (?:never|dont|don't|cant|can't"
    r"|won't|wont) (?:walk|see|breathe|talk|speak|wake up|work)(?: again)?\b"
    r"|\b(?:you|u|he|she|they)(?:'re| are| r|re)? (?:a )?dead (?:man|men|meat|woman|m8|mate|bro"
    r"|boy)\b"
    r"|\b(?:your|ur|his|her|their) days are numbered\b"
    r"|\bsleep with one eye open\b"
    r"|\b(?:you|u|ya|he|she|they)(?:'ll| will|ll| gonna| are gonna|'re gonna| might| could)? "
    r"end up (?:in a (?:body bag|coffin|box)|in the morgue|six feet under)\b"
    r"|\bteach (?:you|u|him|her|them|that \w+|this \w+|the \w+) a lesson (?:you|u|he|she|they)"
    r"(?:'ll| will|ll)? (?:won't|wont|will not|never) forget\b"
    # Calls to arms: incitement with no harm verb.
    r"|\b(?:take up arms|(?:bring|grab) (?:your|ur|the) (?:guns|weapons|rifles|pitchforks"
    r"|torches)(?!\s+(?:to|for|in|into|and drop)\b)|lock and load)\b"
    r"|\b(?:won't|wont|will not|isn't|isnt|aren't|arent) (?:gonna |going to )?(?:make it|get|walk) "
    r"(?:out|home|away) alive\b"
    r"|\b(?:you|u)(?:'ll| will|ll| are going to| r gonna|'re gonna| gonna) (?:get|see) "
    r"what'?s coming(?: to (?:you|u))?\b"
    # A few Spanish shapes ("te voy a matar", "ojala te mueras"), as written by bilingual
    # commenters.
    r"|\b(?:te|lo|la|los|las|les) (?:voy|vamos|van|va) a (?:matar|quemar|golpear|partir la"
    r"|romper la|disparar|balear|apunalar|ahorcar)\b"
    r"|\bte (?:mato|matare|matamos|voy a dar un tiro)\b"
    r"|\bojala (?:te mueras|se mueran|te maten|lo maten|la maten|los maten)\b"
    r"|\b(?:would|it'd|itd) be a (?:real |awful |terrible )?(?:shame|pity) if (?:something|"
    r"anything|your|you|ur|he|she|they|someone|somebody)\b"
    # Veiled and conditional threats with no harm word (issue 11): the harm is implied by a
    # consequence aimed at the reader ("keep talking and see what happens", "you won't be
    # smiling much longer", "i'd hate for something to happen to your family").
    r"|\b(?:i'd|id|i would|we'd|we would) hate (?:for|if|to see) (?:something|anything)"
    r"(?: bad| terrible| unfortunate)? (?:to )?happen"
    r"|\bkeep (?:talking|it up|pushing|running your mouth|running ur mouth|this up) "
    r"(?:and|n|&) (?:see what happens|(?:you|u)(?:'ll| will|ll| are gonna|'re gonna| gonna) "
    r"(?:regret it|find out|end up (?:hurt|dead|in)|get hurt|get what|pay for it))\b"
    r"|\b(?:you|u|he|she|they)(?:'re| are| r)? (?:won't|wont|will not|not gonna|aren't gonna) "
    r"be (?:smiling|laughing|talking|around|here|breathing|walking) (?:much |for (?:much )?)?"
    r"(?:longer|long)\b"
    r"|\b(?:enjoy|hope you enjoy|hope u enjoy) (?:your|ur) last (?:christmas|birthday|day|days|"
    r"week|summer|holiday|thanksgiving|meal|breath)s?\b"
    r"|\b(?:no|any) idea what (?:i'm|im|i am|we're|were|we are) capable of\b"
    r"|\bnext time it (?:won't|wont|will not) (?:be|just be) (?:words|a warning|a letter|"
    r"a comment|talk)\b"
    r"|\b(?:counting (?:down )?the days|can't wait|cant wait) (?:until|till|til) (?:you|u|he|she|"
    r"they) (?:disappear|die|drop dead|are gone|stop breathing)\b"
    r"|\bmay (?:you|u|he|she|they) (?:choke|rot|burn|die|suffer|bleed)\b"
    r"|\b(?:people like you|you|u|he|she|they)(?:'ll| will|ll| gonna| are gonna|'re gonna| might"
    r"| could)? (?:end|ends) up (?:in a ditch|in the (?:hospital|er|icu|ground|river|grave)|"
    r"in a (?:wheelchair|grave|ditch)|dead|missing)\b"
    r"|\bcome alone\b"
    r"|\bmake (?:your|ur|his|her|their) (?:life|lives) (?:a )?(?:living )?(?:hell|nightmare)\b"
    r"|\b(?:you|u)(?:'ll| will|ll)? (?:won't|wont|never|will never) (?:even )?(?:feel|be) safe"
    r"(?: again)?(?: at home| in your (?:own )?(?:home|house|bed))\b"
    r"|\b(?:if i|when i) (?:ever )?(?:see|catch|find|run into) (?:you|u|him|her|them)\b"
    r"[^.!?\n]{0,40}\b(?:you're|youre|ur|you are|u r|he's|hes|she's|shes|they're|theyre) "
    r"(?:so )?(?:done|finished|dead|gone|toast)\b"
    r"|\b(?:gonna|going to|will|we'll|i'll|about to) pay (?:you|u|him|her|them|your \w+) a "
    r"(?:little |surprise |late night )?visit(?: (?:tonight|soon|at home|when you least expect))?"
    r"(?:\s*[.!]|$)"
    r"|\blet'?s see how (?:brave|tough|big|bad|funny) (?:you|u) are when\b"
    r"|\b(?:sleep tight|sweet dreams)[,.! ]+(?:i'm|im|i am|we're|we are) watching (?:you|u)\b"
    r"|\b(?:last|final) warning[.!]"
    r"|\b(?:i'll|ill|i will) be the one (?:to|who) (?:give|gives|do|does|make|makes|end|"
    r"deliver)s? (?:it|you|u)\b"
    r"|\b(?:someone|somebody|some1)(?:'s| is)? (?:gonna|going to) get hurt\b[^.!?\n]{0,20}"
    r"\b(?:it'?s|it is|its) (?:gonna|going to) be (?:you|u)\b"
    r"|\b(?:get|deserves? to get|needs? to get|gonna get|should get|will get|'ll get) "
    r"(?:his|her|their|your|ur|them|him) (?:head|face|teeth|skull|jaw|legs?|arms?|neck|ribs|"
    r"knees?|kneecaps?|nose) (?:kicked|bashed|smashed|caved|knocked|broken|busted|snapped|"
    r"beaten|cracked|blown|ripped)(?: in| out| off| open)?\b"
    r"|\b(?:you'd|youd|you had|u better|you better|ya better) (?:better )?watch (?:yourself|"
    r"ur back|your back|your mouth|ur mouth|it)\s*(?:[.!]|$)"
    r"|\b(?:got|have|i've got) (?:something|a surprise|a present) for (?:you|u|ya) when "
    r"(?:you|u) (?:come|step|get) (?:outside|out|home)\b"
    r"|\b(?:i'll|ill|i will|we'll|we will|i'm|im) (?:be )?waiting (?:for (?:you|u) (?:outside|"
    r"in the parking lot|at your (?:house|door|car|home|office)|by your (?:car|house)|after the"
    r" meeting)|(?:outside|in the parking lot) for (?:you|u)|outside (?:your|ur) (?:house|home|"
    r"door|office|work|school))\b"
    r"|\bwait (?:till|until|til|'til) (?:i|we) (?:catch|get|find|see) (?:you|u|him|her|them)"
    r"(?: alone| outside| after)?\b"
    r"|\b(?:there will be|there'll be|there's gonna be) blood\s*(?:[.!,]|$|if\b|when\b)"
    r"|\bblood will (?:be )?"
    r"(?:spilled|shed|spill|flow)\b"
    r"|\bif i (?:were|was) (?:you|u),? (?:i'd|id|i would) (?:stop talking|shut up|shut (?:your|"
    r"ur) mouth|keep (?:your|ur) mouth shut|watch (?:your|ur) back|leave town|watch (?:it|"
    r"yourself)|be careful)\b"
    r"|\ba bullet in (?:his|her|their|your|ur|him|them|you|u|that|the)\b"
    r"|\b(?:one|a single|just one) bullet (?:is all it takes|would (?:fix|solve|do it))\b"
    r"|\b(?:i'll|ill|i will|gonna|going to|we'll|we will|someone should|somebody should|"
    r"should|let's|lets|i'd|i would|wanna) (?:\w+ )?(?:key|slash|torch|smash|set fire to|"
    r"firebomb|burn down|blow up|shoot up) (?:your|ur|his|her|their) (?:car|cars|truck|tires|"
    r"tyres|house|home|windows|office|shop|store|place)\b"
    r"|\bset (?:your|ur|his|her|their) (?:car|truck|house|home|office|shop|store|place) "
    r"(?:on fire|alight|ablaze)\b"
    r"|\b(?:pay|hire|paying|hiring) (?:someone|somebody|a guy|people) to (?:take care of|"
    r"deal with|handle|get rid of|take out|hurt|beat up|rough up) (?:him|her|them|you|u|that)\b"
    r"|\b(?:gun|guns|rifle|shotgun|pistol|knife|weapon|ar-?15|glock|piece)\b[^.!?\n]{0,30}"
    r"\bknow how to use (?:it|them|one)\b"
    r"|\b(?:show up|come|coming|turn up|walk in) (?:there |here |to \w+ )?with (?:my|a|his|our) "
    r"(?:gun|rifle|shotgun|pistol|glock|ar-?15|ak|ak-47|weapon|piece|knife|machete|bat)\b"
    r"|\b(?:you're|youre|ur|you are|u r|he's|hes|she's|shes|they're|theyre) (?:so |real |"
    r"really )?lucky (?:that )?(?:i'm not|im not|i am not|i wasn't|i was not|i didn't|we're not"
    r"|i can't|i cant)\b"
    r"|\bif (?:he|she|they|you|u) (?:ever )?(?:shows? up|comes? back|comes? (?:around|here)"
    r"|tries? (?:that|it))\b[^.!?\n]{0,30}\b(?:getting hurt|gets? hurt|(?:will|'ll|ll) get hurt"
    r"|(?:is|are|'s|'re) (?:done|dead|finished))\b"
    r"|\b(?:don't|dont|do not) make me (?:come (?:over |down )?there|hurt (?:you|u)|find (?:you|u)"
    r"|come for (?:you|u)|do something (?:you|u)(?:'ll| will)? regret)\b"
    r"|\bor (?:i'll|ill|i will|we'll|we will) (?:shut (?:you|u) up|make (?:you|u) (?:pay|regret|"
    r"suffer|bleed)|hurt (?:you|u)|find (?:you|u)|end (?:you|u)|deal with (?:you|u))\b"
    r"|\b(?:hope|wish|pray) (?:that )?(?:your|ur|his|her|their) (?:house|home|car|office|shop|"
    r"store|place|business)s? (?:gets?|is|are|get) (?:broken into|burned|burnt|burned down|"
    r"robbed|vandali[sz]ed|torched|destroyed|wrecked|blown up|firebombed)\b"
    # Threats in strangers' words (issue 11, third pass): "ur dead when i find u", "we're
    # coming for you", "count your days", "you'll be found in a ditch", "ur getting your ass
    # beat", "wait until you're alone", "grab a rope, it's time".
    r"|\b(?:you're|youre|ur|you are|u r|ya|he's|hes|she's|shes|they're|theyre|you|u) (?:so |"
    r"fucking |fuckin |)dead when (?:i|we) (?:find|catch|see|get(?: to| a hold of)?) "
    r"(?:you|u|ya|him|her|them)\b"
    r"|\b(?:we're|we are|were|i'm|im|i am|they're|theyre) (?:coming|comin) for (?:you|u|ya|him|"
    r"her|them|your (?:family|kids|head|life)|ur (?:family|kids|head|life))\b"
    r"(?!\s+(?:in|at|on|with|this) (?:november|the polls|the ballot|the election|election|"
    r"votes?|the vote))"
    r"|\bcount (?:your|ur|his|her|their) days\b"
    r"|\b(?:we'll|we will|well|i'll|ill|i will|we're gonna|were gonna|i'm gonna|im gonna) find "
    r"(?:you|u|ya)(?=\s*[,.!]|\s*$| (?:and|soon|eventually|wherever|one day))"
    r"|\bsleep with (?:your|ur|the) lights on\b"
    r"|\bsharpening (?:my|the|a|our) (?:knife|knives|blade|blades|machete|axe)\b[^.!?\n]{0,30}"
    r"\b(?:for|protest|meeting|council|you|them|him|her)\b"
    r"|\b(?:i'm|im|i am|i'll|ill|i will|gonna|going to|we'll|we will|we're|were)\b[^.!?\n]{0,20}"
    r"\bfind (?:out )?where (?:you|u|he|she|they) (?:live|lives|sleep|sleeps)\b"
    r"|\b(?:someone|somebody|some1|i'll|ill|i will|i'm gonna|im gonna|i'm going to|im going to|"
    r"we should|we need to|gonna|should)\b[^.!?\n]{0,50}\b(?:start|open) (?:shooting|stabbing|"
    r"killing|firing)\b"
    r"|\b(?:is|are|'s|'re) (?:gonna|going to) get what'?s coming (?:to (?:him|her|them|you|u))\b"
    r"|\bthe only (?:thing|language) (?:\w+ ){0,3}(?:understand|understands|respect|respects) "
    r"is (?:a |the )?(?:bullet|bullets|violence|force|a rope|the rope|a beating|fists?|guns?)\b"
    r"|\b(?:should|let's|lets|we'll|we will|i'll|gonna|everyone|everybody|y'all|yall) (?:all )?"
    r"(?:go|come|show up|turn up)\b[^.!?\n]{0,30}\barmed\b"
    r"|\b(?:better|best) (?:run|hide)(?: and hide)? when (?:you|u|ya) see (?:me|us)\b"
    r"|\b(?:i'm|im|i am|we're|we are|were) (?:right |standing |parked |waiting )?outside "
    r"(?:your|ur) (?:house|home|door|window|work|office|place|apartment|school)"
    r"(?= right now| tonight|\s*[.!]|\s*$)"
    r"|\b(?:pray|hope|better hope|better pray) (?:that )?(?:i|we) (?:don't|dont|never|do not) "
    r"(?:find|catch|see|meet|run into) (?:you|u)\b"
    r"|\bpoison (?:his|her|their|your|ur) (?:coffee|drink|drinks|food|water|tea|meal|lunch|"
    r"dinner|wine|beer)\b"
    r"|\b(?:you|u)(?:'re| are| r)? (?:going to|gonna|will|'ll|ll) (?:wake up|come home|get home)"
    r"\b[^.!?\n]{0,40}\b(?:on fire|in flames|burn(?:ed|t|ing)? (?:down|to the ground))"
    r"|\b(?:you|u|he|she|they)(?:'ll| will|ll)? (?:won't|wont|will not|are not gonna|aren't gonna"
    r"|not gonna) live (?:to see|much longer|long enough|past)\b"
    r"|\b(?:make|making) (?:you|u|him|her|them) wish (?:you|u|he|she|they) (?:were|was|had) "
    r"(?:never been born|never born|dead)\b"
    r"|\b(?:wiped|wipe|wiping|wipes) (?:\w+ )?off the (?:face of the )?(?:earth|planet|map)\b"
    r"|\bslap the (?:taste|teeth|shit|spit) out (?:of )?(?:your|ur|his|her|their) mouths?\b"
    r"|\b(?:you|u|he|she|they|people like you)(?:'ll| will|ll| gonna| are gonna|'re gonna| might|"
    r" could)? be found (?:dead|floating|in (?:a|the) (?:ditch|river|dumpster|trunk|woods|"
    r"canal|lake))\b"
    r"|\b(?:you're|youre|ur|you are|u r|he's|hes|she's|shes|they're|theyre) (?:getting|gonna get"
    r"|going to get|about to get|gon get) (?:your|ur|his|her|their|yo) (?:ass|asses|butt|face|"
    r"head) (?:beat|beaten|kicked|whooped|whupped|handed|smashed|bashed) ?(?:in)?\b"
    r"|\bwait (?:till|until|til|'til) (?:you're|youre|ur|you are|u r|he's|she's|they're) alone\b"
    r"|\b(?:grab|get|bring|fetch) (?:a|the|some|your) (?:rope|ropes|noose|nooses)\b[,.!;: ]+"
    r"(?:it's|its|it is) time\b"
    r"|\b(?:you|u)(?:'ll| will|ll)? (?:regret|be sorry for) (?:this|that|it|ever|the day)\b"
    r"(?!\s+(?:when|if|vote|voting|decision|tax|bill))"
)


class Prefiltered:
    """A long alternation that RE2 screens first: RE2 matches the pattern without its
    look-arounds (so a superset of what it matches) in linear time with no backtracking,
    which costs a fraction of Python's engine trying every alternative at every position. Only
    a text RE2 finds something in is searched by the pattern itself, so the matches are the
    same as the pattern's."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.regex = re.compile(pattern)
        screen = _without_lookarounds(pattern).replace(r"\w", r"[\pL\pN_]")
        self.screen = re2.compile(screen, _screen_options())

    def finditer(self, text: str):
        if self.screen.search(text) is None:
            return iter(())
        return self.regex.finditer(text)


class Cued:
    """A pattern that can only match when the comment has one of its cue words (each shape
    needs one: "burn", "mow", "guillotine" …): the word set, made once per comment, is checked
    first, so most comments never run the pattern (issue 11, fifth pass: eight new shapes cost
    7 % of the detectors' speed before they were cued)."""

    def __init__(self, pattern, cues: str):
        self.pattern = pattern
        self.cues = word_set(cues)

    def finditer(self, text: str, words: frozenset[str]):
        if self.cues.isdisjoint(words):
            return iter(())
        return self.pattern.finditer(text)


def words_of(doc: Document) -> frozenset[str]:
    """Every word of the comment's sentences, once per comment (the cues' test)."""
    cached = doc.__dict__.get("_harm_words")
    if cached is None:
        cached = frozenset(w for sentence in sentences_of(doc) for w in sentence.words)
        doc.__dict__["_harm_words"] = cached
    return cached


def _screen_options() -> re2.Options:
    """Room for the DFA of a long alternation (RE2's 8 MiB default runs out on SHAPES and
    falls back to its slower engine, with a log line per comment)."""
    options = re2.Options()
    options.max_mem = 32 << 20
    options.log_errors = False
    return options


def _without_lookarounds(pattern: str) -> str:
    """The pattern with its "(?=…)" and "(?!…)" groups left out."""
    out, index = [], 0
    while index < len(pattern):
        if pattern.startswith(("(?=", "(?!"), index):
            depth, index = 1, index + 3
            while depth:
                char = pattern[index]
                if char == "\\":
                    index += 2
                    continue
                depth += {"(": 1, ")": -1}.get(char, 0)
                index += 1
            continue
        if pattern[index] == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        out.append(pattern[index])
        index += 1
    return "".join(out)


# Threats in the shapes strangers use and the lists do not spell (issue 11, fourth pass):
# euphemisms ("catch these hands", "pull up on you", "6 feet under", "take care of him …
# permanently", "leaving in body bags", "take him out back"), a blow to a named body part
# ("break both ur kneecaps", "bash his head in"), a weapon waited with ("waiting outside
# with a bat"), a lesson taught with one, "offs him", "nobody would miss you if …" and a
# wish that someone gets hurt in the passive ("hope he gets stabbed").
_PERSON = r"(?:you|u|ya|him|her|them|em|'em|that \w+|this \w+|these \w+|those \w+)"
_POSSESSOR = r"(?:his|her|your|ur|their|yo|that \w+'?s|the \w+'?s|some|a few|a couple)"
_BODY = (
    r"(?:legs?|arms?|kneecaps?|knees?|neck|skull|head|face|jaw|teeth|nose|ribs|fingers?|hands?"
    r"|spine|throat|eyes?|wrists?|ankles?|brains?)"
)
_WEAPON = (
    r"(?:bat|baseball bat|gun|knife|machete|crowbar|tire iron|tyre iron|pipe|lead pipe|hammer"
    r"|axe|hatchet|shotgun|rifle|glock|pistol|blade|brick|chain|shank|ar-?15|ak)"
)
SHAPES = Prefiltered(
    r"\bcatch (?:these|the|my|deez|dese|dem|a pair of|some) hands\b"
    r"|\bcatch (?:a|an) (?:fade|beatdown|beating|bullet|hot one|ass whooping|asswhooping)\b"
    r"|\b(?:pull|pulling|pulled|pullin|run|running|ran|roll|rolling|rollin) up on "
    r"(?:you|u|ya|him|her|them|em|'em|ur|your|his|her|their|that (?:boy|dude|guy|bitch|kid|"
    r"snitch|man|fool|clown))\b"
    r"|\b(?:put|putting|send|sending|have|leave|want|see|get|got|gonna put|will put) "
    rf"{_PERSON}(?: \w+){{0,3}} (?:six|6) (?:feet|ft|foot) (?:under|deep)\b"
    r"|\b(?:end|ending|wind|winding|wake) up (?:six|6) (?:feet|ft|foot) (?:under|deep)\b"
    rf"|\btake care of {_PERSON}\b[^!?\n]{{0,50}}\b(?:permanently|for good|once and for all)\b"
    rf"|\btake {_PERSON} out back\b"
    rf"|\b(?:put|putting|send|sending) {_PERSON} (?:down like (?:a|the) (?:dog|animal)s?|in the "
    r"(?:ground|dirt|morgue|icu|er)|in a (?:box|coffin|body bag|wheelchair|coma|grave|casket)"
    r"|in an early grave)\b"
    r"|\b(?:leav\w*|go(?:ing|es)? home|carried out|come out|coming out|sent home|go(?:ing)? out"
    r"|end(?:ing)? up|wheeled out) in (?:a )?(?:body ?bags?|coffins?|caskets?|boxes|a box|pieces"
    r"|an ambulance|the back of an ambulance)\b"
    r"|\b(?:waiting|wait|be waiting|be there|standing|outside|waitin)\b[^.!?\n]{0,25}\bwith "
    rf"(?:a|my|the|his|our|a fucking|me) {_WEAPON}\b"
    rf"|\bteach {_PERSON} a lesson (?:with|using) (?:a|my|the|his|our|some) "
    r"|\b(?:offs|offed|offing) (?:him|her|them|you|u|himself|herself)\b"
    r"|\b(?:to|should|gonna|will|i'?ll|ill|lets|let's|finally) off (?:him|her|them|you|u|"
    r"yourself|urself)\b(?!\s+(?:the|at|to|from|guard))"
    r"|\bwish(?:ing|es)? (?:a slow |a painful |a horrible )?death (?:on|upon|to)\b"
    r"|\b(?:i swear|swear to god|or else|trust me)\b[^.!?\n]{0,30}\b(?:someone|somebody|people|ppl)"
    r"(?:'s| is| are)? (?:gonna|going to|will) (?:get|end up) (?:hurt|killed|shot|dead)\b"
    r"|\b(?:someone|somebody|people|ppl)(?:'s| is| are)? (?:gonna|going to|will) (?:get|end up) "
    r"(?:hurt|killed|shot|dead)\b[^.!?\n]{0,10}\b(?:it won'?t|it wont|and it will not) be me\b"
    r"|\b(?:start|open|begin) (?:shooting|firing) (?:back )?(?:at )?(?:every|the|those|these|all|"
    r"them|cops|police|people|anyone|anybody)\b"
    r"|\bknock (?:you|u|him|her|them|that \w+|this \w+) (?:the fuck |tf )?out(?: cold)?"
    r"(?=\s*(?:[.!,]|$|cold|tonight|if|when))"
    r"|\b(?:you|u|ya|we all|y'?all) know what happens to (?:snitches|rats|people who|those who|"
    r"ppl who|guys like you|people like you|folks like you)\b"
    r"|\b(?:we|they|my boys|my people|my brothers|i) know where (?:you|u|ya|your \w+|ur \w+) "
    r"(?:live|lives|sleep|sleeps|work|works|park|parks)\b"
    r"|\b(?:i'?ll|ill|i will|i can|i could|i'?m gonna|im gonna|gonna|we'?ll|we will|i'?d|id) "
    r"(?:have|get) (?:you|u|ya|him|her|them) (?:killed|shot|stabbed|beaten|jumped|hurt|whacked|"
    r"offed|dealt with|taken care of|taken out)\b"
    r"|\b(?:hope|hoping|wish|pray|praying)\b[^.!?\n]{0,30}\b(?:has|have|gets?|suffers?|meets?) "
    r"(?:a |an )?(?:(?:fatal|tragic|terrible|horrible|nasty|unfortunate) (?:accident|crash|fall)"
    r"|heart attack|stroke|aneurysm|overdose)\b"
    r"|\b(?:gonna|going to|will|'ll) get what (?:you|u|he|she|they|ya)(?:'re| are)? (?:deserve|"
    r"deserves|has coming|have coming)\b[^.!?\n]{0,40}\b(?:painful|hurt|pain|bleed|suffer|"
    r"tonight|trust me)\b"
    r"|\bpull (?:the|a) trigger on (?:you|u|him|her|them|that (?:guy|dude|man|woman|bitch|cop|kid"
    r"|prick)|this (?:guy|dude)|the (?:mayor|judge|cop|guy))\b"
    r"|\b(?:gonna|going to|will|'ll) find (?:you|u|him|her|them) (?:dead|floating|in (?:a|the) "
    r"(?:ditch|dumpster|trunk)|in pieces)\b"
    r"|\brearrange (?:your|ur|his|her|their|yo) (?:face|teeth|jaw)\b"
    r"|\b(?:i'?ll|ill|i will|gonna|we will|we'?ll|i'?m gonna|im gonna|i'?m going to|im going to)"
    r" (?:break|destroy|end|bury|finish|wreck) (?:you|u|ya)\s*(?:[.!]|$)"
    r"|\b(?:get|grab|bring|fetch|find) (?:a|the|some|me a|us a) (?:rope|ropes|noose|nooses)"
    r"(?=\s*(?:[,.!]|$|for (?:him|her|them|these|those|that|this|the (?:traitors|politicians|"
    r"council|mayor|judge))|it'?s time))"
    r"|\bput (?:a |some )?(?:hole|holes|bullet|bullets|round|rounds|cap|slug|one|two|lead) (?:in|"
    r"through|into|between) (?:your|ur|his|her|their|yo|that \w+'?s?|the \w+'?s)\b"
    r"|\b(?:better|best) (?:watch|keep an eye on|look after|protect|hide) (?:your|ur|yo) (?:kids|"
    r"children|family|wife|husband|daughter|son|mom|house|home|dog)(?=\s*(?:[,.!]|$|bro|lol))"
    r"|\b(?:need|needs|needed) (?:another|a new|more|a modern|a) (?:hitler|holocaust|stalin|pol "
    r"pot|mcveigh|breivik|kristallnacht|final solution)\b"
    r"|\bwhy (?:is(?:n't|nt)? (?:nobody|no one|noone)|has(?:n't|nt)? (?:nobody|no one|anyone|"
    r"anybody|someone|somebody)|(?:doesn't|doesnt|won't|wont|can't|cant) (?:anyone|anybody|"
    r"someone|somebody))\b[^.!?\n]{0,12}\b(?:shot|shoot|shooting|killed|kill|killing|stabbed|"
    r"hanged|hung|lynched|strangled|beaten|punched|murdered|offed|taken out|took out)\b"
    r"(?!\s+(?:photos?|pictures?|pics|videos?|film|footage|hoops|the breeze|fireworks|baskets))"
    r"|\b(?:not|won't|wont|never|isn't|isnt|aren't|ain't|aint) (?:be )?(?:leaving|leave|"
    r"walk(?:ing)? out|walk(?:ing)? away|going home|go home) on (?:his|her|their|your|ur|my) own "
    r"(?:two )?"
    r"(?:feet|legs)\b"
    r"|\b(?:i|i'?ll|ill|i'?m|im|gonna|about|of|should|wanna|want to|lets|let's|i'?d|id)\b"
    r"[^.!?\n]{0,20}\b(?:drive|driving|drove|run|running|plow|plowing|plough|ram|ramming) (?:my|a|"
    r"our) (?:car|truck|van|suv|jeep) (?:into|through) (?:the |a |those |these )?(?:crowd|crowds|"
    r"protest|protesters|protestors|people|them|parade|march|rally|farmers market|marchers)\b"
    r"|\b(?:come|coming|go|going|show up|showing up|stop by|pull up) (?:to|at|by) (?:your|ur) "
    r"(?:house|home|place|door|apartment|crib)\b[^.!?\n]{0,20}\b(?:you will see|you'?ll see|u "
    r"will see|u'?ll see|see what happens|we'?ll see|you'?ll regret|you will regret|deal with|"
    r"handle (?:you|u|it)|find (?:you|u))\b"
    r"|\b(?:nobody|no one|noone|no1)(?: would| will|'d|d| is gonna| gonna)? (?:miss|care about|cry "
    r"(?:for|over|about)|mourn) (?:you|u|him|her|them|ya)\b[^.!?\n]{0,15}\b(?:if|when|once)\b"
)
# A blow to a named body part ("break both ur kneecaps", "bash his head in"), wanted or meant:
# the sentence opens with the verb, or a framing comes before it. "Somebody's gonna break
# their neck on these stairs" is a warning about the stairs, not a threat.
BODY_BLOW = re.compile(
    r"(?:^|\b(?:hope|hoping|wish|pray|i'?ll|ill|imma|ima|i'?m gonna|im gonna|i'?m going to|gonna"
    r"|we'?ll|i will|we will|should|let'?s|lets|go|someone|somebody|some1|wanna|want to|"
    r"i'?d|id|about to|finna|gon|would have|would've|i'?d have|id have|i would)\b"
    r"[^.!?\n]{0,25}?)\b(?P<verb>break|breaks|broke|breaking|snap"
    r"|snaps|snapping|smash|smashes|smashing|crack|cracks|cracking|bust|busts|busting|cave"
    r"|caves|kick|kicks|kicking|bash|bashes|bashing|slit|slits|rip|rips|ripping|gouge|gouges"
    r"|stomp|stomps|cut|cuts|chop|chops|cave in) (?:in |off |out )?"
    rf"(?:(?:both|all|every one of|each of|one of) )?{_POSSESSOR} (?:\w+ )?{_BODY}\b"
    r"(?P<rest>[^.!?\n]{0,20})"
)
ACCIDENT_AFTER = word_set("on tripping falling slipping walking trying if while crossing")
# "I hope he gets stabbed", "hope u get hit by a car": a harm wished on the reader or a
# person in the passive, where the target is a pronoun.
WISHED_PASSIVE = re.compile(
    r"\b(?:hope|hoping|hopefully|wish|pray|praying|can'?t wait (?:till|until|til|for)|"
    r"would love (?:it )?if|would be nice if)\b[^.!?\n]{0,12}\b(?:you|u|ya|he|she|they|ur|"
    r"your \w+|his \w+|her \w+|that \w+)(?: \w+)? (?:gets?|got|getting|is|are|be) "
    r"(?:\w+ )?(?:stabbed|shot|murdered|killed|beaten|raped|lynched|strangled|hanged|hung|run "
    r"over|ran over|hit by a (?:bus|car|truck|train)|mugged|jumped|shanked|tortured|burned alive"
    r"|burnt alive|blown up|curb ?stomped|decapitated|beheaded|executed|gunned down)\b"
)
GLORIFY = re.compile(
    r"\b(?:shooter|gunman|bomber|attacker|killer|assassin|guy who (?:shot|attacked|bombed|killed)|"
    r"(?:who|that) (?:shot up|bombed|attacked|gunned down))\b[^.!?\n]{0,60}?\b(?:is|was|'s|a)?\s*"
    r"(?:a )?(?:hero|legend|patriot|did nothing wrong|had the right idea|based|more people|"
    r"had (?:his|her|the) guts)\b"
    r"|\bwe need (?:another|more|a new) (?:oklahoma city|columbine|9/11|sandy hook|massacre|"
    r"mass shooting|school shooting|bombing)\b"
)


# Calls to violence that name no target, or name it only by the means (issue 11, fifth pass):
# burning or bombing a place down, mowing or gunning people down, acid or petrol thrown on a
# person, a lethal weapon fetched or brought back ("get the rope", "bring back the
# guillotine"), people sent to the ovens, a body to be found in a river. Each needs a framing
# before it in the same sentence (an order opening the sentence, intent, a should, a wish, a
# "time to"): "the barn burned down in 1987" and "police found him in the river" report, they
# do not call. (A group sent to camps is a hostile generalisation, hate.py's CAMPS.)
# The framing must end just before the shape: within 30 characters of the same sentence, or the
# shape opens the comment or a sentence. It is read backwards from each match of the shape:
# searching for frame and shape together tried every alternative after every frame word, and
# RE2's screen of the long alternation cost more than Python's engine on the cued comments.
_CALL_FRAME = re.compile(
    r"(?:\A|[.!?\n] *|\b(?:let'?s|lets|we should|should|shud|gonna|i'?ll|ill|imma|ima|we'?ll"
    r"|i'?m|im|we'?re|they'?ll|you'?ll|u'?ll"
    r"|we will|i will|time to|go|need to|needs to|ought to|oughta|someone|somebody|some1|i'?d|id"
    r"|wanna|want to|finna|about to|just|and|riot and|pray|hope|hoping|wish|deserve to|deserves"
    r"|deserved|be|get|must|bring|better|need|needs|want|time for)\b[^.!?\n]{0,30}?)\Z"
)


class Framed:
    """The matches of a shape that a call's framing comes just before (`_CALL_FRAME`)."""

    def __init__(self, pattern):
        self.pattern = pattern

    def finditer(self, text: str):
        for match in self.pattern.finditer(text):
            start = match.start()
            # `\A` matches only at the comment's real opening, `\Z` at the shape; 45 characters
            # hold the 30 of the sentence and the longest frame word.
            if _CALL_FRAME.search(text, max(0, start - 45), start):
                yield match


# Places people gather, burnt or bombed down ("burn the whole town down"), not a fence or a field.
_PLACE = (
    r"(?:place|town|city|building|buildings|school|church|mosque|synagogue|temple|station|office"
    r"|hall|city hall|town hall|house|houses|home|precinct|courthouse|council|capitol|block"
    r"|neighborhood|neighbourhood|hood|store|shop|clinic|bar|club|restaurant|mall|campus|library"
    r"|headquarters|hq|embassy|parliament|congress|department|dept|apartment|apartments|complex"
    r"|shelter|center|centre|camp|village|country|state|planet|world|system|lot of them)"
)
# Shapes that carry their own framing: "the only cure for these politicians is lead" (a means
# of death named as the remedy), "bringing pipes to the hearing" (weapons brought where people
# meet), "the whole board deserves to swing" (an execution deserved).
_ARMED = re.compile(
    r"\b(?:bring|bringing|bringin|brought) (?:a |my |our |some |the )?(?:bats|pipes|guns|knives"
    r"|rifles|crowbars|machetes|axes|bricks|molotovs|ropes|gas cans) to (?:the|this|that|city"
    r"|town|next|tonight'?s|tomorrow'?s) ?(?:\w+ )?(?:hearing|meeting|protest|rally|council"
    r"|city hall|town hall|board|session|vote|school|march|office)\b"
    r"|\b(?:deserves?|deserved|should|needs? to|ought to|oughta) (?:to )?(?:swing|fry|hang)"
    r"(?=\s*(?:[.!,]|$|like|for (?:it|this|that|what)))"
    # killing on sight, street weapons fetched ("bring the straps"), and an imperative to
    # burn or bomb someone's place opening a clause ("burn their trailers", "FIRE BOMB THE
    # CLINIC")
    r"|\b(?:shoot|shot|kill|killed|beat|stab|smoke|attack|hang|lynch|hit)\w* "
    r"(?:\w+ ){0,3}?on sight\b"
    r"|\b(?:bring|grab|get|load|tuck|pack) (?:the|ur|your|my|our|them|dem|da|yo) (?:straps|strap"
    r"|blicks|blick|choppas|choppa|glizzy|glizzies|ammo)\b"
    r"|(?:^|[.!?,\n] *)(?:just |go |lets |let'?s |we should |someone )?(?:burn|torch|firebomb"
    r"|fire bomb"
    r"|bomb|nuke) (?:their|his|her|ur|your|the|that|this|those) (?:\w+ )?(?:place|town|city"
    r"|building"
    r"|school|church|mosque|synagogue|temple|station|office|clinic|houses?|homes?|cars?|trailers?"
    r"|tents?|shops?|stores?|businesses|precinct|courthouse|city hall|town hall|camp)\b"
)
# The reader's predicted injury ("ur gonna wake up with no teeth", "you'll wake up in the
# hospital"), a man as good as dead ("dead man walking", "a walking corpse"), and the old
# veiled threat ("be a shame if something happened to that nice car 😉").
_DOOMED = re.compile(
    r"\b(?:you|u|ur|you'?re|youre|ya|he|she|he'?s|she'?s) (?:gonna|going to|will|'ll|gon|finna) "
    r"wake up (?:with(?:out)? (?:no |any |your |ur |his |her )?(?:teeth|legs|kneecaps|fingers|eyes"
    r"|face)|in (?:a|the) (?:hospital|ditch|morgue|icu|er|trunk|coma|wheelchair|body bag)|dead)\b"
    r"|\b(?:dead (?:man|men|woman) walking|(?:a|is a|r a|are) walking (?:corpse|corpses"
    r"|dead man))\b"
    r"|\b(?:you|u|ya|he|she|they)(?:'ll| will)? (?:won'?t|wont|will not|not gonna|aint gonna"
    r"|ain'?t gonna) (?:see|live to see|make it to|survive) (?:tomorrow|the weekend|another day"
    r"|next week|christmas|the night|the morning|sunrise)\b(?!'s)"
    r"|\b(?:your|ur|his|her) (?:mom|mother|family|wife|kids|mama|momma)(?:'s| is| r| are)? (?:gonna"
    r"|going to|will) (?:be )?(?:identify|identifying|bury|burying|mourn|mourning|crying over"
    r"|planning (?:a|your|ur|his|her) funeral)\b"
    r"|\b(?:your|ur|his|her|the \w+'s) (?:kids|children|daughter|son|wife|husband|family)\b"
    r"[^.!?\n]{0,50}\b(?:just saying|just sayin|just a thought|hate for something)\b"
    r"(?!\s+(?:hi|hello|thanks|thank))"
    r"|\b(?:won'?t|wont|will not|never gonna|aint gonna|ain'?t gonna) live (?:to|long enough to) "
    r"(?:see|retire|finish|make|enjoy|vote)\b"
    r"|\bshame if (?:something|anything|someone|somebody) (?:bad )?(?:happened|happens|were to "
    r"happen|was to happen)(?: to (?:you|u|ya|him|her|them|your|ur|his|their|that (?:nice|pretty"
    r"|lovely|cute))\b|\s*(?:😉|😈|😏|🔥|\.\.\.))"
)
# "Open season on landlords", "the mayor in the crosshairs": a target (checked against the
# target list) hunted or aimed at.
_HUNTED = re.compile(
    r"\bopen season on (?:the |all |these |those |every |any )?(?P<after>\w+(?: \w+)?)"
    r"|\b(?P<before>\w+) (?:is |r |are |now )?(?:in|into) (?:my |the |our )?(?:crosshairs|cross "
    r"hairs|rifle sights|scope)\b"
)
_REMEDY = re.compile(
    r"\b(?:cure|answer|solution|fix|remedy|medicine|treatment|language) (?:for|to) [^.!?\n]{1,40}?"
    r" (?:is|=|are|would be) (?:a |the |some |more )?(?:lead|bullets?|rope|noose|gallows|chair"
    r"|firing squad|guillotine|extermination|napalm|a bomb|bombs|death|hanging|lynching|gas)"
    r"(?=\s*(?:[.!,]|$|and|lol|period|honestly))"
)
_CALL_SHAPES = re.compile(
    r"\b(?:"
    r"(?:burn|torch|firebomb|fire bomb|blow|bomb|nuke|raze|level)(?:s|ed|ing)? (?:it|them|em"
    rf"|(?:this|that|the|their|his|her|every|all the)(?: whole)? {_PLACE})(?: all)? "
    r"(?:down|up|to the ground|to ashes|off the map)"
    r"|(?:mow|mowed|mowing|gun|gunned|gunning) (?:them|em|'em|him|her|you|u|ya|those \w+|these \w+"
    r"|the \w+|every \w+|all|everyone|everybody|people|protesters|protestors)(?: all)? down"
    r"|(?:mow|mowed|mowing|gun|gunned|gunning) down (?:the|those|these|every|all|them|protesters"
    r"|protestors|people|anyone|everyone)"
    r"|(?:throw|throwing|throws|pour|pouring|splash|splashing|douse|dousing) (?:some )?(?:acid"
    r"|gas|gasoline|petrol|bleach|lighter fluid|boiling water) (?:on|at|in|over) (?:him|her|them|"
    r"em|you|u|ya|his|her|their|your|ur|that|this|those|these|the)"
    r"|(?:get|grab|bring|fetch|build|set up|wheel out|need|needs) (?:back )?(?:the |a |some |out "
    r"the )?(?:guillotines?|gallows|firing squads?|molotovs?|molotov cocktails?|pipe bombs?)"
    r"(?: back)?"
    r"|(?:rain|raining|spray|spraying) (?:lead|bullets|hellfire)"
    r"|(?:sent|send|sending|ship|shipped|thrown|throw|put) (?:\w+ ){0,3}?(?:to|into|in) (?:the )?"
    r"(?:death camps|gas chambers?|ovens)"
    r"|(?:run|running|ran|drive|driving) (?:him|her|you|u|ya|them|em|that \w+) off (?:the|a) "
    r"(?:road|bridge|cliff|overpass)"
    r"|(?:bus|truck|train|car|semi|plow|tractor)(?: \w+){0,4}? (?:flattens|hits|runs over|crushes"
    r"|kills|mows down) (?:you|u|ya|him|her|them|em)"
    r"|(?:coming|come|comin|be) back (?:with|w/|wit) (?:a |my |the |our |some |his |my \w+'?s )?"
    rf"{_WEAPON}s?"
    r"|(?:purge for|massacre (?:of|for)|genocide (?:of|for|on)|ethnic cleansing (?:of|for)"
    r"|extermination of|final solution for) (?:these|those|the|all|every|them|em)"
    r"|(?:choke|rot|burn|crawl|drop|jump|go)(?: on \w+| in \w+| off \w+| into \w+)? and die"
    r"|die in a (?:fire|hole|ditch|gutter|car crash|car fire)"
    r"|catch (?:a )?(?:stray|strays|stray bullet)"
    r"|(?:flames|fire|burn\w*|torch\w*|blow\w* up|explode\w*)\b[^.!?\n]{0,30}\bwith (?:him|her"
    r"|them|em|you|u|ya|the \w+|that \w+|his \w+|her \w+|their \w+|everyone|everybody) "
    r"(?:still )?(?:inside|in it|in there)"
    r"|(?:a )?(?:brick|rock|molotov|cinder ?block|bullet|bullets) (?:goes |go |going |flies "
    r"|comes )?"
    r"(?:through|thru) (?:his|her|your|ur"
    r"|their|that \w+'?s) (?:window|windshield|windows|front door|head|skull)"
    r"|(?:be|get|gets|getting|got) (?:(?:their|his|her|your|ur|that|the) \w+ )?(?:set|lit) "
    r"(?:on fire"
    r"|ablaze|alight)"
    r"|find (?:you|u|ya|him|her|them|em|ur body|your body|his body|her body) (?:dead|floating"
    r"|face ?down|in (?:a|the) (?:ditch|dumpster|trunk|river|lake|creek|woods|bay|canal|landfill))"
    r")\b"
)
_CALLS = Framed(_CALL_SHAPES)


CALLS = Cued(
    _CALLS,
    # the word each alternative cannot do without: the verb of burning, bombing or gunning,
    # the substance thrown, the means fetched, the place a body is found, the vehicle's blow …
    "burn burns burned burnt burning torch torched torching firebomb bomb bombs bombed bombing "
    "blow blows blew blowing nuke nuked raze razed level leveled mow mowed mowing gun gunned "
    "gunning acid gas gasoline petrol bleach fluid boiling guillotine guillotines gallows firing "
    "molotov molotovs pipe lead bullets hellfire ovens chamber chambers dead floating face ditch "
    "dumpster trunk river lake creek woods bay canal landfill road bridge cliff overpass flattens "
    "hits runs crushes kills mows purge massacre genocide cleansing extermination solution die "
    "bat gun knife machete crowbar hammer axe hatchet shotgun rifle glock pistol blade chain "
    "shank ak ar15 ar-15 brick rock block bullet stray strays inside ablaze alight fire",
)
ARMED = Cued(
    _ARMED,
    "swing fry hang bats pipes guns knives rifles crowbars machetes axes bricks molotovs ropes "
    "cans sight straps strap blicks blick choppas choppa glizzy glizzies ammo burn torch "
    "firebomb fire bomb nuke",
)
REMEDY = Cued(_REMEDY, "cure answer solution fix remedy medicine treatment language")
DOOMED = Cued(
    _DOOMED,
    "wake walking shame see survive make live identify identifying bury burying mourn mourning "
    "crying planning saying sayin thought hate",
)
# An attack named as what would fix things ("a pipe bomb at the next hearing would fix
# everything"), and "going postal".
_FIXED_BY = re.compile(
    r"\b(?:pipe bombs?|bombs?|bullets?|molotovs?|grenades?|shooting|massacre|mass shooting|car bomb"
    r"|sniper|drone strike|molotov cocktails?)\b[^.!?\n]{0,40}\bwould (?:fix|solve|help|sort out"
    r"|clean up|improve) (?:everything|this|things|it|a lot|the problem|that)\b"
    r"|\b(?:go|going|goin|gonna go|bout to go|about to go) postal\b(?! is| was)"
)
FIXED_BY = Cued(
    _FIXED_BY,
    "bomb bombs bullet bullets molotov molotovs grenade grenades shooting massacre sniper "
    "strike postal",
)
HUNTED = Cued(_HUNTED, "season crosshairs cross sights scope")


class ThreatLists:
    def __init__(self, settings):
        self.harm = Lexicon(settings.harm_verbs)
        self.phrases = Lexicon(settings.attack_phrases)
        self.death = Lexicon(settings.death_words)
        self.targets = Lexicon(settings.targets)
        self.reporting = Lexicon(settings.reporting)
        self.people_verbs = frozenset(settings.people_verbs)


@lru_cache(maxsize=8)
def _lists(settings) -> ThreatLists:
    return ThreatLists(settings)


# "I'll beat you at chess", "we're gonna destroy them in the finals": a contest, not harm.
CONTEST_VERBS = word_set(
    "beat beats beating destroy destroys destroyed crush crushes crushed smoke smoked whoop "
    "kill murder murdered slaughter slaughtered"
)
CONTEST = word_set(
    "chess checkers game games match matches race races finals final playoffs basketball "
    "football soccer baseball tennis golf poker cards pool darts trivia bowling scrabble "
    "fortnite minecraft court rematch tournament league debate pickleball"
)


# A death verb with a thing as its object ("they should hang the new banners") wishes no one
# dead; "hope you burn" has none.
THING_OBJECT = word_set("the a an some new these those our my more up christmas")


def _a_contest(words: tuple[str, ...], after: tuple[int, int] | None) -> bool:
    if after is None:
        return False
    tail = words[after[1] : after[1] + 4]
    return (
        bool(tail)
        and (
            tail[0] == "at"
            or (tail[0] in ("in", "on") and bool(set(tail) & CONTEST))
            # "I'll beat you to it", "beat you to the front of the line": a race.
            or tail[:2] == ("to", "it")
            or (
                tail[:2] == ("to", "the")
                and tail[2:3]
                in (("front",), ("punch",), ("line",), ("door",), ("finish",), ("top",))
            )
        )
    )


def _slang_praise(words: tuple[str, ...], index: int, end: int) -> bool:
    """ "The library is a bomb resource", "this taco truck is a bomb": slang praise, not a
    bomb (but "there is a bomb in …" is a warning)."""
    return (
        words[index:end] == ("a", "bomb")
        and index >= 1
        and words[index - 1] in ("is", "was", "its", "it's", "s", "are", "such")
        and not (index >= 2 and words[index - 2] in ("there", "theres", "there's"))
    )


def _negated(words: tuple[str, ...], index: int) -> bool:
    before = words[max(0, index - 4) : index]
    for offset, word in enumerate(before):
        if word in NEGATION:
            following = before[offset + 1 : offset + 3]
            if word in ("cant", "can't", "cannot") and following[:1] == ("wait",):
                continue
            if following == ("make", "me"):
                continue  # "don't make me hurt you"
            return True
    return False


def _any_object(words: tuple[str, ...], start: int) -> tuple[int, int] | None:
    """After a verb only ever done to people ("stab every one of those tax collectors"), the
    first word that is not a filler is the target, whatever it is (pests excepted)."""
    for index in range(start, min(len(words), start + 6)):
        word = words[index]
        if word in STOP or word in ("my", "our"):
            return None  # "strangle my own budget": the writer's own things
        if word not in FILLER:
            return None if word in PESTS or word in JEST_OBJECTS else (index, index + 1)
    return None


def _target_after(lists: ThreatLists, words: tuple[str, ...], start: int) -> tuple[int, int] | None:
    unknown = 0
    index = start
    while index < len(words) and index < start + 7:
        length = lists.targets.at(words, index)
        if length:
            return index, index + length
        word = words[index]
        if word in STOP:
            return None
        if word not in FILLER:
            unknown += 1
            if unknown > 2:
                return None
        index += 1
    return None


def _target_near(lists: ThreatLists, words: tuple[str, ...], start: int):
    found = lists.targets.find(words, start, start + 7)
    return found[0] if found else None


def _target_before(lists: ThreatLists, words: tuple[str, ...], index: int):
    found = lists.targets.find(words, max(0, index - 8), index)
    return found[-1] if found else None


def _framing(words: tuple[str, ...], index: int, window: int = 7) -> set[str]:
    before = words[max(0, index - window) : index]
    near = words[max(0, index - min(window, 5)) : index] if window <= 7 else before
    kinds = set()
    if (
        any(w in FIRST_PERSON_INTENT for w in before)
        or (any(w in FIRST_PERSON for w in before) and any(w in INTENT for w in before))
        or (words and words[0] in OPENING_INTENT)
    ):
        kinds.add("intent")
    # "I'm breaking both your legs", "we're burning it down": the progressive as intent.
    if any(
        w in ("i'm", "im", "we're") and nxt.endswith("ing") and nxt not in ("thinking", "saying")
        for w, nxt in zip(before, words[max(0, index - window) + 1 : index + 1], strict=False)
    ):
        kinds.add("intent")
    if any(w in MODAL for w in near):
        kinds.add("should")
    if any(w in WISH for w in before):
        kinds.add("wish")
    lead = set(words[:index])
    if index == 0 or lead <= LEAD:
        kinds.add("order")
    if index >= 2 and words[index - 1] in ("or", "and", "then") and words[index - 2] in DIRECT:
        kinds.add("order")  # "deport them or shoot them"
    if WISH_CLAUSE.search(" ".join(words[:index])):
        kinds.add("wish")
    if index >= 2 and words[index - 2] == "let" and words[index - 1] in DIRECT:
        kinds.add("wish")  # "let him burn"
    if (
        index >= 3
        and words[index - 3] == "let"
        and words[index - 2] in DIRECT
        and (words[index - 1] in ADVERB)
    ):
        kinds.add("wish")  # "let them all burn"
    if words and words[0] == "may" and index <= 4:
        kinds.add("wish")  # "may they all burn"
    if any(w in READER for w in before) and any(w in FUTURE for w in before):
        kinds.add("prediction")
    if any(w in SOMEONE for w in before) and any(w in FUTURE for w in before):
        kinds.add("someone")  # "somebody's gonna strangle that …" (aimed at a target only)
    return kinds


def _passive(words: tuple[str, ...], index: int) -> bool:
    if index >= 1 and words[index - 1] in PASSIVE:
        return True
    if index >= 2 and words[index - 2] in PASSIVE and words[index - 1] in ADVERB:
        return True
    # The second of two participles: "should be lined up and executed", "get dragged out and
    # shot" (the passive verb and its particle, then "and").
    if index >= 3 and words[index - 1] in ("and", "then"):
        return any(
            w in ("be", "get", "gets", "got", "getting", "been")
            for w in words[max(0, index - 5) : index - 2]
        )
    return False


def _sentence_threats(lists: ThreatLists, sentence: Sentence, offensive, clean: str = ""):
    """(clean-view ranges, reason) for each threat in one sentence (`clean`: the clean view
    the sentence's offsets point into, for its punctuation)."""
    words = sentence.words
    if lists.reporting.any_in(words):
        return []
    # "Nobody should be shot": the harm words after a "nobody" are denied; those before it
    # are not ("someone will stab that judge and nobody will cry").
    limit = len(words)
    for position, word in enumerate(words):
        if word in ("nobody", "noone") or (
            word == "no" and words[position + 1 : position + 2] in (("one",), ("body",))
        ):
            limit = position
            break
    found = []
    index = 0
    while index < limit:
        kind = None
        length = lists.harm.at(words, index)
        if length and lists.phrases.at(words, index) > length:
            length = 0  # the longer phrase of violence reads it ("end your life")
        if length:
            kind = "verb"
        else:
            length = lists.phrases.at(words, index)
            if length:
                kind = "phrase"
            else:
                length = lists.death.at(words, index)
                kind = "death" if length else None
        if kind is None:
            particle = PARTICLE_AFTER_TARGET.get(words[index])
            target = _target_after(lists, words, index + 1) if particle else None
            if (
                target
                and target[1] < len(words)
                and words[target[1]] in particle.split()
                and not _negated(words, index)
                and _framing(words, index) & {"intent", "should", "wish", "order"}
            ):
                found.append(([sentence.span(index, target[1] + 1)], "active"))
            index += 1
            continue
        end = index + length
        word = words[index]
        nxt = words[end] if end < len(words) else ""
        if (
            nxt in NOT_HARM_AFTER.get(word, ())
            and length == 1
            # "choke on his own blood": harm, though "choke on" a bone is not.
            and not (nxt == "on" and set(words[end + 1 : end + 4]) & CHOKED_ON)
        ):
            index = end
            continue
        if length == 1 and _sends_a_message(word, words, end):
            index = end
            continue
        if _negated(words, index):
            index = end
            continue
        if index == 0 and word in EXCLAIMED and EXCLAMATION.match(clean, sentence.starts[0]):
            index = end  # "Shoot, I forgot the meeting was tonight"
            continue
        if word in ("die", "dies", "died", "dying") and "hill" in words[end : end + 4]:
            index = end  # "die on this hill"
            continue
        framing = _framing(words, index)
        if index >= 2 and words[index - 1] in ("and", "then", "&"):
            # The second verb of a call ("we should round them up and hang them"): the
            # framing of the first clause carries over.
            framing |= _framing(words, index, window=min(index, 16)) - {"order"}
            if words[0] in OPENING_ORDERS:
                framing.add("order")  # "tie him to a chair and beat him"
        after = _target_after(lists, words, end)
        if kind == "verb" and word in CONTEST_VERBS and _a_contest(words, after):
            index = end
            continue
        if not after and kind == "verb" and words[index] in lists.people_verbs:
            after = _any_object(words, end)
        before = _target_before(lists, words, index)
        reason = ""
        if kind == "verb" and words[index] in NEEDS_PHRASE:
            # Counted only through the phrase of violence that follows ("… off the pier").
            target = after or before
            tail = lists.phrases.find(words, end, end + 8)
            if not (target and tail and framing & {"intent", "should", "wish", "order", "someone"}):
                index = end
                continue
        spectated = bool(set(words[max(0, index - 8) : index]) & SPECTATE) and bool(
            (framing | _framing(words, index, window=12)) & {"intent", "wish"}
        )
        if kind == "verb":
            if _passive(words, index):
                after = after or _target_near(lists, words, end)
                if (before or after) and (framing & {"should", "wish", "prediction"} or spectated):
                    reason = "passive"
            elif (
                after
                and words[after[0]] in ("you", "u", "ya", "yall", "y'all")
                and set(words[max(0, index - 3) : index]) & THIRD_PARTY_FUTURE
                and set(words[max(0, index - 6) : index]) & THIRD_PARTY
            ):
                reason = "active"  # "my brother will kill you", "they gonna shoot u"
            elif (
                after
                and after[0] == end
                and words[after[0]] in READER_OBJECT
                and not set(words[max(0, index - 4) : index]) & THING_SUBJECT
                and words[after[1] : after[1] + 1] not in (("up",), ("off",), ("out",), ("to",))
            ):
                reason = "active"  # "stab u", "gonna shoot ya": a harm done to the reader
            elif spectated and before and before[1] == index:
                reason = "passive"  # "I wanna see those cops burned alive"
            elif after and framing & {"intent", "should", "wish", "order", "someone"}:
                reason = "active"
            elif (
                after
                and words[after[0]] not in GENERIC
                and not set(words[end : after[0]]) & {"my", "our"}  # "… hit my car"
                and offensive()
            ):
                reason = "offensive"
            # A harm verb with no object after a target, wished or called for ("hope you burn").
            if (
                not reason
                and before
                and not after
                and (
                    framing & {"should", "wish"}
                    # "you and your family are gonna burn", "ur gonna die tonight"
                    or (
                        "prediction" in framing
                        and set(words[max(0, index - 8) : index]) & {"you", "u", "ya", "ur"}
                        and nxt in PREDICTED_END
                    )
                )
                and lists.death.at(words, index)
                and nxt not in THING_OBJECT
            ):
                reason = "death"
        elif (
            kind == "phrase"
            and (
                _slang_praise(words, index, end)
                # "sick in the head", "soft in the head": a saying, not a blow.
                or (
                    words[index:end] == ("in", "the", "head")
                    and index
                    and words[index - 1] in ("sick", "soft", "touched", "wrong", "ill")
                )
            )
        ):
            index = end
            continue
        elif kind == "phrase":
            # "a bullet is what that man needs": the framing may be anywhere in the sentence.
            framing |= _framing(words, len(words), window=len(words)) - {"order"}
            if index and words[index - 1] in ("get", "gets", "getting"):
                framing.add("prediction")  # "… gets a bullet"
            if words[0] in ORDER_VERBS:
                framing.add("order")
            after = after or _target_near(lists, words, end)
            if word in POSSESSIVE_BODY and index and words[index - 1] in BODY_HARM:
                after, framing = (index, end), framing | {"order"}  # "go break his legs"
            if not after and set(words[index:end]) & POSSESSIVE_BODY:
                after = (index, end)  # "whoop your ass", "end his life": the phrase names him
            targets = lists.targets.find(words)
            before = before or (targets[0] if targets and targets[0][1] <= index else None)
            wanted = {"should", "wish", "intent", "prediction", "order", "someone"}
            if (before or after) and framing & wanted:
                reason = "phrase"
        elif (
            before
            and (
                framing & {"should", "wish"}
                or (
                    "prediction" in framing
                    and (
                        words[before[0]] in READER | DIRECT
                        # "you and your family are gonna burn"
                        or set(words[max(0, index - 8) : index]) & {"you", "u", "ya"}
                    )
                )
                # "I will make sure every one of you suffers", "I'll watch you die".
                or (
                    set(words[max(0, index - 8) : index]) & {"make", "sure", "watch", "see"}
                    and "intent" in _framing(words, index, window=12)
                )
            )
        ):
            reason = "death"
        if reason and after and any(w in MESSAGE for w in words[after[1] : after[1] + 3]):
            reason = ""
        if reason:
            ranges = [sentence.span(index, end)]
            for target in (after if reason in ("active", "offensive") else before, after):
                if target:
                    ranges.append(sentence.span(*target))
            found.append((ranges, reason))
        index = end
    return found


def detect_threats(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("threats", doc.context.site_id)
    if rule is None:
        return []
    settings = rule.settings
    lists = _lists(settings)
    threshold = settings.offensive_threshold

    def offensive() -> bool:  # asked only for a harm verb aimed at a target with no framing
        return threshold is not None and offensiveness(doc) >= threshold

    ranges: list[tuple[int, int]] = []
    reasons: set[str] = set()
    for sentence in sentences_of(doc):
        for found, reason in _sentence_threats(lists, sentence, offensive, doc.norm.clean.text):
            ranges.extend(found)
            reasons.add(reason)
    clean = doc.norm.clean.text[:20_000]
    for pattern, reason in (
        (GLORIFY, "glorifying"),
        (VEILED, "veiled"),
        (SHAPES, "veiled"),
        (WISHED_PASSIVE, "passive"),
    ):
        for match in pattern.finditer(clean):
            ranges.append((match.start(), match.end()))
            reasons.add(reason)
    words = words_of(doc)
    for cued, reason in (
        (CALLS, "call"),
        (REMEDY, "call"),
        (ARMED, "call"),
        (DOOMED, "veiled"),
        (FIXED_BY, "call"),
    ):
        for match in cued.finditer(clean, words):
            ranges.append((match.start(), match.end()))
            reasons.add(reason)
    for match in HUNTED.finditer(clean, words):
        named = tuple((match.group("after") or match.group("before")).split())
        if lists.targets.at(named, 0) or lists.targets.at(named[-1:], 0):
            ranges.append(match.span())
            reasons.add("call")
    for match in BODY_BLOW.finditer(clean):
        if set(match.group("rest").split()[:2]) & ACCIDENT_AFTER:
            continue
        ranges.append((match.start("verb"), match.end()))
        reasons.add("active")
    if not ranges:
        return []
    spans = original_ranges(doc, ranges)
    explain = {
        "veiled": "a veiled threat",
        "active": "a harm verb aimed at a target with intent, a should, a wish or an order",
        "passive": "a target who should be, or is wished to be, harmed",
        "phrase": "a phrase of violence aimed at a target",
        "death": "a death or suffering wished on a target",
        "offensive": "a harm verb aimed at a target in a comment the profanity model scores "
        "as offensive",
        "glorifying": "praise of an attack",
        "call": "a call to burn, bomb or gun down, or to bring the means, with no one named",
    }
    score = rule.score if reasons != {"offensive"} else max(0.5, rule.score - 0.15)
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="threats",
            score=round(score, 3),
            explanation="Threat or call to violence: "
            + "; ".join(explain[r] for r in sorted(reasons))
            + f" ({quoted(doc, spans)}).",
            spans=doc.spans(spans),
            rule_id=rule.id,
        )
    ]
