"""Regrouping after a run of records: only the part of the timeline the run can have changed.

The grouping rule (``spacedip.timeline.grouping``) is applied in three layers: day-precise
events form components; each coarser event joins the one component it fits (or stays alone
if it fits several); coarser events that fit none are grouped among themselves. A person's
merges and splits come last. A change to some events can only change:

1. the components holding them before the change, and those their new features touch
   (``region_fine``): components are recomputed over exactly these events, since an
   unchanged event is only ever related to members of its own old component or to a
   changed event;
2. the homes of coarser events related to an event of (1), before or after the change, and
   of changed coarser events (``region_coarse``). Components outside (1) keep their members,
   so an unchanged coarse event still fits those of them it fitted: its fits in (1) and its
   stored home decide, and only one that fitted several components before looks at the day
   events outside (1) again. A changed one looks at every day event in its range. Both read
   those lazily and stop at the second component found, so the work does not grow with how
   many day events a month or a year holds;
3. the leftover groups holding an event of (2), and those the new leftovers touch.

Everything else keeps its group, so its entry is not rebuilt. :func:`regroup_all` applies
the same rule in one pass (``assign_groups``) when the whole log is new. Both write the
group columns of ``events`` and the ``entries`` table; a property test checks that they give
the entries a full replay gives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from spacedip.timeline.checkpoint.fold import Changes
from spacedip.timeline.checkpoint.rows import (
    decode_article,
    decode_state,
    encode_entry,
    features_from_row,
    sort_text,
)
from spacedip.timeline.entry import ArticleInfo
from spacedip.timeline.features import NEAR_DAYS, Features, related
from spacedip.timeline.grouping import (
    Assignment,
    UnionFind,
    apply_overrides,
    assign_groups,
    build_entry,
    group_leftovers,
    homes,
)
from spacedip.timeline.projection import ReportedEvent

__all__ = ["regroup", "regroup_all"]

_CHUNK = 500
_MET_LIMIT = 20_000
"""Features of coarse events met by day events kept at most (see ``_Index.features_met``)."""
_GROUP_COLUMNS = frozenset({"component", "home", "leftover", "grp", "entry", "article"})
_FEATURES = "SELECT id, kind, edtf, actors, places, specific FROM events WHERE active = 1"


def _chunks(items: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class _Index:
    """Look-ups in the checkpoint's grouping index, with the features read so far."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.known: dict[str, Features | None] = {}
        self.met: dict[str, Features | None] = {}
        self.spans: dict[tuple[str, str], int] = {}

    def features(self, ids: Iterable[str]) -> dict[str, Features]:
        """Features of the active events among ``ids``."""
        ids = list(ids)
        self._read([i for i in ids if i not in self.known], self.known)
        return self._present(ids)

    def features_met(self, ids: Collection[str]) -> dict[str, Features]:
        """Like :meth:`features`, for events only compared with others (the coarse events a run's
        day events fall in): kept in a bounded cache, not for the whole run, so memory does not
        grow with how many of them a dense log holds."""
        wanted = [i for i in ids if i not in self.known and i not in self.met]
        if len(self.met) + len(wanted) > _MET_LIMIT:
            self.met.clear()
        self._read(wanted, self.met)
        return self._present(ids)

    def _read(self, ids: Collection[str], into: dict[str, Features | None]) -> None:
        for chunk in _chunks(ids):
            found = {row[0]: features_from_row(row) for row in
                     self.conn.execute(f"{_FEATURES} AND id IN ({_marks(len(chunk))})", chunk)}
            for event_id in chunk:
                into[event_id] = found.get(event_id)

    def _present(self, ids: Iterable[str]) -> dict[str, Features]:
        out = {}
        for event_id in ids:
            feature = self.known.get(event_id) or self.met.get(event_id)
            if feature is not None:
                out[event_id] = feature
        return out

    def column(self, column: str, ids: Iterable[str]) -> dict[str, str | None]:
        """The value of a group column for each of ``ids``."""
        assert column in _GROUP_COLUMNS
        out: dict[str, str | None] = {}
        for chunk in _chunks(set(ids)):
            out.update(self.conn.execute(
                f"SELECT id, {column} FROM events WHERE id IN ({_marks(len(chunk))})", chunk))  # noqa: S608 (fixed column names and "?" marks only)
        return out

    def having(self, column: str, values: Iterable[str | None]) -> set[str]:
        """Ids of events whose ``column`` is one of ``values``."""
        assert column in _GROUP_COLUMNS
        out: set[str] = set()
        for chunk in _chunks({v for v in values if v is not None}):
            out.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM events WHERE {column} IN ({_marks(len(chunk))})", chunk))  # noqa: S608 (fixed column names and "?" marks only)
        return out

    def _span(self, family: str, key: str) -> int:
        if (family, key) not in self.spans:
            row = self.conn.execute("SELECT days FROM spans WHERE family = ? AND key = ?", (family, key)).fetchone()
            self.spans[(family, key)] = row[0] if row else -1
        return self.spans[(family, key)]

    def _bucket_query(self, event: Features, fine: bool, lo: int, hi: int, min_hi: int | None = None) -> set[str]:
        found: set[str] = set()
        for key in event.index_keys:
            sql = "SELECT event FROM event_keys WHERE family = ? AND key = ? AND fine = ? AND lo BETWEEN ? AND ?"
            args: tuple[object, ...] = (event.family, key, int(fine), lo, hi)
            if min_hi is not None:
                sql += " AND hi >= ?"
                args = (*args, min_hi)
            found.update(r[0] for r in self.conn.execute(sql, args))
        found.discard(event.id)
        return found

    def fine_near(self, event: Features) -> set[str]:
        """Day-precise events that may be related to day-precise ``event``."""
        return self._bucket_query(event, True, event.lo - NEAR_DAYS, event.lo + NEAR_DAYS)

    def fine_rows_within(self, event: Features) -> Iterator[tuple[str, str | None, tuple[Any, ...]]]:
        """Day-precise events within closed, coarse ``event``'s range, read lazily: each one's id,
        stored component and feature columns (for :func:`features_from_row`)."""
        seen = {event.id}
        for key in sorted(event.index_keys):
            rows = self.conn.execute(
                "SELECT e.id, e.component, e.kind, e.edtf, e.actors, e.places, e.specific FROM event_keys k "
                "JOIN events e ON e.id = k.event WHERE k.family = ? AND k.key = ? AND k.fine = 1 "
                "AND k.lo BETWEEN ? AND ?", (event.family, key, event.lo, event.hi))
            for row in rows:
                if row[0] not in seen:
                    seen.add(row[0])
                    yield row[0], row[1], (row[0], *row[2:])

    def coarse_overlapping(self, event: Features) -> set[str]:
        """Coarse events whose range overlaps ``event``'s (or with the same open interval)."""
        if not event.date.is_known:
            return set()
        if event.open:
            rows = self.conn.execute("SELECT id FROM events WHERE active = 1 AND edtf = ?", (event.date.edtf,))
            return {r[0] for r in rows} - {event.id}
        return self.coarse_in(event, event.lo, event.hi)

    def coarse_in(self, event: Features, lo: int, hi: int) -> set[str]:
        """Coarse, closed-ended events in ``event``'s buckets whose range meets days ``lo``..``hi``.

        A bucket's longest range bounds how far before ``lo`` such an event may start.
        """
        found: set[str] = set()
        for key in event.index_keys:
            span = self._span(event.family, key)
            if span < 0:
                continue
            rows = self.conn.execute(
                "SELECT event FROM event_keys WHERE family = ? AND key = ? AND fine = 0 AND lo BETWEEN ? AND ? "
                "AND hi >= ?", (event.family, key, lo - span, hi, lo))
            found.update(r[0] for r in rows)
        found.discard(event.id)
        return found


