"""The explicit forms of abuse, as regular expressions over canonical text (see text.py).

Each pattern names its category, its weight in log-odds and the words that must occur
for it to be worth trying: most comments contain none of them and skip every pattern.
"""

from __future__ import annotations

import re

from .forms import (
    CONJUGATED,
    DEH,
    EXPLICIT,
    FILL_GROUP_EN,
    FILL_GROUP_FR,
    FILL_INS_EN,
    FILL_INS_FR,
    GROUP_WORD,
    INS,
    INS_MILD,
    LIKE,
    NEG,
    OBS,
    PROF,
    RUDE,
    SLUR,
    SLUR_AMBIGUOUS,
    A,
    Category,
    G,
    H,
    Pattern,
    S,
    finite_forms,
    pattern,
)
from .threats import THREATS

__all__ = ["CONJUGATED", "GROUP_WORD", "PATTERNS", "TRIGGERS", "Category", "Pattern",
           "finite_forms"]

PATTERNS: tuple[Pattern, ...] = (
    *THREATS,
    # Attacks on a group.
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"{G}(?: people| folks| men| women)?{LIKE} (?:are|r|is|were|=)"
        rf"(?: {FILL_GROUP_EN}){{0,4}}"
        rf" (?:{DEH}|{NEG})", {"GROUPS_EN"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"{G}{LIKE}(?: ne| n)? (?:sont|etaient|seront|est|etes|sera|serait|seraient)"
        rf"(?: {FILL_GROUP_FR}){{0,5}} (?:{DEH}|{NEG})", {"GROUPS_FR"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"(?:{DEH})(?: de| d| des| que)? (?:{G})", {"DEHUMANISING_EN", "DEHUMANISING_FR"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"(?:sales?|dirty|filthy|stinking|fucking|bloody) {G}", {"GROUPS_EN", "GROUPS_FR"}),
    # A group described with a few words before the verb ("les femmes au pouvoir sont une
    # menace"), ranked lowest ("the dumbest people"), or alone in its vice ("only X are").
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"{G}(?: \w+){{1,6}}? (?:sont|est|etaient|seront)(?: (?:{FILL_GROUP_FR}|a ce point"
        rf"|au fond|par nature)){{0,4}} (?:{DEH}|{NEG}|une menace|un danger|un fleau)",
        {"GROUPS_FR"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"{G}(?: \w+){{0,8}}? (?:les|le|la)(?: personnes| gens| etres)?(?: les| le| la)? plus"
        rf" (?:{NEG}|abrutie?s?|betes?|connes?|cons|nulle?s?)", {"GROUPS_FR"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"seule?s? (?:les |ces |des )?{G} (?:sont|est)"
        rf" (?:capables? de (?:une |un )?(?:telle |tel )?"
        rf"(?:ignorance|cruaute|betise|violence|mechancete|barbarie|saloperie|bassesse)"
        rf"|(?:\w+ ){{0,3}}(?:{NEG}|ignorante?s?))", {"GROUPS_FR"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"(?:nul|nulle|personne|aucun|aucune) (?:ne )?(?:est|etait) (?:aussi|plus|si) (?:{NEG})"
        rf" que (?:ces|les|des|tous les|toutes les) {G}"
        rf"|(?:(?:il )?ne y a )?rien (?:de )?(?:plus|pire) (?:{NEG}|horrible|degoutant|repugnant"
        rf"|ignoble)"
        rf" (?:que|qu) (?:un |une |les |des |ces )?{G}", {"GROUPS_FR"}, negation=True),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"nothing (?:is )?(?:more|worse) (?:{NEG}|horrible|disgusting|repulsive|vile)"
        rf" than (?:a |an |the |these )?{G}", {"GROUPS_EN"}, negation=True),
    pattern("group_attack", H, EXPLICIT, "group said to belong in a zoo",
        rf"{G}(?: \w+){{0,4}}? (?:devraient etre|doivent etre|devrait etre|should be|belong"
        rf"|belongs|ont leur place)(?: enfermee?s?| locked up| kept| mise?s?| placee?s?| put)?"
        rf" (?:dans|in)(?: un| une| des| a| the)? (?:zoo|cage)s?", {"GROUPS_EN", "GROUPS_FR"}),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"(?:je (?:prefererais|preferais|prefere|aimerais mieux)|i'd rather|i would rather"
        rf"|id rather) (?:mourir|crever|me suicider|etre morte?|avoir (?:un |le |la )?(?:cancer"
        rf"|sida|peste)|die|be dead|kill myself|get cancer|have cancer)(?: \w+){{0,8}}?"
        rf" (?:que|qu|than) (?:de |d )?(?:me |m )?(?:sortir avec|epouser|embrasser|coucher avec"
        rf"|toucher|etre (?:pres|proche|a cote)|trouver|vivre|travailler avec|serrer la main"
        rf"|etre amie? avec|date|marry|kiss|sleep with|touch|be (?:near|around|seen with"
        rf"|friends with)|live (?:next to|near|with)|work with|shake hands with|sit next to)"
        rf"(?: \w+){{0,4}}? (?:un |une |a |an )?{G}",
        {"GROUPS_EN", "GROUPS_FR"}),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"{G}(?: \w+){{0,8}}? (?:me|nous|m) (?:donnent|donne)(?: \w+){{0,3}} la nausee",
        {"GROUPS_FR"}, negation=True),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"{G}(?: \w+){{0,6}}? (?:are|is|were|can't help being|cannot help being"
        rf"|cant help being)(?: {FILL_GROUP_EN}){{0,4}}"
        rf" (?:{DEH}|{NEG}|a threat|a danger|a menace|a plague)", {"GROUPS_EN"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"{G}(?: \w+){{0,6}}? (?:are|is)(?: \w+){{0,3}}? the (?:most (?:{NEG})|dumbest"
        rf"|stupidest|worst|ugliest|laziest|filthiest|dirtiest|vilest)"
        rf" (?:people|creatures|humans|beings|things|scum)", {"GROUPS_EN"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"only {G} (?:are|is) (?:so |this |that |such |capable of such )?(?:{NEG}|cruelty"
        rf"|ignorance|stupidity|barbarity)", {"GROUPS_EN"}),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"(?:no one|nobody|none)(?: else)? (?:is|are) (?:as|so|more) (?:{NEG}) (?:as|than) "
        rf"(?:all |these |those |the )?{G}", {"GROUPS_EN"}, negation=True),
    pattern("group_attack", H, 3.0, "disparaging words next to a group",
        rf"(?:{NEG}) (?:{G})|{G} (?:{DEH})", {"GROUPS_EN", "GROUPS_FR"}),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"i(?: really| just| absolutely| fucking| truly| honestly| do| so)* (?:hate|despise"
        rf"|detest|loathe|can't stand|cant stand|cannot stand|am sick of|am disgusted by"
        rf"|have no respect for|have zero respect for|have no time for)(?: all| the| these"
        rf"| those| of| you| fucking)* {G}", {"GROUPS_EN"}, negation=True),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"{G}(?: people)? (?:make me sick|disgust me|make me want to puke|make me vomit"
        rf"|should not exist|shouldn't exist|don't deserve to live|do not deserve to live"
        rf"|dont deserve to live|are a waste|are not human|aren't human|arent human"
        rf"|are less than human|lives don't matter|lives dont matter|are worth less than"
        rf"|are worthless)", {"GROUPS_EN"}, negation=True),
    # English forms translated from HateCheck-fr's dev half: "I have so much contempt for",
    # "disgusted by all the", "sick and tired of being surrounded by", "X like you make me
    # furious", "I find X so repulsive", "the X vermin that you are".
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"(?:i|we)(?: \w+){{0,3}}? (?:have|feel|got|has)(?: (?!no |not |never )\w+){{0,3}}?"
        rf" (?:hatred|hate|contempt"
        rf"|disdain|disgust|aversion|loathing|no respect|zero respect|lack of respect)"
        rf" (?:for|of|towards?)(?: (?:all|the|these|those|you|of|every))* {G}"
        rf"|(?:i|we)(?: \w+){{0,2}}? refuse to (?:show|give|pay)(?: \w+)? respect (?:to|for)"
        rf"(?: (?:all|the|these|those|you|of|every))* {G}"
        rf"|(?:disgusted|sickened|repulsed|revolted|nauseated) by(?: (?:all|the|these|those"
        rf"|of|every))* {G}"
        rf"|(?:sick|tired|fed up)(?: and tired)? (?:of|with)(?: being surrounded by| seeing"
        rf"| living with| all| the| these| those| you)* {G}",
        {"GROUPS_EN"}, negation=True),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"(?<!\bto )(?<!\bof )(?<!\bon )(?<!\bfor )(?<!\bwith )(?<!\bby )(?<!\btreat )"
        rf"(?<!\btreats )(?<!\btreated )(?<!\babout )(?<!\bagainst )"
        rf"{G}(?: people)?(?: like (?:you|them|that|this|these))?(?: here)? (?:make|makes) me"
        rf"(?: so| really| feel| fucking| absolutely)? (?:sick|furious|angry|mad|ill|nauseous"
        rf"|want to (?:puke|vomit|throw up))"
        rf"|seeing(?: (?:all|the|these|those))* {G}(?: \w+){{0,3}}? makes? me(?: so| really)?"
        rf" (?:furious|sick|angry|mad|ill)"
        rf"|i (?:find|consider) (?:(?:all|the|these|those) )?{G}(?: so| really| utterly"
        rf"| absolutely| completely)? (?:{NEG}|{DEH}|repulsive)",
        {"GROUPS_EN"}, negation=True),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"(?:the|a|an|you) {G}(?: person| people| man| woman)? (?:{DEH}) (?:that|who)?"
        rf" ?(?:you are|you're|youre|u r|they are)"
        rf"|typical of (?:a |an |these |those |the )?{G} to be(?: so| this| that| such)?"
        rf" (?:{NEG})"
        rf"|{G}(?: \w+){{0,3}}? (?:are|is) the (?:worst|vilest|dumbest|lowest)"
        rf" (?:there is|there are|ever|of all|on earth|on the planet)",
        {"GROUPS_EN"}),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"je(?: \w+){{0,2}}? (?:deteste|hais|meprise|execre|vomis|emmerde|ne supporte pas"
        rf"|supporte pas"
        rf"|peux (?:\w+ )?pas (?:supporter|voir|sentir|blairer|encadrer)|ne respecte pas"
        rf"|ai (?:trop|tellement|tant|beaucoup|que) de (?:la )?(?:haine|dedain|mepris|degout) pour"
        rf"(?: vous autres)?|(?:eprouve|ai|ressens) (?:un |une )?(?:\w+ )?(?:manque de respect"
        rf"|mepris|haine|degout|dedain) (?:pour|envers)|ai horreur|ne ai aucun respect pour"
        rf"|ai aucun respect pour|ai zero respect pour|suis degoutee? par|suis degoutee? de"
        rf"|en ai marre)(?: (?:tous|toutes|les|ces|des|de|la|le|du|absolument|vraiment))*"
        rf" {G}", {"GROUPS_FR"}, negation=True),
    pattern("group_hatred", H, EXPLICIT, "hatred of a group",
        rf"{G}(?: \w+){{0,8}}? (?:me|nous|m)(?: \w+){{0,2}}? (?:degoutent|font bouillir"
        rf"|rendent fou de rage|rendent folle de rage|fait bouillir|insupportent|exasperent"
        rf"|degoute|rendent malade|rend malade|rendent furieux|rendent furieuse|font vomir"
        rf"|fait vomir|donnent la nausee|donne la nausee|debectent|repugnent|ecoeurent"
        rf"|font gerber|fout la gerbe|foutent la gerbe|donnent envie de vomir)"
        rf"|(?:degoutee?s?|ecoeuree?s?|horripilee?s?) par(?: tous| toutes| les| ces| des"
        rf"| ce| cette)* (?:\w+ )?{G}"
        rf"|(?:vie|vies) (?:des|de|d) (?:\w+ )?{G} (?:ne (?:valent|vaut) (?:pas|rien)"
        rf"(?! moins| plus)|(?:valent|vaut) moins)"
        rf"|(?:lives of|lives) {G} (?:are )?(?:worth less|worthless|don't matter|dont matter"
        rf"|worth (?:less than )?(?:shit|nothing|crap))",
        {"GROUPS_FR", "GROUPS_EN"}, negation=True),
    pattern("group_attack", H, EXPLICIT, "attack on a group",
        rf"je (?:trouve|considere) (?:les|ces|tous les|toutes les) {G}(?: {FILL_GROUP_FR}){{0,3}}"
        rf" (?:{DEH}|{NEG})|(?:aussi|plus|as|more) (?:{NEG}|{DEH}) (?:que|qu|than|as)"
        rf" (?:(?:les|ces|des|the|these|those|all|tous|toutes|un|une|a|an) )*{G}",
        {"GROUPS_EN", "GROUPS_FR"}),
    pattern("group_attack", H, 3.0, "stereotype about a group",
        rf"(?:typique|typical)(?: de| d| des| du| of)?(?: un| une| a| an| these| those| the)? {G}",
        {"GROUPS_EN", "GROUPS_FR"}),
    pattern("group_hatred", H, 5.0, "group compared with animals",
        rf"(?:chien|singe|animal|rat|insecte|cafard|chat|dog|monkey|ape|rat|cat|hamster)s?"
        rf"(?: \w+){{0,3}} (?:plus intelligente?s?|plus precieuse?s?|smarter|more intelligent"
        rf"|more valuable|worth more)(?: \w+){{0,6}} {G}", {"GROUPS_EN", "GROUPS_FR"}),
    pattern("group_hatred", H, 5.0, "attack on a group",
        rf"(?:jamais|never) (?:faire |faites |fais )?(?:confiance|trust)(?: \w+){{0,10}}? {G}"
        rf"|nature (?:de|d|des|of)(?: un| une| a| an)? {G} (?:de|d|to)",
        {"GROUPS_EN", "GROUPS_FR"}, negation=True),
    # Slurs.
    pattern("slur", H, 5.5, "slur", SLUR, {"SLURS_EN", "SLURS_FR"}, negatable=False),
    pattern("slur", H, 3.0, "word that is often a slur", SLUR_AMBIGUOUS, {"SLURS_AMBIGUOUS"},
        negatable=False),
    # Insults aimed at a person.
    pattern("insult", A, EXPLICIT, "insult aimed at a person",
        rf"(?:you|u|ya|you're|youre|your|ur|you are|u r|u are|you r|yo"
        rf"|you sound like|you look like|you act like|shut up)(?: {FILL_INS_EN}){{0,3}}"
        rf" (?:{INS})", {"INSULTS_EN"}),
    pattern("insult", A, EXPLICIT, "insult aimed at a person",
        rf"(?:te es|tu es|vous etes|tu ne es|vous ne etes|espece de|espece d|sales?|pauvres?"
        rf"|bande de|toi le|toi la|gros|grosse|t es|quel|quelle|ce|cette|cet)"
        rf"(?: {FILL_INS_FR}){{0,5}} (?:{INS})", {"INSULTS_FR"}),
    pattern("insult", A, 3.5, "insult aimed at a person",
        rf"(?:you|u|ya|you're|youre|ur|you are|tu es|te es|vous etes|espece de)"
        rf"(?: {FILL_INS_EN}| {FILL_INS_FR}){{0,3}} (?:{INS_MILD})",
        {"INSULTS_MILD_EN", "INSULTS_MILD_FR"}),
    pattern("insult", A, EXPLICIT, "abuse aimed at a person",
        r"(?:shut the fuck up|stfu|fuck you(?! \w+ to| want| like| need| think| say)|fuck u"
        r"|(?<!\bto )fuck off|fuck yourself|go fuck yourself"
        r"|screw you|eat shit|suck my dick|suck my cock|suck my balls|(?<!\bto )piss off|fuck ur"
        r"|ferme ta gueule|ta gueule|ftg|va te faire foutre|va te faire enculer|allez vous faire"
        r" foutre|nique ta mere|ntm|fils de pute|fdp|va chier|ta mere la pute|enculee?"
        rf"|(?:{G}(?: \w+){{0,3}}?|vous) (?:peuvent|pouvez)(?: tous| toutes)? aller (?:se|vous)"
        rf" faire (?:foutre|enculer)|(?:{G}(?: \w+){{0,3}}?|you) (?:can|should)(?: all)?"
        rf" go f(?:u?c)?k"
        rf" (?:themselves|yourselves))",
        {"_ADDRESS"}),
    pattern("insult", A, 3.5, "rude address", r"(?:shut up|go to hell|get lost|you suck|casse toi"
        r"|degage|va te pendre|la ferme|ferme la)", {"_ADDRESS"}),
    # Sexual.
    pattern("sexual", S, EXPLICIT, "sexual harassment",
        r"(?:suck my|sit on my|i want to|i'd|i would|i'll|gonna|wanna|je vais te|je vais vous"
        r"|je veux te|je vais la|je veux la)(?: \w+){0,2} (?:fuck|bang|screw|baiser|niquer"
        r"|sodomiser|enculer|prendre|sucer) (?:you|u|ur|your|her|te|vous|ta|toi)"
        r"|send (?:me )?(?:your )?nudes|show (?:me )?(?:your|ur) (?:tits|boobs|pussy|dick|cock)"
        r"|montre (?:moi )?tes (?:seins|nichons|fesses)", {"_SEXUAL"}),
)

