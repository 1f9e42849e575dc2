//! Which screen is shown, and the way to move to another one. A leaf: the app provides a [`Navigator`] through a
//! context and every page or component takes it from there, so nothing below the app imports the app.

use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Screen {
    Home,
    Session,
    Initiative,
    Visit(uuid::Uuid),
    Referral(uuid::Uuid),
    /// A referral to mental-health services, from an assessment's safety protocol (#16).
    SafetyReferral(uuid::Uuid),
    /// Administering an assessment to a person (#16).
    Assessment(AssessFor),
    Persons,
    Register,
    RegisterRelative(uuid::Uuid),
    EditPerson(uuid::Uuid),
    Person(uuid::Uuid),
    Payroll,
    Sync,
    Desk,
    Conflicts,
    // Running the programme (the administration tabs).
    Devices,
    Users,
    Account,
    Rules,
    Groups,
    Municipalities,
    Data,
    Audit,
    Instruments,
}

/// Whom an assessment is for, and the home visit or session it is recorded in (if any).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AssessFor {
    pub person: uuid::Uuid,
    pub home_visit: Option<uuid::Uuid>,
    pub session: Option<uuid::Uuid>,
}

impl AssessFor {
    /// An assessment on its own, from the person's page.
    pub fn person(person: uuid::Uuid) -> AssessFor {
        AssessFor { person, home_visit: None, session: None }
    }
}

/// The administration tabs, in the order shown: (screen, element id, translation key, central file only,
/// administrators only).
pub const ADMIN_TABS: [(Screen, &str, &str, bool, bool); 9] = [
    (Screen::Devices, "tab-devices", "nav.devices", false, false),
    (Screen::Groups, "tab-groups", "nav.groups", false, false),
    (Screen::Rules, "tab-rules", "nav.rules", true, false),
    (Screen::Municipalities, "tab-municipalities", "nav.municipalities", true, false),
    (Screen::Instruments, "tab-instruments", "nav.instruments", true, false),
    (Screen::Data, "tab-data", "nav.data", false, false),
    (Screen::Audit, "tab-audit", "nav.audit", false, false),
    (Screen::Users, "tab-users", "nav.users", false, true),
    (Screen::Account, "tab-account", "nav.account", false, false),
];

impl Screen {
    /// The section of the navigation a screen belongs to.
    pub fn section(self) -> Screen {
        match self {
            Screen::Home => Screen::Home,
            Screen::Session => Screen::Session,
            Screen::Initiative => Screen::Initiative,
            Screen::Persons
            | Screen::Register
            | Screen::RegisterRelative(_)
            | Screen::EditPerson(_)
            | Screen::Person(_)
            | Screen::Visit(_)
            | Screen::Referral(_)
            | Screen::SafetyReferral(_)
            | Screen::Assessment(_) => Screen::Persons,
            Screen::Payroll => Screen::Payroll,
            Screen::Sync => Screen::Sync,
            Screen::Desk => Screen::Desk,
            Screen::Conflicts => Screen::Conflicts,
            Screen::Devices
            | Screen::Users
            | Screen::Account
            | Screen::Rules
            | Screen::Groups
            | Screen::Municipalities
            | Screen::Data
            | Screen::Audit
            | Screen::Instruments => Screen::Devices,
        }
    }
}

/// What the menu offers: which sections a device's role shows, and which administration tabs the person may open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Menu {
    pub central: bool,
    pub admin: bool,
}

impl Menu {
    /// The sections of the navigation for this role: (screen, element id, translation key). A field laptop records
    /// the day's work; the central file approves payrolls and reports progress. Both sync, settle conflicts and
    /// reach the administration tabs (the last section).
    pub fn sections(self) -> Vec<(Screen, &'static str, &'static str)> {
        let field = !self.central;
        [
            (Screen::Home, "nav-home", "nav.home", true),
            // The central office also runs group sessions (and prints their rosters to sign).
            (Screen::Session, "nav-session", "nav.session", true),
            (Screen::Initiative, "nav-initiative", "nav.initiative", field),
            (Screen::Persons, "nav-persons", "nav.persons", true),
            (Screen::Payroll, "nav-payroll", "nav.payroll", self.central),
            (Screen::Desk, "nav-desk", "nav.desk", self.central),
            (Screen::Sync, "nav-sync", "nav.sync", true),
            (Screen::Conflicts, "nav-conflicts", "nav.conflicts", true),
            (Screen::Devices, "nav-admin", "nav.admin", true),
        ]
        .into_iter()
        .filter(|s| s.3)
        .map(|(screen, id, key, _)| (screen, id, key))
        .collect()
    }

