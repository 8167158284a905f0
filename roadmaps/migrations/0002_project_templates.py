"""The catalogue of project templates shared across the territory, with their default prerequisites.

The data lives here (not imported from the app) so that this migration always loads the same
catalogue. Idempotent: templates are matched by code and updated; reversible: the reverse removes the
catalogue's templates (sheets made from them keep their content and lose only the link).
"""

from django.db import migrations

# code, position, function category, pillars, skills, investment, yearly running cost, staff days,
# default prerequisites (codes), French texts (title, summary, objectives), English texts.
CATALOGUE = [
    {
        "code": "website-overhaul",
        "category": "website",
        "pillars": ["governance", "smart_citizens"],
        "skills": ["business", "digital", "steering"],
        "investment": 40000,
        "running": 6000,
        "staff_days": 40,
        "prerequisites": [],
        "fr": (
            "Refonte du site internet communal",
            "Un site clair, accessible (WCAG) et à jour, pensé pour les démarches des citoyens, avec un outil "
            "d'édition simple pour les services.",
            "Informer les citoyens de façon fiable ; préparer les services en ligne ; respecter les obligations "
            "d'accessibilité.",
        ),
        "en": (
            "Website overhaul",
            "A clear, accessible (WCAG) and up-to-date website built around citizens' procedures, with a simple "
            "editing tool for the departments.",
            "Inform citizens reliably; prepare online services; meet accessibility obligations.",
        ),
    },
    {
        "code": "online-counter",
        "category": "online_services",
        "pillars": ["governance", "smart_citizens"],
        "skills": ["business", "digital", "steering"],
        "investment": 60000,
        "running": 10000,
        "staff_days": 60,
        "prerequisites": ["website-overhaul"],
        "fr": (
            "Guichet électronique (e-guichet)",
            "Les démarches les plus demandées (documents de population, permis, réservations) disponibles en "
            "ligne, avec paiement et suivi.",
            "Réduire les déplacements et l'attente au guichet ; simplifier le travail administratif.",
        ),
        "en": (
            "Online counter (e-guichet)",
            "The most requested procedures (civil records, permits, bookings) available online, with payment "
            "and tracking.",
            "Fewer trips and less waiting at the counter; simpler administrative work.",
        ),
    },
    {
        "code": "citizen-participation",
        "category": "participation",
        "pillars": ["smart_citizens", "governance"],
        "skills": ["business", "digital", "steering"],
        "investment": 25000,
        "running": 5000,
        "staff_days": 30,
        "prerequisites": ["website-overhaul"],
        "fr": (
            "Plateforme de participation citoyenne",
            "Consultations, budgets participatifs et appels à idées en ligne, complétés par des moments de "
            "rencontre pour ceux qui ne sont pas connectés.",
            "Associer les citoyens aux projets de la commune ; mieux les informer de la transition numérique.",
        ),
        "en": (
            "Citizen participation platform",
            "Online consultations, participatory budgets and calls for ideas, with meetings for those who are "
            "not online.",
            "Involve citizens in the commune's projects; keep them better informed of the digital transition.",
        ),
    },
    {
        "code": "open-data-portal",
        "category": "open_data",
        "pillars": ["governance", "economy"],
        "skills": ["business", "digital"],
        "investment": 20000,
        "running": 4000,
        "staff_days": 25,
        "prerequisites": ["website-overhaul"],
        "fr": (
            "Portail open data",
            "Publication de jeux de données communaux (budget, équipements, mobilité) dans des formats ouverts, "
            "en lien avec le portail régional.",
            "Transparence ; réutilisation des données par les citoyens, les entreprises et les autres pouvoirs.",
        ),
        "en": (
            "Open-data portal",
            "Publishing the commune's datasets (budget, facilities, mobility) in open formats, linked with the "
            "regional portal.",
            "Transparency; reuse of the data by citizens, businesses and other authorities.",
        ),
    },
    {
        "code": "document-management",
        "category": "document_management",
        "pillars": ["governance"],
        "skills": ["business", "digital", "steering"],
        "investment": 50000,
        "running": 8000,
        "staff_days": 50,
        "prerequisites": ["cybersecurity-audit"],
        "fr": (
            "Gestion électronique des documents (GED)",
            "Courrier entrant, dossiers et circuits de validation numériques, partagés entre les services.",
            "Ne plus perdre de temps à chercher un document ; éviter les doubles encodages.",
        ),
        "en": (
            "Internal document management",
            "Incoming mail, files and approval workflows in digital form, shared between departments.",
            "Stop losing time looking for documents; avoid entering the same data twice.",
        ),
    },
    {
        "code": "digital-archiving",
        "category": "archiving",
        "pillars": ["governance"],
        "skills": ["business", "digital"],
        "investment": 35000,
        "running": 5000,
        "staff_days": 35,
        "prerequisites": ["document-management"],
        "fr": (
            "Archivage numérique",
            "Numérisation des archives utiles et archivage électronique à valeur probante des documents "
            "produits par la commune.",
            "Conserver et retrouver les documents ; libérer de l'espace ; respecter les règles d'archivage.",
        ),
        "en": (
            "Digital archiving",
            "Digitising useful archives and keeping the commune's own documents in an archive with legal "
            "value.",
            "Keep and find documents; free up space; follow the archiving rules.",
        ),
    },
    {
        "code": "smart-street-lighting",
        "category": "street_lighting",
        "pillars": ["energy_environment", "quality_of_life"],
        "skills": ["business", "steering"],
        "investment": 250000,
        "running": 8000,
        "staff_days": 30,
        "prerequisites": [],
        "fr": (
            "Éclairage public intelligent",
            "Passage au LED et gestion à distance de l'éclairage (variation selon l'heure et la présence).",
            "Réduire la consommation et la facture d'énergie ; améliorer la sécurité et limiter la pollution "
            "lumineuse.",
        ),
        "en": (
            "Smart street lighting",
            "LED conversion and remote control of street lights (dimming by time and presence).",
            "Lower energy use and bills; improve safety and limit light pollution.",
        ),
    },
    {
        "code": "energy-monitoring",
        "category": "energy_monitoring",
        "pillars": ["energy_environment"],
        "skills": ["business", "digital"],
        "investment": 45000,
        "running": 6000,
        "staff_days": 25,
        "prerequisites": [],
        "fr": (
            "Monitoring énergétique des bâtiments et du charroi",
            "Compteurs communicants dans les bâtiments communaux et suivi de la consommation des véhicules, "
            "avec un tableau de bord.",
            "Repérer les gaspillages ; piloter le plan climat ; justifier les investissements d'économie "
            "d'énergie.",
        ),
        "en": (
            "Fleet and building energy monitoring",
            "Smart meters in municipal buildings and fuel monitoring of the vehicle fleet, with a dashboard.",
            "Spot waste; steer the climate plan; justify energy-saving investments.",
        ),
    },
    {
        "code": "white-zone-mapping",
        "category": "connectivity",
        "pillars": ["quality_of_life", "economy"],
        "skills": ["digital", "steering"],
        "investment": 15000,
        "running": 1000,
        "staff_days": 15,
        "prerequisites": [],
        "fr": (
            "Cartographie des zones blanches de connectivité",
            "Mesure de la couverture mobile et fixe sur le territoire et dialogue avec les opérateurs.",
            "Objectiver les zones mal desservies ; appuyer les demandes auprès des opérateurs et de la Région.",
        ),
        "en": (
            "Connectivity white-zone mapping",
            "Measuring mobile and fixed coverage across the territory and talking with the operators.",
            "Document poorly served areas; support requests to operators and the Region.",
        ),
    },
    {
        "code": "cybersecurity-audit",
        "category": "cybersecurity",
        "pillars": ["governance"],
        "skills": ["digital", "steering"],
        "investment": 18000,
        "running": 4000,
        "staff_days": 20,
        "prerequisites": [],
        "fr": (
            "Audit de cybersécurité et formation",
            "Audit des systèmes et des pratiques, plan d'action, sauvegardes vérifiées et formation du "
            "personnel aux risques (hameçonnage).",
            "Protéger les données des citoyens et la continuité des services.",
        ),
        "en": (
            "Cybersecurity audit and training",
            "Audit of systems and practices, action plan, tested backups and staff training on risks such as "
            "phishing.",
            "Protect citizens' data and the continuity of services.",
        ),
    },
    {
        "code": "shared-mobility",
        "category": "shared_mobility",
        "pillars": ["mobility", "energy_environment"],
        "skills": ["business", "steering"],
        "investment": 80000,
        "running": 15000,
        "staff_days": 30,
        "prerequisites": [],
        "fr": (
            "Mobilité partagée",
            "Voitures et vélos (électriques) partagés, stations et réservation en ligne, en lien avec les "
            "opérateurs existants.",
            "Offrir une alternative à la seconde voiture ; réduire les émissions.",
        ),
        "en": (
            "Shared mobility",
            "Shared (electric) cars and bikes, stations and online booking, with existing operators.",
            "Offer an alternative to a second car; cut emissions.",
        ),
    },
    {
        "code": "parking-guidance",
        "category": "parking",
        "pillars": ["mobility", "economy"],
        "skills": ["business", "digital"],
        "investment": 120000,
        "running": 12000,
        "staff_days": 25,
        "prerequisites": [],
        "fr": (
            "Guidage vers le stationnement",
            "Capteurs de places et panneaux ou application indiquant les places libres.",
            "Moins de trafic de recherche ; meilleure rotation des places pour les commerces.",
        ),
        "en": (
            "Parking guidance",
            "Space sensors and signs or an app showing free spaces.",
            "Less traffic searching for a space; better turnover of spaces for shops.",
        ),
    },
    {
        "code": "e-procurement",
        "category": "procurement",
        "pillars": ["governance", "economy"],
        "skills": ["business", "digital"],
        "investment": 10000,
        "running": 3000,
        "staff_days": 20,
        "prerequisites": [],
        "fr": (
            "Marchés publics en ligne",
            "Utilisation systématique des plateformes fédérales (e-Notification, e-Tendering) et modèles de "
            "cahiers des charges partagés, éventuellement via une centrale d'achat.",
            "Sécuriser les procédures ; gagner du temps ; ouvrir les marchés à plus de prestataires.",
        ),
        "en": (
            "E-procurement",
            "Systematic use of the federal platforms (e-Notification, e-Tendering) and shared specification "
            "templates, possibly through a central purchasing body.",
            "Safer procedures; time saved; more providers answering.",
        ),
    },
    {
        "code": "public-wifi",
        "category": "public_wifi",
        "pillars": ["quality_of_life", "economy"],
        "skills": ["digital"],
        "investment": 30000,
        "running": 6000,
        "staff_days": 15,
        "prerequisites": ["white-zone-mapping"],
        "fr": (
            "Wi-Fi public",
            "Accès Wi-Fi gratuit dans les lieux publics (place, bibliothèque, parc), par exemple avec WiFi4EU.",
            "Rendre le centre plus attractif ; donner un accès à ceux qui n'en ont pas.",
        ),
        "en": (
            "Public Wi-Fi",
            "Free Wi-Fi in public places (square, library, park), for example with WiFi4EU.",
            "Make the centre more attractive; give access to those without one.",
        ),
    },
    {
        "code": "digital-inclusion-spaces",
        "category": "digital_inclusion",
        "pillars": ["smart_citizens", "quality_of_life"],
        "skills": ["business", "digital"],
        "investment": 25000,
        "running": 20000,
        "staff_days": 40,
        "prerequisites": [],
        "fr": (
            "Espaces publics numériques",
            "Lieux équipés et animés où chacun peut apprendre à utiliser les outils et les démarches en ligne.",
            "Réduire la fracture numérique, notamment pour les aînés ; accompagner les nouveaux services en "
            "ligne.",
        ),
        "en": (
            "Digital inclusion spaces",
            "Equipped, staffed places where anyone can learn to use digital tools and online procedures.",
            "Narrow the digital divide, notably for older people; support the new online services.",
        ),
    },
    {
        "code": "citizen-reporting",
        "category": "citizen_reporting",
        "pillars": ["smart_citizens", "quality_of_life"],
        "skills": ["business", "digital"],
        "investment": 12000,
        "running": 3000,
        "staff_days": 15,
        "prerequisites": ["website-overhaul"],
        "fr": (
            "Signalement citoyen",
            "Application ou formulaire pour signaler un problème dans l'espace public (dépôt, nid-de-poule), "
            "avec suivi jusqu'à la résolution.",
            "Réagir plus vite ; mieux planifier les interventions des ouvriers communaux.",
        ),
        "en": (
            "Citizen issue reporting",
            "An app or form to report a problem in public space (dumping, pothole), tracked until it is fixed.",
            "React faster; plan the public works teams' interventions better.",
        ),
    },
    {
        "code": "connected-waste",
        "category": "waste",
        "pillars": ["energy_environment", "quality_of_life"],
        "skills": ["business", "digital"],
        "investment": 70000,
        "running": 7000,
        "staff_days": 20,
        "prerequisites": [],
        "fr": (
            "Collecte des déchets connectée",
            "Capteurs de remplissage sur les bulles et poubelles publiques et tournées de collecte optimisées.",
            "Moins de débordements et de trajets inutiles.",
        ),
        "en": (
            "Connected waste collection",
            "Fill-level sensors on bottle banks and public bins, and optimised collection rounds.",
            "Fewer overflowing bins and fewer useless trips.",
        ),
    },
    {
        "code": "air-quality-sensors",
        "category": "environment_sensing",
        "pillars": ["energy_environment", "quality_of_life"],
        "skills": ["digital"],
        "investment": 20000,
        "running": 3000,
        "staff_days": 10,
        "prerequisites": ["open-data-portal"],
        "fr": (
            "Capteurs de qualité de l'air",
            "Réseau de capteurs (particules fines, bruit) près des écoles et des axes fréquentés, données "
            "publiées en open data.",
            "Informer les citoyens ; appuyer les décisions de mobilité autour des écoles.",
        ),
        "en": (
            "Air-quality sensors",
            "A network of sensors (fine particles, noise) near schools and busy roads, data published as open "
            "data.",
            "Inform citizens; support mobility decisions around schools.",
        ),
    },
]


