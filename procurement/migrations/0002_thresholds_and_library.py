"""The thresholds in force (Belgian and EU texts, with their source and how each value was checked) and the
shipped requirement library. Can run twice (update_or_create on a natural key); the reverse removes them."""

from datetime import date

from django.db import migrations

LAW = "Loi du 17 juin 2016 relative aux marchés publics"
AR = "Arrêté royal du 18 avril 2017 relatif à la passation des marchés publics dans les secteurs classiques"
EU_2024 = (
    "Règlement délégué (UE) 2023/2495 de la Commission modifiant la directive 2014/24/UE (seuils 2024-2025)",
    "https://eur-lex.europa.eu/eli/reg_del/2023/2495/oj",
    "Checked on 2026-12-04 against two published summaries of the 2024-2025 thresholds (€221,000 sub-central "
    "supplies and services, €5,538,000 works), which agree; the Official Journal text itself was not opened.",
)
EU_2026 = (
    "Règlement délégué (UE) 2025/2152 de la Commission du 22 octobre 2025 modifiant la directive 2014/24/UE "
    "(seuils 2026-2027), JO L du 23.10.2025",
    "https://data.europa.eu/eli/reg_del/2025/2152/oj",
    "Checked on 2026-12-04: the regulation's number and date from the EU's notification to the WTO (GPA, "
    "2026-2027); the values €216,000 (sub-central supplies and services) and €5,404,000 (works) from a "
    "published summary of that regulation; the Official Journal text itself was not opened.",
)
NOT_VERIFIED = (
    "NOT verified against the official text before shipping (no consolidated text of the Belgian rules could be "
    "read from this environment). An administrator must check it on Justel / the public procurement knowledge "
    "centre (publicprocurement.be) and correct it here."
)

# kind, purchase type ("" = all), amount, valid from, valid until, source, address, verification
THRESHOLDS = [
    ("low_value", "", 30000, date(2017, 6, 30), None, f"{AR}, art. 92 (marchés de faible montant)",
     "https://www.publicprocurement.be", NOT_VERIFIED),
    ("negotiated", "", 143000, date(2024, 1, 1), None,
     f"{LAW}, art. 42, § 1er, 1°, a) (procédure négociée sans publication préalable)",
     "https://www.publicprocurement.be",
     NOT_VERIFIED + " If the Belgian threshold follows the EU threshold for central government authorities, it "
     "became €140,000 on 1 January 2026 (Regulation (EU) 2025/2152)."),
    ("eu_publication", "supplies", 221000, date(2024, 1, 1), date(2025, 12, 31), *EU_2024),
    ("eu_publication", "services", 221000, date(2024, 1, 1), date(2025, 12, 31), *EU_2024),
    ("eu_publication", "works", 5538000, date(2024, 1, 1), date(2025, 12, 31), *EU_2024),
    ("eu_publication", "supplies", 216000, date(2026, 1, 1), date(2027, 12, 31), *EU_2026),
    ("eu_publication", "services", 216000, date(2026, 1, 1), date(2027, 12, 31), *EU_2026),
    ("eu_publication", "works", 5404000, date(2026, 1, 1), date(2027, 12, 31), *EU_2026),
]

