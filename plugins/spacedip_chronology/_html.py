"""The chronology as one self-contained HTML page.

The page loads nothing from anywhere: its style and script are inline and allowed by a
Content-Security-Policy that names their SHA-256 hashes (``default-src 'none'``). Every
piece of article text goes through :func:`._markup.escape`. Without JavaScript the page
is the full chronology; with it, a form filters entries by place, actor and kind.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from string import Template

from ._markup import Markup, element, escape, join
from ._svg import render_svg
from ._view import Chronology, EntryView, Facet, Group, SourceView

__all__ = ["SCRIPT", "STYLE", "content_security_policy", "render_html"]


def _resource(name: str) -> str:
    return resources.files(__package__).joinpath("page", name).read_text(encoding="utf-8")


TEMPLATE = Template(_resource("page.html"))
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


def _source(source: SourceView, entry: EntryView, chronology: Chronology) -> Markup:
    labels = chronology.labels
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


def _entry(entry: EntryView, level: int, chronology: Chronology) -> Markup:
    labels = chronology.labels
    heading_id = f"{entry.anchor}-h"
    heading = [_time(entry), Markup(" "), element("span", {"class": "kind"}, f"· {entry.kind.name}")]
    if entry.modality_label:
        heading += [Markup(" "), element("span", {"class": "modality"}, entry.modality_label)]
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
                            join(_source(s, entry, chronology) for s in entry.sources)))
    return element(
        "article",
        {
            "class": f"entry modality-{entry.modality}",
            "id": entry.anchor,
            "aria-labelledby": heading_id,
            "data-kind": entry.kind.key,
            "data-places": " ".join(p.key for p in entry.places),
            "data-actors": " ".join(a.key for a in entry.actors),
        },
        join(body),
    )


def _group(group: Group, index: int, chronology: Chronology) -> Markup:
    heading_id = f"g{index}"
    parts = [element("h2", {"id": heading_id}, group.heading)]
    parts.extend(_entry(e, 3, chronology) for e in group.entries)
    for m, month in enumerate(group.months):
        month_id = f"g{index}m{m}"
        parts.append(element(
            "section", {"class": "month", "aria-labelledby": month_id, "data-month": month.key},
            element("h3", {"id": month_id}, month.heading),
            join(_entry(e, 4, chronology) for e in month.entries),
        ))
    return element("section", {"class": "group", "aria-labelledby": heading_id, "data-group": group.key},
                   join(parts))


def _select(name: str, label: str, facets: tuple[Facet, ...], chronology: Chronology) -> Markup:
    options = [element("option", {"value": ""}, chronology.labels["all"])]
    options.extend(element("option", {"value": f.key}, f.name) for f in facets)
    select = element("select", {"name": name, "id": f"filter-{name}"}, join(options))
    return element("label", None, label, select)


def _filters(chronology: Chronology) -> Markup:
    labels = chronology.labels
    total = len(chronology.entries)
    return element(
        "form",
        {"id": "filters", "class": "filters", "hidden": True, "aria-labelledby": "filters-h"},
        element("h2", {"id": "filters-h"}, labels["filters"]),
        _select("place", labels["filter_place"], chronology.places, chronology),
        _select("actor", labels["filter_actor"], chronology.actors, chronology),
        _select("kind", labels["filter_kind"], chronology.kinds, chronology),
        element("button", {"type": "button", "id": "show-all"}, labels["reset"]),
        element("output", {"id": "shown", "aria-live": "polite", "data-template": labels["shown"]},
                labels["shown"].format(shown=total, total=total)),
    )


def _visual(chronology: Chronology) -> Markup:
    svg = render_svg(chronology, "visual-caption")
    if not svg:
        return Markup("")
    left_out = sum(1 for e in chronology.entries if e.date.earliest is None)
    parts = [element("figcaption", {"id": "visual-caption"}, chronology.labels["visual"]), svg,
             element("p", {"class": "note"}, chronology.labels["legend"])]
    if left_out:
        note = chronology.labels.plural(left_out, "left_out_one", "left_out_many")
        parts.append(element("p", {"class": "note"}, note))
    return element("figure", {"class": "visual"}, join(parts))


def render_html(chronology: Chronology) -> bytes:
    """The chronology as a UTF-8 HTML page that needs nothing but itself."""
    labels = chronology.labels
    total = len(chronology.entries)
    groups = (join(_group(g, i, chronology) for i, g in enumerate(chronology.groups))
              if chronology.groups else element("p", None, labels["empty"]))
    page = TEMPLATE.substitute(
        lang=escape(labels.lang),
        csp=escape(content_security_policy()),
        title=escape(chronology.title),
        css=STYLE,
        generated=escape(chronology.generated),
        total=escape(labels.plural(total, "entry", "entries")),
        visual=_visual(chronology),
        filters=_filters(chronology) if total else Markup(""),
        groups=groups,
        script=SCRIPT,
    )
    return page.encode("utf-8")