def load(apps, schema_editor):
    ProjectTemplate = apps.get_model("roadmaps", "ProjectTemplate")
    templates = {}
    for position, entry in enumerate(CATALOGUE, start=1):
        title_fr, summary_fr, objectives_fr = entry["fr"]
        title_en, summary_en, objectives_en = entry["en"]
        template, _created = ProjectTemplate.objects.update_or_create(
            code=entry["code"],
            defaults={
                "position": position,
                "function_category": entry["category"],
                "pillars": entry["pillars"],
                "skills_needed": entry["skills"],
                "typical_investment": entry["investment"],
                "typical_running_cost": entry["running"],
                "typical_staff_days": entry["staff_days"],
                "title_fr": title_fr,
                "summary_fr": summary_fr,
                "objectives_fr": objectives_fr,
                "title_en": title_en,
                "summary_en": summary_en,
                "objectives_en": objectives_en,
            },
        )
        templates[entry["code"]] = template
    for entry in CATALOGUE:
        templates[entry["code"]].default_prerequisites.set([templates[code] for code in entry["prerequisites"]])


def unload(apps, schema_editor):
    ProjectTemplate = apps.get_model("roadmaps", "ProjectTemplate")
    ProjectTemplate.objects.filter(code__in=[entry["code"] for entry in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
