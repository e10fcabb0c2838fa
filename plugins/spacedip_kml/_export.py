"""The export function: the timeline in, ``{file name: Stream | bytes}`` out.

The four maps are made together, on first use, in two passes over the timeline
(see :mod:`spacedip.export.fragments`): the first reads each entry's places (small
facts) and lays out every map (:class:`~spacedip_kml.placing.Layout`); the second
reads each entry's rendered block, makes its placemarks on every map and sorts them
into their folders (:class:`~spacedip_kml._spill.Buckets`, on disk). Each file is
then written from those, piece by piece. Memory holds the distinct places and small
buffers, never the entries or the placemarks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import orjson

from spacedip.errors import InputError
from spacedip.export.base import FileContent, Stream
from spacedip.export.fragments import Fragments
from spacedip.timeline.entry import Timeline, TimelineEntry
from spacedip_kml import blocks
from spacedip_kml._i18n import LANGUAGES, text
from spacedip_kml._spill import Buckets
from spacedip_kml.balloon import legend_html
from spacedip_kml.document import (
    DOCUMENT_END,
    document_head,
    folder_end,
    folder_start,
    no_ground_start,
    tour_end,
    tour_start,
)
from spacedip_kml.kmz import kmz_chunks
from spacedip_kml.placing import Census, Layout, MapLayout
from spacedip_kml.sites import SITES
from spacedip_kml.styles import ICON_FOLDER, icon_files

__all__ = ["Maps", "export_maps", "resolve_lang"]


def resolve_lang(options: Mapping[str, Any], timeline: Timeline) -> str:
    """The ``lang`` option, else the timeline's language if it is ``fr`` or ``en``, else ``en``.

    Raises:
        InputError: for a ``lang`` option other than ``fr`` or ``en``.
    """
    lang = options.get("lang")
    if lang is None:
        return timeline.language if timeline.language in LANGUAGES else "en"
    if lang not in LANGUAGES:
        raise InputError(f"the kml exporter has no labels in {lang!r}", hint="use --lang fr or --lang en")
    return str(lang)


Part = bytes | int
"""A piece of a document: text, or the number of a bucket of placemarks."""


@attrs.define
class _Tally:
    """What a map's head says about it, counted as placemarks are made."""

    placed: int = 0
    unplaced: int = 0
    styles: set[str] = attrs.field(factory=set)


@attrs.frozen
class _Numbers:
    """The buckets of the four maps: each map's folders in turn, then the overview's entries
    with no ground position, then its tour."""

    first: list[int]
    """The bucket of each map's first folder."""
    no_ground: int
    tour: int

    @property
    def count(self) -> int:
        """How many buckets."""
        return self.tour + 1

    @classmethod
    def of(cls, layout: Layout) -> _Numbers:
        """The buckets of ``layout``'s maps."""
        first, count = [], 0
        for layout_map in layout.maps:
            first.append(count)
            count += len(layout_map.folders)
        return cls(first, count, count + 1)


