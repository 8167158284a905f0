"""Random bytes and random cells thrown at the PST parser: only TableFileError or row errors, never a crash."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from diagnostics import imports as I  # noqa: N812
from smartregion import spreadsheets

HEADERS = ["type", "code", "parent", "intitulé", "title", "budget", "échéance", "statut", "axes", "smart", "x", ""]
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["OS", "OO", "action", "OS1", "OO1", "A1", "12 500,50 €", "31/12/2026", "oui", "Mobilité", ""]),
)


def read_any(name: str, data: bytes):
    try:
        fmt = spreadsheets.file_format(name, data)
        return I.read_table(data, fmt)
    except spreadsheets.TableFileError as error:
        assert str(error.message)
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=st.sampled_from(["pst.csv", "pst.xlsx", "pst.txt", "pst.xls", "pst"]))
def test_random_bytes_never_crash(data, name):
    table = read_any(name, data)
    if table is not None:
        result = I.check_table(table)
        assert isinstance(result.errors, list)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_after_a_zip_signature(data):
    read_any("pst.xlsx", b"PK\x03\x04" + data)


@settings(max_examples=300, deadline=None)
@given(
    header=st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), min_size=0, max_size=8),
    rows=st.lists(st.lists(cells, max_size=10), max_size=12),
    existing=st.dictionaries(
        st.sampled_from(["OS1", "OO1", "A1", "X"]),
        st.tuples(st.sampled_from([I.STRATEGIC, I.OPERATIONAL, I.ACTION]), st.sampled_from(["", "OS1", "OO1"])),
        max_size=3,
    ),
)
def test_random_cells_give_row_errors_only(header, rows, existing):
    result = I.check_table([header, *rows], existing)
    for problem in result.errors + result.warnings:
        assert problem.line is None or 1 <= problem.line <= len(rows) + 1
        assert problem.message
    if result.is_clean:
        assert all(r.level in I.LEVEL_RANK for r in result.rows)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(cells, max_size=6), max_size=6))
def test_random_workbooks(rows):
    workbook = Workbook()
    buffer = io.BytesIO()
    try:
        for row in rows:
            workbook.active.append(row)
        workbook.save(buffer)
    except Exception:  # openpyxl refuses control characters and huge numbers itself: nothing to read then
        return
    table = read_any("pst.xlsx", buffer.getvalue())
    assert table is not None
    I.check_table(table)
