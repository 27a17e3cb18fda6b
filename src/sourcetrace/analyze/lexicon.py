"""Data tables for attribution: cue words, source heads and outlets.

Knowledge about how news writes attribution lives here as data, not as branches of code.
Verbs and nouns are lemmas (lower case); outlet names are matched case-insensitively
after a leading "the" is dropped.
"""

from __future__ import annotations

__all__ = [
    "BELIEF_VERBS",
    "CHANNEL_VERBS",
    "CLAUSE_ONLY_VERBS",
    "CUE_NOUNS",
    "DOCUMENT_HEADS",
    "MEDIA_HEADS",
    "MEDIA_NAMES",
    "MINED_CUE_VERBS",
    "ORGANISATION_HEADS",
    "PERCEPTION_VERBS",
    "PHRASAL_CUES",
    "PRONOUNS",
    "REPORTING_VERBS",
    "SEEMING_VERBS",
    "STANCE_ADJECTIVES",
    "STANCE_VERBS",
    "SUBORDINATORS",
    "UNNAMED_HEADS",
]


def _words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a table literal."""
    return frozenset(text.split())


# Verbs of saying and showing: their subject is the source, their clause the content.
REPORTING_VERBS = _words(
    """
    say tell add report claim state argue note explain announce insist warn write
    suggest acknowledge admit deny confirm reveal declare assert contend maintain
    predict promise vow pledge stress emphasize emphasise comment remark reply respond
    answer testify allege signal indicate tweet post ask urge accuse concede estimate
    recall observe joke complain boast caution charge conclude describe hint mention
    disclose learn show find quip continue proclaim retort counter concur agree repeat
    reiterate tout question speculate demand propose recommend advise assure inform
    notify threaten affirm attest posit reckon figure guess
    """
)

# Verbs whose object is not what was said: whom one informs or assures, what one maintains.
# They cue only with a clause ("assured voters that ...").
CLAUSE_ONLY_VERBS = _words(
    """
    inform notify assure advise maintain feel
    """
)

# Verbs of stance whose object is the content: "X backs Trump", "called for a ban".
STANCE_VERBS = _words(
    """
    support back endorse praise criticize criticise call urge thank mock blast slam
    attack accuse blame describe oppose reject dismiss defend condemn applaud welcome
    prefer propose demand promise pledge vote question deny want mention
    discuss predict like love hate cite refer label dub brand characterize characterise
    decry denounce hail laud tout seek request recommend advocate champion embrace
    rule
    """
)

# Verbs annotated as cues in at least 30% of their occurrences, and at least 5 times, in
# the 840 PolNeAR train articles, beyond the tables above (``bench/mine_cues.py
# --min-count 5 --min-ratio 0.3``; a threshold measured on held-out train articles).
# Their object or clause is the content, as for a stance verb. spaCy lemmatises "hoping"
# as "hop" and "retweeted" as "retweete".
MINED_CUE_VERBS = _words(
    """
    acquiesce aim allude anger apologize approve articulate assail attribute balk bemoan
    boo brag brush chant chide clarify congratulate contemplate contradict contrast
    convince credit decline deem deride detail devote disavow dislike dispute distance
    document echo email envision express forecast highlight hop identify imply interject
    interpret invoke issue lambast lament lash liken list name offer order outline paint
    persuade pivot plead point portray press project promote quote rail rattle reaffirm
    rebuff rebuke rebut recite recount reference refuse remember remind resist retweete
    shout side single sound spar talk title underscore unveil voice vouch witness wonder
    yell
    """
)

# Verbs of thinking, wanting and perceiving: PolNeAR counts thoughts and intentions.
BELIEF_VERBS = _words(
    """
    believe think feel hope fear expect worry doubt suspect assume view consider
    regard want plan intend decide understand realize realise recognize recognise wish
    """
)

# Verbs of seeming: an impression with no one named ("he appears uneasy", "it seems that
# ..."), so no source; the content is what seems and how it seems.
SEEMING_VERBS = _words(
    """
    seem appear
    """
)

# Adjectives of stance after "be": "is confident that ...", "was critical of ...", "it is
# unclear whether ...". Mined like MINED_CUE_VERBS (at least 25% and 5 times in train).
STANCE_ADJECTIVES = _words(
    """
    eager confident skeptical sceptical worried aware concerned hopeful reluctant outspoken
    vocal wary supportive unclear optimistic pessimistic convinced
    """
)

# Nouns of saying and stance, mined like MINED_CUE_VERBS (at least 25% and 5 times):
# "Trump's criticism of ...", "his claim that ...", "voiced concern that ...".
CUE_NOUNS = _words(
    """
    criticism concern claim promise hope doubt suggestion assertion complaint praise
    reference allegation mention opposition warning pledge disagreement assumption
    speculation desire backing call
    """
)

# Phrases of a verb, its object noun and a preposition that cue as one: "X calls attention
# to Y", "drew attention to Y". Lemmas; the object of the preposition is the content.
PHRASAL_CUES = frozenset(
    {
        ("call", "attention", "to"),
        ("draw", "attention", "to"),
        ("bring", "attention", "to"),
        ("direct", "attention", "to"),
    }
)

# Passive perception: "are seen by X as ...".
PERCEPTION_VERBS = _words(
    """
    see view regard consider perceive
    """
)

# Verbs that name the channel when their object or prepositional object is an outlet.
CHANNEL_VERBS = _words(
    """
    tell speak talk say write report
    """
)

# Head nouns of an unnamed source: "a source familiar with ...", "the official".
UNNAMED_HEADS = _words(
    """
    source official person people aide spokesman spokeswoman spokesperson diplomat
    insider adviser advisor analyst expert observer lawmaker legislator staffer
    executive member witness resident voter supporter critic opponent ally associate
    colleague friend strategist operative organizer organiser employee worker negotiator
    envoy officer agent investigator prosecutor lawyer attorney doctor economist
    researcher scientist someone anyone many some others other most few several both all
    republican democrat conservative liberal activist leader candidate pollster
    """
)

# Head nouns of a document source: "a report said", "the poll shows".
DOCUMENT_HEADS = _words(
    """
    report document statement poll survey study memo letter filing complaint lawsuit
    email e-mail data analysis release tweet book article indictment ruling transcript
    record post message speech ad advertisement video footage research findings figures
    numbers documents emails records polls surveys studies reports statements
    """
)

# Head nouns of an organisation or government without a named entity on them.
ORGANISATION_HEADS = _words(
    """
    government administration ministry department kremlin campaign committee party
    council agency commission court police army military authority authorities office
    company firm group organization organisation foundation institute union coalition
    congress senate house parliament cabinet embassy team bureau
    """
)

# Head nouns that make a noun phrase a news outlet: "the TASS news agency".
MEDIA_HEADS = _words(
    """
    newspaper paper agency outlet network magazine daily broadcaster channel website
    tabloid station wire publication journal
    """
)

# Outlets known by name, lower case, without a leading "the".
MEDIA_NAMES = _words(
    """
    reuters ap afp tass bbc cnn ft bloomberg politico nbc abc cbs msnbc breitbart axios
    interfax xinhua ria novosti npr pbs upi dpa ansa kyodo yonhap
    """
) | frozenset(
    {
        "associated press",
        "agence france-presse",
        "agence france presse",
        "financial times",
        "new york times",
        "washington post",
        "wall street journal",
        "new york post",
        "los angeles times",
        "daily mail",
        "fox news",
        "the guardian",
        "guardian",
        "the times",
        "usa today",
        "the hill",
        "huffington post",
        "daily beast",
        "the atlantic",
        "new yorker",
        "buzzfeed news",
        "buzzfeed",
        "vox",
        "slate",
        "time",
        "newsweek",
        "the economist",
        "economist",
        "al jazeera",
        "ria novosti",
        "post",
        "times",
        "journal",
    }
)

# Words that open a subordinate clause: "While many opposed it, the base has shown ..." is
# scene-setting, not what the trailing cue reports.
SUBORDINATORS = _words(
    """
    if while when whenever although though because as after before since unless until once
    """
)

# Personal and relative pronouns that can stand as a source.
PRONOUNS = _words(
    """
    he she they i we you it who which that one
    """
)