class _Reiterable:
    """An iterable that calls ``make`` for each iteration (a Stream may be read twice)."""

    def __init__(self, make: Callable[[], Iterator[bytes]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[bytes]:
        return self._make()


class Maps:
    """The four maps of one timeline, made on first use (see the module docstring).

    The temporary file of placemarks goes when the object does (after the files are written).
    """

    def __init__(self, timeline: Timeline, lang: str) -> None:
        self.timeline = timeline
        self.lang = lang
        self._documents: list[list[Part]] | None = None
        self._buckets: Buckets | None = None
        self.keys = (*(site.id for site in SITES), "overview")
        """The maps' keys (file names), in the order of :attr:`Layout.maps`."""

    def _render(self, entry: TimelineEntry) -> tuple[bytes, bytes]:
        return blocks.render_entry(entry, self.lang)

    def _build(self) -> tuple[list[list[Part]], Buckets]:
        if self._documents is not None and self._buckets is not None:
            return self._documents, self._buckets
        census = Census()
        with Fragments(self.timeline, blocks.renderer(self.lang), self._render) as fragments:
            for facts in fragments.facts():  # first pass: the places of every entry
                census.add(orjson.loads(facts))
            layout = Layout(census, self.lang)
            numbers = _Numbers.of(layout)
            buckets = Buckets(numbers.count)
            tallies = self._sort(fragments.data(), layout, numbers, buckets)  # second pass
        documents = [self._document(layout_map, tallies[number], numbers.first[number], numbers, buckets)
                     for number, layout_map in enumerate(layout.maps)]
        self._documents, self._buckets = documents, buckets
        return documents, buckets

    def _sort(self, data: Iterator[bytes], layout: Layout, numbers: _Numbers, buckets: Buckets) -> list[_Tally]:
        """Make every entry's placemarks (and tour stop) and put each in its bucket."""
        lang = self.lang
        tallies = [_Tally() for _ in layout.maps]
        overview = len(layout.maps) - 1
        for blob in data:
            block = blocks.EntryBlock.from_bytes(blob)
            placement = layout.place(block.entry_id, block.places)
            for number, pins in enumerate(placement.pins):
                if pins:
                    tallies[number].placed += 1
                    tallies[number].styles.add(block.style)
                for pin in pins:
                    buckets.add(numbers.first[number] + pin.folder, blocks.placemark(block, pin, lang).encode())
            if placement.unplaced is not None:
                tallies[overview].unplaced += 1
                tallies[overview].styles.add(block.style)
                buckets.add(numbers.no_ground, blocks.unplaced_placemark(block, placement.unplaced, lang).encode())
            elif block.dated:
                buckets.add(numbers.tour, blocks.tour_stop(block, placement.pins[overview][0]).encode())
        return tallies

    def _document(self, layout_map: MapLayout, tally: _Tally, first: int, numbers: _Numbers,
                  buckets: Buckets) -> list[Part]:
        """A map's parts; ``first`` is the bucket of its first folder."""
        lang = self.lang
        site = layout_map.site
        title = text(lang, "site_map", site=site.name(lang)) if site else text(lang, "overview")
        period = self.timeline.period
        head = text(lang, "period", period=period) if period else text(
            lang, "updated", position=self.timeline.head_position, head=self.timeline.head_hash[:12] or "—")
        legend = legend_html(lang, placed=tally.placed, folders=len(layout_map.folders), unplaced=tally.unplaced,
                             icon_folder=ICON_FOLDER, head=head)
        parts: list[Part] = [document_head(layout_map.key, title=title, description=legend,
                                           view=layout_map.view, styles=tally.styles)]
        for number, folder in enumerate(layout_map.folders):
            parts += [folder_start(folder, lang), first + number, folder_end()]
        if site is None and buckets.sizes[numbers.no_ground]:
            parts += [no_ground_start(lang), numbers.no_ground, folder_end()]
        if site is None and buckets.sizes[numbers.tour]:
            parts += [tour_start(lang), numbers.tour, tour_end()]
        parts.append(DOCUMENT_END)
        return parts

    def size(self, number: int) -> int:
        """The length in bytes of map ``number``'s KML."""
        documents, buckets = self._build()
        return sum(buckets.sizes[part] if isinstance(part, int) else len(part) for part in documents[number])

    def kml(self, number: int) -> Iterator[bytes]:
        """The KML of map ``number`` (in :attr:`keys` order), piece by piece."""
        documents, buckets = self._build()
        for part in documents[number]:
            if isinstance(part, int):
                yield from buckets.read(part)
            else:
                yield part

    def kmz(self, number: int, files: Mapping[str, bytes]) -> Iterator[bytes]:
        """The KMZ of map ``number``, with ``files`` beside ``doc.kml``, piece by piece."""
        yield from kmz_chunks(self.kml(number), self.size(number), files)


def _stream(make: Callable[[], Iterator[bytes]]) -> Stream:
    return Stream(_Reiterable(make))


def export_maps(timeline: Timeline, options: Mapping[str, Any], target: Path) -> dict[str, FileContent]:
    """``<site>.kmz`` for each site and ``overview.kmz``; with the ``kml`` option, also
    ``<name>.kml`` beside each and the icons in ``files/`` for them.

    The maps are :class:`~spacedip.export.base.Stream` s, made when first read.
    ``target`` is not used: the maps are always the same four files.
    """
    del target
    maps = Maps(timeline, resolve_lang(options, timeline))
    icons = icon_files()
    out: dict[str, FileContent] = {}
    for number, key in enumerate(maps.keys):
        out[f"{key}.kmz"] = _stream(partial(maps.kmz, number, icons))
        if options.get("kml"):
            out[f"{key}.kml"] = _stream(partial(maps.kml, number))
    if options.get("kml"):
        out.update(icons)
    return out
