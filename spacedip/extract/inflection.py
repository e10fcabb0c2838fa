"""French inflection for trigger matching: the forms of a verb or a noun from its lemma.

This is not a full conjugator. It produces the forms news prose uses (present,
imperfect, simple past, future, conditional, subjunctive present, participles,
infinitive) for

* regular ``-er`` verbs, with the spelling changes of ``-cer``/``-ger`` (``lançons``,
  ``mangeait``) and ``-yer`` (``envoie``, ``enverra``),
* regular ``-ir`` verbs of the second group (``réussit``, ``réussissent``),
* the irregular families listed in :data:`_IRREGULAR` by ending (``-venir``/``-tenir``,
  ``-prendre``, ``-mettre``, ``-dre``, ``-cevoir``, ``-partir``/``-sortir``, ``faire``,
  ``dire``, ``voir``, ``-uire``, ``-suivre``, ``-clure``, ``-indre``, ``-crire``, ``-battre``,
  ``-vrir``/``-frir``, ``aller``), so that ``revenir``,
  ``s'entretenir``, ``se rendre`` or ``offrir`` work without a list of their own.

Forms are returned *folded* (lower case, accents removed) because matching compares
folded tokens (see :func:`fold_word`).
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["fold_word", "noun_forms", "verb_forms"]


def fold_word(word: str) -> str:
    """Lower case without diacritics or ligatures: ``"Décollé"`` → ``"decolle"``."""
    word = word.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# The irregular families: infinitive ending -> forms of that ending (appended to the rest of
# the infinitive: "revenir" = "re" + "venir" gives "re" + "viendra"...). First match wins.
_IRREGULAR_TEXT = {
    "aller": "aller vais vas va allons allez vont alle allee alles allees allait allaient allais ira iront "
    "irait iraient alla allerent aille aillent allant",
    "venir": "venir viens vient venons venez viennent venu venue venus venues venait venaient venais viendra "
    "viendront viendrait viendraient viendrai vint vinrent vienne venant",
    "tenir": "tenir tiens tient tenons tenez tiennent tenu tenue tenus tenues tenait tenaient tenais tiendra "
    "tiendront tiendrait tiendraient tiendrai tint tinrent tienne tenant",
    "prendre": "prendre prends prend prenons prenez prennent pris prise prises prenait prenaient prendra "
    "prendront prendrait prendraient prit prirent prenne prenant",
    "mettre": "mettre mets met mettons mettez mettent mis mise mises mettait mettaient mettra mettront "
    "mettrait mettraient mit mirent mette mettant",
    "faire": "faire fais fait faisons faites font faite faits faisait faisaient fera feront ferait feraient "
    "fit firent fasse fassent faisant",
    "dire": "dire dis dit disons dites disent dite dits disait disaient dira diront dirait diraient dirent dise disant",
    "cevoir": "cevoir cois coit cevons cevez coivent cu cue cus cues cevait cevaient cevra cevront cevrait "
    "cevraient cut curent coive cevant",
    "voir": "voir vois voit voyons voyez voient vu vue vus vues voyait voyaient verra verront verrait "
    "verraient vit virent voie voyant",
    "suivre": "suivre suis suit suivons suivez suivent suivi suivie suivis suivies suivait suivaient suivra "
    "suivront suivrait suivraient suivit suivirent suive suivant",
    "clure": "clure clus clut cluons cluez cluent clu clue clues cluait cluaient clura cluront clurait "
    "cluraient clurent cluant",
    "indre": "indre ins int ignons ignez ignent inte ints intes ignait ignaient indra indront indrait "
    "indraient ignit ignirent igne ignant",
    "crire": "crire cris crit crivons crivez crivent crite crits crites crivait crivaient crira criront "
    "crirait criraient crivit crivirent crive crivant",
    "battre": "battre bats bat battons battez battent battu battue battus battues battait battaient battra "
    "battront battrait battraient battit battirent batte battant",
    "uire": "uire uis uit uisons uisez uisent uite uits uites uisait uisaient uira uiront uirait uiraient "
    "uisit uisirent uise uisant",
    "vrir": "vrir vre vres vrons vrez vrent vert verte verts vertes vrait vraient vrira vriront vrirait "
    "vriraient vrit vrirent vrant",
    "frir": "frir fre fres frons frez frent fert ferte ferts fertes frait fraient frira friront frirait "
    "friraient frit frirent frant",
    "partir": "partir pars part partons partez partent parti partie partis parties partait partaient "
    "partira partiront partirait partiraient partit partirent parte partant",
    "sortir": "sortir sors sort sortons sortez sortent sorti sortie sortis sorties sortait sortaient "
    "sortira sortiront sortirait sortiraient sortit sortirent sorte sortant",
    "dre": "dre ds d dons dez dent du due dus dues dait daient drai dra dront drait draient dit dirent de dant",
}
_IRREGULAR = tuple((suffix, tuple(forms.split())) for suffix, forms in _IRREGULAR_TEXT.items())

_ER_ENDINGS = (
    "er",
    "e",
    "es",
    "ons",
    "ez",
    "ent",
    "ee",
    "ees",
    "ait",
    "aient",
    "ais",
    "ions",
    "iez",
    "erai",
    "eras",
    "era",
    "erons",
    "erez",
    "eront",
    "erait",
    "eraient",
    "erais",
    "a",
    "as",
    "ames",
    "erent",
    "ant",
)
_IR_ENDINGS = (
    "ir",
    "is",
    "it",
    "issons",
    "issez",
    "issent",
    "i",
    "ie",
    "ies",
    "issait",
    "issaient",
    "issais",
    "irai",
    "ira",
    "irons",
    "irez",
    "iront",
    "irait",
    "iraient",
    "irent",
    "isse",
    "issant",
)


@functools.lru_cache(maxsize=4096)
def verb_forms(lemma: str) -> frozenset[str]:
    """The folded forms of the verb ``lemma`` (an infinitive, without ``se``).

    >>> "rencontres" in verb_forms("rencontrer") and "lancons" in verb_forms("lancer")
    True
    >>> sorted(f for f in verb_forms("revenir") if f.startswith("reviendr"))[:2]
    ['reviendra', 'reviendrai']
    """
    word = fold_word(lemma.strip())
    for suffix, endings in _IRREGULAR:
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            return frozenset(base + e for e in endings)
    if word.endswith("er"):
        stem = word[:-2]
        forms = {stem + e for e in _ER_ENDINGS}
        if stem.endswith("c"):
            forms |= {stem[:-1] + "c" + e for e in ("ons", "ait", "aient", "ais", "a", "as", "ant")}
        if stem.endswith("g"):
            forms |= {stem + "e" + e for e in ("ons", "ait", "aient", "ais", "a", "as", "ant")}
        if stem.endswith("y"):
            soft = stem[:-1] + "i"
            forms |= {soft + e for e in ("e", "es", "ent", "era", "eront", "erait", "eraient")}
            if word.endswith("voyer"):
                forms |= {stem[:-3] + "verr" + e for e in ("a", "ai", "ont", "ait", "aient", "ons", "ez")}
        if stem.endswith(("el", "et")):
            doubled = stem + stem[-1]
            forms |= {doubled + e for e in ("e", "es", "ent", "era", "eront", "erait", "eraient")}
        if len(stem) > 2 and stem[-2] == "e" and stem[-1] not in "ly":
            grave = stem[:-2] + "e" + stem[-1]  # lever -> lève (folded: leve)
            forms.add(grave + "e")
        return frozenset(forms)
    if word.endswith("ir"):
        stem = word[:-2]
        return frozenset(stem + e for e in _IR_ENDINGS)
    if word.endswith("re"):
        stem = word[:-2]
        return frozenset({word, stem + "s", stem + "t", stem + "ent", stem + "u", stem + "ue", stem + "us"})
    return frozenset({word})


@functools.lru_cache(maxsize=4096)
def noun_forms(word: str) -> frozenset[str]:
    """Folded singular and plural forms of one word of a noun phrase (``accord`` → ``accords``)."""
    w = fold_word(word.strip())
    forms = {w}
    if w.endswith(("s", "x", "z")):
        return frozenset(forms)
    forms.add(w + "s")
    if w.endswith(("eau", "au", "eu")):
        forms.add(w + "x")
    if w.endswith("al"):
        forms.add(w[:-2] + "aux")
    return frozenset(forms)
