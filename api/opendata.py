"""The barometer as open data: the frozen, small-cell-suppressed public snapshot of an edition as CSV and
JSON, and a DCAT-AP catalogue (JSON-LD) of every published edition.

Everything is read from `barometer.models.PublicSnapshot` (through `barometer.results.results_from_data`),
the same frozen figures as the public page: never live answers. The CSV rows are `barometer.exporting
.results_rows` of that snapshot, the referent's export format; withheld figures are empty cells.
"""

from dataclasses import asdict

from django.urls import reverse

from barometer.exporting import csv_bytes, results_rows
from barometer.models import PublicSnapshot
from barometer.results import EditionResults, results_from_data

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"


def snapshot_results(snapshot: PublicSnapshot) -> EditionResults:
    return results_from_data(snapshot.data)


def snapshot_csv(snapshot: PublicSnapshot) -> bytes:
    return csv_bytes(results_rows(snapshot_results(snapshot)))


def snapshot_json(snapshot: PublicSnapshot) -> dict:
    """The snapshot with what a reuser needs to cite it: territory, licence, publication date."""
    edition = snapshot.edition
    territory = edition.territory
    results = snapshot_results(snapshot)
    questions = []
    for question in asdict(results)["questions"]:
        question.pop("texts", None)
        question.pop("distribution", None)
        questions.append(question)
    return {
        "territory": {"slug": territory.slug, "name": territory.name, "intercommunale": territory.intercommunale},
        "edition": {"year": edition.year, "title": edition.title},
        "published_at": snapshot.published_at.isoformat(),
        "licence": {"id": territory.open_data_licence, "url": territory.open_data_licence_url},
        "participation": {
            "respondents": results.edition.respondents,
            "communes_total": results.edition.communes_total,
        },
        "questions": questions,
    }


def file_path(snapshot: PublicSnapshot, fmt: str) -> str:
    edition = snapshot.edition
    return reverse(
        "api:opendata-barometer", kwargs={"territory_slug": edition.territory.slug, "year": edition.year, "fmt": fmt}
    )


def _distribution(base_url: str, snapshot: PublicSnapshot, fmt: str) -> dict:
    url = base_url + file_path(snapshot, fmt)
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{snapshot.edition.title} ({fmt.upper()})",
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}"},
        "dct:format": {"@id": EU_FILE_TYPES + fmt.upper()},
        "dct:license": {"@id": snapshot.edition.territory.open_data_licence_url},
    }


def _dataset(base_url: str, snapshot: PublicSnapshot) -> dict:
    edition = snapshot.edition
    territory = edition.territory
    page = base_url + reverse(
        "barometer:public-summary", kwargs={"territory_slug": territory.slug, "year": edition.year}
    )
    return {
        "@id": page + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"smartregion-barometer-{territory.slug}-{edition.year}",
        "dct:title": edition.title,
        "dct:description": (
            f"Baromètre « Territoire intelligent » {edition.year} de {territory.name} ({territory.intercommunale}) : "
            "résultats anonymisés, aucune commune nommée, chiffres de moins de trois communes masqués."
        ),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": territory.intercommunale},
        "dct:issued": {"@value": snapshot.published_at.date().isoformat(), "@type": "xsd:date"},
        "dct:modified": {"@value": snapshot.published_at.isoformat(), "@type": "xsd:dateTime"},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": f"{edition.year}-01-01",
            "dcat:endDate": f"{edition.year}-12-31",
        },
        "dct:spatial": {"@type": "dct:Location", "dct:title": territory.name},
        "dcat:keyword": ["territoire intelligent", "smart city", "baromètre", territory.name],
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
        "dcat:landingPage": {"@id": page},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": territory.intercommunale},
        "dct:license": {"@id": territory.open_data_licence_url},
        "dcat:distribution": [_distribution(base_url, snapshot, fmt) for fmt in ("csv", "json")],
    }


def catalog(base_url: str, snapshots: list[PublicSnapshot]) -> dict:
    """The DCAT-AP catalogue of every published edition (`base_url`: scheme and host, no trailing slash)."""
    url = base_url + reverse("api:opendata-catalog")
    modified = max((s.published_at for s in snapshots), default=None)
    document = {
        "@context": DCAT_CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": "smartregion — baromètres des territoires intelligents",
        "dct:description": "Les résultats anonymisés des baromètres publiés par les intercommunales.",
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "smartregion"},
        "foaf:homepage": {"@id": base_url + "/"},
        "dcat:dataset": [_dataset(base_url, s) for s in snapshots],
    }
    if modified is not None:
        document["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    return document
