"""Margin's own word lists, English and French, written for the abuse screener.

Every entry is written accent-free and lower-case, as text.canonical() leaves words.
Plural and feminine endings are added by the patterns, not listed. The lists are the
project's own work (no third-party lexicon is copied; see ATTRIBUTION.md).
"""

# Groups people are attacked for being part of (protected characteristics).
GROUPS_EN = (
    "muslim", "moslem", "islamist", "jew", "black", "black people", "blacks", "african",
    "arab", "asian", "chinese", "mexican", "latino", "immigrant", "migrant", "refugee",
    "foreigner", "gay", "gay people", "gay men", "lesbian", "homosexual", "queer",
    "trans people", "trans women", "trans men", "transgender", "transgender people",
    "woman", "women", "female", "girl", "disabled people", "disabled", "the disabled",
    "christian", "catholic", "hindu", "sikh", "gypsy", "gypsies", "roma", "indian",
    "pakistani", "jewish people", "muslim people", "asian people", "brown people",
)
GROUPS_FR = (
    "musulman", "juif", "noir", "black", "arabe", "maghrebin", "africain", "asiatique",
    "chinois", "immigre", "immigrant", "migrant", "refugie", "etranger", "homo",
    "homosexuel", "gay", "gays", "lesbienne", "trans", "transgenre", "femme", "fille",
    "handicape", "chretien", "catholique", "rom", "gitan", "tzigane", "juive", "musulmane",
    "noire", "arabes",
)

# Nouns that deny a group or a person their humanity.
DEHUMANISING_EN = (
    "vermin", "rat", "rats", "cockroach", "cockroaches", "roach", "parasite", "leech",
    "animal", "ape", "monkey", "pig", "swine", "dog", "cancer", "plague", "disease",
    "virus", "infestation", "pest", "scum", "filth", "trash", "garbage", "subhuman",
    "sub-human", "savage", "insect", "maggot", "cattle", "beast", "vermins", "lice",
    "tumour", "tumor", "excrement", "shit",
)
DEHUMANISING_FR = (
    "vermine", "rat", "cafard", "parasite", "sangsue", "animal", "animaux", "singe",
    "porc", "chien", "cancer", "fleau", "peste", "maladie", "virus", "nuisible",
    "racaille", "ordure", "dechet", "raclure", "pourriture", "sous-homme", "sous homme",
    "sauvage", "insecte", "cloporte", "betail", "bete", "merde", "tumeur", "lepre",
    "moins que rien", "moins que de la merde", "sous-race", "chiure",
)

# Adjectives that, said of a whole group, are an attack on it.
NEGATIVE_EN = (
    "disgusting", "filthy", "dirty", "repulsive", "revolting", "vile", "inferior",
    "worthless", "useless", "pathetic", "evil", "stupid", "dumb", "primitive", "subhuman",
    "criminals", "rapists", "terrorists", "thieves", "parasitic", "degenerate",
    "degenerates", "abominations", "abomination", "sick", "retarded", "lazy",
    "dangerous", "a burden", "a disgrace", "vile", "nasty", "ugly", "despicable",
    "not human", "not people", "less than human", "idiots", "morons", "animals",
    "dishonest", "ignorant", "assholes", "scumbags", "bastards", "savages",
)
NEGATIVE_FR = (
    "degoutant", "degueulasse", "repugnant", "repoussant", "ecoeurant", "crasseux",
    "sale", "inferieur", "stupide", "debile", "abject", "pitoyable", "inutile", "minable",
    "primitif", "criminel", "violeur", "terroriste", "voleur", "nul", "attardé", "attarde",
    "idiot", "con", "connard", "abruti", "deficient", "degenere", "immonde", "infect",
    "mauvais", "pervers", "dangereux", "un fardeau", "une honte", "mediocre", "laid",
    "pas humain", "pas des humains", "pas des etres humains", "des etres inferieurs",
    "mentalement", "malade", "malades", "defonce", "tare", "sans valeur", "malhonnete",
    "ignoble", "une menace", "un danger", "violent", "cruel", "aberrant", "faineant",
    "paresseux", "arriere", "barbare", "hypocrite", "perfide", "vicieux", "fourbe",
)

