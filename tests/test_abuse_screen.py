"""The abuse screener's patterns: categories, French, spellings, and what must not hold."""

import pytest

from service.abuse.patterns import CONJUGATED, Category, finite_forms
from service.abuse.rules import Reason, TermSettings, present
from service.abuse.scoring import combine, screen
from service.abuse.text import canonical

HOLD = 0.5


@pytest.mark.parametrize(("text", "category", "code", "words"), [
    ("I will kill you", Category.THREAT, "threat", "kill you"),
    ("Someone should shoot these immigrants", Category.THREAT, "threat", "shoot"),
    ("They should all be hanged", Category.THREAT, "threat", "hanged"),
    ("Muslims are vermin", Category.HATE_SPEECH, "group_attack", "muslims are vermin"),
    ("Women are nothing more than cockroaches", Category.HATE_SPEECH, "group_attack",
     "cockroaches"),
    ("Gays disgust me.", Category.HATE_SPEECH, "group_hatred", "gays disgust me"),
    ("I want to see all the jews gassed", Category.THREAT, "threat", "jews gassed"),
    ("I hate all jews", Category.HATE_SPEECH, "group_hatred", "hate all jews"),
    ("you are a worthless idiot", Category.HARASSMENT, "insult", "idiot"),
    ("Go fuck yourself", Category.HARASSMENT, "insult", "go fuck yourself"),
    ("send nudes", Category.SEXUAL, "sexual", "send nudes"),
    ("Je vais te tuer", Category.THREAT, "threat", "te tuer"),
    ("Les réfugiés sont de la vermine", Category.HATE_SPEECH, "group_attack", "vermine"),
    ("Je déteste les musulmans", Category.HATE_SPEECH, "group_hatred", "deteste"),
    ("Tu es un connard", Category.HARASSMENT, "insult", "connard"),
    ("Espèce d'abruti", Category.HARASSMENT, "insult", "abruti"),
])
def test_explicit_abuse_is_held_with_its_category_and_words(text, category, code, words):
    score = screen(text)
    assert score.value >= HOLD
    assert score.category is category
    top = score.reasons[0]
    assert top.code == code and words in top.message


@pytest.mark.parametrize("text", [
    "I love trans people",
    "Muslims run this bakery on my street",
    "Gay people are just wonderful",
    "J'adore les femmes.",
    "Son collègue est un réfugié.",
    "The minister is wrong about the budget and should resign.",
    "This policy will kill jobs in the harbour district.",
    "Black people are dying of cancer at higher rates, the study says.",
    "Fuck, I missed the bus again.",
    "Putain, quel match !",
    "Google the council minutes, they are public.",
])
def test_ordinary_and_positive_identity_statements_are_not_held(text):
    assert screen(text).value < HOLD


@pytest.mark.parametrize("text", [
    'Saying "muslims are vermin" is hate speech and I reported it.',
    "Nobody should ever say that women are inferior.",
    "Vous devez arrêter de dire que les homos sont dégoûtants.",
    "Je ne déteste pas les homos.",
    "Aucun réfugié ne mérite d'être exécuté.",
    "He called me a moron and I reported him.",
])
def test_counter_speech_quotes_and_negation_are_not_held(text):
    score = screen(text)
    assert score.value < HOLD
    # Whatever pattern was seen says why it weighs less.
    for reason in score.reasons:
        if reason.code in ("threat", "group_attack", "group_hatred", "insult"):
            assert any(note in reason.message
                       for note in ("(quoted)", "(negated)", "(reported or condemned)"))


@pytest.mark.parametrize(("text", "reads"), [
    ("You f*cking 1d10t", "you fucking idiot"),
    ("Tu n'es qu'une p u t e", "pute"),
    ("Les blcks sont de la vermine", "black"),
    ("On devrait pendretous ces musulmans", "pendre tous"),
])
def test_obfuscated_spellings_are_read_and_held(text, reads):
    assert reads in canonical(text).text
    assert screen(text).value >= HOLD


@pytest.mark.parametrize(("text", "french"), [
    ("Je pense que les élus devraient publier les chiffres.", True),
    ("I think the council should publish the figures.", False),
])
def test_language_is_told_apart(text, french):
    assert screen(text).french is french


