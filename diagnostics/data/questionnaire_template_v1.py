"""The smart-diagnostic questionnaire shipped with the portal (version 1), in French and English.

Frozen data: the data migration that installs it imports this module, so change it only by adding a
new version (a new module and a new template key), never in place.

Each option is (French, English, maturity 0–100 or None). A condition is (question code, option index).
"""

TEMPLATE_KEY = "smart-diagnostic-v1"

YES_NO = ("Oui", "Yes"), ("Non", "No")
AGREE_LOW = ("Pas du tout d'accord", "Strongly disagree")
AGREE_HIGH = ("Tout à fait d'accord", "Strongly agree")

ALL_PILLARS = ["mobility", "quality_of_life", "economy", "energy_environment", "governance", "smart_citizens"]

TEMPLATE = {
    "title": ("Diagnostic « territoire intelligent » de la commune", "Smart territory diagnostic of the municipality"),
    "intro": (
        "Ce questionnaire prépare le diagnostic « smart » de votre commune, mené avec l'intercommunale. "
        "Il prend une vingtaine de minutes. Vos réponses sont enregistrées au fur et à mesure : vous pouvez "
        "fermer la page et revenir plus tard avec le même lien. Il n'y a pas de bonne ou de mauvaise réponse ; "
        "« je ne sais pas » est une réponse utile.",
        "This questionnaire prepares your municipality's smart diagnostic, carried out with the intercommunale. "
        "It takes about twenty minutes. Your answers are saved as you go: you can close the page and come back "
        "later with the same link. There are no right or wrong answers; “I don't know” is a useful answer.",
    ),
    "sections": [
        {
            "title": ("Vous et votre rôle", "You and your role"),
            "intro": (
                "Quelques mots sur vous, pour situer vos réponses.",
                "A few words about you, to place your answers.",
            ),
            "questions": [
                {
                    "code": "Q1",
                    "type": "single_choice",
                    "theme": "respondent_profile",
                    "pillars": [],
                    "scored": False,
                    "required": True,
                    "text": (
                        "Dans quelle mesure êtes-vous impliqué(e) dans les projets numériques de la commune ?",
                        "How involved are you in the municipality's digital projects?",
                    ),
                    "options": [
                        ("Pas du tout", "Not at all", None),
                        ("Un peu, j'en entends parler", "A little, I hear about them", None),
                        ("Régulièrement, j'y participe", "Regularly, I take part in them", None),
                        ("J'en pilote certains", "I lead some of them", None),
                    ],
                },
                {
                    "code": "Q2",
                    "type": "number",
                    "theme": "respondent_profile",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "Depuis combien d'années travaillez-vous pour la commune ou y habitez-vous ?",
                        "For how many years have you worked for the municipality or lived in it?",
                    ),
                    "help": ("Un nombre entier suffit, par exemple 7.", "A whole number is enough, for example 7."),
                    "number_min": 0,
                    "number_max": 100,
                },
            ],
        },
        {
            "title": ("Le territoire intelligent, pour vous", "What a smart territory means to you"),
            "intro": (
                "Un territoire intelligent utilise le numérique et les données pour mieux servir ses habitants, "
                "avec eux. Nous voulons savoir comment ce concept est compris dans la commune.",
                "A smart territory uses digital tools and data to serve its inhabitants better, together with them. "
                "We want to know how the concept is understood in the municipality.",
            ),
            "questions": [
                {
                    "code": "Q3",
                    "type": "scale_10",
                    "theme": "smart_city_concept",
                    "pillars": ["governance"],
                    "required": True,
                    "text": (
                        "Selon vous, votre commune est-elle « smart » ?",
                        "Do you think your municipality is smart?",
                    ),
                    "low": ("Pas du tout", "Not at all"),
                    "high": ("Tout à fait", "Completely"),
                },
                {
                    "code": "Q4",
                    "type": "single_choice",
                    "theme": "smart_city_concept",
                    "pillars": ["governance", "smart_citizens"],
                    "text": (
                        "Laquelle de ces phrases décrit le mieux, pour vous, un territoire intelligent ?",
                        "Which of these sentences best describes a smart territory, for you?",
                    ),
                    "options": [
                        ("Je ne connais pas ce concept", "I do not know this concept", 0),
                        ("C'est surtout une affaire de technologies", "It is mostly about technology", 25),
                        (
                            "Des technologies au service de la qualité de vie",
                            "Technology serving the quality of life",
                            60,
                        ),
                        (
                            "Une démarche globale, avec les citoyens, où le numérique est un moyen parmi d'autres",
                            "A comprehensive approach, with citizens, where digital tools are one means among others",
                            100,
                        ),
                    ],
                },
                {
                    "code": "Q5",
                    "type": "yes_no",
                    "theme": "smart_city_concept",
                    "pillars": ["governance"],
                    "text": (
                        "Connaissez-vous l'appel à projets « Territoire intelligent » de la Wallonie ?",
                        "Do you know the Walloon “Smart territory” call for projects?",
                    ),
                    "yes_no_maturity": (100, 0),
                },
                {
                    "code": "Q6",
                    "type": "scale_5",
                    "theme": "smart_city_concept",
                    "pillars": ["governance", "quality_of_life"],
                    "text": (
                        "Le numérique peut aider la commune à mieux servir ses habitants.",
                        "Digital tools can help the municipality serve its inhabitants better.",
                    ),
                    "low": AGREE_LOW,
                    "high": AGREE_HIGH,
                },
            ],
        },
        {
            "title": ("Les projets smart qui existent déjà", "Smart projects that already exist"),
            "intro": (
                "Mobilité, mobilité partagée, environnement, participation citoyenne… Qu'est-ce qui fonctionne "
                "déjà dans la commune ?",
                "Mobility, shared mobility, environment, citizen participation… What already works in the "
                "municipality?",
            ),
            "questions": [
                {
                    "code": "Q7",
                    "type": "multiple_choice",
                    "theme": "existing_projects",
                    "pillars": ALL_PILLARS,
                    "allow_other": True,
                    "text": (
                        "Quels projets « smart » existent déjà dans la commune, à votre connaissance ?",
                        "Which smart projects already exist in the municipality, as far as you know?",
                    ),
                    "help": ("Plusieurs réponses possibles.", "Several answers possible."),
                    "options": [
                        (
                            "Éclairage public intelligent (LED, gradation, télégestion)",
                            "Smart street lighting (LED, dimming, remote management)",
                            20,
                        ),
                        (
                            "Capteurs (qualité de l'air, bruit, remplissage des bulles)",
                            "Sensors (air quality, noise, bottle-bank filling)",
                            20,
                        ),
                        ("Stationnement connecté", "Connected parking", 20),
                        (
                            "Mobilité partagée (vélos, voitures, covoiturage)",
                            "Shared mobility (bicycles, cars, car-pooling)",
                            20,
                        ),
                        ("Wi-Fi public", "Public Wi-Fi", 15),
                        ("Plateforme de participation citoyenne", "Citizen participation platform", 20),
                        ("Guichet en ligne (e-guichet)", "Online counter (e-guichet)", 20),
                        ("Aucun à ma connaissance", "None that I know of", 0),
                    ],
                },
                {
                    "code": "Q8",
                    "type": "scale_5",
                    "theme": "existing_projects",
                    "pillars": ["mobility"],
                    "text": (
                        "Mobilité (stationnement, transports, mobilité douce) : où en est la commune ?",
                        "Mobility (parking, transport, walking and cycling): where does the municipality stand?",
                    ),
                    "low": ("Rien n'est fait", "Nothing is done"),
                    "high": ("Très avancée", "Very advanced"),
                },
                {
                    "code": "Q9",
                    "type": "scale_5",
                    "theme": "existing_projects",
                    "pillars": ["energy_environment"],
                    "text": (
                        "Environnement et énergie (éclairage, bâtiments, déchets) : où en est la commune ?",
                        "Environment and energy (lighting, buildings, waste): where does the municipality stand?",
                    ),
                    "low": ("Rien n'est fait", "Nothing is done"),
                    "high": ("Très avancée", "Very advanced"),
                },
                {
                    "code": "Q10",
                    "type": "yes_no",
                    "theme": "existing_projects",
                    "pillars": ["energy_environment"],
                    "text": (
                        "La commune suit-elle la consommation d'énergie de ses bâtiments avec des outils numériques "
                        "(compteurs intelligents, cadastre énergétique) ?",
                        "Does the municipality monitor its buildings' energy use with digital tools "
                        "(smart meters, energy register)?",
                    ),
                    "yes_no_maturity": (100, 0),
                },
                {
                    "code": "Q11",
                    "type": "scale_5",
                    "theme": "existing_projects",
                    "pillars": ["quality_of_life"],
                    "text": (
                        "Qualité de vie (sécurité, santé, culture, loisirs) : où en est la commune ?",
                        "Quality of life (safety, health, culture, leisure): where does the municipality stand?",
                    ),
                    "low": ("Rien n'est fait", "Nothing is done"),
                    "high": ("Très avancée", "Very advanced"),
                },
                {
                    "code": "Q12",
                    "type": "scale_5",
                    "theme": "existing_projects",
                    "pillars": ["economy"],
                    "text": (
                        "Économie locale (commerce, tourisme, emploi) : où en est la commune ?",
                        "Local economy (shops, tourism, jobs): where does the municipality stand?",
                    ),
                    "low": ("Rien n'est fait", "Nothing is done"),
                    "high": ("Très avancée", "Very advanced"),
                },
                {
                    "code": "Q13",
                    "type": "yes_no",
                    "theme": "existing_projects",
                    "pillars": ["mobility"],
                    "text": (
                        "La commune propose-t-elle ou soutient-elle des solutions de mobilité partagée ?",
                        "Does the municipality offer or support shared mobility services?",
                    ),
                    "yes_no_maturity": (100, 0),
                },
                {
                    "code": "Q14",
                    "type": "long_text",
                    "theme": "existing_projects",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "Décrivez un projet numérique de la commune qui vous semble réussi, et dites pourquoi.",
                        "Describe one of the municipality's digital projects that you think succeeded, and why.",
                    ),
                },
            ],
        },
        {
            "title": (
                "Modernisation et simplification administratives",
                "Administrative modernisation and simplification",
            ),
            "intro": (
                "Comment l'administration travaille-t-elle avec le numérique, en interne et avec les citoyens ?",
                "How does the administration work with digital tools, internally and with citizens?",
            ),
            "questions": [
                {
                    "code": "Q15",
                    "type": "grid",
                    "theme": "admin_modernisation",
                    "pillars": ["governance"],
                    "text": (
                        "Dans votre administration…",
                        "In your administration…",
                    ),
                    "help": (
                        "Pour chaque affirmation, de 1 (pas du tout d'accord) à 5 (tout à fait d'accord).",
                        "For each statement, from 1 (strongly disagree) to 5 (strongly agree).",
                    ),
                    "low": AGREE_LOW,
                    "high": AGREE_HIGH,
                    "rows": [
                        (
                            "les démarches les plus courantes peuvent être faites en ligne",
                            "the most common formalities can be completed online",
                        ),
                        (
                            "les services partagent facilement leurs informations",
                            "departments share their information easily",
                        ),
                        ("on n'encode jamais deux fois la même donnée", "the same data is never entered twice"),
                        (
                            "les outils numériques des agents sont adaptés à leur travail",
                            "staff's digital tools suit their work",
                        ),
                        (
                            "les agents sont formés aux outils qu'ils utilisent",
                            "staff are trained in the tools they use",
                        ),
                    ],
                },
                {
                    "code": "Q16",
                    "type": "single_choice",
                    "theme": "admin_modernisation",
                    "pillars": ["governance"],
                    "text": (
                        "Les citoyens peuvent-ils effectuer leurs démarches en ligne ?",
                        "Can citizens complete their formalities online?",
                    ),
                    "options": [
                        ("Non", "No", 0),
                        ("Quelques formulaires à télécharger", "A few forms to download", 25),
                        ("Quelques démarches entièrement en ligne", "A few formalities entirely online", 60),
                        ("La plupart des démarches courantes", "Most common formalities", 100),
                        ("Je ne sais pas", "I don't know", None),
                    ],
                },
                {
                    "code": "Q17",
                    "type": "yes_no",
                    "theme": "admin_modernisation",
                    "pillars": ["governance", "quality_of_life"],
                    "text": (
                        "Le site internet de la commune est-il à jour et lisible sur smartphone ?",
                        "Is the municipality's website up to date and readable on a smartphone?",
                    ),
                    "yes_no_maturity": (100, 0),
                },
                {
                    "code": "Q18",
                    "type": "scale_10",
                    "theme": "admin_modernisation",
                    "pillars": ["governance"],
                    "scored": False,
                    "text": (
                        "La simplification administrative est-elle une priorité pour la commune ?",
                        "Is administrative simplification a priority for the municipality?",
                    ),
                    "low": ("Pas du tout", "Not at all"),
                    "high": ("Priorité absolue", "Top priority"),
                },
                {
                    "code": "Q19",
                    "type": "number",
                    "theme": "resources_skills",
                    "pillars": ["governance"],
                    "scored": False,
                    "text": (
                        "Combien de personnes travaillent principalement sur l'informatique ou le numérique dans "
                        "l'administration (en équivalents temps plein) ?",
                        "How many people work mainly on IT or digital matters in the administration "
                        "(full-time equivalents)?",
                    ),
                    "help": (
                        "Par exemple 1,5. Laissez vide si vous ne savez pas.",
                        "For example 1.5. Leave empty if you don't know.",
                    ),
                    "number_min": 0,
                    "number_max": 500,
                },
                {
                    "code": "Q20",
                    "type": "short_text",
                    "theme": "admin_modernisation",
                    "pillars": ["governance"],
                    "scored": False,
                    "text": (
                        "Quelle démarche administrative faudrait-il simplifier en priorité ?",
                        "Which administrative formality should be simplified first?",
                    ),
                },
            ],
        },
        {
            "title": ("Archivage numérique et données ouvertes", "Digital archiving and open data"),
            "intro": ("", ""),
            "questions": [
                {
                    "code": "Q21",
                    "type": "single_choice",
                    "theme": "digital_archiving",
                    "pillars": ["governance"],
                    "text": (
                        "Comment les documents administratifs sont-ils archivés ?",
                        "How are administrative documents archived?",
                    ),
                    "options": [
                        ("Essentiellement sur papier", "Mostly on paper", 0),
                        (
                            "Sur papier et en numérique, sans règles communes",
                            "On paper and digitally, without common rules",
                            35,
                        ),
                        ("En numérique, avec un plan de classement commun", "Digitally, with a common filing plan", 70),
                        (
                            "Archivage électronique à valeur probante",
                            "Electronic archiving with legal evidential value",
                            100,
                        ),
                        ("Je ne sais pas", "I don't know", None),
                    ],
                },
                {
                    "code": "Q22",
                    "type": "yes_no",
                    "theme": "open_data",
                    "pillars": ["governance", "economy"],
                    "required": True,
                    "text": (
                        "La commune publie-t-elle des données ouvertes (open data) ?",
                        "Does the municipality publish open data?",
                    ),
                    "help": (
                        "Des données librement réutilisables, publiées par exemple sur un portail open data.",
                        "Data anyone may reuse, published for instance on an open data portal.",
                    ),
                    "yes_no_maturity": (100, 0),
                },
                {
                    "code": "Q23",
                    "type": "multiple_choice",
                    "theme": "open_data",
                    "pillars": ["governance"],
                    "allow_other": True,
                    "scored": False,
                    "condition": ("Q22", 0),
                    "text": ("Quelles données sont publiées ?", "Which data are published?"),
                    "options": [
                        ("Budget et comptes", "Budget and accounts", None),
                        ("Marchés publics", "Public procurement", None),
                        ("Mobilité et stationnement", "Mobility and parking", None),
                        ("Environnement", "Environment", None),
                        ("Équipements et services publics", "Public facilities and services", None),
                        ("Agenda et événements", "Calendar and events", None),
                    ],
                },
                {
                    "code": "Q24",
                    "type": "single_choice",
                    "theme": "obstacles_fears",
                    "pillars": ["governance"],
                    "allow_other": True,
                    "scored": False,
                    "condition": ("Q22", 1),
                    "text": (
                        "Qu'est-ce qui freine surtout la publication de données ouvertes ?",
                        "What mostly holds back the publication of open data?",
                    ),
                    "options": [
                        ("Nous ne savons pas quelles données publier", "We do not know which data to publish", None),
                        ("Le manque de temps ou de personnel", "Lack of time or staff", None),
                        ("La crainte de publier des données personnelles", "Fear of publishing personal data", None),
                        ("L'absence d'outil pour le faire", "No tool to do it", None),
                        ("Le sujet n'est pas prioritaire", "The subject is not a priority", None),
                    ],
                },
                {
                    "code": "Q25",
                    "type": "scale_5",
                    "theme": "open_data",
                    "pillars": ["governance"],
                    "text": (
                        "Les données de la commune servent à piloter ses décisions (tableaux de bord, indicateurs).",
                        "The municipality's data are used to steer its decisions (dashboards, indicators).",
                    ),
                    "low": AGREE_LOW,
                    "high": AGREE_HIGH,
                },
            ],
        },
        {
            "title": ("Connectivité et cybersécurité", "Connectivity and cybersecurity"),
            "intro": ("", ""),
            "questions": [
                {
                    "code": "Q26",
                    "type": "scale_5",
                    "theme": "connectivity",
                    "pillars": ["economy", "quality_of_life"],
                    "text": (
                        "Comment jugez-vous la qualité de la connexion internet (fixe et mobile) sur le territoire ?",
                        "How do you rate the quality of the internet connection (fixed and mobile) in the area?",
                    ),
                    "low": ("Très mauvaise", "Very poor"),
                    "high": ("Excellente", "Excellent"),
                },
                {
                    "code": "Q27",
                    "type": "yes_no",
                    "theme": "connectivity",
                    "pillars": ["economy", "quality_of_life"],
                    "text": (
                        "Certaines zones de la commune sont-elles mal couvertes (zones blanches) ?",
                        "Are some parts of the municipality poorly covered (dead zones)?",
                    ),
                    "yes_no_maturity": (0, 100),
                },
                {
                    "code": "Q28",
                    "type": "short_text",
                    "theme": "connectivity",
                    "pillars": [],
                    "scored": False,
                    "condition": ("Q27", 0),
                    "text": ("Quelles zones sont mal couvertes ?", "Which areas are poorly covered?"),
                },
                {
                    "code": "Q29",
                    "type": "scale_10",
                    "theme": "cybersecurity",
                    "pillars": ["governance"],
                    "text": (
                        "La commune est-elle suffisamment armée face aux risques de cybersécurité ?",
                        "Is the municipality well enough equipped against cybersecurity risks?",
                    ),
                    "low": ("Pas du tout", "Not at all"),
                    "high": ("Tout à fait", "Completely"),
                },
                {
                    "code": "Q30",
                    "type": "multiple_choice",
                    "theme": "cybersecurity",
                    "pillars": ["governance"],
                    "text": (
                        "Quelles mesures de cybersécurité sont en place ?",
                        "Which cybersecurity measures are in place?",
                    ),
                    "help": ("Plusieurs réponses possibles.", "Several answers possible."),
                    "options": [
                        ("Des sauvegardes régulières, testées", "Regular, tested backups", 20),
                        ("Les mises à jour automatiques des ordinateurs", "Automatic updates of computers", 15),
                        ("L'authentification à deux facteurs", "Two-factor authentication", 20),
                        ("La formation des agents à l'hameçonnage", "Staff training on phishing", 15),
                        ("Un plan de réaction en cas d'incident", "An incident response plan", 15),
                        (
                            "Un conseiller en sécurité de l'information",
                            "An information security officer",
                            15,
                        ),
                        ("Je ne sais pas", "I don't know", None),
                    ],
                },
                {
                    "code": "Q31",
                    "type": "yes_no",
                    "theme": "cybersecurity",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "La commune a-t-elle déjà subi un incident de cybersécurité (virus, rançongiciel, fuite de "
                        "données) ?",
                        "Has the municipality ever suffered a cybersecurity incident (virus, ransomware, data leak)?",
                    ),
                },
            ],
        },
        {
            "title": ("Participation citoyenne", "Citizen participation"),
            "intro": ("", ""),
            "questions": [
                {
                    "code": "Q32",
                    "type": "scale_10",
                    "theme": "citizen_participation",
                    "pillars": ["smart_citizens"],
                    "text": (
                        "Les citoyens sont-ils suffisamment informés de la transition numérique de la commune ?",
                        "Are citizens informed enough about the municipality's digital transition?",
                    ),
                    "low": ("Pas du tout", "Not at all"),
                    "high": ("Tout à fait", "Completely"),
                },
                {
                    "code": "Q33",
                    "type": "yes_no",
                    "theme": "citizen_participation",
                    "pillars": ["smart_citizens"],
                    "text": (
                        "Les citoyens sont-ils associés aux projets numériques de la commune ?",
                        "Are citizens involved in the municipality's digital projects?",
                    ),
                    "yes_no_maturity": (100, 0),
                },
                {
                    "code": "Q34",
                    "type": "multiple_choice",
                    "theme": "citizen_participation",
                    "pillars": ["smart_citizens"],
                    "allow_other": True,
                    "text": (
                        "Comment la commune consulte-t-elle ses habitants ?",
                        "How does the municipality consult its inhabitants?",
                    ),
                    "help": ("Plusieurs réponses possibles.", "Several answers possible."),
                    "options": [
                        ("Réunions publiques", "Public meetings", 15),
                        ("Commissions consultatives", "Advisory commissions", 20),
                        ("Enquêtes en ligne", "Online surveys", 20),
                        ("Plateforme de participation", "Participation platform", 25),
                        ("Budget participatif", "Participatory budget", 20),
                        ("Réseaux sociaux", "Social media", 10),
                    ],
                },
                {
                    "code": "Q35",
                    "type": "scale_5",
                    "theme": "citizen_participation",
                    "pillars": ["quality_of_life"],
                    "scored": False,
                    "text": (
                        "Une partie de la population risque d'être exclue par le numérique.",
                        "Part of the population risks being left behind by digital services.",
                    ),
                    "low": AGREE_LOW,
                    "high": AGREE_HIGH,
                },
                {
                    "code": "Q36",
                    "type": "long_text",
                    "theme": "citizen_participation",
                    "pillars": ["smart_citizens"],
                    "scored": False,
                    "text": (
                        "Quelle initiative citoyenne ou associative la commune pourrait-elle soutenir ?",
                        "Which citizens' or associations' initiative could the municipality support?",
                    ),
                },
            ],
        },
        {
            "title": ("Freins, craintes et priorités", "Obstacles, fears and priorities"),
            "intro": (
                "Dernière page : ce qui freine, ce qui inquiète, ce qui compte.",
                "Last page: what holds back, what worries, what matters.",
            ),
            "questions": [
                {
                    "code": "Q37",
                    "type": "multiple_choice",
                    "theme": "obstacles_fears",
                    "pillars": [],
                    "allow_other": True,
                    "scored": False,
                    "text": (
                        "Quels sont les principaux freins aux projets smart dans la commune ?",
                        "What are the main obstacles to smart projects in the municipality?",
                    ),
                    "help": ("Plusieurs réponses possibles.", "Several answers possible."),
                    "options": [
                        ("Le manque de personnel", "Lack of staff", None),
                        ("Le manque de budget", "Lack of budget", None),
                        ("Le manque de connaissances techniques", "Lack of technical knowledge", None),
                        ("Le manque de temps", "Lack of time", None),
                        ("Le coût des technologies", "The cost of technology", None),
                        ("Une connectivité insuffisante", "Poor connectivity", None),
                        ("La crainte des règles des marchés publics", "Fear of public procurement rules", None),
                        ("La pression des fournisseurs privés", "Pressure from private vendors", None),
                        ("Ne pas savoir par où commencer", "Not knowing where to start", None),
                    ],
                },
                {
                    "code": "Q38",
                    "type": "grid",
                    "theme": "obstacles_fears",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "Quelles craintes le numérique suscite-t-il chez vous ?",
                        "Which fears do digital projects raise for you?",
                    ),
                    "low": ("Aucune crainte", "No fear"),
                    "high": ("Très forte crainte", "Very strong fear"),
                    "rows": [
                        ("La protection de la vie privée", "Privacy"),
                        ("La dépendance envers un fournisseur", "Dependence on one vendor"),
                        ("Des coûts cachés ou récurrents", "Hidden or recurring costs"),
                        ("L'exclusion d'une partie de la population", "Part of the population left behind"),
                        ("Une surcharge de travail pour les agents", "More work for the staff"),
                    ],
                },
                {
                    "code": "Q39",
                    "type": "multiple_choice",
                    "theme": "priorities",
                    "pillars": [],
                    "scored": False,
                    "required": True,
                    "text": (
                        "Sur quels axes la commune devrait-elle se concentrer en priorité ?",
                        "Which pillars should the municipality focus on first?",
                    ),
                    "help": (
                        "Choisissez-en deux ou trois : mieux vaut avancer sur quelques axes que sur tous à la fois.",
                        "Choose two or three: better to move forward on a few pillars than on all at once.",
                    ),
                    "options": [
                        ("Mobilité", "Mobility", None),
                        ("Qualité de vie", "Quality of life", None),
                        ("Économie", "Economy", None),
                        ("Énergie et environnement", "Energy and environment", None),
                        ("Gouvernance", "Governance", None),
                        ("Citoyens (participation, initiatives)", "Citizens (participation, initiatives)", None),
                    ],
                },
                {
                    "code": "Q40",
                    "type": "yes_no",
                    "theme": "priorities",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "La commune devrait-elle répondre à l'appel à projets « Territoire intelligent » si elle "
                        "était accompagnée ?",
                        "Should the municipality answer the “Smart territory” call for projects if it were "
                        "accompanied?",
                    ),
                },
                {
                    "code": "Q41",
                    "type": "single_choice",
                    "theme": "priorities",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "Une centrale d'achat de solutions numériques vous intéresserait-elle ?",
                        "Would a central purchasing body for digital solutions interest you?",
                    ),
                    "options": [
                        ("Très intéressé(e)", "Strongly interested", None),
                        ("Intéressé(e), mais pas prioritaire", "Interested, but not a priority", None),
                        ("Pas intéressé(e)", "Not interested", None),
                        ("Je ne sais pas", "I don't know", None),
                    ],
                },
                {
                    "code": "Q42",
                    "type": "long_text",
                    "theme": "other",
                    "pillars": [],
                    "scored": False,
                    "text": (
                        "Avez-vous d'autres remarques, idées ou attentes ?",
                        "Any other remarks, ideas or expectations?",
                    ),
                },
            ],
        },
    ],
}


