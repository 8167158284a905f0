"""Data of the Courcelles demo workspace (see diagnostics.demo_workspace); French, as the commune writes."""

# ruff: noqa: E501
from communes.models import Pillar
from diagnostics.models import FindingKind, IdeaDecision, InterviewStatus, ParticipantGroup

# fmt: off

# type, code, parent, title, owner, budget, deadline, status, pillars, smart
PST_ROWS = [
    ("OS", "OS1", "", "Être une administration moderne, efficace et proche du citoyen", "", "", "", "", "Gouvernance", ""),
    ("OO", "OO1.1", "OS1", "Simplifier les démarches administratives des citoyens", "", "", "", "", "Gouvernance", ""),
    ("action", "A1.1.1", "OO1.1", "Mettre en place un guichet en ligne pour les documents de population", "Service Population", "35 000,00 €", "30/06/2026", "en cours", "", "oui"),
    ("action", "A1.1.2", "OO1.1", "Proposer la prise de rendez-vous en ligne", "Service Population", "6 500 €", "31/12/2025", "terminé", "", "oui"),
    ("action", "A1.1.3", "OO1.1", "Revoir les formulaires papier les plus utilisés", "Direction générale", "", "31/12/2026", "à faire", "", "non"),
    ("OO", "OO1.2", "OS1", "Moderniser les outils internes de l'administration", "", "", "", "", "Gouvernance", ""),
    ("action", "A1.2.1", "OO1.2", "Acquérir une gestion électronique des courriers et documents", "Secrétariat communal", "48 000,00 €", "31/12/2026", "prévu", "", "oui"),
    ("action", "A1.2.2", "OO1.2", "Former les agents aux outils collaboratifs", "Ressources humaines", "12 000 €", "30/09/2026", "en cours", "", "non"),
    ("action", "A1.2.3", "OO1.2", "Réaliser un audit de cybersécurité", "Informatique", "15 000 €", "31/03/2026", "prévu", "", "oui"),
    ("OO", "OO1.3", "OS1", "Associer les citoyens aux décisions communales", "", "", "", "", "Smart citizens; Gouvernance", ""),
    ("action", "A1.3.1", "OO1.3", "Organiser des budgets participatifs de quartier", "Participation citoyenne", "50 000 €", "31/12/2027", "prévu", "", "non"),
    ("action", "A1.3.2", "OO1.3", "Relancer la commission consultative des aînés", "Affaires sociales", "", "30/06/2026", "en cours", "", "non"),
    ("OS", "OS2", "", "Offrir un cadre de vie agréable, sûr et durable", "", "", "", "", "Qualité de vie; Énergie et environnement", ""),
    ("OO", "OO2.1", "OS2", "Réduire la consommation d'énergie des bâtiments et de l'éclairage", "", "", "", "", "Énergie et environnement", ""),
    ("action", "A2.1.1", "OO2.1", "Passer l'éclairage public en LED avec gradation", "Travaux", "420 000 €", "31/12/2027", "en cours", "", "oui"),
    ("action", "A2.1.2", "OO2.1", "Installer des compteurs communicants dans les bâtiments communaux", "Travaux", "38 000 €", "31/12/2026", "prévu", "", "non"),
    ("OO", "OO2.2", "OS2", "Améliorer la propreté publique", "", "", "", "", "Qualité de vie", ""),
    ("action", "A2.2.1", "OO2.2", "Renforcer les tournées de ramassage des dépôts clandestins", "Propreté", "25 000 €", "31/12/2025", "en cours", "", "non"),
    ("action", "A2.2.2", "OO2.2", "Installer des caméras mobiles contre les dépôts clandestins", "Police administrative", "18 000 €", "30/06/2026", "prévu", "", "non"),
    ("action", "A2.2.3", "OO2.2", "Équiper les conteneurs enterrés de sondes de remplissage", "Propreté", "22 000 €", "31/12/2026", "prévu", "", "oui"),
    ("OO", "OO2.3", "OS2", "Sécuriser les abords des écoles", "", "", "", "", "Mobilité; Qualité de vie", ""),
    ("action", "A2.3.1", "OO2.3", "Aménager des zones 30 et des traversées surélevées", "Mobilité", "160 000 €", "31/08/2026", "en cours", "", "non"),
    ("action", "A2.3.2", "OO2.3", "Placer des radars préventifs connectés près des écoles", "Mobilité", "14 000 €", "31/12/2025", "terminé", "", "oui"),
    ("OS", "OS3", "", "Soutenir une économie locale dynamique et une mobilité douce", "", "", "", "", "Économie; Mobilité", ""),
    ("OO", "OO3.1", "OS3", "Dynamiser les commerces du centre", "", "", "", "", "Économie", ""),
    ("action", "A3.1.1", "OO3.1", "Créer une vitrine en ligne des commerces locaux", "Développement local", "9 000 €", "31/03/2026", "prévu", "", "oui"),
    ("action", "A3.1.2", "OO3.1", "Organiser un marché du terroir mensuel", "Développement local", "4 000 €", "30/04/2026", "terminé", "", "non"),
    ("action", "A3.1.3", "OO3.1", "Aménager la place communale pour les marchés et événements", "Travaux", "240 000 €", "30/06/2027", "prévu", "", "non"),
    ("OO", "OO3.2", "OS3", "Développer les déplacements à vélo et à pied", "", "", "", "", "Mobilité", ""),
    ("action", "A3.2.1", "OO3.2", "Créer une liaison cyclable entre les villages et la gare", "Mobilité", "650 000 €", "31/12/2028", "prévu", "", "non"),
    ("action", "A3.2.2", "OO3.2", "Installer des stationnements vélos sécurisés", "Mobilité", "30 000 €", "31/12/2026", "prévu", "", "non"),
]