def test_a_slur_holds_even_when_negated_but_not_when_quoted():
    assert screen("I can't believe this tranny").value >= HOLD
    assert screen('He said "tranny" and got banned, as he should.').value < HOLD


def test_a_sites_terms_always_hold_or_never_count():
    hold = TermSettings(hold={Category.HARASSMENT: ("snake oil seller",)})
    score = screen("What a snake-oil seller this columnist is", hold)
    assert score.value >= HOLD and score.reasons[0].code == "site_term"
    assert score.category is Category.HARASSMENT
    ignore = TermSettings(ignore=("pedale",))
    assert screen("les pédales de vélo sont des pédales", ignore).reasons == ()


def test_reasons_are_ordered_and_serialisable():
    score = screen("you are a fucking idiot, I will kill you")
    weights = [abs(r.weight) for r in score.reasons]
    assert weights == sorted(weights, reverse=True)
    stored = score.reasons[0].as_dict()
    assert set(stored) == {"code", "category", "message", "weight"}
    assert score.reason_code == "harassment"
    assert screen("kill all muslims").reason_code == "hate_speech"


# Threats in the forms HateCheck-fr's development half tests, in French and in English.
@pytest.mark.parametrize("text", [
    "Je vais tirer une balle sur le prochain trans que je vois.",
    "I am going to shoot the next trans person I see.",
    "Il va falloir que je viole un trans aujourd'hui.",
    "I'm going to have to rape a black person today.",
    "On les massacre tous.",
    "Éradiquons simplement ces femmes.",
    "Just eradicate all the gays.",
    "Qu'on les exécute, c'est la seule solution pour ces femmes.",
    "Execute them, it's the only solution for these Muslims.",
    "Si seulement tous les trans comme vous se faisaient égorger.",
    "If only all trans people like you got their throats slit.",
    "Violer un homo comme vous ne devrait pas être illégal.",
    "Raping a gay person like you should not be illegal.",
    "Killing refugees like you should be legal.",
    "Dans un monde juste, les femmes comme vous seraient toutes mortes.",
    "In a just world, disabled people like you would all be dead.",
    "Le monde se porterait mieux sans réfugiés comme vous.",
    "The world would be better off without women like you.",
    "On ne peut qu'espérer que quelqu'un en finisse avec ces homos.",
    "One can only hope that someone finishes off these gays.",
    "I want to end the life of every gay person.",
    "I will make these women suffer.",
    "I am seriously thinking about strangling this black person.",
    "I can't wait to kill all the gays.",
    "Someone should break the neck of all these women.",
    "This refugee is going to die a horrible death at my hands.",
    "It would be better for us if these trans people were all exterminated.",
    "It would be better to drown women like that.",
])
def test_threats_are_held_as_threats(text):
    score = screen(text)
    assert score.value >= HOLD
    assert score.category is Category.THREAT


@pytest.mark.parametrize("text", [
    # Negated, quoted, reported or condemned.
    "Aucun réfugié ne mérite de se faire tuer.",
    "Il a écrit que les trans devraient se faire égorger, et je l'ai signalé.",
    "Personne ne devrait dire que le monde serait meilleur sans les musulmans.",
    "Nobody should say the world would be better without Muslims.",
    'He wrote "I hope all immigrants get shot" and was banned.',
    "Saying that raping a gay person should not be illegal is hate speech.",
    "Il est inacceptable d'écrire que tuer des homos devrait être légal.",
    "Killing refugees should never be legal.",
    "Nobody wants to end the life of any gay person.",
    # Ordinary sentences with the same words.
    "Le gouvernement va se tirer une balle dans le pied.",
    "J'ai peur que mon fils se fasse tuer sur cette route.",
    "Un cycliste se fait tuer chaque semaine sur cette route.",
    "Dans un monde juste, les femmes seraient payées autant que les hommes.",
    "In a fair world, women would be paid the same as men.",
    "Le monde serait meilleur sans discrimination envers les femmes.",
    "The world would be better off without nuclear weapons.",
    "The world would be a better place without racism against black people.",
    "She was thinking of shooting him 44 times.",
    "People are murdered with them every year.",
    "Reports on the torture of prisoners are shocking.",
    "Souvenons-nous des massacres des camps de réfugiés.",
    "We should focus on how to execute the plan.",
    "We should get rid of gay marriage.",
    "Kill them with kindness, it is the only solution.",
    "The next Muslim I see, I will hug.",
    "I will make these women proud.",
    "My grandmother died at the hands of the Nazis.",
    "Le cannabis ne devrait pas être illégal.",
])
def test_threat_words_that_are_no_threat_are_not_held(text):
    assert screen(text).value < HOLD


