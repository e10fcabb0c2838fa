"""A writer process for crash and concurrency tests: appends batches and acknowledges each.

Usage: python writer.py LOG NAME BATCHES BATCH_SIZE
Prints ``ACK <batch>`` (flushed) after each append returned.
"""

from __future__ import annotations

import sys

from spacedip.api import open_log
from spacedip.model import Article, ArticleAdded


def main() -> None:
    path, name, batches, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open_log(path, extractor=lambda article: ()) as log:
        for batch in range(batches):
            records = [
                ArticleAdded(Article.create(f"{name} batch {batch} item {item} " + "texte " * 40,
                                            published="2023-09", origin=f"{name}-{batch}-{item}"))
                for item in range(size)
            ]
            log.append(records)
            sys.stdout.write(f"ACK {batch}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
