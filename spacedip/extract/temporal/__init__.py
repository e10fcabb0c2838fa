"""French temporal tagging: find DATE, TIME, DURATION and SET expressions and normalise them.

:func:`tag` is the entry point. The package is split by job: ``lexicon`` (French
words), ``patterns`` (compiled regexes and their anchors), ``scan`` (where the rules
match, trying each only near its anchors), ``tense`` (which way a clause points),
``calendar`` (the publication date and calendar arithmetic), ``resolution`` (match to
value), ``timex3`` (TimeML and EDTF notation) and ``tagger`` (putting them together).
"""

from spacedip.extract.temporal.tagger import tag
from spacedip.extract.temporal.timex3 import timex3_to_edtf

__all__ = ["tag", "timex3_to_edtf"]