def install(*, Questionnaire, Section, Question, Option, GridRow, QuestionPillar):  # noqa: N803
    """Create the template with the given model classes (historical ones in a migration); no-op if present."""
    if Questionnaire.objects.filter(template_key=TEMPLATE_KEY).exists():
        return Questionnaire.objects.get(template_key=TEMPLATE_KEY)
    data = TEMPLATE
    questionnaire = Questionnaire.objects.create(
        template_key=TEMPLATE_KEY,
        title_fr=data["title"][0],
        title_en=data["title"][1],
        intro_fr=data["intro"][0],
        intro_en=data["intro"][1],
    )
    options_by_code: dict[str, list] = {}
    pending_conditions = []
    for section_position, section_data in enumerate(data["sections"], start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            position=section_position,
            title_fr=section_data["title"][0],
            title_en=section_data["title"][1],
            intro_fr=section_data["intro"][0],
            intro_en=section_data["intro"][1],
        )
        for position, item in enumerate(section_data["questions"], start=1):
            help_fr, help_en = item.get("help", ("", ""))
            low_fr, low_en = item.get("low", ("", ""))
            high_fr, high_en = item.get("high", ("", ""))
            question = Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                position=position,
                code=item["code"],
                type=item["type"],
                theme=item["theme"],
                text_fr=item["text"][0],
                text_en=item["text"][1],
                help_fr=help_fr,
                help_en=help_en,
                required=item.get("required", False),
                allow_other=item.get("allow_other", False),
                scored=item.get("scored", True),
                low_label_fr=low_fr,
                low_label_en=low_en,
                high_label_fr=high_fr,
                high_label_en=high_en,
                grid_points=item.get("grid_points", 5),
                number_min=item.get("number_min"),
                number_max=item.get("number_max"),
            )
            if item["type"] == "yes_no":
                maturity = item.get("yes_no_maturity", (None, None))
                option_rows = [(fr, en, m) for (fr, en), m in zip(YES_NO, maturity, strict=True)]
            else:
                option_rows = item.get("options", [])
            options_by_code[item["code"]] = [
                Option.objects.create(question=question, position=i, label_fr=fr, label_en=en, maturity=m)
                for i, (fr, en, m) in enumerate(option_rows, start=1)
            ]
            for i, (fr, en) in enumerate(item.get("rows", []), start=1):
                GridRow.objects.create(question=question, position=i, text_fr=fr, text_en=en)
            for pillar in item["pillars"]:
                QuestionPillar.objects.create(question=question, pillar=pillar)
            if "condition" in item:
                pending_conditions.append((question, item["condition"]))
    for question, (code, index) in pending_conditions:
        question.condition_option = options_by_code[code][index]
        question.save(update_fields=["condition_option"])
    return questionnaire


def uninstall(*, Questionnaire):  # noqa: N803
    """Remove the template (communes' copies stay: they only lose the link to their source)."""
    template = Questionnaire.objects.filter(template_key=TEMPLATE_KEY).first()
    if template is None:
        return
    template.questions.update(condition_option=None)
    template.delete()
