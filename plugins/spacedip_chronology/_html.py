"""The chronology as one self-contained HTML page.

The page loads nothing from anywhere: its style and script are inline and allowed by a
Content-Security-Policy that names their SHA-256 hashes (``default-src 'none'``). Every
piece of article text goes through :func:`._markup.escape`. Without JavaScript the page
is the full chronology; with it, a form filters entries by place, actor and kind.

An entry's block holds the start of its mark in the visual timeline (link and tooltip), its
``<article>`` tag but for the ``data-*`` attributes naming the filters' tokens (numbered over
the whole chronology, so added when the page is put together), and the inside of the
``<article>``.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from string import Template

from spacedip.export.period_index import index_link

from ._entry import EntryView, Facet, SourceView
from ._labels import Labels
from ._markup import Markup, element, escape, join, start_tag
from ._outline import GroupPlan, Outline
from ._svg import mark_start, render_svg

__all__ = ["SCRIPT", "STYLE", "content_security_policy", "html_block", "html_document"]


def _resource(name: str) -> str:
    return resources.files(__package__).joinpath("page", name).read_text(encoding="utf-8")


PAGE = _resource("page.html")
STYLE = _resource("page.css")
SCRIPT = _resource("page.js")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy() -> str:
    """The page's policy: nothing from the network, only our inline style and script."""
    return (
        "default-src 'none'; "
        f"style-src {_sha256(STYLE)}; "
        f"script-src {_sha256(SCRIPT)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _time(entry: EntryView) -> Markup:
    date = entry.date
    machine = date.edtf if not date.qualifier and not date.is_interval and date.precision.value in (
        "day", "month", "year") else None
    return element("time", {"datetime": machine, "data-edtf": date.edtf}, entry.date_text)


def _source(source: SourceView, entry: EntryView, labels: Labels) -> Markup:
    cite = [element("cite", None, source.title)]
    if source.publisher:
        cite.append(escape(f", {source.publisher}"))
    cite.append(escape(f", {source.published}."))
    parts = [element("blockquote", None, element("p", None, labels.quote(source.quote))), *cite]
    if source.url:
        parts.append(Markup(" "))
        parts.append(element("a", {"href": source.url, "rel": "noopener noreferrer nofollow external"},
                             labels["link"]))
    elif source.inert_url:
        parts.append(escape(f" {labels.colon('unsafe_link')} "))
        parts.append(element("span", {"class": "inert"}, source.inert_url))
    attributes = {"id": f"{entry.anchor}-s{source.number}", "class": "fixed" if source.fixed_date else None}
    return element("li", attributes, join(parts))


def _article_body(entry: EntryView, labels: Labels) -> Markup:
    heading_id = f"{entry.anchor}-h"
    heading = [_time(entry), Markup(" "), element("span", {"class": "kind"}, f"· {entry.kind.name}")]
    if entry.modality_label:
        heading += [Markup(" "), element("span", {"class": "modality"}, entry.modality_label)]
    level = 4 if entry.in_month else 3
    body = [element(f"h{level}", {"id": heading_id}, join(heading)),
            element("p", {"class": "summary"}, entry.summary)]
    facts = []
    if entry.places:
        facts += [element("dt", None, labels["places"]),
                  element("dd", None, entry.place_names)]
    if entry.actors:
        facts += [element("dt", None, labels["actors"]),
                  element("dd", None, entry.actor_names)]
    if facts:
        body.append(element("dl", None, join(facts)))
    if entry.fixed_by is not None:
        link = element("a", {"href": f"#{entry.anchor}-s{entry.fixed_by}"}, str(entry.fixed_by))
        body.append(element("p", {"class": "fixed-by"}, f"{labels['date_fixed_by']} ", link, "."))
    body.extend(element("p", {"class": "conflict", "role": "note"}, conflict) for conflict in entry.conflicts)
    if entry.sources:
        body.append(element("ol", {"class": "sources", "aria-label": labels["sources"]},
                            join(_source(s, entry, labels) for s in entry.sources)))
    return join(body)


_SIZES = struct.Struct("<II")
"""The sizes of the first two parts of an :func:`html_block`."""


def html_block(entry: EntryView, labels: Labels) -> bytes:
    """One entry in three parts, after their sizes (:data:`_SIZES`): the start of its mark in
    the visual timeline (:func:`._svg.mark_start`), its ``<article>`` tag up to the
    attributes the page numbers, and the inside of the ``<article>``."""
    mark = mark_start(entry).encode("utf-8")
    anchor = escape(entry.anchor)
    head = (f'<article class="entry modality-{escape(entry.modality)}" id="{anchor}" '
            f'aria-labelledby="{anchor}-h" ').encode()
    return _SIZES.pack(len(mark), len(head)) + mark + head + _article_body(entry, labels).encode("utf-8")


def _mark(block: bytes) -> str:
    """The start of the mark of an :func:`html_block`."""
    mark, _ = _SIZES.unpack_from(block)
    return block[_SIZES.size:_SIZES.size + mark].decode("utf-8")


class _Articles:
    """The ``<article>`` elements of a page around the entries' blocks: the filters' tokens
    of each entry's kind, places and actors (numbered over the page) are added to its tag."""

    def __init__(self, outline: Outline, block: Callable[[int], bytes]) -> None:
        table = self._table = outline.facts
        self._block = block
        self._kind = [outline.kinds[kind].key for kind in table.kinds.values]
        self._place = [outline.places[key].key for key, _ in table.places.values]
        self._actor = [outline.actors[key].key for key, _ in table.actors.values]

    def article(self, number: int) -> bytes:
        """Entry ``number``'s ``<article>``; its attributes written as :func:`start_tag` would."""
        table = self._table
        places = " ".join([self._place[pair] for pair in table.place_pairs(number)])
        actors = " ".join([self._actor[pair] for pair in table.actor_pairs(number)])
        tokens = f'data-kind="{self._kind[table.kind(number)]}" data-places="{places}" data-actors="{actors}">'
        block = memoryview(self._block(number))
        mark, head = _SIZES.unpack_from(block)
        body = _SIZES.size + mark + head
        return b"".join((block[_SIZES.size + mark:body], tokens.encode("utf-8"), block[body:], b"</article>"))


def _group(index: int, group: GroupPlan, articles: _Articles) -> Iterator[bytes]:
    heading_id = f"g{index}"
    yield (start_tag("section", {"class": "group", "aria-labelledby": heading_id, "data-group": group.key})
           + element("h2", {"id": heading_id}, group.heading)).encode("utf-8")
    yield from map(articles.article, group.entries)
    for m, month in enumerate(group.months):
        month_id = f"g{index}m{m}"
        yield (start_tag("section", {"class": "month", "aria-labelledby": month_id, "data-month": month.key})
               + element("h3", {"id": month_id}, month.heading)).encode("utf-8")
        yield from map(articles.article, month.entries)
        yield b"</section>"
    yield b"</section>"


def _select(name: str, label: str, facets: Mapping[str, Facet], labels: Labels) -> Markup:
    options = [element("option", {"value": ""}, labels["all"])]
    options.extend(element("option", {"value": f.key}, f.name) for f in facets.values())
    select = element("select", {"name": name, "id": f"filter-{name}"}, join(options))
    return element("label", None, label, select)


def _filters(outline: Outline) -> Markup:
    labels = outline.labels
    total = outline.total
    return element(
        "form",
        {"id": "filters", "class": "filters", "hidden": True, "aria-labelledby": "filters-h"},
        element("h2", {"id": "filters-h"}, labels["filters"]),
        _select("place", labels["filter_place"], outline.places, labels),
        _select("actor", labels["filter_actor"], outline.actors, labels),
        _select("kind", labels["filter_kind"], outline.kinds, labels),
        element("button", {"type": "button", "id": "show-all"}, labels["reset"]),
        element("output", {"id": "shown", "aria-live": "polite", "data-template": labels["shown"]},
                labels["shown"].format(shown=total, total=total)),
    )


def _visual(outline: Outline, block: Callable[[int], bytes]) -> Iterator[str]:
    labels = outline.labels
    svg = render_svg(outline, "visual-caption", lambda n: _mark(block(n)))
    first = next(svg, None)
    if first is None:
        return
    yield start_tag("figure", {"class": "visual"}) + element("figcaption", {"id": "visual-caption"}, labels["visual"])
    yield first
    yield from svg
    yield element("p", {"class": "note"}, labels["legend"])
    left_out = outline.facts.how_many("earliest", False)
    if left_out:
        yield element("p", {"class": "note"}, labels.plural(left_out, "left_out_one", "left_out_many"))
    yield "</figure>"


def _page_parts() -> tuple[Template, Template, Template]:
    """The page template cut where the visual timeline and the groups go."""
    head, visual, rest = PAGE.partition("$visual")
    middle, groups, tail = rest.partition("$groups")
    assert visual and groups, "page.html must hold $visual before $groups"
    return Template(head), Template(middle), Template(tail)


def _generated(outline: Outline) -> Markup:
    """Where the page comes from; one period's page also links to the index of every period."""
    text = escape(outline.generated)
    if outline.period is None:
        return text
    return Markup(f'{text} {element("a", {"href": index_link(outline.period)}, outline.labels["all_periods"])}')


def html_document(outline: Outline, block: Callable[[int], bytes]) -> Iterator[bytes]:
    """The chronology as a UTF-8 HTML page that needs nothing but itself, with the entries'
    blocks (``block(number)``) in its groups and visual timeline."""
    labels = outline.labels
    total = outline.total
    head, middle, tail = _page_parts()
    yield head.substitute(
        lang=escape(labels.lang),
        csp=escape(content_security_policy()),
        title=escape(outline.title),
        css=STYLE,
        generated=_generated(outline),
        total=escape(labels.plural(total, "entry", "entries")),
    ).encode("utf-8")
    for piece in _visual(outline, block):
        yield piece.encode("utf-8")
    yield middle.substitute(filters=_filters(outline) if total else Markup("")).encode("utf-8")
    if not outline.groups:
        yield element("p", None, labels["empty"]).encode("utf-8")
    articles = _Articles(outline, block)
    for index, group in enumerate(outline.groups):
        yield from _group(index, group, articles)
    yield tail.substitute(script=SCRIPT).encode("utf-8")
