extension Texts {
    /// The texts of a recipient's settings and unsubscribing.
    static let recipients: [String: [String: String]] = [
        "de": [
            "prefsTitle": "Ihre Nachrichten",
            "prefsIntro":
                "Hier legen Sie fest, welche Nachrichten Sie von uns bekommen und in welcher Sprache. Wichtige Nachrichten, etwa die Absage eines Termins oder ein frei gewordener Platz, schicken wir immer.",
            "prefsFor": "Für",
            "language": "Sprache",
            "languageDe": "Deutsch",
            "languageEn": "Englisch (English)",
            "prefsWhich": "Diese Nachrichten möchte ich bekommen",
            "prefsSave": "Speichern",
            "prefsSaved": "Ihre Einstellungen sind gespeichert.",
            "catTickets": "zu meinen Support-Anfragen",
            "catSla": "Fristwarnungen (für das Support-Team)",
            "catTraining": "zu Medienscouts-Runden",
            "catEvenings": "zu Elternabenden",
            "catReminders": "Erinnerungen an Termine",
            "catWelcome": "Begrüßungen bei neuen Aufgaben",
            "unsubTitle": "Abmelden",
            "unsubText": "Sie bekommen dann keine Nachrichten mehr dieser Art:",
            "unsubButton": "Abmelden",
            "unsubDone": "Sie sind abgemeldet. In Ihren Einstellungen können Sie das jederzeit ändern.",
            "prefsLink": "Zu Ihren Einstellungen",
        ],
        "en": [
            "prefsTitle": "Your messages",
            "prefsIntro":
                "Choose which messages you get from us, and in which language. Important ones, such as a cancelled date or a place that became free, we always send.",
            "prefsFor": "For",
            "language": "Language",
            "languageDe": "German (Deutsch)",
            "languageEn": "English",
            "prefsWhich": "I want these messages",
            "prefsSave": "Save",
            "prefsSaved": "Your settings are saved.",
            "catTickets": "about my support requests",
            "catSla": "deadline warnings (for the support team)",
            "catTraining": "about Medienscouts rounds",
            "catEvenings": "about parent evenings",
            "catReminders": "reminders of dates",
            "catWelcome": "welcomes to new roles",
            "unsubTitle": "Unsubscribe",
            "unsubText": "You will no longer get messages of this kind:",
            "unsubButton": "Unsubscribe",
            "unsubDone": "You are unsubscribed. You can change this at any time in your settings.",
            "prefsLink": "Go to your settings",
        ],
    ]

    /// The texts of the public knowledge base.
    static let help: [String: [String: String]] = [
        "de": [
            "help": "Hilfe und Anleitungen",
            "helpIntro":
                "Antworten auf häufige Fragen zu Geräten, WLAN, Lernplattform und Datenschutz, vom Support-Team des Bildungsnetzwerks.",
            "search": "Suchen",
            "searchLabel": "Wonach suchen Sie?",
            "noArticles": "Dazu haben wir noch keinen Artikel.",
            "allArticles": "Alle Hilfe-Artikel",
            "backToHelp": "Zurück zur Hilfe",
        ],
        "en": [
            "help": "Help and guides",
            "helpIntro":
                "Answers to common questions about devices, Wi-Fi, the learning platform and data protection, from the network's support team.",
            "search": "Search",
            "searchLabel": "What are you looking for?",
            "noArticles": "We have no article on that yet.",
            "allArticles": "All help articles",
            "backToHelp": "Back to help",
        ],
    ]
}
