"""Threats of violence against a person or a group, as patterns over canonical text."""

from __future__ import annotations

from .forms import (
    EXPLICIT,
    FIRST_PERSON_EN,
    OBJ_EN,
    OBJ_FR_PRON,
    PERSON_EN,
    SUBJ_EN,
    SUBJ_FR,
    VICTIM,
    VP,
    VS_EN,
    VS_EN_ING,
    VS_FR,
    VW_EN,
    VW_FR,
    G,
    Pattern,
    T,
    pattern,
)

# Not right after a form of "to be": "people are murdered with them" is no threat.
PASSIVE = "".join(rf"(?<!\b{w})" for w in ("are", "is", "was", "were", "be", "been", "being"))

# Not right after an article: "des massacres", "la torture" are nouns ("le", "la" and "les"
# are pronouns too, and stay).
NOT_ARTICLE = "".join(rf"(?<!\b{w} )" for w in ("des", "du", "de", "d", "un", "une", "ces",
                                                  "mes", "tes", "ses", "aux", "nos", "vos",
                                                  "leurs", "cette"))

THREATS: tuple[Pattern, ...] = (
    # Threats of violence.
    pattern("threat", T, EXPLICIT, "threat of violence",
        rf"{SUBJ_EN}(?: \w+){{0,4}}?{PASSIVE} (?:{VS_EN})(?:ing|ed|s)? (?:(?!by )\w+ )?{OBJ_EN}",
        {"VIOLENCE_EN"}),
    pattern("threat", T, EXPLICIT, "threat of violence",
        rf"{SUBJ_EN}(?: \w+){{0,4}}? (?:{VW_EN})(?:ing|ed|s)? (?:the shit out of |up )?"
        rf"(?:{PERSON_EN}|(?:all|every|the|these|those|some) {G}"
        rf"|{G}(?= (?:once and for all|for good|forever|like you)))", {"VIOLENCE_WEAK_EN"}),
    pattern("threat", T, EXPLICIT, "threat of violence",
        rf"{FIRST_PERSON_EN}(?: \w+){{0,4}}? (?:make {OBJ_EN} (?:suffer|bleed)"
        rf"|(?:end|take) the (?:life|lives) of (?:\w+ )?{OBJ_EN})"
        rf"|{FIRST_PERSON_EN}(?: \w+){{0,3}}? (?:thinking (?:about|of)|planning (?:on|to)"
        rf"|looking forward to|can't wait to|cant wait to|dreaming (?:about|of)"
        rf"|fantasi[sz]ing about)(?: \w+){{0,2}}?"
        rf" (?:{VS_EN_ING}) (?:(?!by )\w+ )?{OBJ_EN}"
        rf"|(?:break|snap|slit|cut|wring|breaking|snapping|slitting|cutting) (?:(?:your|ur|their"
        rf"|his|her)(?: \w+){{0,2}}? (?:necks?|throats?)|the (?:necks?|throats?) of(?: all| every)?"
        rf"(?: (?:the|these|those))? {G})"
        rf"|{FIRST_PERSON_EN}(?: \w+){{0,3}}? attack(?:ing)?(?: (?:you|all|these|those|the))* {G}"
        rf"|(?:{PERSON_EN}|{G}|he|she)(?: \w+){{0,3}}? (?:going to|gonna|will|shall) die"
        rf"(?: \w+){{0,4}}? (?:at|by) (?:my|our) hands?", {"_INTENT"}),
    pattern("threat", T, EXPLICIT, "call for violence",
        rf"(?:{VS_EN}|{VW_EN}) (?:all|every|the|these|those|more)(?: of)?(?: the| these| those)?"
        rf" {G}", {"VIOLENCE_EN", "VIOLENCE_WEAK_EN"}),
    pattern("threat", T, EXPLICIT, "call for violence",
        rf"(?:should|must|need to|needs to|ought to|deserve to|deserves to|have to|has to|gotta"
        rf"|better|would be better if they were|were all)(?: all| just| simply| really| be| get"
        rf"| got| been| every one){{1,3}} (?:{VP})", {"VIOLENT_PARTICIPLES_EN"}),
    pattern("threat", T, EXPLICIT, "wish of death",
        rf"(?:{PERSON_EN}|he|she|they|{G}) (?:all )?(?:deserve|deserves|should|must|ought to"
        rf"|need to|needs to|to) (?:just |all )?(?:to )?(?:die|rot|burn in hell|get cancer"
        rf"|be put down|drop dead)", {"GROUPS_EN", "_PERSON"}),
    pattern("threat", T, EXPLICIT, "wish of death",
        rf"(?:kill yourself|kill urself|kill yourselves|kys|go die|death to (?:all )?(?:{OBJ_EN})"
        r"|i know where you live|i will find you|ill find you|i'll find you|your days are"
        r" numbered|hope you die|hope u die|hope they die|hope you get raped"
        r"|hope you get cancer|you should die|you're dead meat|youre dead meat"
        r"|(?:you|u|just|go) drop dead)", {"_DEATH"}),
    pattern("threat", T, EXPLICIT, "wish of death",
        rf"(?:see|watch|seeing|watching) (?:(?:all|the|these|those|every) )*{G}"
        rf" (?:{VP}|die|burn|suffer|hang)", {"GROUPS_EN"}),
    pattern("threat", T, EXPLICIT, "threat of violence",
        rf"{SUBJ_FR}(?: \w+){{0,4}}? (?:{OBJ_FR_PRON} |{NOT_ARTICLE})(?:{VS_FR})",
        {"VIOLENCE_FR"}),
    pattern("threat", T, EXPLICIT, "threat of violence",
        rf"{SUBJ_FR}(?: \w+){{0,4}}? {OBJ_FR_PRON} (?:{VW_FR})", {"VIOLENCE_WEAK_FR"}),
    pattern("threat", T, EXPLICIT, "call for violence",
        rf"(?:{VS_FR}|{VW_FR})(?: (?:tous|toutes|tout|simplement|juste|donc|enfin|vite"
        rf"|definitivement|une bonne fois pour toutes)){{0,2}}"
        rf" (?:(?:de |d )?(?:ces|les|des|tous les|toutes les|ce|cette|un|une|le|la|l|vous les"
        rf"|vous|ses)) (?:\w+ )?{G}",
        {"VIOLENCE_FR", "VIOLENCE_WEAK_FR"}),
    pattern("threat", T, EXPLICIT, "call for violence",
        rf"(?:doivent|devraient|doit|devrait|meritent|merite|meritez|faut|faudrait|soient"
        rf"|etaient tous|etaient toutes|seraient tous)(?: \w+){{0,3}}? (?:{VP})",
        {"VIOLENT_PARTICIPLES_FR"}),
    pattern("threat", T, EXPLICIT, "wish of death",
        r"(?:meritent|merite|meritez|doivent|devraient|devrait|doit|vas|va|allez)(?: \w+){0,2}?"
        r" (?:mourir|crever|disparaitre|bruler en enfer|se pendre)", {"_DEATH_FR"}),
    pattern("threat", T, EXPLICIT, "wish of death",
        rf"(?:mort aux|a mort les|mort a (?:tous|toutes) (?:les|ces)|creve|crevez"
        rf"|je sais ou tu habites|je vais te retrouver|on va te retrouver|suicide toi"
        rf"|suicidez vous|tue toi|pends toi"
        rf"|voir (?:ces|les|tous ces|tous les|toutes ces|toutes les) {G} (?:souffrir|mourir"
        rf"|crever|bruler|pendus|morts|disparaitre)|debarrass\w*(?: \w+){{0,2}} (?:des|de|ces"
        rf"|les) (?:\w+ )?{G}|il faudrait (?:juste |simplement )?les (?:eradiquer|eliminer"
        rf"|exterminer|tuer))", {"_DEATH_FR", "GROUPS_FR"}),
    # Violence wished on, or made right for, a group or a person: "si seulement tous les X
    # se faisaient egorger", "I hope all X get shot", "in a just world X would be dead",
    # "the world would be better without X", "raping X should be legal".
    pattern("threat", T, EXPLICIT, "wish of violence",
        rf"(?:si seulement|j espere que|j espere qu|pourvu que|pourvu qu|vivement que"
        rf"|faudrait que|faudrait qu|devraient|devrait|doivent|doit|meritent de|merite de"
        rf"|meritez de|meriteraient de)(?: \w+){{0,6}}? (?:se|te|vous) (?:faire|fasse|fassent"
        rf"|faisaient|faisait|feraient|ferait|fassiez|fasses) (?:{VS_FR}|{VW_FR})",
        {"VIOLENCE_FR", "VIOLENCE_WEAK_FR"}),
    pattern("threat", T, EXPLICIT, "wish of violence",
        rf"(?:if only|i hope|i wish|hopefully|let's hope|lets hope|i pray|better(?: for (?:us"
        rf"|all|everyone|everybody))? if)(?: (?:that|all|of"
        rf"|the|these|those|every|more|some))* (?:{G}|you|u|they|them)(?: \w+){{0,4}}? (?:get"
        rf"|gets|got|would get|were|was|would be|will be|will get|be|are) (?:all )?"
        rf"(?:(?:their|your|his|her) )?(?:{VP}|throats? slit|throats? cut|heads? cut off"
        rf"|heads? chopped off|brains? blown out)", {"VIOLENT_PARTICIPLES_EN", "_WOUND"}),
    pattern("threat", T, EXPLICIT, "wish of death",
        rf"(?:in a (?:just|perfect|fair|better|ideal|decent) world|dans un monde (?:juste"
        rf"|parfait|ideal|meilleur|normal))(?: \w+){{0,8}}? (?:would|should|seraient|serait"
        rf"|seriez|serais)(?: all| be| tous| toutes){{0,2}} (?:dead|morte?s?|{VP})",
        {"_DEATH", "_DEATH_FR", "VIOLENT_PARTICIPLES_EN", "VIOLENT_PARTICIPLES_FR"}),
    pattern("threat", T, EXPLICIT, "wish a group gone",
        rf"(?:the world|this country|the planet|society|earth|our country|everyone|le monde"
        rf"|la terre|la planete|la societe|ce pays|notre pays|le pays|la france|tout le monde)"
        rf" (?:would|will|se porterait|serait|irait|se porteraient|seraient)(?: \w+){{0,3}}?"
        rf" (?:better|safer|cleaner|nicer|happier|mieux|meilleure?|plus sure?|plus propre)"
        rf"(?: off| place| country)? (?:without|sans)"
        rf"(?: (?:all|the|these|those|any|les|ces|des|tous|toutes|aucun|aucune|de|d))*"
        rf" (?:\w+ )?{G}", {"GROUPS_EN", "GROUPS_FR"}),
    pattern("threat", T, EXPLICIT, "call for violence",
        rf"(?:better|best|time) to (?:just |simply )?(?:{VS_EN}|{VW_EN})"
        rf"(?: (?:all|the|these|those|some|of))* {G}", {"VIOLENCE_EN", "VIOLENCE_WEAK_EN"}),
    pattern("threat", T, EXPLICIT, "violence as the solution",
        rf"(?:{VS_EN}|{VW_EN}|{VS_FR}) (?:them|les)(?: all| tous| toutes)?"
        rf"(?: (?!with|avec)[\w']+){{0,5}}?"
        rf" (?:the|la) (?:only|final|seule|ultime) solution", {"_SOLUTION"}),
    pattern("threat", T, EXPLICIT, "violence made right",
        rf"(?:{VS_EN}ing|{VS_FR}|killing|raping|murdering|shooting|lynching|stabbing|gassing"
        rf"|hanging)(?: \w+){{0,2}}? {VICTIM}(?: \w+){{0,3}}? (?:should|ought to|must|devrait"
        rf"|doit)(?: not| ne)?"
        rf" (?:be legal|be allowed|be legalised|be legalized|not be illegal|be encouraged"
        rf"|be decriminali[sz]ed|etre depenalise"
        rf"|be rewarded|pas etre illegal|pas etre interdit|pas etre puni|etre legal"
        rf"|etre autorise|etre permis|etre encourage|etre recompense)|(?:should be legal"
        rf"|should be allowed|devrait etre legal|devrait etre autorise|devrait etre permis)"
        rf" (?:to |de |d )?(?:{VS_EN}|{VS_FR})(?: \w+){{0,2}}? {VICTIM}", {"_LEGAL"},
        negation=True),
)