# (days after the start, topic, status, [(name, function, group)], [(kind, summary, pillars, objective code, published)])
INTERVIEWS = [
    (3, "Bourgmestre et échevin du numérique", InterviewStatus.HELD,
     [("Caroline Taquin", "Bourgmestre", ParticipantGroup.COLLEGE), ("Hugues Pirard", "Échevin du numérique", ParticipantGroup.COLLEGE)],
     [
         (FindingKind.NEED, "Le Collège veut un guichet en ligne complet avant la fin de la législature.", ["governance"], "OO1.1", True),
         (FindingKind.COLLABORATION, "Intérêt pour une centrale d'achat numérique avec les communes voisines.", ["governance", "economy"], "", True),
     ]),
    (4, "Directeur général", InterviewStatus.HELD,
     [("Olivier Dethier", "Directeur général", ParticipantGroup.HEAD_OF_DEPARTMENT)],
     [
         (FindingKind.PROBLEM, "Les courriers entrants sont encore encodés deux fois (registre papier et tableur).", ["governance"], "OO1.2", True),
         (FindingKind.NEED, "Une gestion électronique des documents partagée entre services.", ["governance"], "OO1.2", True),
     ]),
    (6, "Service Population - État civil", InterviewStatus.HELD,
     [("Martine Lacroix", "Cheffe de service", ParticipantGroup.HEAD_OF_DEPARTMENT), ("Julien Mertens", "Agent", ParticipantGroup.STAFF)],
     [
         (FindingKind.EXISTING, "La prise de rendez-vous en ligne fonctionne bien et réduit les files.", ["governance"], "OO1.1", True),
         (FindingKind.NEED, "Les citoyens demandent à recevoir leurs documents sans se déplacer.", ["governance"], "OO1.1", True),
     ]),
    (8, "Service informatique", InterviewStatus.HELD,
     [("Thierry Hallet", "Informaticien", ParticipantGroup.STAFF)],
     [
         (FindingKind.PROBLEM, "Une seule personne connaît la configuration du serveur et des sauvegardes.", ["governance"], "OO1.2", False),
         (FindingKind.NEED, "Un audit et une formation en cybersécurité pour tout le personnel.", ["governance"], "OO1.2", True),
     ]),
    (10, "Service Travaux et énergie", InterviewStatus.HELD,
     [("Bernard Collard", "Chef de service", ParticipantGroup.HEAD_OF_DEPARTMENT), ("Sophie Gillet", "Conseillère énergie", ParticipantGroup.STAFF)],
     [
         (FindingKind.EXISTING, "L'éclairage LED est en cours de déploiement, sans suivi des consommations.", ["energy_environment"], "OO2.1", True),
         (FindingKind.NEED, "Suivre les consommations énergétiques des bâtiments en temps réel.", ["energy_environment"], "OO2.1", True),
     ]),
    (12, "Mobilité et sécurité routière", InterviewStatus.HELD,
     [("Nicolas Dubois", "Conseiller mobilité", ParticipantGroup.STAFF)],
     [
         (FindingKind.PROBLEM, "Pas de données sur le stationnement autour de la gare.", ["mobility"], "OO3.2", True),
         (FindingKind.COLLABORATION, "Projet cyclable commun possible avec Fontaine-l'Évêque.", ["mobility"], "OO3.2", False),
     ]),
    (14, "Commission consultative des aînés", InterviewStatus.HELD,
     [("Jeanne Marchal", "Présidente", ParticipantGroup.CIVIL_SOCIETY), ("Albert Noël", "Membre", ParticipantGroup.CIVIL_SOCIETY), ("Rita Fontaine", "Membre", ParticipantGroup.CIVIL_SOCIETY)],
     [
         (FindingKind.PROBLEM, "Beaucoup d'aînés n'ont pas d'accès à internet ou ne savent pas l'utiliser.", ["smart_citizens", "quality_of_life"], "", True),
         (FindingKind.NEED, "Un espace public numérique avec un accompagnement humain.", ["smart_citizens"], "OO1.3", True),
     ]),
    (16, "Associations et commerçants", InterviewStatus.HELD,
     [("Karim Haddad", "Président de l'association des commerçants", ParticipantGroup.CIVIL_SOCIETY), ("Élise Renson", "Animatrice de quartier", ParticipantGroup.OTHER)],
     [
         (FindingKind.NEED, "Une plateforme pour signaler les problèmes de propreté et suivre leur traitement.", ["quality_of_life", "smart_citizens"], "OO2.2", True),
         (FindingKind.NEED, "Mieux faire connaître les commerces locaux en ligne.", ["economy"], "OO3.1", True),
     ]),
    (52, "Service Communication", InterviewStatus.PLANNED,
     [("Laura Simon", "Chargée de communication", ParticipantGroup.STAFF)],
     []),
    (55, "Échevine de l'environnement", InterviewStatus.PLANNED,
     [("Valérie Hubert", "Échevine", ParticipantGroup.COLLEGE)],
     []),
]

