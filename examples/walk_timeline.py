"""Walk the timeline: one entry per happening, each with every article that tells it.

    python examples/walk_timeline.py [LOG]
"""

import sys

import spacedip

path = sys.argv[1] if len(sys.argv) > 1 else "example.db"
with spacedip.open_log(path, readonly=True) as log:
    timeline = log.timeline()
    print(f"{len(timeline)} entries, log position {timeline.head_position}")
    for entry in timeline:
        places = ", ".join(p.name for p in entry.places) or "no place"
        print(f"{entry.date.edtf:>12} ({entry.date.precision.value}) {entry.kind}: {entry.summary} [{places}]")
        for number, source in enumerate(entry.sources, start=1):
            print(f"{'':>14}{number}. {source.article.title or source.article.id}: «{source.quote}»")
