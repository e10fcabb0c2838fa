from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacedip.errors import InvalidDateError
from spacedip.model import Date, Precision


class TestParse:
    @pytest.mark.parametrize(
        ("text", "precision", "earliest", "latest"),
        [
            ("2023-09-13", Precision.DAY, "2023-09-13", "2023-09-13"),
            ("2017-12", Precision.MONTH, "2017-12-01", "2017-12-31"),
            ("2024-02", Precision.MONTH, "2024-02-01", "2024-02-29"),
            ("1998", Precision.YEAR, "1998-01-01", "1998-12-31"),
            ("2023-21", Precision.SEASON, "2023-03-01", "2023-05-31"),
            ("2023-36", Precision.SEASON, "2023-10-01", "2023-12-31"),
            ("199X", Precision.DECADE, "1990-01-01", "1999-12-31"),
            ("19XX", Precision.CENTURY, "1900-01-01", "1999-12-31"),
            ("2023-11-08/2023-11-09", Precision.INTERVAL, "2023-11-08", "2023-11-09"),
            ("2011/2014", Precision.INTERVAL, "2011-01-01", "2014-12-31"),
        ],
    )
    def test_bounds(self, text: str, precision: Precision, earliest: str, latest: str) -> None:
        date = Date.parse(text)
        assert date.precision is precision
        assert date.edtf == text
        assert date.earliest == dt.date.fromisoformat(earliest)
        assert date.latest == dt.date.fromisoformat(latest)

    def test_open_and_unknown_interval_ends(self) -> None:
        assert Date.parse("2011/..").latest is None
        assert Date.parse("2011/..").earliest == dt.date(2011, 1, 1)
        assert Date.parse("/2014").earliest is None
        assert Date.parse("../2014").edtf == "../2014"

    @pytest.mark.parametrize("text", ["", "XXXX", "unknown"])
    def test_unknown(self, text: str) -> None:
        date = Date.parse(text)
        assert not date.is_known
        assert date.edtf == "XXXX"
        assert date.earliest is None and date.latest is None

    def test_qualifiers(self) -> None:
        date = Date.parse("2023-09~")
        assert date.qualifier == "~" and date.precision is Precision.MONTH and date.edtf == "2023-09~"

    @pytest.mark.parametrize(
        "text", ["2023-02-30", "99999", "2023-13", "2023-00", "13/09/2023", "2023-9-1", "2014/2011", "hier", "0000"]
    )
    def test_invalid(self, text: str) -> None:
        with pytest.raises(InvalidDateError) as info:
            Date.parse(text)
        assert "EDTF" in str(info.value) or "day" in str(info.value) or "before" in str(info.value) \
            or "year" in str(info.value) or "month" in str(info.value)

    def test_invalid_error_names_the_input(self) -> None:
        with pytest.raises(InvalidDateError, match="2023-02-30"):
            Date.parse("2023-02-30")


class TestOrder:
    def test_documented_order(self) -> None:
        texts = ["XXXX", "2023-09-13/2023-09-14", "2023-09-13", "2023-09", "2023", "1998", "199X"]
        ordered = [d.edtf for d in sorted(Date.parse(t) for t in texts)]
        assert ordered == ["199X", "1998", "2023", "2023-09", "2023-09-13", "2023-09-13/2023-09-14", "XXXX"]

    def test_contains_and_overlaps(self) -> None:
        month, day = Date.parse("2023-09"), Date.parse("2023-09-13")
        assert month.contains(day) and not day.contains(month)
        assert month.overlaps(day) and day.overlaps(month)
        assert not Date.parse("2023-10").overlaps(day)
        assert not Date.unknown().contains(day)


days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def any_date(draw: st.DrawFn) -> Date:
    day = draw(days)
    kind = draw(st.sampled_from(["day", "month", "year", "season", "decade", "interval", "unknown"]))
    if kind == "day":
        return Date.from_date(day)
    if kind == "month":
        return Date.month(day.year, day.month)
    if kind == "year":
        return Date.year(day.year)
    if kind == "season":
        return Date.season(day.year, draw(st.sampled_from([21, 22, 23, 24, 33, 34, 35, 36, 40, 41])))
    if kind == "decade":
        return Date.decade(day.year // 10)
    if kind == "interval":
        other = draw(days)
        lo, hi = sorted((day, other))
        return Date.interval(Date.from_date(lo), Date.from_date(hi))
    return Date.unknown()


@given(any_date())
def test_edtf_round_trip(date: Date) -> None:
    again = Date.parse(date.edtf)
    assert again == date
    assert again.precision is date.precision
    assert (again.earliest, again.latest) == (date.earliest, date.latest)


@given(any_date(), any_date())
def test_order_is_total_and_consistent(a: Date, b: Date) -> None:
    assert (a < b) + (b < a) + (a.sort_key() == b.sort_key()) == 1
    if a.is_known and a.earliest and a.latest:
        assert a.earliest <= a.latest


@given(st.text(max_size=30))
def test_parse_never_crashes_otherwise(text: str) -> None:
    with contextlib.suppress(InvalidDateError):
        Date.parse(text)