# Words that open the "_"-named needs above (phrases that have no lexicon list of their own).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "_WOUND": ("slit", "throat", "throats", "chopped", "blown"),
    "_SOLUTION": ("solution",),
    "_INTENT": ("make", "life", "lives", "thinking", "attack", "attacking", "planning",
                "forward", "wait", "dreaming", "fantasising",
                "fantasizing", "neck", "necks", "throat", "throats", "hands", "hand"),
    "_LEGAL": ("legal", "illegal", "allowed", "legalised", "legalized", "encouraged",
               "rewarded", "autorise", "permis", "interdit", "puni", "encourage", "depenalise",
               "decriminalised", "decriminalized",
               "recompense"),
    "_PERSON": ("die", "rot", "burn", "cancer", "dead"),
    "_DEATH": ("kill", "kys", "die", "dead", "death", "find", "numbered", "hope"),
    "_DEATH_FR": ("mourir", "crever", "disparaitre", "bruler", "pendre", "mort", "creve",
                  "crevez", "habites", "retrouver", "suicide", "suicidez", "tue", "pends",
                  "debarrasser", "debarrassons", "debarrassez", "eradiquer", "eliminer",
                  "exterminer", "tuer", "souffrir", "pendus", "morts", "mortes"),
    "_ADDRESS": ("fuck", "foutre", "stfu", "screw", "eat", "suck", "piss", "ferme", "ta", "ftg",
                 "va",
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
    ("rude_word", A, 1.0, "rude word", re.compile(rf"\b(?:{RUDE})\b"),
     frozenset({"RUDE_EN", "RUDE_FR"})),
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
    r"|can't stand|cant stand|cannot stand|no respect|zero respect"
    r"|(?:don't|do not|dont) deserve(?! to (?:be|get) )|don't matter|dont matter|not human"
    r"|aren't human|arent human"
    r"|shouldn't exist|should not exist|ne meritent pas de vivre|ne devraient pas exister"
    r"|jamais confiance|never trust|ne changeront jamais|rien de autre|can't wait|cant wait"
    r"|cannot wait|ne importe|can't help|cant help|cannot help)\b")