def regroup(conn: sqlite3.Connection, changes: Changes) -> int:
    """Regroup what ``changes`` can have changed and rebuild those entries; returns how many were built."""
    index = _Index(conn)
    changed = changes.events
    now = index.features(changed)
    old = {i: f for i, f in changed.items() if f is not None}

    # 1. Components of day-precise events.
    seeds = index.having("component", index.column("component", old).values())
    seeds |= {i for i, f in now.items() if f.fine}
    region_fine = set(seeds)
    for event_id in sorted(seeds):
        event = now.get(event_id) if event_id in changed else None
        if event is None or not event.fine:
            continue
        near = index.features(index.fine_near(event))
        touched = {i for i, f in near.items() if related(event, f)}
        region_fine |= index.having("component", index.column("component", touched).values())
    fine = {i: f for i, f in index.features(region_fine).items() if f.fine}
    component = _components(fine)

    # 2. Homes of coarser events. A coarse event fits the components of the day-precise events
    # it is related to. Components outside region_fine did not change, nor did their members,
    # so an unchanged coarse event fits the same of them as before; only its fits in the region
    # are found anew (``fits_in_region``), and its stored home tells the rest (below).
    old_components = {c for c in index.column("component", region_fine).values() if c is not None}
    fits_in_region: dict[str, set[str]] = {}
    for event in fine.values():
        for other_id, other in index.features_met(index.coarse_in(event, event.lo, event.lo)).items():
            if related(event, other):
                fits_in_region.setdefault(other_id, set()).add(component[event.id])
    region_coarse = {i for i in changed if (i in now and not now[i].fine) or (i in old and not old[i].fine)}
    region_coarse |= index.having("home", old_components) | set(fits_in_region)
    for event in (f for f in old.values() if f.fine):
        for other_id, other in index.features_met(index.coarse_in(event, event.lo, event.lo)).items():
            if related(event, other):
                region_coarse.add(other_id)
    coarse = {i: f for i, f in index.features(region_coarse).items() if not f.fine}
    stored_home = index.column("home", set(coarse) - set(changed))
    stored_leftover = index.column("leftover", set(coarse) - set(changed))
    home: dict[str, str] = {}
    stranded: list[Features] = []
    for event_id in sorted(coarse):
        event = coarse[event_id]
        found = fits_in_region.get(event_id, set())
        if event_id in changed:
            found = _fits(index, event, component, set(), set())
        elif (was_home := stored_home.get(event_id)) is not None:
            if was_home not in old_components:
                found = found | {was_home}
        elif stored_leftover.get(event_id) is None and len(found) < 2:
            # It fitted several components before: are some of them outside the region?
            found = _fits(index, event, component, region_fine, set(found))
        if len(found) == 1:
            home[event_id] = next(iter(found))
        elif not found:
            stranded.append(event)

    # 3. Leftover groups.
    region_left = index.having("leftover", index.column("leftover", region_coarse).values()) | {
        e.id for e in stranded}
    for event in stranded:
        others = index.features(index.coarse_overlapping(event))
        touched = {i for i, f in others.items() if related(event, f)}
        region_left |= index.having("leftover", index.column("leftover", touched).values())
    left_features = index.features(region_left - set(home) - (region_coarse - {e.id for e in stranded}))
    leftover = group_leftovers(left_features.values())

    # Write the new automatic groups of every event the three regions hold.
    affected = region_fine | region_coarse | region_left | set(changed)
    assignment = Assignment(component=component, home=home, leftover=leftover)
    active = index.features(affected)
    conn.executemany(
        "UPDATE events SET component = ?, home = ?, leftover = ?, grp = ? WHERE id = ?",
        [(component.get(i), home.get(i), leftover.get(i), assignment.group_of(i) if i in active else None, i)
         for i in sorted(affected)],
    )
    dirty = affected | index.having("article", changes.articles)
    return _rebuild_entries(conn, index, dirty, overrides_changed=changes.overrides)


