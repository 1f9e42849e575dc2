//! The session form's state: the form and the names on its roster, kept together so a draft restores both.

use reintegra_core::date::parse_user;
use reintegra_core::forms::{GroupItem, SessionForm};
use reintegra_core::sheets::PdfRequest;
use uuid::Uuid;
use yew::AttrValue;

use crate::i18n::I18n;

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub form: SessionForm,
    pub names: Vec<(Uuid, String)>,
}

/// The roster as it stands, to print and sign during the session: once a group, a valid date and people are there.
pub fn roster_request(form: &SessionForm) -> Option<PdfRequest> {
    let (group, date) = (form.group_id?, parse_user(&form.date)?);
    (!form.attendance.is_empty()).then(|| PdfRequest::Roster {
        group,
        date,
        modules: form.modules.clone(),
        people: form.attendance.iter().map(|(id, _)| *id).collect(),
    })
}

/// Adds a person to the roster, unmarked, unless they are on it.
pub fn add(s: &mut State, (id, name): (Uuid, String)) {
    if !s.form.attendance.iter().any(|a| a.0 == id) {
        s.form.attendance.push((id, String::new()));
        s.names.push((id, name));
    }
}

/// The groups as the options of a choice: name, kind and municipality.
pub fn group_options(groups: &[GroupItem], i18n: &I18n) -> Vec<(AttrValue, AttrValue)> {
    groups
        .iter()
        .map(|g| {
            let kind = i18n.t(&format!("group_kind.{}", g.kind));
            (g.id.to_string().into(), format!("{} · {kind} · {}", g.name, g.municipality).into())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_already_on_the_roster_is_not_added_twice() {
        let mut s = State::default();
        let id = Uuid::from_u128(7);
        add(&mut s, (id, "Rosa Núñez".into()));
        s.form.attendance[0].1 = "present".into();
        add(&mut s, (id, "Rosa Núñez".into()));
        assert_eq!(s.form.attendance, vec![(id, "present".to_owned())], "the mark stays");
        assert_eq!(s.names.len(), 1);
    }

    #[test]
    fn the_roster_prints_once_a_group_a_date_and_people_are_there() {
        let mut s = State::default();
        s.form.group_id = Some(Uuid::from_u128(1));
        s.form.date = "03/06/2024".into();
        assert_eq!(roster_request(&s.form), None, "nobody on it yet");
        add(&mut s, (Uuid::from_u128(2), "Marta".into()));
        assert!(roster_request(&s.form).is_some());
        s.form.date = "3 de junio".into();
        assert_eq!(roster_request(&s.form), None, "not a date");
    }
}