# Verbs of violence that say it plainly, then ones that also have harmless senses ("beat
# the market", "abattre un arbre"): those count only with a person or group as object.
VIOLENCE_EN = (
    "kill", "murder", "shoot", "stab", "hang", "lynch", "gas", "slaughter", "exterminate",
    "behead", "strangle", "rape", "massacre", "butcher", "string up", "gun down",
    "slit the throats of", "slit their throats", "slit your throat", "cut your throat",
    "put a bullet in", "curb stomp", "kick the shit out of", "beat the shit out of",
)
VIOLENCE_WEAK_EN = (
    "burn", "punch", "bomb", "drown", "hunt down", "wipe out", "get rid of", "torture",
    "eradicate", "execute", "run over", "blow up", "hurt", "slap", "choke", "eliminate",
    "beat up", "smash your face", "break your neck", "break your legs", "gets rid of",
    "finish off", "finishes off",
)
VIOLENCE_FR = (
    "tuer", "buter", "egorger", "pendre", "fusiller", "gazer", "exterminer", "eradiquer",
    "massacrer", "violer", "poignarder", "noyer", "lyncher", "decapiter", "etrangler",
    "tabasser", "flinguer", "torturer", "zigouiller", "eventrer", "bruler vifs",
    "bruler vif", "trancher la gorge", "briser le cou", "casser la gueule",
    "peter la gueule", "rouer de coups", "couper la tete", "crever", "saigner",
    "defoncer la gueule", "exploser la gueule", "mettre une balle", "assassiner",
    "mettre fin a la vie", "faire souffrir", "briser ton cou", "briser leur cou",
    "trancher ta gorge", "trancher leur gorge", "couper ta tete", "casser ta gueule",
    "executer", "tirer une balle sur", "loger une balle dans",
)
VIOLENCE_WEAK_FR = (
    "bruler", "abattre", "frapper", "cogner", "descendre", "exploser", "defoncer", "achever",
    "aneantir", "debarrasser", "liquider", "eliminer", "attaquer", "tirer sur", "briser",
    "trancher", "faire disparaitre", "battre", "agresser", "gifler", "detruire",
    "en finir avec", "en finisse avec", "en finissent avec", "en finit avec", "chasser",
)
VIOLENT_PARTICIPLES_EN = (
    "killed", "murdered", "shot", "stabbed", "hanged", "hung", "lynched", "burned",
    "burnt", "gassed", "slaughtered", "exterminated", "eradicated", "executed",
    "beheaded", "strangled", "beaten", "raped", "bombed", "drowned", "hunted down",
    "wiped out", "wiped off", "destroyed", "tortured", "massacred", "butchered",
    "put down", "culled", "sterilised", "sterilized", "eliminated", "punched",
)
VIOLENT_PARTICIPLES_FR = (
    "tue", "bute", "egorge", "pendu", "brule", "fusille", "abattu", "gaze", "extermine",
    "eradique", "massacre", "viole", "poignarde", "noye", "elimine", "lynche", "decapite",
    "etrangle", "tabasse", "torture", "acheve", "aneanti", "execute", "liquide",
    "sterilise", "brule vif", "brules vifs",
)

# Slurs: words that attack a group by naming it. Held wherever they stand, unless
# quoted or condemned.
SLURS_EN = (
    "nigger", "niglet", "faggot", "faggit", "dyke", "tranny",
    "trannie", "shemale", "kike", "spic", "spick", "chink", "gook", "wetback", "beaner",
    "raghead", "towelhead", "sandnigger", "jigaboo", "porch monkey", "mongoloid",
    "gyppo", "pikey", "camel jockey", "muzzie", "muzrat", "zipperhead", "negroid", "darkie",
    "golliwog",
)
# Words that are slurs in one sense and ordinary in another ("fag" is a cigarette in
# Britain, "pedale" a pedal): evidence, but they do not hold a comment alone.
SLURS_AMBIGUOUS = (
    "fag", "coon", "paki", "retard", "retards", "spaz", "cripple", "pedale", "mongol",
    "gogol", "melon", "raton", "tapette", "negro", "nigga", "niggah",
)
SLURS_FR = (
    "negre", "negresse", "bougnoule", "bougnoul", "bicot", "raton", "youpin", "youtre",
    "feuj de merde", "pede", "tarlouze", "tafiole", "fiotte", "gouine", "travelo",
    "mongolien", "chinetoque", "niakoue", "bamboula", "bougnoulisation", "crouille",
    "muzz", "musulmerde", "fatma", "connasse", "feuj",
    "salope", "pute", "putes", "trisomique de merde", "attarde mental",
)

