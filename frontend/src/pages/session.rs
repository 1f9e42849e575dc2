//! Running a group session: pick the group, the date and the modules covered; the roster (people who attended the
//! group before, or enrolled in its component in its municipality, plus anyone added by search) is marked present,
//! absent or justified on one screen ([`Roster`]). The session and every attendance are saved in one transaction.

use reintegra_core::date::format_user;
use reintegra_core::forms::{GroupItem, SessionForm};
use reintegra_core::records::MODULES;
use reintegra_core::sheets::PdfRequest;
use reintegra_core::wire::ApiError;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::choices::{CheckGroup, TextArea, codes};
use crate::components::draft::DraftOffer;
use crate::components::field::{FormErrors, SelectField, TextField};
use crate::components::pdf::PdfButton;
use crate::components::roster::{AddPerson, Roster};
use crate::hooks::form::{After, use_form};
use crate::hooks::form_state::Action;
use crate::hooks::load::{failed, ok, use_load};
use crate::i18n::{today, use_i18n};
use crate::screen::{Screen, use_navigator};
use crate::state::session::{State, add, group_options, roster_request};

#[component]
pub fn SessionPage() -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let groups_loaded = use_load((), |()| api::groups());
    let groups: Vec<GroupItem> = ok(&groups_loaded).cloned().unwrap_or_default();
    // A group's roster that could not be read.
    let roster_error = use_state(|| None::<ApiError>);
    // The people counted and the id of the session just saved (for its attendance sheet).
    let saved = use_state(|| None::<(usize, Uuid)>);
    let fresh = State { form: SessionForm { date: format_user(today()), ..Default::default() }, names: Vec::new() };
    let known = groups.clone();
    let form = use_form("session".to_owned(), Some(fresh.clone()), move |s: &State| {
        let kind = s.form.group_id.and_then(|g| known.iter().find(|x| x.id == g)).map(|g| g.kind.as_str());
        s.form.to_fields(kind.unwrap_or_default(), today()).err().unwrap_or_default()
    });
    let on_group = {
        let (dispatcher, load_error) = (form.dispatcher(), roster_error.clone());
        Callback::from(move |v: String| {
            let group = Uuid::parse_str(&v).ok();
            dispatcher.dispatch(Action::Edit(
                "group_id",
                Box::new(move |s: &mut State| {
                    s.form.group_id = group;
                    s.form.attendance.clear();
                    s.names.clear();
                }),
            ));
            let Some(g) = group else { return };
            let (dispatcher, load_error) = (dispatcher.clone(), load_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::roster(g).await {
                    // Only for the group still chosen: another may have been picked meanwhile.
                    Ok(roster) => {
                        load_error.set(None);
                        dispatcher.dispatch(Action::Change(Box::new(move |s: &mut State| {
                            if s.form.group_id == Some(g) {
                                roster.into_iter().for_each(|r| add(s, (r.person_id, r.name)));
                            }
                        })))
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        })
    };
    let on_mark = form.change(|s, (i, status): (usize, &'static str)| {
        if let Some(a) = s.form.attendance.get_mut(i) {
            a.1 = status.to_owned();
        }
    });
    let all_present = form.change(|s, ()| s.form.attendance.iter_mut().for_each(|a| a.1 = "present".into()));
    let onsubmit = {
        let saved = saved.clone();
        let save = |s: State| async move {
            let count = s.form.attendance.len();
            api::save_session(s.form).await.map(|id| (count, id))
        };
        form.onsubmit(save, move |done| {
            saved.set(Some(done));
            After::Again(fresh.clone())
        })
    };
    let s = &form.value().form;

    html! {
        <section class="card" aria-labelledby="session-title">
            <h2 id="session-title">{ i18n.t("session.title") }</h2>
            <DraftOffer draft={form.draft.clone()} />
            if let Some((n, id)) = *saved {
                <p id="session-saved" class="success" role="status">{ i18n.count("session.saved", n as u64) }</p>
                <PdfButton id="session-pdf" request={PdfRequest::Attendance { session: id }}
                    label={i18n.t("pdf.button.attendance")} />
            }
            if let Some(e) = failed(&groups_loaded).or(roster_error.as_ref()) {
                <p class="error" role="alert">{ e.message(i18n.lang) }</p>
            }
            <form id="session-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="s-group" label={i18n.t("session.group")}
                        value={s.group_id.map(|g| g.to_string()).unwrap_or_default()} required=true
                        options={group_options(&groups, &i18n)} placeholder={i18n.t("form.choose")} error={form.error_for("group_id")}
                        onchange={on_group} />
                    <TextField id="s-date" label={i18n.t("session.date")} value={s.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={form.error_for("date")}
                        oninput={form.edit("date", |st, v| st.form.date = v)} />
                </div>
                <CheckGroup id="s-modules" legend={i18n.t("session.modules")} options={codes(&i18n, "module", MODULES)}
                    selected={s.modules.clone()} error={form.error_for("modules")}
                    onchange={form.change(|st, v| st.form.modules = v)} />
                <Roster attendance={s.attendance.clone()} names={form.value().names.clone()}
                    group_chosen={s.group_id.is_some()} print={roster_request(s)} {on_mark}
                    on_all_present={all_present} />
                if let Some(e) = form.error_for("attendance") {
                    <p id="s-attendance-error" class="error" role="alert">{ e }</p>
                }
                <AddPerson on_pick={form.change(add)} />
                <TextArea id="s-notes" label={i18n.t("session.notes")} value={s.notes.clone()}
                    error={form.error_for("notes")} oninput={form.change(|st, v| st.form.notes = v)} />
                <FormErrors summary={form.shows_summary()} error={form.state().server_error.clone()} />
                <div class="actions">
                    <button id="save-session" type="submit" class="primary" disabled={form.state().busy}>
                        { i18n.t("session.save") }
                    </button>
                    <button id="cancel-session" type="button" onclick={navigator.to(Screen::Home)}>
                        { i18n.t("form.cancel") }
                    </button>
                </div>
            </form>
        </section>
    }
}