def _fits(index: _Index, event: Features, component: dict[str, str], skip: set[str], found: set[str]) -> set[str]:
    """:func:`homes` of coarse ``event`` among the day-precise events in its range not in ``skip``, read
    lazily from the checkpoint; ``component`` overrides their stored components."""
    return homes(event, (row for row in index.fine_rows_within(event) if row[0] not in skip),
                 lambda row: component.get(row[0]) or row[1] or row[0],
                 lambda row: index.known.get(row[0]) or features_from_row(row[2]), found)


def _components(fine: dict[str, Features]) -> dict[str, str]:
    """Connected components (by :func:`related`) of day-precise events; ids to smallest member id."""
    uf = UnionFind(sorted(fine))
    by_day: dict[int, list[Features]] = {}
    for event in fine.values():
        by_day.setdefault(event.lo, []).append(event)
    for event_id in sorted(fine):
        event = fine[event_id]
        for day in range(event.lo - NEAR_DAYS, event.lo + NEAR_DAYS + 1):
            for other in by_day.get(day, ()):
                if other.id != event_id and uf.find(other.id) != uf.find(event_id) and related(event, other):
                    uf.union(event_id, other.id)
    return uf.roots()


def _overrides(conn: sqlite3.Connection) -> list[tuple[str, tuple[str, ...]]]:
    return [(action, tuple(ids.split("\n"))) for action, ids in
            conn.execute("SELECT action, ids FROM overrides ORDER BY position")]