CLAUSE_BREAK = re.compile(r"\b(?:but|however|yet|though|although|mais|cependant|pourtant"
                          r"|sauf que|except)\b")
COUNTER = re.compile(
    r"\b(?:said|says|saying|say that|called|calling|call (?:people|them|someone|us|me)"
    r"|wrote|writes|posted|tweeted|shouted|yelled|told me|quote|quoting|quoted|how dare"
    r"|won't tolerate|will not tolerate|report(?:ed|ing)?|condemn\w*|ashamed|hate speech"
    r"|racist|racism|bigot\w*|how hateful|hurtful|dehumani[sz]\w*|insist\w*|homophob\w*"
    r"|transphob\w*|misogyn\w*|islamophob\w*|antisemit\w*"
    r"|sexist|threatening|threaten\w*|threats?|prison|jail|arrested|illegal|offensive|slurs?"
    r"|a dit|ai dit|as dit|avez dit|ont dit|dit que|dire que|disent|disait|dis que|disant"
    r"|appeler|appelle|appelles|appelez|traiter de|traite de|traiter les|traites de|signaler"
    r"|signalerai|signale|tolerer|tolererai|tolere|inacceptable|raciste|sectaire|homophobe"
    r"|transphobe|misogyne|sexiste|islamophobe|antisemite|haineux|haineuse|menacer|menace"
    r"|menaces|condamne|condamner|insulter|insulte|insultes|choquant|propos|du type|du genre"
    r"|ecrit|tweete|publie|crie)\b")
# Words of COUNTER that say the opposite here: "should not be illegal" makes violence right,
# and a group "is a threat" is the attack itself.
NOT_COUNTER = re.compile(
    r"\b(?:(?:should not|shouldn't|shouldnt|ne devrait pas|ne devraient pas|devrait pas"
    r"|devraient pas) (?:be|etre) (?:illegal|a crime|un crime|punished|puni|punie|punis)"
    r"|(?:are|is|were|sont|est|etaient|seront|seraient) (?:a|an|une|un|the|la)"
    r" (?:\w+ )?(?:threat|menace|danger))\b")
# "I'm not racist, but ..." is no counter-speech.
DISCLAIMER = re.compile(r"\b(?:i'm not|im not|i am not|not being) (?:a )?racist\b"
                        r"|\bje ne suis pas (?:raciste|homophobe|sexiste)\b|\brien contre\b"
                        r"|\bnothing against\b")