# Insults aimed at a person ("you are a ...", "espece de ...").
INSULTS_EN = (
    "idiot", "moron", "imbecile", "cretin", "asshole", "arsehole",
    "bastard", "bitch", "cunt", "dick", "dickhead", "prick", "twat", "wanker", "douche",
    "douchebag", "scumbag", "piece of shit", "piece of crap", "shithead", "dumbass",
    "jackass", "slut", "whore", "hoe", "skank", "pig", "sociopath", "psycho", "stupid",
    "pathetic", "worthless", "disgusting", "retard", "retarded", "dumbfuck", "motherfucker",
    "fuckface", "scum", "trash", "garbage", "waste of space", "waste of oxygen", "subhuman",
    "degenerate", "imbecil", "numbskull", "halfwit", "nitwit", "dimwit", "fucking idiot",
    "stupid bitch", "loser",
)
# Milder words: said to someone they weigh, but do not hold a comment alone.
INSULTS_MILD_EN = (
    "clown", "troll", "liar", "hypocrite", "coward", "lunatic", "dumb", "ignorant", "nazi",
    "simpleton", "buffoon", "ugly", "fat", "fool", "jerk", "fascist", "snowflake", "shill",
    "sheep", "bigot", "racist",
)
INSULTS_FR = (
    "idiot", "imbecile", "cretin", "con", "conne", "connard", "connasse", "abruti",
    "debile", "batard", "salaud", "salopard", "salope", "pute", "enfoire", "encule",
    "trou du cul", "trouduc", "sac a merde", "merde", "ordure", "raclure", "pourriture",
    "minable", "pauvre type", "pauvre con", "pauvre conne", "gros porc", "porc", "truie",
    "grognasse", "pouffiasse", "poufiasse", "couillon", "tocard", "debile mental",
    "attarde", "mongol", "gogol", "cassos", "tare", "sous-merde", "fils de pute", "fdp",
    "chienne", "racaille", "stupide", "pitoyable", "degueulasse", "degoutant", "degenere",
    "pauvre merde", "grosse merde", "petite merde",
)
INSULTS_MILD_FR = (
    "nul", "nulle", "bouffon", "clown", "guignol", "naze", "demeure", "ignare", "menteur",
    "menteuse", "lache", "chien", "vaurien", "fasciste", "nazi", "facho", "raciste",
    "mouton", "hypocrite",
)

# Rude words: not an insult aimed at anyone by themselves ("a liar", "des conneries"), but
# what rude comments are made of; a little evidence each, less than an insulting word.
RUDE_EN = (
    "dumb", "dumbest", "stupidest", "stupidity", "idiotic", "moronic", "ignorant", "fool",
    "foolish", "liar", "hypocrite", "clown", "troll", "coward", "lunatic", "jerk", "buffoon",
    "simpleton", "loony", "nutjob", "nutcase", "twit", "sucks",
)
RUDE_FR = (
    "bouffon", "guignol", "naze", "ignare", "menteur", "menteuse", "vaurien", "clown",
    "hypocrite", "connerie", "conneries", "debilite", "imbecillite", "crapule", "canaille",
)

