"""The explicit forms of abuse, as regular expressions over canonical text (see text.py).

Each pattern names its category, its weight in log-odds and the words that must occur
for it to be worth trying: most comments contain none of them and skip every pattern.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from . import lexicon as lx


class Category(enum.StrEnum):
    """What kind of abuse a reason points at; the first two are moderation reason codes."""

    HARASSMENT = "harassment"
    HATE_SPEECH = "hate_speech"
    THREAT = "threat"
    SEXUAL = "sexual"


_CONJUGATIONS = (("er", "(?:er|ons|ez|e|es|ent|erai|erais|erons|eront|ait)"),
                 ("re", "(?:re|s|t|ons|ez|ent)"), ("ir", "(?:ir|is|it|issons|issez|issent)"))


def _conjugated(entry: str) -> str:
    """Return a French verb entry as a regex that also takes its common finite forms."""
    first, _, rest = entry.partition(" ")
    for ending, forms in _CONJUGATIONS:
        if first.endswith(ending) and len(first) > 4:
            tail = f" {re.escape(rest)}" if rest else ""
            return f"{re.escape(first[: -len(ending)])}{forms}{tail}"
    return re.escape(entry)


def _alt(*lists: tuple[str, ...], inflect: bool | str = True, conjugate: bool = False) -> str:
    """Return a regex alternation of lexicon entries, longest first, with word endings."""
    words = {w.replace("-", " ") for entries in lists for w in entries}
    ordered = sorted(words, key=lambda w: (-len(w), w))
    body = "|".join(_conjugated(w) if conjugate else re.escape(w) for w in ordered)
    ending = inflect if isinstance(inflect, str) else r"(?:e?s|x|ee?s?|nes?)?" if inflect else ""
    return rf"(?:{body}){ending}"


G = _alt(lx.GROUPS_EN, lx.GROUPS_FR)
DEH = _alt(lx.DEHUMANISING_EN, lx.DEHUMANISING_FR)
NEG = _alt(lx.NEGATIVE_EN, lx.NEGATIVE_FR)
VS_EN = _alt(lx.VIOLENCE_EN, inflect=False)
VW_EN = _alt(lx.VIOLENCE_WEAK_EN, inflect=False)
VS_FR = _alt(lx.VIOLENCE_FR, inflect=False, conjugate=True)
VW_FR = _alt(lx.VIOLENCE_WEAK_FR, inflect=False, conjugate=True)
VP = _alt(lx.VIOLENT_PARTICIPLES_EN, lx.VIOLENT_PARTICIPLES_FR)
# Slurs and insults take a plural only: "spic" + "e" is a spice.
SLUR = _alt(lx.SLURS_EN, lx.SLURS_FR, inflect="s?")
SLUR_AMBIGUOUS = _alt(lx.SLURS_AMBIGUOUS, inflect="s?")
INS = _alt(lx.INSULTS_EN, lx.INSULTS_FR, inflect="s?")
INS_MILD = _alt(lx.INSULTS_MILD_EN, lx.INSULTS_MILD_FR, inflect="s?")
OBS = _alt(lx.OBSCENE_EN, lx.OBSCENE_FR)
PROF = _alt(lx.PROFANITY_EN, lx.PROFANITY_FR)

GROUP_WORD = re.compile(rf"\b{G}\b")

# A person or a group as the object of a verb of violence.
_PERSON_EN = (r"(?:you|u|ya|yourself|yourselves|urself|them|him|her|every one of (?:you|them)"
              r"|all of (?:you|them)|y'all|you all|you people)")
_LIKE = r"(?: (?:like|comme) (?:you|them|us|me|vous|toi|eux|elles|moi|nous|lui))?"
_GROUP_NP = (rf"(?:(?:all|every|each|chaque|the|these|those|your|ur|some|of|tous|toutes|les"
             rf"|ces|des|de|un|une|le|la|ce|cette|sales?|autres?) )*{G}")
_OBJ_EN = rf"(?:{_PERSON_EN}|{_GROUP_NP})"
_SUBJ_EN = (r"(?:i|we|im|i'm|imma|ima|someone|somebody|people|you|they|i'll|we'll|ill"
            r"|gonna|wanna|should|must|lets|let's|let us)")
_SUBJ_FR = (r"(?:je|on|nous|quelqu'un|quelquun|qqn|faut|faudrait|devrait|devraient|doit|doivent"
            r"|allons|vais|va|veux|voudrais|aimerais|envie|dois|devons|pourrait|allez|vas)")
_OBJ_FR_PRON = r"(?:te|vous|les|le|la|lui|leur|toi)"
_FILL_GROUP_EN = (r"(?:all|just|nothing|such|so|really|fucking|the|a|an|like|literally|simply"
                  r"|truly|basically|total|complete|absolute|bunch of|of|no better than|worse"
                  r"|than|naturally|inherently|genetically|always|more|most|utterly|filthy"
                  r"|dirty|disgusting|worthless|stupid|fucken|freaking|damn|bloody|pure)")
_FILL_GROUP_FR = (r"(?:tous|toutes|juste|vraiment|que|qu|des|de|la|le|un|une|du|si|tellement"
                  r"|absolument|completement|simplement|rien|plus|moins|trop|franchement"
                  r"|naturellement|toujours|vrai|vraie|vrais|vraies|putain|sale|sales|pire|pires"
                  r"|genre|assez|particulierement|tres|foutus?|foutues?|grosses?|gros|bande"
                  r"|d|autant|aussi)")
_FILL_INS_EN = (r"(?:a|an|such|absolute|total|complete|fucking|fuckin|stupid|little|dumb"
                r"|pathetic|worthless|ignorant|real|big|fat|ugly|utter|disgusting|just|nothing"
                r"|but|the|biggest|sad|old|lying|are|r|is|being|like|freaking|damn|bloody"
                r"|useless|miserable|dirty|filthy|sick|self|righteous)")
_FILL_INS_FR = (r"(?:un|une|vraiment|que|qu|rien|vrai|vraie|gros|grosse|sale|pauvre|de|d|des"
                r"|petit|petite|sombre|immense|complet|complete|totalement|putain|espece"
                r"|gros|belle|beau|bel|sacre|sacree|foutu|foutue|juste|seulement|autre"
                r"|vulgaire|bien|toujours|ne|es)")


@dataclass(frozen=True)
class Pattern:
    """One explicit form of abuse."""

    code: str
    category: Category
    weight: float
    label: str
    regex: re.Pattern
    # Lexicon lists one of whose words must be present for the pattern to be tried.
    needs: frozenset[str]
    # Words the pattern itself uses to say no ("can't stand"): not a negation of it.
    built_in_negation: bool = False
    # Whether a negation nearby turns it around: "not a threat", but a slur stays a slur.
    negatable: bool = True


def _p(code, category, weight, label, regex, needs, negation=False,
       negatable=True) -> Pattern:
    return Pattern(code, category, weight, label, re.compile(rf"\b{regex}\b"),
                   frozenset(needs), negation, negatable)


T, H, A, S = Category.THREAT, Category.HATE_SPEECH, Category.HARASSMENT, Category.SEXUAL
EXPLICIT = 6.0
PATTERNS: tuple[Pattern, ...] = (
    # Threats of violence.
    _p("threat", T, EXPLICIT, "threat of violence",
       rf"{_SUBJ_EN}(?: \w+){{0,4}}? (?:{VS_EN})(?:ing|ed|s)? (?:\w+ )?{_OBJ_EN}",
       {"VIOLENCE_EN"}),
    _p("threat", T, EXPLICIT, "threat of violence",
       rf"{_SUBJ_EN}(?: \w+){{0,4}}? (?:{VW_EN})(?:ing|ed|s)? (?:the shit out of |up )?"
       rf"(?:{_PERSON_EN}|(?:all|every|the|these|those) {G})", {"VIOLENCE_WEAK_EN"}),
    _p("threat", T, EXPLICIT, "call for violence",
       rf"(?:{VS_EN}|{VW_EN}) (?:all|every|the|these|those|more)(?: of the)? {G}",
       {"VIOLENCE_EN", "VIOLENCE_WEAK_EN"}),
    _p("threat", T, EXPLICIT, "call for violence",
       rf"(?:should|must|need to|needs to|ought to|deserve to|deserves to|have to|has to|gotta"
       rf"|better|would be better if they were|were all)(?: all| just| simply| really| be| get"
       rf"| got| been| every one){{1,3}} (?:{VP})", {"VIOLENT_PARTICIPLES_EN"}),
    _p("threat", T, EXPLICIT, "wish of death",
       rf"(?:{_PERSON_EN}|he|she|they|{G}) (?:all )?(?:deserve|deserves|should|must|ought to"
       rf"|need to|needs to|to) (?:just |all )?(?:to )?(?:die|rot|burn in hell|get cancer"
       rf"|be put down|drop dead)", {"GROUPS_EN", "_PERSON"}),
    _p("threat", T, EXPLICIT, "wish of death",
       rf"(?:kill yourself|kill urself|kill yourselves|kys|go die|death to (?:all )?(?:{_OBJ_EN})"
       r"|i know where you live|i will find you|ill find you|i'll find you|your days are"
       r" numbered|hope you die|hope u die|hope they die|hope you get raped"
       r"|hope you get cancer|you should die|you're dead meat|youre dead meat"
       r"|(?:you|u|just|go) drop dead)", {"_DEATH"}),
    _p("threat", T, EXPLICIT, "wish of death",
       rf"(?:see|watch|seeing|watching) (?:(?:all|the|these|those|every) )*{G}"
       rf" (?:{VP}|die|burn|suffer|hang)", {"GROUPS_EN"}),
    _p("threat", T, EXPLICIT, "threat of violence",
       rf"{_SUBJ_FR}(?: \w+){{0,4}}? (?:{_OBJ_FR_PRON} )?(?:{VS_FR})", {"VIOLENCE_FR"}),
    _p("threat", T, EXPLICIT, "threat of violence",
       rf"{_SUBJ_FR}(?: \w+){{0,4}}? {_OBJ_FR_PRON} (?:{VW_FR})", {"VIOLENCE_WEAK_FR"}),
    _p("threat", T, EXPLICIT, "call for violence",
       rf"(?:{VS_FR}|{VW_FR})(?: (?:tous|toutes|tout))? (?:(?:de |d )?(?:ces|les|des|tous les"
       rf"|toutes les|ce|cette|un|une|le|la|l|vous les|vous|ses)) (?:\w+ )?{G}",
       {"VIOLENCE_FR", "VIOLENCE_WEAK_FR"}),
    _p("threat", T, EXPLICIT, "call for violence",
       rf"(?:doivent|devraient|doit|devrait|meritent|merite|meritez|faut|faudrait|soient"
       rf"|etaient tous|etaient toutes|seraient tous)(?: \w+){{0,3}}? (?:{VP})",
       {"VIOLENT_PARTICIPLES_FR"}),
    _p("threat", T, EXPLICIT, "wish of death",
       r"(?:meritent|merite|meritez|doivent|devraient|devrait|doit|vas|va|allez)(?: \w+){0,2}?"
       r" (?:mourir|crever|disparaitre|bruler en enfer|se pendre)", {"_DEATH_FR"}),
    _p("threat", T, EXPLICIT, "wish of death",
       rf"(?:mort aux|a mort les|mort a (?:tous|toutes) (?:les|ces)|creve|crevez"
       rf"|je sais ou tu habites|je vais te retrouver|on va te retrouver|suicide toi"
       rf"|suicidez vous|tue toi|pends toi"
       rf"|voir (?:ces|les|tous ces|tous les|toutes ces|toutes les) {G} (?:souffrir|mourir"
       rf"|crever|bruler|pendus|morts|disparaitre)|debarrass\w*(?: \w+){{0,2}} (?:des|de|ces"
       rf"|les) (?:\w+ )?{G}|il faudrait (?:juste |simplement )?les (?:eradiquer|eliminer"
       rf"|exterminer|tuer))", {"_DEATH_FR", "GROUPS_FR"}),
    # Attacks on a group.
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"{G}(?: people| folks| men| women)?{_LIKE} (?:are|r|is|were|=)"
       rf"(?: {_FILL_GROUP_EN}){{0,4}}"
       rf" (?:{DEH}|{NEG})", {"GROUPS_EN"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"{G}{_LIKE}(?: ne| n)? (?:sont|etaient|seront|est|etes|sera|serait|seraient)"
       rf"(?: {_FILL_GROUP_FR}){{0,5}} (?:{DEH}|{NEG})", {"GROUPS_FR"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"(?:{DEH})(?: de| d| des| que)? (?:{G})", {"DEHUMANISING_EN", "DEHUMANISING_FR"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"(?:sales?|dirty|filthy|stinking|fucking|bloody) {G}", {"GROUPS_EN", "GROUPS_FR"}),
    # A group described with a few words before the verb ("les femmes au pouvoir sont une
    # menace"), ranked lowest ("the dumbest people"), or alone in its vice ("only X are").
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"{G}(?: \w+){{1,6}}? (?:sont|est|etaient|seront)(?: (?:{_FILL_GROUP_FR}|a ce point"
       rf"|au fond|par nature)){{0,4}} (?:{DEH}|{NEG}|une menace|un danger|un fleau)",
       {"GROUPS_FR"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"{G}(?: \w+){{0,8}}? (?:les|le|la)(?: personnes| gens| etres)?(?: les| le| la)? plus"
       rf" (?:{NEG}|abrutie?s?|betes?|connes?|cons|nulle?s?)", {"GROUPS_FR"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"seule?s? (?:les |ces |des )?{G} (?:sont|est)"
       rf" (?:capables? de (?:une |un )?(?:telle |tel )?"
       rf"(?:ignorance|cruaute|betise|violence|mechancete|barbarie|saloperie|bassesse)"
       rf"|(?:\w+ ){{0,3}}(?:{NEG}|ignorante?s?))", {"GROUPS_FR"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"(?:nul|nulle|personne|aucun|aucune) (?:ne )?(?:est|etait) (?:aussi|plus|si) (?:{NEG})"
       rf" que (?:ces|les|des|tous les|toutes les) {G}", {"GROUPS_FR"}, negation=True),
    _p("group_hatred", H, EXPLICIT, "hatred of a group",
       rf"{G}(?: \w+){{0,8}}? (?:me|nous|m) (?:donnent|donne)(?: \w+){{0,3}} la nausee",
       {"GROUPS_FR"}, negation=True),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"{G}(?: \w+){{1,6}}? (?:are|is|were)(?: {_FILL_GROUP_EN}){{0,4}}"
       rf" (?:{DEH}|{NEG}|a threat|a danger|a menace|a plague)", {"GROUPS_EN"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"{G}(?: \w+){{0,6}}? (?:are|is)(?: \w+){{0,3}}? the (?:most (?:{NEG})|dumbest"
       rf"|stupidest|worst|ugliest|laziest|filthiest|dirtiest|vilest)"
       rf" (?:people|creatures|humans|beings|things|scum)", {"GROUPS_EN"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"only {G} (?:are|is) (?:so |this |that |such |capable of such )?(?:{NEG}|cruelty"
       rf"|ignorance|stupidity|barbarity)", {"GROUPS_EN"}),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"(?:no one|nobody|none) (?:is|are) (?:as|so|more) (?:{NEG}) (?:as|than) "
       rf"(?:all |these |those |the )?{G}", {"GROUPS_EN"}, negation=True),
    _p("group_attack", H, 3.0, "disparaging words next to a group",
       rf"(?:{NEG}) (?:{G})|{G} (?:{DEH})", {"GROUPS_EN", "GROUPS_FR"}),
    _p("group_hatred", H, EXPLICIT, "hatred of a group",
       rf"i(?: really| just| absolutely| fucking| truly| honestly| do| so)* (?:hate|despise"
       rf"|detest|loathe|can't stand|cant stand|cannot stand|am sick of|am disgusted by"
       rf"|have no respect for|have zero respect for|have no time for)(?: all| the| these"
       rf"| those| of| you| fucking)* {G}", {"GROUPS_EN"}, negation=True),
    _p("group_hatred", H, EXPLICIT, "hatred of a group",
       rf"{G}(?: people)? (?:make me sick|disgust me|make me want to puke|make me vomit"
       rf"|should not exist|shouldn't exist|don't deserve to live|do not deserve to live"
       rf"|dont deserve to live|are a waste|are not human|aren't human|arent human"
       rf"|are less than human|lives don't matter|lives dont matter|are worth less than"
       rf"|are worthless)", {"GROUPS_EN"}, negation=True),
    _p("group_hatred", H, EXPLICIT, "hatred of a group",
       rf"je(?: \w+){{0,2}}? (?:deteste|hais|meprise|execre|vomis|ne supporte pas|supporte pas"
       rf"|peux (?:\w+ )?pas (?:supporter|voir|sentir|blairer|encadrer)|ne respecte pas"
       rf"|ai (?:trop|tellement|beaucoup|que) de (?:la )?(?:haine|dedain|mepris|degout) pour"
       rf"(?: vous autres)?|ai horreur|ne ai aucun respect pour"
       rf"|ai aucun respect pour|ai zero respect pour|suis degoutee? par|suis degoutee? de"
       rf"|en ai marre)(?: (?:tous|toutes|les|ces|des|de|la|le|du|absolument|vraiment))*"
       rf" {G}", {"GROUPS_FR"}, negation=True),
    _p("group_hatred", H, EXPLICIT, "hatred of a group",
       rf"{G}(?: \w+){{0,8}}? (?:me|nous|m)(?: \w+){{0,2}}? (?:degoutent|font bouillir"
       rf"|rendent fou de rage|rendent folle de rage|fait bouillir|insupportent|exasperent"
       rf"|degoute|rendent malade|rend malade|rendent furieux|rendent furieuse|font vomir"
       rf"|fait vomir|donnent la nausee|donne la nausee|debectent|repugnent|ecoeurent"
       rf"|font gerber|fout la gerbe|foutent la gerbe|donnent envie de vomir)"
       rf"|(?:degoutee?s?|ecoeuree?s?|horripilee?s?) par(?: tous| toutes| les| ces| des"
       rf"| ce| cette)* (?:\w+ )?{G}"
       rf"|(?:vie|vies) (?:des|de|d) (?:\w+ )?{G} (?:ne (?:valent|vaut) (?:pas|rien)"
       rf"(?! moins| plus)|(?:valent|vaut) moins)"
       rf"|(?:lives of|lives) {G} (?:are )?(?:worth less|worthless|don't matter|dont matter)",
       {"GROUPS_FR", "GROUPS_EN"}, negation=True),
    _p("group_attack", H, EXPLICIT, "attack on a group",
       rf"je (?:trouve|considere) (?:les|ces|tous les|toutes les) {G}(?: {_FILL_GROUP_FR}){{0,3}}"
       rf" (?:{DEH}|{NEG})|(?:aussi|plus|as|more) (?:{NEG}|{DEH}) (?:que|qu|than|as)"
       rf" (?:(?:les|ces|des|the|these|those|all|tous|toutes|un|une|a|an) )*{G}",
       {"GROUPS_EN", "GROUPS_FR"}),
    _p("group_attack", H, 3.0, "stereotype about a group",
       rf"(?:typique|typical)(?: de| d| des| du| of)?(?: un| une| a| an)? {G}",
       {"GROUPS_EN", "GROUPS_FR"}),
    _p("group_hatred", H, 5.0, "group compared with animals",
       rf"(?:chien|singe|animal|rat|insecte|cafard|chat|dog|monkey|ape|rat|cat|hamster)s?"
       rf"(?: \w+){{0,3}} (?:plus intelligente?s?|plus precieuse?s?|smarter|more intelligent"
       rf"|more valuable|worth more)(?: \w+){{0,6}} {G}", {"GROUPS_EN", "GROUPS_FR"}),
    _p("group_hatred", H, 5.0, "attack on a group",
       rf"(?:jamais|never) (?:faire |faites |fais )?(?:confiance|trust)(?: \w+){{0,10}}? {G}"
       rf"|nature (?:de|d|des|of)(?: un| une| a| an)? {G} (?:de|d|to)",
       {"GROUPS_EN", "GROUPS_FR"}, negation=True),
    # Slurs.
    _p("slur", H, 5.5, "slur", SLUR, {"SLURS_EN", "SLURS_FR"}, negatable=False),
    _p("slur", H, 3.0, "word that is often a slur", SLUR_AMBIGUOUS, {"SLURS_AMBIGUOUS"},
       negatable=False),
    # Insults aimed at a person.
    _p("insult", A, EXPLICIT, "insult aimed at a person",
       rf"(?:you|u|ya|you're|youre|your|ur|you are|u r|u are|you r|yo"
       rf"|you sound like|you look like|you act like|shut up)(?: {_FILL_INS_EN}){{0,3}}"
       rf" (?:{INS})", {"INSULTS_EN"}),
    _p("insult", A, EXPLICIT, "insult aimed at a person",
       rf"(?:te es|tu es|vous etes|tu ne es|vous ne etes|espece de|espece d|sales?|pauvres?"
       rf"|bande de|toi le|toi la|gros|grosse|t es|quel|quelle|ce|cette|cet)"
       rf"(?: {_FILL_INS_FR}){{0,5}} (?:{INS})", {"INSULTS_FR"}),
    _p("insult", A, 3.5, "insult aimed at a person",
       rf"(?:you|u|ya|you're|youre|ur|you are|tu es|te es|vous etes|espece de)"
       rf"(?: {_FILL_INS_EN}| {_FILL_INS_FR}){{0,3}} (?:{INS_MILD})",
       {"INSULTS_MILD_EN", "INSULTS_MILD_FR"}),
    _p("insult", A, EXPLICIT, "abuse aimed at a person",
       r"(?:shut the fuck up|stfu|fuck you(?! \w+ to| want| like| need| think| say)|fuck u"
       r"|fuck off|fuck yourself|go fuck yourself"
       r"|screw you|eat shit|suck my dick|suck my cock|suck my balls|piss off|fuck ur"
       r"|ferme ta gueule|ta gueule|ftg|va te faire foutre|va te faire enculer|allez vous faire"
       r" foutre|nique ta mere|ntm|fils de pute|fdp|va chier|ta mere la pute|enculee?)",
       {"_ADDRESS"}),
    _p("insult", A, 3.5, "rude address", r"(?:shut up|go to hell|get lost|you suck|casse toi"
       r"|degage|va te pendre|la ferme|ferme la)", {"_ADDRESS"}),
    # Sexual.
    _p("sexual", S, EXPLICIT, "sexual harassment",
       r"(?:suck my|sit on my|i want to|i'd|i would|i'll|gonna|wanna|je vais te|je vais vous"
       r"|je veux te|je vais la|je veux la)(?: \w+){0,2} (?:fuck|bang|screw|baiser|niquer"
       r"|sodomiser|enculer|prendre|sucer) (?:you|u|ur|your|her|te|vous|ta|toi)"
       r"|send (?:me )?(?:your )?nudes|show (?:me )?(?:your|ur) (?:tits|boobs|pussy|dick|cock)"
       r"|montre (?:moi )?tes (?:seins|nichons|fesses)", {"_SEXUAL"}),
)

# Words that open the "_"-named needs above (phrases that have no lexicon list of their own).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "_PERSON": ("die", "rot", "burn", "cancer", "dead"),
    "_DEATH": ("kill", "kys", "die", "dead", "death", "find", "numbered", "hope"),
    "_DEATH_FR": ("mourir", "crever", "disparaitre", "bruler", "pendre", "mort", "creve",
                  "crevez", "habites", "retrouver", "suicide", "suicidez", "tue", "pends",
                  "debarrasser", "debarrassons", "debarrassez", "eradiquer", "eliminer",
                  "exterminer", "tuer", "souffrir", "pendus", "morts"),
    "_ADDRESS": ("fuck", "stfu", "screw", "eat", "suck", "piss", "ferme", "ta", "ftg", "va",
                 "allez", "nique", "ntm", "fils", "fdp", "shut", "go", "get", "you", "casse",
                 "degage", "la", "encule", "enculee", "enculer"),
    "_SEXUAL": ("fuck", "bang", "screw", "baiser", "niquer", "sodomiser", "enculer",
                "prendre", "sucer", "nudes", "tits", "boobs", "pussy", "dick", "cock",
                "seins", "nichons", "fesses"),
}

# Words alone: a little evidence each, never enough to hold a comment by themselves.
LONE_WORDS = (
    ("insult_word", A, 2.0, "insulting word", re.compile(rf"\b(?:{INS})\b"),
     frozenset({"INSULTS_EN", "INSULTS_FR"})),
    ("obscene_word", S, 1.5, "obscene word", re.compile(rf"\b(?:{OBS})\b"),
     frozenset({"OBSCENE_EN", "OBSCENE_FR"})),
    ("profanity", A, 1.0, "swearing", re.compile(rf"\b(?:{PROF})\b"),
     frozenset({"PROFANITY_EN", "PROFANITY_FR"})),
)

# Around a match: a negation just before it, quotation marks, or words that report or
# condemn what was said (counter-speech) make it weigh far less.
NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|none|don't|doesn't|didn't|won't|wouldn't|isn't|aren't|wasn't"
    r"|weren't|shouldn't|can't|cannot|nor|dont|doesnt|didnt|wont|isnt|arent|shouldnt|stop"
    r"|ne|pas|jamais|aucun|aucune|arretez|arrete|cessez|cesse)\b")
# Negative words that belong to the abuse itself ("nothing but", "ne sont que").
NOT_NEGATION = re.compile(
    r"\b(?:ne (?:sont|es|etes|est|seront|etaient) (?:que|qu|rien)|ne \w+ (?:que|qu)"
    r"|pas mieux que|no better than|not better than|nothing but|nothing more than"
    r"|ne (?:valent|vaut) (?:pas|rien)|ne peux (?:\w+ )?pas (?:supporter|voir|sentir|blairer)"
    r"|ne supporte pas|supporte pas|ne respecte pas|ne ai aucun respect|aucun respect"
    r"|can't stand|cant stand|cannot stand|no respect|zero respect|don't deserve|do not"
    r" deserve|dont deserve|don't matter|dont matter|not human|aren't human|arent human"
    r"|shouldn't exist|should not exist|ne meritent pas de vivre|ne devraient pas exister"
    r"|jamais confiance|never trust|ne changeront jamais|rien de autre)\b")
CLAUSE_BREAK = re.compile(r"\b(?:but|however|yet|though|although|mais|cependant|pourtant"
                          r"|sauf que|except)\b")
COUNTER = re.compile(
    r"\b(?:said|says|saying|say that|called|calling|call (?:people|them|someone|us|me)"
    r"|wrote|writes|posted|tweeted|shouted|yelled|told me|quote|quoting|quoted|how dare"
    r"|won't tolerate|will not tolerate|report(?:ed|ing)?|condemn\w*|ashamed|hate speech"
    r"|racist|racism|bigot\w*|homophob\w*|transphob\w*|misogyn\w*|islamophob\w*|antisemit\w*"
    r"|sexist|threatening|threaten\w*|threats?|prison|jail|arrested|illegal|offensive|slurs?"
    r"|a dit|ai dit|as dit|avez dit|ont dit|dit que|dire que|disent|disait|dis que|disant"
    r"|appeler|appelle|appelles|appelez|traiter de|traite de|traiter les|traites de|signaler"
    r"|signalerai|signale|tolerer|tolererai|tolere|inacceptable|raciste|sectaire|homophobe"
    r"|transphobe|misogyne|sexiste|islamophobe|antisemite|haineux|haineuse|menacer|menace"
    r"|menaces|condamne|condamner|insulter|insulte|insultes|choquant|propos|du type|du genre"
    r"|ecrit|tweete|publie|crie)\b")
# "I'm not racist, but ..." is no counter-speech.
DISCLAIMER = re.compile(r"\b(?:i'm not|im not|i am not|not being) (?:a )?racist\b"
                        r"|\bje ne suis pas (?:raciste|homophobe|sexiste)\b|\brien contre\b"
                        r"|\bnothing against\b")
