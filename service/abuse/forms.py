"""The pieces the abuse patterns are written with: categories, word-list regexes, phrases.

Word lists come from lexicon.py as regex alternations over canonical text (see text.py),
French verbs with their common finite forms, English ones with their -ing forms.
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


_CONJUGATIONS = (("er", ("er", "ons", "ez", "e", "es", "ent", "erai", "erais", "erons",
                         "eront", "ait")),
                 ("re", ("re", "s", "t", "ons", "ez", "ent")),
                 ("ir", ("ir", "is", "it", "issons", "issez", "issent", "isse")))
# Lexicon lists of French verbs that the patterns take in their finite forms too.
CONJUGATED = ("VIOLENCE_FR", "VIOLENCE_WEAK_FR")


def finite_forms(entry: str) -> tuple[str, ...]:
    """Return the forms a French verb entry's first word takes ("violer": "viole", ...)."""
    first = entry.split()[0]
    for ending, forms in _CONJUGATIONS:
        if first.endswith(ending) and len(first) > 4:
            return tuple(first[: -len(ending)] + f for f in forms)
    return ()


def _conjugated(entry: str) -> str:
    """Return a French verb entry as a regex that also takes its common finite forms."""
    forms = sorted(finite_forms(entry), key=lambda f: (-len(f), f))
    if not forms:
        return re.escape(entry)
    _, _, rest = entry.partition(" ")
    tail = f" {re.escape(rest)}" if rest else ""
    return f"(?:{'|'.join(map(re.escape, forms))}){tail}"


def _alt(*lists: tuple[str, ...], inflect: bool | str = True, conjugate: bool = False) -> str:
    """Return a regex alternation of lexicon entries, longest first, with word endings."""
    words = {w.replace("-", " ") for entries in lists for w in entries}
    ordered = sorted(words, key=lambda w: (-len(w), w))
    body = "|".join(_conjugated(w) if conjugate else re.escape(w) for w in ordered)
    ending = inflect if isinstance(inflect, str) else r"(?:e?s|x|ee?s?|nes?)?" if inflect else ""
    return rf"(?:{body}){ending}"


def _gerunds(entries: tuple[str, ...]) -> str:
    """Return a regex alternation of English verb entries in their -ing form ("stabbing")."""
    out = set()
    for entry in entries:
        first, _, rest = entry.partition(" ")
        if first.endswith("e") and not first.endswith("ee"):
            first = first[:-1]
        elif (len(first) <= 4 and first[-1] in "bdgmnpst" and first[-2] in "aeiou"
              and first[-3] not in "aeiou"):
            first += first[-1]
        out.add(f"{first}ing{' ' + rest if rest else ''}")
    return "|".join(re.escape(w) for w in sorted(out, key=lambda w: (-len(w), w)))


G = _alt(lx.GROUPS_EN, lx.GROUPS_FR)
DEH = _alt(lx.DEHUMANISING_EN, lx.DEHUMANISING_FR)
NEG = _alt(lx.NEGATIVE_EN, lx.NEGATIVE_FR)
VS_EN = _alt(lx.VIOLENCE_EN, inflect=False)
VW_EN = _alt(lx.VIOLENCE_WEAK_EN, inflect=False)
VS_EN_ING = _gerunds(lx.VIOLENCE_EN)
VS_FR = _alt(lx.VIOLENCE_FR, inflect=False, conjugate=True)
VW_FR = _alt(lx.VIOLENCE_WEAK_FR, inflect=False, conjugate=True)
VP = _alt(lx.VIOLENT_PARTICIPLES_EN, lx.VIOLENT_PARTICIPLES_FR)
# Slurs and insults take a plural only: "spic" + "e" is a spice.
SLUR = _alt(lx.SLURS_EN, lx.SLURS_FR, inflect="s?")
SLUR_AMBIGUOUS = _alt(lx.SLURS_AMBIGUOUS, inflect="s?")
INS = _alt(lx.INSULTS_EN, lx.INSULTS_FR, inflect="s?")
INS_MILD = _alt(lx.INSULTS_MILD_EN, lx.INSULTS_MILD_FR, inflect="s?")
OBS = _alt(lx.OBSCENE_EN, lx.OBSCENE_FR)
RUDE = _alt(lx.RUDE_EN, lx.RUDE_FR, inflect="s?")
PROF = _alt(lx.PROFANITY_EN, lx.PROFANITY_FR)