# title, description, pillar, dot votes, decision
WORKSHOP_IDEAS = [
    ("Application de signalement citoyen", "Photos géolocalisées des dépôts et nids-de-poule, suivi du traitement.", Pillar.QUALITY_OF_LIFE, 14, IdeaDecision.NEED),
    ("Guichet en ligne 24h/24", "Tous les documents de population demandés et reçus en ligne.", Pillar.GOVERNANCE, 12, IdeaDecision.PROJECT_CANDIDATE),
    ("Espace public numérique", "Un lieu équipé avec des animateurs pour les aînés et les familles.", Pillar.SMART_CITIZENS, 9, IdeaDecision.NEED),
    ("Capteurs de qualité de l'air près des écoles", "Mesurer et afficher la qualité de l'air.", Pillar.ENERGY_ENVIRONMENT, 6, IdeaDecision.PENDING),
    ("Wi-Fi gratuit sur la place communale", "", Pillar.QUALITY_OF_LIFE, 4, IdeaDecision.SET_ASIDE),
    ("Carte interactive des chemins de promenade", "", Pillar.QUALITY_OF_LIFE, 3, IdeaDecision.PENDING),
    ("Budget participatif en ligne", "Déposer et voter les projets de quartier en ligne.", Pillar.SMART_CITIZENS, 8, IdeaDecision.PROJECT_CANDIDATE),
]

# name, kind, category, vendor, status, yearly cost, main users, who knows it
SYSTEMS = [
    ("Saphir Population", "software", "population_registry", "Civadis", "in_operation", "14 500", "Population, État civil", "Martine Lacroix\nJulien Mertens"),
    ("Rendez-vous en ligne", "service", "online_services", "Qmatic", "in_operation", "3 200", "Population", "Julien Mertens\nMartine Lacroix"),
    ("Site internet communal", "service", "website", "Imio", "in_operation", "4 800", "Communication, citoyens", "Laura Simon\nThierry Hallet"),
    ("iA.Délib", "software", "council_decisions", "Imio", "in_operation", "6 000", "Secrétariat, Collège", "Olivier Dethier\nAnne Debruyne"),
    ("Phoenix Finances", "software", "finance", "Civadis", "in_operation", "9 800", "Finances", "Pascal Henrard\nNathalie Bruyère"),
    ("Persée Salaires", "software", "human_resources", "Civadis", "in_operation", "7 200", "Ressources humaines", "Nathalie Bruyère\nPascal Henrard"),
    ("iA.Docs", "software", "document_management", "Imio", "in_operation", "5 400", "Secrétariat", "Anne Debruyne\nOlivier Dethier"),
    ("Courrier Tracker", "software", "document_management", "Logiciel local", "in_operation", "1 500", "Accueil, Secrétariat", "Anne Debruyne\nSabine Pieters"),
    ("Serveur de fichiers", "infrastructure", "servers_network", "Dell", "in_operation", "2 000", "Tous les services", "Thierry Hallet"),
    ("Gestion des cimetières", "software", "other", "Logiciel local", "in_operation", "900", "État civil", "Julien Mertens\nMartine Lacroix"),
    ("Télégestion éclairage LED", "infrastructure", "street_lighting", "ORES", "being_studied", "", "Travaux", "Bernard Collard\nSophie Gillet"),
    ("Ancien logiciel de courrier", "software", "document_management", "Logiciel local", "being_replaced", "600", "Accueil", "Sabine Pieters\nAnne Debruyne"),
]