# Explicitly sexual or obscene words: held when aimed at someone, counted lightly alone.
OBSCENE_EN = (
    "cock", "cocksucker", "blowjob", "blow job", "cum", "jizz", "pussy", "tits", "titties",
    "boobs", "dildo", "porn", "porno", "anal", "orgasm", "masturbate", "jerk off",
    "suck my dick", "suck my cock", "suck my balls", "sit on my face", "deepthroat",
    "gangbang", "horny", "nudes", "penis", "vagina", "dick pic",
)
OBSCENE_FR = (
    "chatte", "nichons", "branler",
    "branlette", "sodomiser", "enculer", "partouze", "porno",
    "teub", "zob", "gode", "fellation", "suce ma bite", "sucer ma bite",
)

# Swearing: not an attack by itself ("fuck, I missed the bus"), a little evidence.
PROFANITY_EN = (
    "fuck", "fucking", "fucked", "fucker", "shit", "shitty", "crap", "damn", "hell",
    "bullshit", "piss", "pissed", "bloody", "wtf", "ffs", "stfu", "fck", "fuk", "effing",
)
PROFANITY_FR = (
    "putain", "merde", "bordel", "chier", "chiant", "chieur", "emmerdeur", "foutu",
    "fait chier", "ptn", "bordel de merde", "couilles",
)

# Everyday words one slip away from a lexicon word ("back" is not "black"): never
# read as a misspelling. Found by spelling every lexicon word with one slip and keeping
# the spellings common in ordinary text.
# Words of the patterns themselves (hatred, disgust, death) that are in no list above:
# listed so that their slipped and run-together spellings are read too ("detetse",
# "jedeteste"). No pattern needs them as a list.
PATTERN_WORDS_EN = (
    "hatred", "despise", "detest", "loathe", "disgust", "disgusting", "worthless",
    "disgusted", "contempt", "aversion", "threat", "suffer", "death", "hate", "respect",
)
# Four-letter words whose two swapped middle letters are read too ("haet", "klil"):
# longer words get every one-slip spelling, shorter ones none.
SWAPPED_SHORT = ("hate", "kill", "scum", "dead")
PATTERN_WORDS_FR = (
    "deteste", "detestent", "hais", "haine", "meprise", "mepris", "execre", "dedain",
    "degout", "degoute", "degoutent", "degoutee", "nausee", "emmerde", "mourir", "crever",
    "souffrir", "supporte", "supporter", "respect", "insupportent", "exasperent",
    "repugnent", "ecoeurent", "meritent", "ordure", "ordures", "foutre",
)
REAL_WORDS = frozenset((
    "africa", "alls", "anger", "asia", "assed", "back", "backs", "ball", "band", "bank",
    "bate", "bats", "beat", "beats", "best", "bets", "blame", "bland", "blank", "blood",
    "boob", "brack", "branle", "bron", "burn", "came", "cant", "case", "cases", "cass",
    "casse", "chan", "chant", "chat", "cher", "chik", "chin", "chine", "coke", "cone",
    "cons", "cops", "coup", "cups", "cut", "cute", "depot", "dept", "dirt", "disable",
    "east", "eaten", "eats", "etes", "etre", "ever", "fair", "fare", "file", "fill", "finis",
    "fire", "flea", "garage", "george", "handicap", "heat", "hier", "home", "horn", "hung",
    "inda", "indi", "india", "itch", "jive", "lace", "lack", "lacks", "lame", "land",
    "latin", "laughter", "liquid", "lose", "mane", "mange", "mash", "meal", "melo", "mere",
    "meta", "metal", "mins", "mois", "money", "mong", "mongo", "moon", "moons", "nier",
    "niger", "nude", "null", "order", "ordre", "oser", "oups", "pace", "page", "pakistan",
    "pedal", "peer", "pens", "pete", "pick", "plage", "pour", "psych", "puss", "putin",
    "puts", "rack", "rage", "range", "ranger", "rapper", "rash", "refuge", "reve", "rever",
    "rick", "roll", "rule", "ruler", "rush", "sack", "salad", "sales", "salle", "shoot",
    "shot", "sign", "signe", "sing", "slack", "slop", "slope", "sting", "strange", "tier",
    "ting", "tire", "toll", "travel", "treat", "tres", "true", "viol", "voler", "wine", "wore",
))