def _rebuild_entries(conn: sqlite3.Connection, index: _Index, dirty: set[str], *, overrides_changed: bool) -> int:
    """Rebuild the entries of ``dirty`` events: whole automatic groups, whole old entries, and every
    group a person's merge or split ties to them."""
    overrides = _overrides(conn)
    region = set(dirty)
    if overrides_changed:
        region |= {i for _, ids in overrides for i in ids}
    while True:
        grown = region | index.having("grp", index.column("grp", region).values())
        grown |= index.having("entry", index.column("entry", region).values())
        for _, ids in overrides:
            if not grown.isdisjoint(ids):
                grown |= index.having("grp", index.column("grp", ids).values()) | set(ids)
        if grown == region:
            break
        region = grown
    old_entries = {e for e in index.column("entry", region).values() if e is not None}
    for chunk in _chunks(old_entries):
        conn.execute(f"DELETE FROM entries WHERE id IN ({_marks(len(chunk))})", chunk)  # noqa: S608 (fixed names, "?" marks)
        conn.execute(f"DELETE FROM fragments WHERE entry IN ({_marks(len(chunk))})", chunk)  # noqa: S608 (same)
        conn.execute(f"DELETE FROM fragment_facts WHERE entry IN ({_marks(len(chunk))})", chunk)  # noqa: S608 (same)
    groups_by_id: dict[str, list[str]] = {}
    active = index.features(region)
    for event_id, group in sorted(index.column("grp", active).items()):
        groups_by_id.setdefault(group or event_id, []).append(event_id)
    groups = apply_overrides(sorted(groups_by_id.values()), overrides, set(active))
    conn.executemany("UPDATE events SET entry = NULL WHERE id = ?", [(i,) for i in sorted(region - set(active))])
    return _write_entries(conn, groups)


def _write_entries(conn: sqlite3.Connection, groups: Iterable[list[str]]) -> int:
    articles: dict[str, ArticleInfo] = {}
    built = 0
    batch: list[list[str]] = []

    def flush() -> None:
        nonlocal built
        ids = [i for group in batch for i in group]
        states: dict[str, ReportedEvent] = {}
        for chunk in _chunks(ids):
            states.update((r[0], decode_state(r[1])) for r in conn.execute(
                f"SELECT id, state FROM events WHERE id IN ({_marks(len(chunk))})", chunk))  # noqa: S608 (fixed column names and "?" marks only)
        wanted = {s.event.evidence.article for s in states.values()} - set(articles)
        for chunk in _chunks(wanted):
            articles.update((r[0], decode_article(r[1])) for r in conn.execute(
                f"SELECT id, info FROM articles WHERE id IN ({_marks(len(chunk))})", chunk))  # noqa: S608 (fixed column names and "?" marks only)
        rows: list[tuple[str, str, str, bytes]] = []
        links: list[tuple[str, str]] = []
        for group in batch:
            entry = build_entry([states[i] for i in group], articles)
            blob, digest = encode_entry(entry)
            rows.append((entry.id, sort_text(entry.date), digest, blob))
            links.extend((entry.id, i) for i in group)
        conn.executemany("INSERT OR REPLACE INTO entries (id, sort, digest, entry) VALUES (?, ?, ?, ?)", rows)
        conn.executemany("UPDATE events SET entry = ? WHERE id = ?", links)
        built += len(batch)
        batch.clear()
        if len(articles) > 50_000:
            articles.clear()

    for group in groups:
        batch.append(group)
        if len(batch) >= _CHUNK:
            flush()
    if batch:
        flush()
    return built


def regroup_all(conn: sqlite3.Connection, on_progress: Callable[[int], None] | None = None) -> int:
    """Group every active event from scratch and rebuild every entry; returns how many were built."""
    features = [features_from_row(row) for row in conn.execute(_FEATURES)]
    assignment = assign_groups(features)
    ids = sorted(f.id for f in features)
    del features
    conn.execute("UPDATE events SET component = NULL, home = NULL, leftover = NULL, grp = NULL, entry = NULL")
    conn.executemany(
        "UPDATE events SET component = ?, home = ?, leftover = ?, grp = ? WHERE id = ?",
        ((assignment.component.get(i), assignment.home.get(i), assignment.leftover.get(i),
          assignment.group_of(i), i) for i in ids),
    )
    groups: dict[str, list[str]] = {}
    for event_id in ids:
        groups.setdefault(assignment.group_of(event_id), []).append(event_id)
    del assignment
    final = apply_overrides(sorted(groups.values()), _overrides(conn), set(ids))
    del groups
    conn.execute("DELETE FROM entries")
    conn.execute("DELETE FROM fragments")
    conn.execute("DELETE FROM fragment_facts")
    return _write_entries(conn, final)
