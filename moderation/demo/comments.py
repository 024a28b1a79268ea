"""What the demo's residents write: several hundred distinct comments, in the ways people
write on a city's page (questions, complaints, thanks, short and long, lower case, all caps,
misspelt, with emoji, in a second language's English), and the violations a moderator meets
(spam, self-promotion, sales pitches, profanity, threats, slurs against groups, someone's
phone number or address, campaign advocacy, sexual lures). All written for this demo, in our
own words, and composed from parts so that no two comments are the same.

Each comment carries the category its writer violated (or none): the demo moderator's answer,
never shown to the flagger. `demo_comments(rng)` returns them shuffled, deterministically.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

STREETS = (
    "Katella",
    "Beach Blvd",
    "Cerritos",
    "Chapman",
    "Magnolia",
    "Western",
    "Orangewood",
    "Knott",
    "Dale",
    "Pacific",
    "Main St",
    "Santa Rosalia",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
PARKS = ("Central Park", "Hollenbeck Park", "the park on Pacific", "Harry Dotson Park")
ADDRESS_STREETS = (
    "Katella Ave",
    "Cerritos Ave",
    "Chapman Ave",
    "Magnolia St",
    "Western Ave",
    "Knott Ave",
    "Dale Ave",
    "Pacific St",
)
SIGNOFFS = ("", " Thanks!", " Thank you.", " thx", " 🙏", " Appreciate any info.", "")


@dataclass(frozen=True)
class DemoComment:
    text: str
    category: str = ""  # the policy category it violates; "" for none
    sub_reason: str = ""
    topic: str = ""  # which City post it answers best ("" for any)


# --- ordinary comments ------------------------------------------------------------------------
QUESTIONS = {
    "trash": (
        "Is trash pickup delayed this week because of the holiday?",
        "what day is bulky item pickup on {street}? we have an old couch to get rid of",
        "Do we need to schedule the bulky pickup or just put it out on the curb?",
        "Can I put pizza boxes in the blue bin or do they go in the green one now?",
        "Our recycling bin was cracked by the truck, how do we get a replacement?",
        "When does the new food scraps bin start for apartments?",
        "trash truck skipped our alley off {street} again. who do we call?",
        "Is there a household hazardous waste drop-off day coming up? I have old paint cans.",
        "Where can I get rid of a mattress without paying?",
        "Are the green waste bins picked up every week or every other week?",
    ),
    "streets": (
        "There's a pothole on {street} near the bus stop that's getting really deep, who fixes it?",
        "How do I report a pothole? Is there an app or do I call Public Works?",
        "Any update on when {street} gets repaved? It's been torn up for months.",
        "The streetlight at {street} and {street2} has been out for two weeks.",
        "Will the lane closures on {street} last through the weekend?",
        "Can the City repaint the crosswalk by the elementary school? It's almost invisible.",
        "Who do I contact about a tree root lifting the sidewalk in front of my house?",
        "Is street sweeping still on {day} mornings on our side of {street}?",
        "Are they adding a left turn signal at {street} and {street2}? Dangerous at rush hour.",
        "the storm drain on our block is clogged with leaves, can someone clear it before it rains",
    ),
    "council": (
        "What time does Tuesday's council meeting start?",
        "Can residents give public comment over Zoom or only in person?",
        "Where can I find the staff report for the {street} streetscape item?",
        "Will the council meeting be streamed on YouTube like last time?",
        "How long do we get for public comment, three minutes?",
        "Is the budget study session open to the public?",
        "Can we get the agenda posted in Spanish and Vietnamese too?",
        "Does the council vote on the water rates at this meeting or the next one?",
        "Where are past meeting videos archived? I missed the last one.",
        "Is there parking at City Hall for the evening meetings?",
    ),
    "park": (
        "What hours is the splash pad open on weekdays?",
        "Are dogs allowed at {park} now that it reopened?",
        "Can we reserve the picnic shelter at {park} for a birthday party?",
        "Is the new playground OK for toddlers or mostly for older kids?",
        "Do the park restrooms stay open after dark?",
        "Will there be summer movie nights at {park} again this year?",
        "Are there any youth soccer fields open for practice on {day}s?",
        "Is there shade by the splash pad? My kids burn easily.",
    ),
    "water": (
        "How much will the average household bill go up under the new rates?",
        "Can I send a written comment for the water rate hearing by email?",
        "Is there a discount program for seniors on the water bill?",
        "Why is the water in our area tasting like chlorine lately?",
        "Will the hearing be in Council Chambers or the community center?",
        "My water bill doubled this month and I don't know why, who can I talk to?",
        "Are there rebates for replacing a lawn with drought tolerant plants?",
    ),
    "library": (
        "Does the library still lend out hotspots?",
        "Is homework help for high schoolers too or just elementary?",
        "Will the library be open on the {day} before the holiday?",
        "Can I return books from another county library here?",
        "Are there ESL conversation classes at the library this fall?",
        "Does the library have a room we can book for a tutoring group?",
    ),
    "fireworks": (
        "Where are the Safe and Sane fireworks stands this year?",
        "What time do fireworks have to stop on the 4th?",
        "Is there a number to report illegal fireworks? Our street sounds like a war zone.",
        "Will the City have a fireworks show or just the stands?",
        "Can you post tips for keeping dogs calm during the fireworks?",
    ),
}

COMPLAINTS = (
    "I disagree with raising the water rates. Seniors on a fixed income can't absorb this.",
    "The council should hold these meetings in the evening so working people can attend.",
    "Honestly the park renovation took way too long and went over budget.",
    "It took the City three months to answer my email about the sidewalk. Not acceptable.",
    "Street sweeping tickets are a money grab. The sweeper didn't even come down our street.",
    "Why does {street} get repaved every few years while {street2} is falling apart?",
    "The council ignored everyone who spoke against the project. Why have public comment?",
    "Code enforcement is selective. They ticket some houses and ignore others on the same block.",
    "The mayor promised more police patrols and we haven't seen any difference on {street}.",
    "I'm tired of paying more every year for the same services.",
    "The new parking rules near {park} make no sense for the people who actually live there.",
    "This City spends on consultants instead of fixing basics like streetlights.",
    "The traffic on {street} at 5pm is terrible and nobody at City Hall seems to care.",
    "Public Works closed the lane for two weeks and I never saw anyone working.",
    "Please stop posting PR photos and fix the potholes on {street}.",
    "The permit process for a simple patio cover took four months. Ridiculous.",
    "The library cut Sunday hours but somehow there's money for new signs downtown?",
    "I've called about the abandoned car on {street} three times. Still there.",
    "The council voted for the contract before residents could even read it.",
    "Rates up, services down. That's the story in Stanton lately.",
)

PRAISE = (
    "Thank you for fixing the pothole on {street} so fast!",
    "The new shade structures at {park} look great, thank you Public Works.",
    "Homework help at the library was a lifesaver for my son last year.",
    "Appreciate the reminder about pets and fireworks.",
    "Great job on the cleanup day, the volunteers were amazing.",
    "Love seeing the community garden grow. Thanks to everyone who made it happen.",
    "The crew that trimmed the trees on our block was so polite. Thank you!",
    "Thanks for posting the agenda early, it helps a lot.",
    "My kids loved the splash pad this weekend 😊",
    "Shout out to the librarian who helped my mom with her email account.",
    "The new crosswalk lights on {street} make walking to school so much safer.",
    "Nice to finally see the streetlights fixed on {street}. Thank you!",
    "Thank you for keeping us informed, this page is really helpful.",
    "The summer concert at {park} was wonderful, please do more.",
    "Kudos to the water department for answering my call right away.",
)

# Ordinary comments that look like violations at first sight (a City phone number, a mild
# word, a neutral election reminder, a link to the City's own site): moderators keep them.
BORDERLINE = (
    "If your bin was damaged call Public Works at 714-555-0100, they replaced ours in a day",
    "Lost dog near {park}, brown terrier named Pepper. If you see her please call me at {phone}",
    "Damn, that pothole on {street} is a menace. Glad it's on the list",
    "Reminder to everyone: register to vote before October 21, whatever side you're on",
    "The agenda is on the City website: stantoncity.example/agenda, item 7 is the water rates",
    "Anyone know a good plumber? Asking for recommendations, not ads please",
    "Is it legal to sell lemonade on the sidewalk? My kids want to do a stand this weekend",
    "Hell yes, the splash pad is back!",
    "My email to the clerk bounced, is clerk@stantoncity.example still the right address?",
    "Candidates forum at the library on {day}, all candidates invited. Come ask questions",
    "The old gate at {park} was broken for months, glad it's finally fixed",
    "Are garage sales allowed without a permit? Planning one on {day}",
    "This meeting was a mess, but thanks to the clerk for keeping it going",
    "Kill the lights at the tennis courts after 10 please, they shine into our bedroom",
    "Someone left a shopping cart blocking the bike lane on {street}, can the City pick it up?",
)

# Ways people write: applied to ordinary comments (the violations get their own).
STYLES = ("plain", "plain", "plain", "lower", "nopunct", "caps", "typo", "emoji", "esl", "lol")


def _styled(text: str, style: str, rng: random.Random) -> str:
    if style == "lower":
        return text.lower()
    if style == "nopunct":
        return text.rstrip(".!?").lower()
    if style == "caps" and len(text) < 110:
        return text.upper()
    if style == "typo":
        words = text.split(" ")
        long_words = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return " ".join(words)
    if style == "emoji":
        return text + rng.choice((" 😊", " 👍", " 🙄", " 😩", " ❤️", " 🤔"))
    if style == "esl":
        return (
            text.replace("Is there", "There is")
            .replace("Can I", "I can")
            .replace("Does the", "The")
            .replace("What time does", "What time")
            .replace(" the ", " ", 1)
        )
    if style == "lol":
        return text.rstrip(".") + rng.choice((" lol", " smh", " haha", " ugh", " just saying"))
    return text


def _fill(template: str, rng: random.Random) -> str:
    street, street2 = rng.sample(STREETS, 2)
    return template.format(
        street=street, street2=street2, day=rng.choice(DAYS), park=rng.choice(PARKS)
    )


def _fill_streets(template: str, rng: random.Random) -> str:
    """Fill only the place slots, leaving the others for `_violation_fill`."""
    return template.replace("{park}", rng.choice(PARKS)).replace("{day}", rng.choice(DAYS))


def _ordinary(rng: random.Random) -> list[DemoComment]:
    comments = []
    for topic, templates in QUESTIONS.items():
        for template in templates:
            for _ in range(3):
                text = _fill(template, rng) + rng.choice(SIGNOFFS)
                comments.append(DemoComment(_styled(text, rng.choice(STYLES), rng), topic=topic))
    for template in BORDERLINE:
        for _ in range(3):
            text = _violation_fill(_fill_streets(template, rng), rng)
            comments.append(DemoComment(_styled(text, rng.choice(STYLES[:4]), rng)))
    for template in (*COMPLAINTS, *PRAISE):
        for _ in range(3):
            text = _fill(template, rng)
            comments.append(DemoComment(_styled(text, rng.choice(STYLES), rng)))
    return comments


# --- violations ------------------------------------------------------------------------------
SPAM = (
    "Check out my channel for daily vlogs!! youtube.com/@{handle} 🔥🔥",
    "subscribe to my channel, I post {thing} every week, link in bio",
    "I made ${money} this week working from home, DM me and I'll show you how",
    "FREE GIVEAWAY 🎁 follow @{handle} and tag 3 friends to win an iPad",
    "Follow me on insta @{handle} for {thing} content, follow back guaranteed",
    "Earn ${money} a day from your phone, no experience needed: {link}",
    "Bitcoin doubled my savings in a month. Message me to get started with my mentor",
    "who else wants free followers? go to {link} it actually works",
    "Congratulations! You've been selected for a $500 gift card, claim it at {link}",
    "Get paid to test apps from home!!! sign up at {link}",
    "My cousin made ${money} with this trading app, check it out {link}",
    "Please support my small channel, just hit subscribe 🙏 youtube.com/@{handle}",
)
COMMERCE = (
    "Need your roof fixed before the rain? Call {business} at {phone}, free estimates!",
    "Selling homemade tamales this Saturday, $15 a dozen, message me to order",
    "Looking to sell your house in Stanton? I can get you top dollar, call me at {phone}",
    "{business} is offering 20% off all plumbing repairs this month, book now",
    "Best prices on solar panels in Orange County, zero down, call {phone}",
    "We buy junk cars for cash, same day pickup. Text {phone}",
    "Grand opening this weekend at {business}! Buy one get one free with this post",
    "Affordable tax prep for families, $49 flat fee, DM me for an appointment",
    "Cheap moving service, two guys and a truck, $60 an hour. Call {phone}",
    "Fresh eggs from our backyard hens, $6 a dozen, pick up on {street}. Message me",
)
PROFANITY = (
    "This is fucking ridiculous, fix the damn road already",
    "What a shitshow this council meeting was",
    "the council are a bunch of dumbasses who can't read a budget",
    "Who the hell approved this garbage plan",
    "bullshit, nobody swept our street and we all got tickets anyway",
    "Stop wasting our money you useless assholes",
    "this parking situation is a clusterfuck",
    "Pothole on {street} ate my tire. Fix your shit, Stanton",
)
THREATS = (
    "If they raise my water bill again I'm coming to city hall and someone is getting hurt",
    "The code enforcement guy better watch his back. I know what car he drives",
    "Somebody needs to burn that council chamber down with all of them inside",
    "keep ticketing my car and see what happens to your windows",
    "The mayor deserves a beating for this and I'd be happy to do it",
    "people who vote for this should be shot",
    "I'll be waiting outside the next meeting for the councilman. He won't walk away",
)
DISCRIMINATION = (
    "These immigrants are ruining Stanton, they breed like rats",
    "Muslims shouldn't be allowed to open businesses on Beach Blvd",
    "Gay people shouldn't be allowed near the kids at story time",
    "Mexicans are all criminals, that's why the crime here is so bad",
    "The Vietnamese families on our street are dirty animals, send them back",
    "Disabled people are a drain, stop wasting our tax money on ramps for them",
    "Jews run this council anyway, that's why nothing changes",
)
PERSONAL = (
    "Here's the code enforcement officer's cell, {phone}, call him and tell him what you think",
    "My neighbor {person} at {house} {street} keeps parking on the sidewalk, go knock on his door",
    "email the guy directly at {email} and let him have it",
    "The lady who called the cops on our party lives at {house} {street}, apt 4. Just saying",
    "{person}'s social is {ssn}, he used it on the permit application lol",
    "If anyone wants to complain to {person} personally his number is {phone}",
    "found the landlord's home address: {house} {street}. Show up and make some noise",
)
CAMPAIGN = (
    "Vote for {candidate} for City Council on November 5th!",
    "Vote YES on Measure {measure}! Our parks need it",
    "Re-elect Mayor {candidate}, four more years of progress",
    "Vote no on Measure {measure}, it's a tax hike in disguise",
    "Don't vote for {candidate}, vote for change this November",
    "Support {candidate} for council, sign up to volunteer at our campaign office",
)
SEXUAL = (
    "Lonely tonight? Hot singles in Stanton want to meet you: {link}",
    "18+ only 🔞 my private pics are on my page, link in bio",
    "Bored? Chat with sexy girls near you for free at {link}",
)

HANDLES = ("jaylenvibes", "mikefitlife", "stacy.glow", "trendz4u", "dailydealsdan", "luxcars_oc")
THINGS = ("gaming", "fitness", "makeup", "car", "cooking", "prank")
LINKS = (
    "bit.ly/3xFr33",
    "freegift-now.click",
    "cashapp-bonus.top/claim",
    "tinyurl.com/getpaid99",
    "earnfast.biz",
    "hot-local-dates.site",
)
BUSINESSES = (
    "Eddie's Roofing",
    "OC Rooter Pros",
    "Stanton Smog & Lube",
    "Golden Star Nails",
    "Pacific Solar Co",
)
PEOPLE = ("Dave Ruiz", "Karen Whitfield", "Tony Marsh", "Linda Okafor", "Greg Pham")
CANDIDATES = ("Maria Delgado", "Tom Reyes", "Linda Cho", "Ray Ortega")
MEASURES = ("R", "K", "Q", "S")


def _phone(rng: random.Random) -> str:
    number = f"714-555-01{rng.randrange(10, 100)}"
    return rng.choice((number, f"({number[:3]}) {number[4:]}", number.replace("-", ".")))


def _violation_fill(template: str, rng: random.Random) -> str:
    person = rng.choice(PEOPLE)
    return template.format(
        handle=rng.choice(HANDLES),
        thing=rng.choice(THINGS),
        money=rng.choice(("2,400", "3,200", "850", "5,000", "1,200")),
        link=rng.choice(LINKS),
        business=rng.choice(BUSINESSES),
        phone=_phone(rng),
        street=rng.choice(ADDRESS_STREETS),
        person=person,
        house=rng.randrange(10100, 12999),
        email=person.lower().replace(" ", ".") + rng.choice(("@gmail.com", "@yahoo.com")),
        ssn=f"{rng.randrange(100, 899)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
        candidate=rng.choice(CANDIDATES),
        measure=rng.choice(MEASURES),
    )


VIOLATION_STYLES = ("plain", "plain", "lower", "caps", "emoji", "nopunct")
# (templates, category, sub-reason, copies of each)
VIOLATIONS = (
    (SPAM, "off_topic", "spam", 5),
    (COMMERCE, "commerce", "", 5),
    (PROFANITY, "profanity", "", 2),
    (THREATS, "threat", "", 2),
    (DISCRIMINATION, "discrimination", "", 2),
    (PERSONAL, "confidential", "", 3),
    (CAMPAIGN, "political_campaign", "", 3),
    (SEXUAL, "sexual", "", 2),
)


def _violations(rng: random.Random) -> list[DemoComment]:
    comments = []
    for templates, category, sub_reason, copies in VIOLATIONS:
        for template in templates:
            for _ in range(copies):
                text = _violation_fill(template, rng)
                style = rng.choice(VIOLATION_STYLES)
                if category in ("threat", "discrimination"):
                    style = rng.choice(("plain", "lower", "caps"))
                comments.append(
                    DemoComment(_styled(text, style, rng), category=category, sub_reason=sub_reason)
                )
    return comments


def demo_comments(rng: random.Random) -> list[DemoComment]:
    """Every demo comment once (distinct texts), shuffled by `rng`."""
    seen: set[str] = set()
    unique = []
    for comment in (*_ordinary(rng), *_violations(rng)):
        if comment.text not in seen:
            seen.add(comment.text)
            unique.append(comment)
    rng.shuffle(unique)
    return unique


# Spammers change their wording: the last two days bring pitches no rule was written for.
# The classifier learned from the City's earlier removals may still recognise them.
NEWER_PITCHES = (
    "my mentor showed me how to make money from my phone, follow me and I'll send the link",
    "new video on my channel, go check it out and follow for more 🔥",
    "I post giveaways every week on my page, go follow and claim yours",
    "New video on my channel!! go check it out and follow for more",
)


def demo_comments_newer() -> list[DemoComment]:
    """Comments that only arrive among the newest (after everything `demo_comments` gives)."""
    return [DemoComment(text, category="off_topic", sub_reason="spam") for text in NEWER_PITCHES]
