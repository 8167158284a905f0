"""The EU publication thresholds for supplies and services depend on the buyer (Directive 2014/24/EU, art. 4):
the rows shipped in 0002 are those of sub-central contracting authorities (communes, CPAS, provinces,
intercommunales); this adds the central government authorities' rows. The reverse removes them."""

from datetime import date

from django.db import migrations

EU_2024 = (
    "Règlement délégué (UE) 2023/2495 de la Commission modifiant la directive 2014/24/UE (seuils 2024-2025), "
    "art. 1er : art. 4, b) de la directive, 143 000 EUR (autorités publiques centrales)",
    "https://eur-lex.europa.eu/eli/reg_del/2023/2495/oj",
    "Checked on 2026-12-04: €143,000 (central government authorities, 2024-2025) read in the report to the King "
    "of the royal decree adapting the thresholds from 1 January 2024 (wallex.wallonie.be, act 96909) and in "
    "published summaries; the Official Journal text itself was not opened.",
)
EU_2026 = (
    "Règlement délégué (UE) 2025/2152 de la Commission du 22 octobre 2025 modifiant la directive 2014/24/UE "
    "(seuils 2026-2027), JO L du 23.10.2025 : art. 4, b) de la directive, 140 000 EUR (autorités publiques centrales)",
    "https://data.europa.eu/eli/reg_del/2025/2152/oj",
    "Checked on 2026-12-04: €140,000 (central government authorities, 2026-2027) read in two published summaries "
    "of Regulation 2025/2152 (Office of Government Procurement, Ireland, cwmf.gov.ie, 15 December 2025; "
    "mondaq, 27 October 2025), which agree; the Official Journal text itself was not opened.",
)
CENTRAL = [
    (purchase_type, amount, start, end, *text)
    for purchase_type in ("supplies", "services")
    for amount, start, end, text in (
        (143000, date(2024, 1, 1), date(2025, 12, 31), EU_2024),
        (140000, date(2026, 1, 1), date(2027, 12, 31), EU_2026),
    )
]


def forwards(apps, schema_editor):
    Threshold = apps.get_model("procurement", "Threshold")
    Threshold.objects.filter(kind="eu_publication", purchase_type__in=["supplies", "services"]).update(
        buyer_level="sub_central"
    )
    for purchase_type, amount, start, end, source, url, verification in CENTRAL:
        Threshold.objects.update_or_create(
            kind="eu_publication",
            purchase_type=purchase_type,
            buyer_level="central",
            valid_from=start,
            defaults={
                "amount": amount,
                "valid_until": end,
                "source": source[:300],
                "source_url": url,
                "verification": verification,
            },
        )


def backwards(apps, schema_editor):
    Threshold = apps.get_model("procurement", "Threshold")
    Threshold.objects.filter(buyer_level="central").delete()
    Threshold.objects.filter(buyer_level="sub_central").update(buyer_level="")


class Migration(migrations.Migration):
    dependencies = [("procurement", "0004_buyer")]

    operations = [migrations.RunPython(forwards, backwards)]
