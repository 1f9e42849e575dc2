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
    Persons,
    Register,
    RegisterRelative(uuid::Uuid),
    EditPerson(uuid::Uuid),
    Person(uuid::Uuid),
    Payroll,
    Sync,
    Desk,
    Conflicts,
}

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
            | Screen::Referral(_) => Screen::Persons,
            Screen::Payroll => Screen::Payroll,
            Screen::Sync => Screen::Sync,
            Screen::Desk => Screen::Desk,
            Screen::Conflicts => Screen::Conflicts,
        }
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
    }
}