# from, to, data, how
EXCHANGES = [
    ("Saphir Population", "Rendez-vous en ligne", "Identité des demandeurs", "automatic"),
    ("Rendez-vous en ligne", "Site internet communal", "Créneaux disponibles", "automatic"),
    ("iA.Délib", "iA.Docs", "Délibérations signées", "automatic"),
    ("Phoenix Finances", "Persée Salaires", "Écritures de salaires", "manual"),
    ("Courrier Tracker", "iA.Docs", "Courriers entrants scannés", "manual"),
    ("Serveur de fichiers", "Phoenix Finances", "Sauvegardes", "automatic"),
    ("Ancien logiciel de courrier", "Courrier Tracker", "Historique des courriers", "manual"),
]

# title, description, pillars, evidence: (kind, reference) with a finding's first words, an idea's title, an objective or question code, a pillar
NEEDS = [
    ("Un guichet en ligne pour toutes les démarches de population", "Demander et recevoir ses documents sans se déplacer.", ["governance"],
     [("finding", "Le Collège veut un guichet en ligne"), ("finding", "Les citoyens demandent à recevoir"), ("idea", "Guichet en ligne 24h/24"), ("objective", "OO1.1"), ("question", "Q20")]),
    ("Une gestion électronique des documents unique", "Un seul outil pour les courriers et documents, sans double encodage.", ["governance"],
     [("finding", "Les courriers entrants sont encore encodés"), ("finding", "Une gestion électronique des documents"), ("objective", "OO1.2")]),
    ("Sécuriser l'informatique communale", "Audit, sauvegardes, et plus d'une personne qui connaît les systèmes.", ["governance"],
     [("finding", "Une seule personne connaît"), ("finding", "Un audit et une formation"), ("question", "Q29")]),
    ("Suivre les consommations d'énergie", "Compteurs communicants et tableau de bord des bâtiments et de l'éclairage.", ["energy_environment"],
     [("finding", "Suivre les consommations"), ("objective", "OO2.1")]),
    ("Inclusion numérique des aînés", "Un espace public numérique et un accompagnement humain.", ["smart_citizens", "quality_of_life"],
     [("finding", "Beaucoup d'aînés"), ("finding", "Un espace public numérique avec"), ("idea", "Espace public numérique"), ("pillar", "smart_citizens")]),
    ("Signalement citoyen des problèmes de propreté", "Signaler, suivre et mesurer le traitement des signalements.", ["quality_of_life", "smart_citizens"],
     [("finding", "Une plateforme pour signaler"), ("idea", "Application de signalement citoyen"), ("objective", "OO2.2")]),
    ("Données de stationnement autour de la gare", "", ["mobility"],
     [("finding", "Pas de données sur le stationnement"), ("objective", "OO3.2")]),
    ("Vitrine en ligne des commerces locaux", "", ["economy"],
     [("finding", "Mieux faire connaître les commerces"), ("objective", "OO3.1")]),
]

SYNTHESIS = {
    "summary_text": "Courcelles a déjà engagé plusieurs actions numériques (prise de rendez-vous en ligne, éclairage LED), mais ses outils internes restent cloisonnés et dépendent de peu de personnes. Les besoins les mieux étayés portent sur la simplification des démarches (guichet en ligne), la gestion des documents et la sécurité informatique ; l'inclusion numérique des aînés doit accompagner chaque projet tourné vers les citoyens.",
    "strengths_text": "Un Collège moteur et une administration qui a déjà mené des projets numériques visibles.",
    "weaknesses_text": "Peu de personnel dédié au numérique, des doubles encodages et des systèmes qui ne communiquent pas.",
    "existing_text": "Douze systèmes recensés ; plusieurs échanges de données se font encore à la main.",
}
# fmt: on
