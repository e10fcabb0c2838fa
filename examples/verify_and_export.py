"""Verify the hash chain, then export the log as JSON Lines and read it back into a new log.

    python examples/verify_and_export.py [LOG]
"""

import sys
from pathlib import Path

import spacedip

path = sys.argv[1] if len(sys.argv) > 1 else "example.db"
copy = Path(path).with_suffix(".copy.db")
jsonl = Path(path).with_suffix(".jsonl")
with spacedip.open_log(path) as log:
    report = log.verify()
    print(f"chain {'whole' if report.ok else 'BROKEN at ' + str(report.first_bad_position)}: "
          f"{report.records} records, head {report.head_hash[:16]}")
    with jsonl.open("wb") as out:
        log.export_jsonl(out)
copy.unlink(missing_ok=True)
with spacedip.open_log(copy) as other:
    result = other.import_jsonl(jsonl)
    print(f"imported {result.appended} records into {copy}; same head: {other.head.hash == report.head_hash}")
