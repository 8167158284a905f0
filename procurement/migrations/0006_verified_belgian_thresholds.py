"""The Belgian thresholds checked against what could be read on 2026-12-04: the low-value threshold (€30,000
excl. VAT, unchanged) and the negotiated procedure without prior publication, which follows the EU threshold
for central government authorities: €143,000 from 1 January 2024 to 31 December 2025, then €140,000 (the
value that applies on 2026-12-04). Each row's source says what was read and where. The reverse restores 0002."""

from datetime import date

from django.db import migrations

LOW_VALUE = {
    "source": (
        "Loi du 17 juin 2016, art. 92 ; AR du 18 avril 2017, art. 124 — « marché public (secteurs classiques) dont "
        "le montant estimé est inférieur à 30.000 EUR HTVA » (SPF BOSA, Centre de connaissances des marchés publics)"
    ),
    "source_url": (
        "https://bosa.belgium.be/fr/themes/marches-publics/centre-de-connaissances-des-marches/"
        "marches-publics-de-faible-montant"
    ),
    "verification": (
        "Checked on 2026-12-04. Value: read on the federal public procurement knowledge centre's page "
        "« Marchés publics de faible montant » (SPF BOSA, bosa.d8.pr.belgium.be/fr/themes/marches-publics/"
        "centre-de-connaissances-des-marches/marches-publics-de-faible-montant): « un marché public (secteurs "
        "classiques) dont le montant estimé est inférieur à 30.000 EUR HTVA », regime: law of 17 June 2016 art. 92, "
        "royal decree of 18 April 2017 art. 124. Start date 30 June 2017: the report to the King of the royal decree "
        "of 15 April 2018 (defence and security, Moniteur belge numac 2018040067, read on etaamb.openjustice.be) "
        "aligns on « 30.000 euros » the thresholds of the classic sectors « entrés en vigueur le 30 juin 2017 ». "
        "No later change of this amount was found; the consolidated text on Justel could not be opened here "
        "(no network access to ejustice.just.fgov.be)."
    ),
}

NEGOTIATED_SOURCE = (
    "AR du 18 avril 2017, art. 90, al. 1er, 1° (pris en exécution de la loi du 17 juin 2016, art. 42, § 1er, 1°, a)) "
    "— procédure négociée sans publication préalable en dessous du seuil européen des autorités centrales : {amount}"
)
NEGOTIATED_2024 = {
    "amount": 143000,
    "valid_until": date(2025, 12, 31),
    "source": NEGOTIATED_SOURCE.format(amount="143.000 euros à partir du 1er janvier 2024"),
    "source_url": "https://wallex.wallonie.be/sites/wallex/contents/acts/96/96909/1.html",
    "verification": (
        "Checked on 2026-12-04 in the report to the King of the royal decree adapting two thresholds of the law of "
        "17 June 2013 from 1 January 2024 (Wallex, act 96909): « le seuil européen de 140.000 euros [...] qui sera "
        "remplacé par le montant de 143.000 euros à partir du 1er janvier 2024, est également utilisé à l'article "
        "90, alinéa 1er, 1°, de l'arrêté royal du 18 avril 2017 [...] (à appliquer par tous les pouvoirs "
        "adjudicateurs), en tant que montant en dessous duquel il peut être fait usage de la procédure négociée "
        "sans publication préalable ». End 31 December 2025: see the 2026 row."
    ),
}
NEGOTIATED_2026 = {
    "amount": 140000,
    "valid_until": None,
    "source": NEGOTIATED_SOURCE.format(amount="140.000 euros (seuil 2026-2027, règlement délégué (UE) 2025/2152)"),
    "source_url": "https://wallex.wallonie.be/sites/wallex/contents/acts/129/129202/1.html",
    "verification": (
        "Checked on 2026-12-04. The royal decree of 12 January 2026 modifying two thresholds of the law of 17 June "
        "2013 (Wallex, act 129202) states: « les Règlements délégués (UE) n° 2025/2150, 2025/2151, 2025/2152 [...] "
        "fixent de nouveaux seuils, y compris une révision à la baisse des seuils actuels de 143.000 euros » and "
        "« le seuil actuel de 143.000 euros est également utilisé à l'article 90, alinéa 1er, 1°, de l'arrêté royal "
        "du 18 avril 2017 [...] en tant que montant en dessous duquel il peut être fait usage de la procédure "
        "négociée sans publication préalable ». The new amount, €140,000 (central government authorities, "
        "2026-2027), was read in two summaries of Regulation (EU) 2025/2152 (cwmf.gov.ie, 15 December 2025; "
        "mondaq, 27 October 2025). NOT read: the Belgian text that writes 140.000 into art. 90 (a ministerial "
        "order, as in 2024) nor its exact date of entry into force; 1 January 2026 is the EU date. An "
        "administrator should confirm both on Justel."
    ),
}


def forwards(apps, schema_editor):
    Threshold = apps.get_model("procurement", "Threshold")
    Threshold.objects.filter(kind="low_value", purchase_type="", buyer_level="").update(**LOW_VALUE)
    Threshold.objects.update_or_create(
        kind="negotiated", purchase_type="", buyer_level="", valid_from=date(2024, 1, 1), defaults=NEGOTIATED_2024
    )
    Threshold.objects.update_or_create(
        kind="negotiated", purchase_type="", buyer_level="", valid_from=date(2026, 1, 1), defaults=NEGOTIATED_2026
    )


def backwards(apps, schema_editor):
    Threshold = apps.get_model("procurement", "Threshold")
    Threshold.objects.filter(kind="negotiated", valid_from=date(2026, 1, 1)).delete()
    Threshold.objects.filter(kind="negotiated", valid_from=date(2024, 1, 1)).update(valid_until=None)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0005_thresholds_by_buyer")]

    operations = [migrations.RunPython(forwards, backwards)]