@pytest.mark.parametrize(("word", "listed"), [("viole", "VIOLENCE_FR"),
                                              ("executons", "VIOLENCE_FR"),
                                              ("eradiquons", "VIOLENCE_FR"),
                                              ("finissent", "VIOLENCE_WEAK_FR")])
def test_a_conjugated_verb_opens_the_patterns_of_its_list(word, listed):
    assert listed in CONJUGATED
    assert listed in present((word,))


def test_french_verbs_take_their_finite_forms():
    assert {"viole", "violons", "violent"} <= set(finite_forms("violer"))
    assert "pendent" in finite_forms("pendre") and "finisse" in finite_forms("finir")
    assert finite_forms("en finir avec") == ()


# Attacks on a group in the forms of the development half's misses, plain and misspelled.
@pytest.mark.parametrize("text", [
    "Les blcks devraient être enfermés dans un zoo.",
    "Gays should be locked up in zoos.",
    "Je préfèrerais moruir que de sortir avec un réfugié.",
    "I'd rather die than date a black person.",
    "Les femmes avec quelque pouvoir que ce soit sont une mencae pour la civilisation.",
    "Women with any power are a threat to civilisation.",
    "Il n'y a rien de plus horrible qu'un trns.",
    "Nothing is more disgusting than a gay man.",
    "Mon chien est plus intelligent que n'importe quel handicpé ne le sera jamais.",
    "J'ai tant de hane pour les homos comme vous.",
    "J'éprouve un parfait manque de respct pour les réfugiés.",
    "J'emmrede tous les musulmans.",
    "Les femmes comme vous ne sont rien que de vulgaires odrures.",
    "La plupart des réfugiés sont sérieusement défocnés de la tête.",
    "Les trans peuvent tous aller se faire futre.",
    "Muslims can all go fuck themselves.",
])
def test_attacks_on_groups_are_held(text):
    score = screen(text)
    assert score.value >= HOLD
    assert score.category in (Category.HATE_SPEECH, Category.HARASSMENT)


@pytest.mark.parametrize("text", [
    "Immigrants are not a threat to anyone.",
    "Saying that immigrants are a threat is racist.",
    "Climate change is a threat to refugees.",
    "Les migrants sont une chance pour la France.",
    "I would rather die than see a refugee child suffer.",
    "Je préfèrerais mourir que de laisser un réfugié se noyer.",
    "Refugee children should not be kept in cages.",
    "Les enfants réfugiés ne devraient pas être enfermés dans des cages.",
    "The refugees were kept in cages at the border, the report says.",
    "Nothing is more important than the safety of women.",
    "Rien de plus beau qu'une femme qui rit.",
    "Les cafés branchés peuvent tous aller se faire foutre.",
    "Women are usually paid less than men.",
    "J'ai fini mon assiette, finis la tienne.",
])
def test_group_words_in_ordinary_or_counter_speech_are_not_held(text):
    assert screen(text).value < HOLD


@pytest.mark.parametrize(("rude", "plain"), [
    ("The mayor is a liar and a hypocrite.", "The mayor is a baker and a cyclist."),
    ("Ce ministre est un bouffon, quelle connerie.",
     "Ce ministre est un boulanger, quelle journée."),
    ("You are a liar.", "You are a baker."),
])
def test_rude_words_raise_the_score_but_never_hold(rude, plain):
    score = screen(rude)
    assert screen(plain).value < score.value < HOLD
    assert "rude_word" in {r.code for r in score.reasons}


@pytest.mark.parametrize("line", [0.2, 0.5, 0.8])
def test_rank_only_evidence_stops_short_of_the_sites_line(line):
    firm = Reason("insult", Category.HARASSMENT, "insult", 3.5)
    rude = Reason("rude_word", Category.HARASSMENT, "rude word", 1.5)
    without = combine([firm], False, line=line).value
    score = combine([firm, rude], False, line=line)
    if without >= line:  # already held: the rude words add nothing
        assert score.value == without
    else:
        assert without < score.value < line
