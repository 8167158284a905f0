"""Hypothesis: whatever the cells of an uploaded file, the import answers with row errors, never a server error."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from barometer import services
from barometer.answers import OptionSpec, QuestionSpec
from barometer.importing import CommuneRef, check_table, read_table
from smartregion.errors import ServiceError
from smartregion.spreadsheets import TableFileError

pytestmark = pytest.mark.django_db

HEADERS = [
    "commune",
    "nis_code",
    "respondent",
    "alderman",
    "smartness",
    "themes",
    "purchasing",
    "involved",
    "obstacles",
    "unknown_code",
    "",
    "Commune",
]
# Cells likely to hit the interesting paths, mixed with anything at all.
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "Courcelles",
            "LOBBES",
            "52015",
            "56044",
            "7",
            "11",
            "-1",
            "7.5",
            "4,0",
            "mobility;economy",
            "strongly",
            "oui",
            "non",
            "x",
            ";",
            '"',
            "=1+1",
            "\x00",
            "\ufeff",
            "\r\n",
            "Pont-à-Celles",
        ]
    ),
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
TABLES = st.lists(
    st.lists(CELLS, max_size=10),
    min_size=0,
    max_size=8,
)
HEADER_ROWS = st.lists(st.sampled_from(HEADERS), max_size=10)
QUESTIONS = [
    QuestionSpec("smartness", "scale", scale_min=1, scale_max=10),
    QuestionSpec("themes", "multiple", options=(OptionSpec("mobility", "Mobility"), OptionSpec("economy", "Economy"))),
    QuestionSpec("purchasing", "single", options=(OptionSpec("strongly", "Strongly"), OptionSpec("no", "No"))),
    QuestionSpec("involved", "yes_no"),
    QuestionSpec("obstacles", "text"),
]
COMMUNES = [CommuneRef(1, "Courcelles", "52015"), CommuneRef(2, "Lobbes", "56044")]


def to_csv(rows, delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


def to_xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        # openpyxl refuses control characters in cells, as Excel does: such a workbook cannot exist.
        workbook.active.append(["".join(c for c in cell if c.isprintable() or c in "\t\n") for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(header=HEADER_ROWS, rows=TABLES)
def test_check_table_never_raises(header, rows):
    result = check_table([header, *rows], QUESTIONS, COMMUNES)
    assert result.is_clean == (not result.errors and bool(result.rows))
    for error in result.errors:
        assert isinstance(error.message, str) and error.message
    types = {"smartness": int, "themes": tuple, "purchasing": str, "involved": bool, "obstacles": str}
    for row in result.rows:
        assert row.commune_id in (1, 2)
        for code, value in row.values.items():
            assert value is None or isinstance(value, types[code])
        assert row.values.get("smartness") is None or 1 <= row.values["smartness"] <= 10


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["csv", "xlsx"]))
def test_reading_random_bytes_raises_only_file_errors(data, fmt):
    try:
        read_table(data, fmt)
    except TableFileError as error:
        assert str(error.message)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADER_ROWS, rows=TABLES, delimiter=st.sampled_from([";", ",", "\t"]), as_xlsx=st.booleans())
def test_import_service_answers_with_errors_not_exceptions(
    edition, commune_a, commune_b, header, rows, delimiter, as_xlsx
):
    data = to_xlsx([header, *rows]) if as_xlsx else to_csv([header, *rows], delimiter)
    name = "answers.xlsx" if as_xlsx else "answers.csv"
    with transaction.atomic():
        try:
            response_import, result = services.import_prepare(edition=edition, actor=None, filename=name, data=data)
        except ServiceError as error:
            assert error.field == "file"
        else:
            assert (response_import is not None) == result.is_clean
            if response_import is not None:
                services.import_apply(response_import=response_import, actor=None)
        transaction.set_rollback(True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADER_ROWS, rows=TABLES, as_xlsx=st.booleans())
def test_upload_page_never_answers_500(referent_client, edition, commune_a, header, rows, as_xlsx):
    data = to_xlsx([header, *rows]) if as_xlsx else to_csv([header, *rows])
    name = "answers.xlsx" if as_xlsx else "answers.csv"
    with transaction.atomic():
        response = referent_client.post(
            reverse("barometer:import-upload", args=[edition.pk]), {"file": SimpleUploadedFile(name, data)}
        )
        assert response.status_code in (200, 302)
        transaction.set_rollback(True)