    /// The administration tabs this person sees on this device.
    pub fn tabs(self) -> Vec<(Screen, &'static str, &'static str)> {
        ADMIN_TABS
            .into_iter()
            .filter(|t| (self.central || !t.3) && (self.admin || !t.4))
            .map(|(screen, id, key, _, _)| (screen, id, key))
            .collect()
    }

    /// Whether this person may be shown `screen` here (a screen the menu does not offer is not reachable either).
    pub fn allows(self, screen: Screen) -> bool {
        let section = screen.section();
        self.sections().iter().any(|s| s.0 == section)
            && (section != Screen::Devices || self.tabs().iter().any(|t| t.0 == screen))
    }
}

/// Moving between screens (the app asks first when the open form has unsaved input).
#[derive(Clone, PartialEq)]
pub struct Navigator {
    pub navigate: Callback<Screen>,
}

impl Navigator {
    /// Goes to `screen` now.
    pub fn go(&self, screen: Screen) {
        self.navigate.emit(screen)
    }

    /// A click that goes to `screen`.
    pub fn to(&self, screen: Screen) -> Callback<MouseEvent> {
        self.navigate.reform(move |_: MouseEvent| screen)
    }
}

/// The navigator from the context (going nowhere if a component is rendered outside the app).
#[hook]
pub fn use_navigator() -> Navigator {
    use_context::<Navigator>().unwrap_or_else(|| Navigator { navigate: Callback::noop() })
}

#[cfg(test)]
mod tests {
    use super::Screen;

    #[test]
    fn a_persons_subscreen_belongs_to_the_persons_section() {
        let id = uuid::Uuid::nil();
        for screen in [Screen::Register, Screen::Person(id), Screen::Visit(id), Screen::Referral(id)] {
            assert_eq!(screen.section(), Screen::Persons, "{screen:?}");
        }
        assert_eq!(Screen::Payroll.section(), Screen::Payroll);
        assert_eq!(Screen::Audit.section(), Screen::Devices);
    }
}

#[cfg(test)]
mod menu_tests {
    use super::{Menu, Screen};

    fn ids(list: Vec<(Screen, &'static str, &'static str)>) -> Vec<&'static str> {
        list.into_iter().map(|s| s.1).collect()
    }

    #[test]
    fn each_role_sees_its_own_menu() {
        let cases = [
            (
                "field laptop, field worker",
                Menu { central: false, admin: false },
                vec![
                    "nav-home",
                    "nav-session",
                    "nav-initiative",
                    "nav-persons",
                    "nav-sync",
                    "nav-conflicts",
                    "nav-admin",
                ],
                vec!["tab-devices", "tab-groups", "tab-data", "tab-audit", "tab-account"],
            ),
            (
                "field laptop, its administrator",
                Menu { central: false, admin: true },
                vec![
                    "nav-home",
                    "nav-session",
                    "nav-initiative",
                    "nav-persons",
                    "nav-sync",
                    "nav-conflicts",
                    "nav-admin",
                ],
                vec!["tab-devices", "tab-groups", "tab-data", "tab-audit", "tab-users", "tab-account"],
            ),
            (
                "central file, coordinator",
                Menu { central: true, admin: true },
                vec![
                    "nav-home",
                    "nav-session",
                    "nav-persons",
                    "nav-payroll",
                    "nav-desk",
                    "nav-sync",
                    "nav-conflicts",
                    "nav-admin",
                ],
                vec![
                    "tab-devices",
                    "tab-groups",
                    "tab-rules",
                    "tab-municipalities",
                    "tab-instruments",
                    "tab-data",
                    "tab-audit",
                    "tab-users",
                    "tab-account",
                ],
            ),
        ];
        for (name, menu, sections, tabs) in cases {
            assert_eq!(ids(menu.sections()), sections, "{name}");
            assert_eq!(ids(menu.tabs()), tabs, "{name}");
        }
    }

    #[test]
    fn a_screen_outside_the_menu_is_not_allowed() {
        let field = Menu { central: false, admin: false };
        assert!(!field.allows(Screen::Payroll), "payroll approval on a field laptop");
        assert!(!field.allows(Screen::Rules), "voucher rules on a field laptop");
        assert!(!field.allows(Screen::Instruments), "instrument definitions are loaded on the central file");
        assert!(field.allows(Screen::Assessment(super::AssessFor::person(uuid::Uuid::nil()))));
        assert!(!field.allows(Screen::Users), "users for a non-administrator");
        assert!(field.allows(Screen::Person(uuid::Uuid::nil())));
        assert!(field.allows(Screen::Account));
        let central = Menu { central: true, admin: false };
        assert!(!central.allows(Screen::Initiative), "community initiatives are recorded in the field");
        assert!(central.allows(Screen::Rules));
    }
}
