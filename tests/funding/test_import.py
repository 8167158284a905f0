"""The catalogue import: check → preview → apply through smartregion.imports, row by row."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import imports, services
from funding.models import CallImport, FundingCall
from tests.funding.conftest import make_call

pytestmark = pytest.mark.django_db

HEADER = "funder;programme;call;beneficiaries;pillars;rate;floor;ceiling;several communes;opens;closes"


def csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


GOOD = csv(
    "region;Smart Région;Territoire intelligent;commune;mobilité;50;10 000;200 000 €;non;01/02/2027;31/03/2027",
    "region;Smart Région;Territoire intelligent;commune;mobilité;50;10 000;200 000 €;non;01/09/2027;31/10/2027",
    "Union européenne;WiFi4EU;Bons WiFi4EU;Commune, CPAS;;100;;15000;;;",
)


def test_rows_of_one_call_are_its_rounds():
    check = imports.check_table(imports.read_table(GOOD, "csv"), set())
    assert check.is_clean, check.errors
    first, second = check.rows
    assert (first.fields["funder_kind"], first.fields["pillars"], len(first.rounds)) == ("region", ["mobility"], 2)
    assert first.fields["ceiling"] == Decimal(200000)
    assert (second.fields["funder_kind"], second.fields["beneficiaries"], second.rounds) == (
        "eu",
        ["commune", "cpas"],
        [],
    )


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("martians;P;C;commune;;50;;;non;;", "funder_kind"),
        ("region;P;C;commune;;150;;;non;;", "cofunding_rate"),
        ("region;P;C;commune;;50;20 000;10 000;non;;", "floor"),
        ("region;P;C;commune;;50;;;non;01/03/2027;01/02/2027", "closes_on"),
        ("region;P;C;commune;;50;;;non;01/03/2027;", "closes_on"),
        ("region;P;C;commune;;50;;;non;32/01/2027;01/02/2027", "opens_on"),
        ("region;P;C;commune;;50;abc;;non;;", "floor"),
        ("region;P;C;commune;;50;;1e20;non;;", "ceiling"),
        ("region;P;C;commune;;50;-5;;non;;", "floor"),
        ("region;P;C;commune;;NaN;;;non;;", "cofunding_rate"),
        ("region;P;C;commune;;50;Infinity;;non;;", "floor"),
        ("region;P;C;commune;;50;;;peut-être;;", "requires_several_communes"),
        ("region;P;C;martiens;;50;;;non;;", "beneficiaries"),
        ("region;;C;commune;;50;;;non;;", "programme"),
    ],
)
def test_each_problem_is_told_on_its_row_and_column(row, column):
    check = imports.check_table(imports.read_table(csv(row), "csv"), set())
    assert not check.is_clean
    assert [(e.line, e.column) for e in check.errors] == [(2, column)]


def test_a_missing_column_is_told_for_the_whole_file():
    check = imports.check_table([["programme", "call"], ["P", "C"]], set())
    assert [(e.line, e.column) for e in check.errors] == [(None, "funder_kind")]


def test_the_import_adds_and_updates_calls_all_or_nothing(territory, referent):
    make_call(territory, referent, programme="Smart Région", title="Territoire intelligent", rounds=[])
    pending, check = services.catalogue_import_prepare(
        territory=territory, actor=referent, filename="appels.csv", data=GOOD
    )
    assert pending is not None and check.counts() == {"created": 1, "updated": 1}
    assert FundingCall.objects.count() == 1  # nothing before the confirmation
    assert services.catalogue_import_apply(pending=pending, actor=referent) == {"created": 1, "updated": 1}
    smart = FundingCall.objects.get(title="Territoire intelligent")
    assert (smart.rounds.count(), smart.cofunding_rate) == (2, Decimal(50))
    assert FundingCall.objects.count() == 2


class TestPages:
    def url(self, name, *args):
        return reverse(f"funding:{name}", args=args)

    def test_staff_may_not_import(self, client_for, staff_a, territory):
        assert client_for(staff_a).get(self.url("call-import", territory.slug)).status_code == 403

    def test_a_bad_file_is_explained_and_nothing_kept(self, client_for, referent, territory):
        upload = SimpleUploadedFile("appels.csv", csv("region;P;C;commune;;150;;;non;;"), content_type="text/csv")
        response = client_for(referent).post(self.url("call-import", territory.slug), {"file": upload})
        assert response.status_code == 200 and response.context["check"].errors
        assert not CallImport.objects.exists() and not FundingCall.objects.exists()

    def test_upload_preview_confirm(self, client_for, referent, territory):
        client = client_for(referent)
        upload = SimpleUploadedFile("appels.csv", GOOD, content_type="text/csv")
        response = client.post(self.url("call-import", territory.slug), {"file": upload})
        pending = CallImport.objects.get()
        assert response["Location"] == self.url("call-import-preview", territory.slug, pending.key)
        page = client.get(response["Location"]).content.decode()
        assert "Bons WiFi4EU" in page
        response = client.post(self.url("call-import-preview", territory.slug, pending.key))
        assert response.status_code == 302 and FundingCall.objects.count() == 2

    def test_discard(self, client_for, referent, territory):
        pending, _check = services.catalogue_import_prepare(
            territory=territory, actor=referent, filename="a.csv", data=GOOD
        )
        client = client_for(referent)
        assert client.post(self.url("call-import-discard", territory.slug, pending.key)).status_code == 302
        assert client.get(self.url("call-import-preview", territory.slug, pending.key)).status_code == 404
        assert not FundingCall.objects.exists()

    def test_template(self, client_for, referent, territory):
        response = client_for(referent).get(self.url("call-import-template", territory.slug))
        check = imports.check_table(imports.read_table(response.content, "csv"), set())
        assert check.is_clean, check.errors


def test_a_link_that_is_no_web_address_is_refused(territory, referent):
    header = "funder;programme;call;link"
    check = imports.check_table(
        imports.read_table(f"{header}\nregion;P;C;javascript:alert(1)\n".encode(), "csv"), set()
    )
    assert [(e.line, e.column) for e in check.errors] == [(2, "link")]
    with pytest.raises(services.ServiceError) as error:
        make_call(territory, referent, link="javascript:alert(1)")
    assert error.value.field == "link"
