"""Write an event by hand, then correct it and withdraw another: every change is a new record.

    python examples/correct_event.py [LOG]
"""

import sys

import spacedip
from spacedip.model import Event, EventReported, Evidence, Provenance, Span

path = sys.argv[1] if len(sys.argv) > 1 else "example.db"
text = "Le président russe a reçu mercredi le dirigeant nord-coréen au cosmodrome Vostotchny."
with spacedip.open_log(path, extractor=lambda article: ()) as log:
    article = log.add_article(text, published="2023-09", title="Dépêche").article
    start = text.index("a reçu mercredi")
    quote = text[start : start + len("a reçu mercredi")]
    event = Event.create(
        kind="meeting",
        date="2023-09",  # the article only gives "mercredi" in a month-precision article
        summary="Poutine reçoit Kim Jong-un",
        evidence=Evidence(article.id, Span(start, start + len(quote)), quote),
        provenance=Provenance("manual", "alice"),
    )
    log.append([EventReported(event)])
    log.amend(event.id, date="2023-09-13", reason="mercredi of that week was 13 September 2023", by="alice")
    print(log.event(event.id).event.date)  # 2023-09-13
    log.retract(event.id, reason="example only", by="alice")
    print(len([e for e in log.timeline() if e.id == event.id]))  # 0: withdrawn, but still in the log
    print(sum(1 for _ in log.records()), "records")
