"""Open a log and add the five bundled French articles (run it twice: nothing changes the second time).

    python examples/add_corpus.py [LOG]
"""

import sys

import spacedip

path = sys.argv[1] if len(sys.argv) > 1 else "example.db"
with spacedip.open_log(path) as log:
    for item in spacedip.example_corpus():
        result = log.add_article(item.path, published=item.published, title=item.title, publisher=item.publisher)
        status = "added" if result.added else "already there"
        print(f"{item.path.name}: {status}, {len(result.events)} events")
    print(f"{log.location}: {log.head.position} records")