GROUP_WORD = re.compile(rf"\b{G}\b")

# A person or a group as the object of a verb of violence.
PERSON_EN = (r"(?:you|u|ya|yourself|yourselves|urself|them|him|her|every one of (?:you|them)"
              r"|all of (?:you|them)|y'all|you all|you people)")
LIKE = r"(?: (?:like|comme) (?:you|them|us|me|vous|toi|eux|elles|moi|nous|lui))?"
GROUP_NP = (rf"(?:(?:all|every|each|chaque|the|these|those|your|ur|some|of|tous|toutes|les"
             rf"|ces|des|de|un|une|le|la|ce|cette|sales?|autres?) )*{G}")
OBJ_EN = (rf"(?:{PERSON_EN}|{GROUP_NP}|the (?:next|first) {G}(?: \w+)? (?:i|we) (?:see|meet"
           rf"|find|spot))")
FIRST_PERSON_EN = r"(?:i|we|im|i'm|imma|ima|i'll|we'll|ill|let's|lets|let us)"
SUBJ_EN = (r"(?:i|we|im|i'm|imma|ima|someone|somebody|people|you|they|i'll|we'll|ill"
            r"|gonna|wanna|should|must|lets|let's|let us)")
# "on" is English too ("on the torture of prisoners"): a subject only before French words.
ON = (r"on(?= (?:va|vas|ira|doit|devrait|devra|peut|pourrait|pourra|faut|faudrait|veut"
       r"|voudrait|aurait|aura|les|le|la|l|te|vous|lui|leur|se|s|ne|n|y|en|finira|sait|fera"
       r"|ferait|doive|puisse|devrait|a va)\b)")
SUBJ_FR = (rf"(?:je|{ON}|nous|quelqu'un|quelquun|qqn|faut|faudrait|devrait|devraient|doit|doivent"
            rf"|allons|vais|va|veux|voudrais|aimerais|envie|dois|devons|pourrait|allez|vas)")
OBJ_FR_PRON = r"(?:te|vous|les|le|la|lui|leur|toi)"
# Who violence is done to, a few words on: a group, or the reader.
VICTIM = rf"(?:{G}|you|u|them|vous|toi)"
FILL_GROUP_EN = (r"(?:all|just|nothing|such|so|really|fucking|the|a|an|like|literally|simply"
                  r"|truly|basically|total|complete|absolute|bunch of|of|no better than|worse"
                  r"|than|naturally|inherently|genetically|always|more|most|utterly|filthy"
                  r"|dirty|disgusting|worthless|stupid|fucken|freaking|damn|bloody|pure|but"
                  r"|common|mere|complete|\w+ly)")
FILL_GROUP_FR = (r"(?:tous|toutes|juste|vraiment|que|qu|des|de|la|le|un|une|du|si|tellement"
                  r"|absolument|completement|simplement|rien|plus|moins|trop|franchement"
                  r"|naturellement|toujours|vrai|vraie|vrais|vraies|putain|sale|sales|pire|pires"
                  r"|genre|assez|particulierement|tres|foutus?|foutues?|grosses?|gros|bande"
                  r"|d|autant|aussi|vulgaires?|\w+ment)")
FILL_INS_EN = (r"(?:a|an|such|absolute|total|complete|fucking|fuckin|stupid|little|dumb"
                r"|pathetic|worthless|ignorant|real|big|fat|ugly|utter|disgusting|just|nothing"
                r"|but|the|biggest|sad|old|lying|are|r|is|being|like|freaking|damn|bloody"
                r"|useless|miserable|dirty|filthy|sick|self|righteous)")
FILL_INS_FR = (r"(?:un|une|vraiment|que|qu|rien|vrai|vraie|gros|grosse|sale|pauvre|de|d|des"
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


def pattern(code, category, weight, label, regex, needs, negation=False,
            negatable=True) -> Pattern:
    """Return a pattern whose regex must match whole words."""
    return Pattern(code, category, weight, label, re.compile(rf"\b{regex}\b"),
                   frozenset(needs), negation, negatable)


T, H, A, S = Category.THREAT, Category.HATE_SPEECH, Category.HARASSMENT, Category.SEXUAL
EXPLICIT = 6.0