# kind of project ("" = every kind), section, mandatory, tags, French, English
LIBRARY = [
    ("", "data_protection", True, "rgpd,données personnelles",
     "Le prestataire signe une convention de sous-traitance conforme à l’article 28 du RGPD avant tout traitement de données personnelles.",
     "The provider signs a processor agreement complying with Article 28 of the GDPR before processing any personal data."),
    ("", "data_protection", True, "rgpd,hébergement",
     "Les données sont hébergées dans l’Union européenne ; le prestataire indique le lieu d’hébergement et ses sous-traitants.",
     "Data are hosted in the European Union; the provider states the hosting location and its subcontractors."),
    ("", "accessibility", True, "accessibilité,wcag",
     "Toute interface utilisée par les citoyens respecte la norme EN 301 549 (WCAG 2.1 niveau AA) ; le prestataire fournit une déclaration d’accessibilité.",
     "Every interface citizens use complies with EN 301 549 (WCAG 2.1 level AA); the provider supplies an accessibility statement."),
    ("", "reversibility", True, "réversibilité,formats ouverts",
     "Toutes les données de la commune peuvent être exportées à tout moment dans un format ouvert et documenté (CSV, JSON, XML), sans frais.",
     "All the commune's data can be exported at any time in an open, documented format (CSV, JSON, XML), at no cost."),
    ("", "reversibility", True, "réversibilité,sortie",
     "En fin de contrat, le prestataire assure la migration des données vers le nouveau prestataire désigné par la commune (clause de sortie).",
     "At the end of the contract, the provider migrates the data to the new provider the commune designates (exit clause)."),
    ("", "security", True, "sécurité",
     "Le prestataire applique les mesures de sécurité de référence (chiffrement en transit, authentification forte des administrateurs, sauvegardes testées).",
     "The provider applies baseline security measures (encryption in transit, strong authentication of administrators, tested backups)."),
    ("", "support", False, "support,sla",
     "Le support est joignable en français les jours ouvrables de 8 h à 17 h ; un incident bloquant est pris en charge dans les 4 heures.",
     "Support is reachable in French on working days from 8 am to 5 pm; a blocking incident is handled within 4 hours."),
    ("", "training", False, "formation",
     "Le prestataire forme les agents communaux à l’utilisation de la solution et fournit une documentation en français.",
     "The provider trains the commune's staff to use the solution and supplies documentation in French."),
    ("", "documents", True, "offre",
     "Le formulaire d’offre complété et signé, l’inventaire chiffré et une note technique répondant à chaque exigence numérotée.",
     "The completed and signed offer form, the priced inventory and a technical note answering each numbered requirement."),
    ("website", "functional", True, "site,cms",
     "Le site est géré par les agents communaux au moyen d’un système de gestion de contenu, sans intervention du prestataire.",
     "Commune staff manage the website with a content management system, without the provider's help."),
    ("website", "functional", False, "site,agenda",
     "Le site publie l’agenda, les actualités et les avis officiels de la commune, avec recherche et abonnement.",
     "The website publishes the commune's calendar, news and official notices, with search and subscription."),
    ("website", "technical", True, "site,responsive",
     "Le site s’affiche correctement sur téléphone, tablette et ordinateur.",
     "The website displays correctly on phones, tablets and computers."),
    ("online_services", "functional", True, "guichet,démarches",
     "Le guichet en ligne permet de demander les documents administratifs courants et d’en suivre l’état.",
     "The online counter lets citizens request the usual administrative documents and follow their progress."),
    ("online_services", "interoperability", True, "guichet,itsme",
     "L’authentification des citoyens se fait par CSAM (itsme, carte d’identité électronique).",
     "Citizens sign in through CSAM (itsme, electronic identity card)."),
    ("document_management", "functional", True, "ged,courrier",
     "La solution enregistre le courrier entrant et sortant et le distribue aux services avec suivi.",
     "The solution registers incoming and outgoing mail and routes it to the departments with follow-up."),
    ("document_management", "reversibility", True, "ged,archivage",
     "Les documents et leurs métadonnées sont exportables pour versement aux Archives de l’État.",
     "Documents and their metadata can be exported for transfer to the State Archives."),
    ("public_wifi", "technical", True, "wifi,wifi4eu",
     "Les bornes Wi-Fi publiques respectent les exigences techniques WiFi4EU et un portail captif sans collecte de données superflues.",
     "Public Wi-Fi access points meet the WiFi4EU technical requirements, with a captive portal collecting no needless data."),
    ("public_wifi", "support", False, "wifi,supervision",
     "Le prestataire supervise les bornes et signale toute panne à la commune dans la journée.",
     "The provider monitors the access points and reports any outage to the commune within the day."),
    ("street_lighting", "technical", True, "éclairage,led",
     "Les luminaires sont à LED, pilotables à distance par un protocole ouvert, avec gradation par plage horaire.",
     "Luminaires are LED, remotely controlled through an open protocol, with dimming by time slot."),
    ("street_lighting", "functional", False, "éclairage,énergie",
     "La solution mesure la consommation par point lumineux et l’exporte chaque mois.",
     "The solution measures consumption per light point and exports it every month."),
    ("parking", "technical", True, "parking,capteurs",
     "Les capteurs de stationnement transmettent l’occupation en temps réel par une API documentée.",
     "Parking sensors report occupancy in real time through a documented API."),
    ("parking", "data_protection", True, "parking,anonymat",
     "Aucune plaque d’immatriculation ni image identifiante n’est conservée.",
     "No number plate or identifying image is kept."),
]


def forwards(apps, schema_editor):
    Threshold = apps.get_model("procurement", "Threshold")
    for kind, purchase_type, amount, start, end, source, url, verification in THRESHOLDS:
        Threshold.objects.update_or_create(
            kind=kind,
            purchase_type=purchase_type,
            valid_from=start,
            defaults={"amount": amount, "valid_until": end, "source": source, "source_url": url, "verification": verification},
        )
    LibraryRequirement = apps.get_model("procurement", "LibraryRequirement")
    for position, (category, section, mandatory, tags, text_fr, text_en) in enumerate(LIBRARY):
        LibraryRequirement.objects.update_or_create(
            territory=None,
            function_category=category,
            section=section,
            text_fr=text_fr,
            defaults={"text_en": text_en, "tags": tags, "mandatory": mandatory, "position": position},
        )


def backwards(apps, schema_editor):
    apps.get_model("procurement", "Threshold").objects.all().delete()
    apps.get_model("procurement", "LibraryRequirement").objects.filter(territory=None).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
