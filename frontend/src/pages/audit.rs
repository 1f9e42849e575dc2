//! The audit log: who did what, to whom and when, newest first and a page at a time, filtered by the store's query
//! (who, which person, what action, from and to which day); and the chain's state, intact or where it breaks.

use reintegra_core::date::parse_user;
use reintegra_core::wire::data::AuditQuery;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::audit_parts::{action_name, chains, entries};
use crate::components::audit_person::AuditPerson;
use crate::components::field::{SelectField, TextField};
use crate::hooks::load::use_load;
use crate::i18n::use_i18n;

/// The filters as typed (dates as dd/mm/aaaa).
#[derive(Clone, Default, PartialEq)]
struct Draft {
    user: String,
    person: Option<(Uuid, String)>,
    action: String,
    from: String,
    to: String,
}

fn some(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[component]
pub fn AuditPage() -> Html {
    let i18n = use_i18n();
    let query = use_state(AuditQuery::default);
    let draft = use_state(Draft::default);
    let date_error = use_state(|| None::<&'static str>);
    let loaded = use_load((*query).clone(), api::audit_log);

    let edit = |set: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut d = (*draft).clone();
            set(&mut d, v);
            draft.set(d);
        })
    };
    let on_filter = {
        let (draft, query, date_error) = (draft.clone(), query.clone(), date_error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let date = |s: &str| if s.trim().is_empty() { Ok(None) } else { parse_user(s).map(Some).ok_or(()) };
            let (Ok(from), Ok(to)) = (date(&draft.from), date(&draft.to)) else {
                date_error.set(Some("audit.date_invalid"));
                return;
            };
            date_error.set(None);
            query.set(AuditQuery {
                user: some(&draft.user),
                person: draft.person.as_ref().map(|(id, _)| id.to_string()),
                action: some(&draft.action),
                from,
                to,
                offset: 0,
                limit: 0,
            });
        })
    };
    let on_clear = {
        let (draft, query, date_error) = (draft.clone(), query.clone(), date_error.clone());
        Callback::from(move |_: MouseEvent| {
            draft.set(Draft::default());
            date_error.set(None);
            query.set(AuditQuery::default());
        })
    };
    let page_to = |offset: u32| {
        let query = query.clone();
        Callback::from(move |_: MouseEvent| query.set(AuditQuery { offset, ..(*query).clone() }))
    };

    let (users, actions) = match &*loaded {
        Some(Ok(p)) => (p.users.clone(), p.actions.clone()),
        _ => (Vec::new(), Vec::new()),
    };
    let options = |list: Vec<String>, name: &dyn Fn(&str) -> String| -> Vec<(AttrValue, AttrValue)> {
        list.into_iter().map(|v| (AttrValue::from(name(&v)), v)).map(|(label, v)| (AttrValue::from(v), label)).collect()
    };
    let body = match &*loaded {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(p)) => {
            let (first, last) = (p.offset as u64 + 1, (p.offset as u64 + p.entries.len() as u64));
            html! {
                <>
                    { chains(p, &i18n) }
                    <p id="audit-range" class="note" role="status">
                        { if p.total == 0 { i18n.t("audit.range_none") } else { i18n.tr("audit.range",
                            &[("first", &first.to_string()), ("last", &last.to_string()), ("total", &p.total.to_string())]) } }
                    </p>
                    { entries(p, &i18n) }
                    <div class="pager">
                        <button id="audit-prev" type="button" disabled={p.offset == 0}
                            onclick={page_to(p.offset.saturating_sub(p.limit))}>{ i18n.t("audit.newer") }</button>
                        <button id="audit-next" type="button" disabled={last >= p.total}
                            onclick={page_to(p.offset + p.limit)}>{ i18n.t("audit.older") }</button>
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="page audit" aria-labelledby="audit-title">
            <h2 id="audit-title">{ i18n.t("audit.title") }</h2>
            <p class="intro">{ i18n.t("audit.intro") }</p>
            <form id="audit-filters" class="card filters" onsubmit={on_filter}>
                <div class="pair-fields">
                    <SelectField id="audit-user" label={i18n.t("audit.filter.user")} value={AttrValue::from(draft.user.clone())}
                        placeholder={i18n.t("audit.filter.anyone")} options={options(users, &|u| u.to_owned())}
                        onchange={edit(|d, v| d.user = v)} />
                    <SelectField id="audit-action" label={i18n.t("audit.filter.action")} value={AttrValue::from(draft.action.clone())}
                        placeholder={i18n.t("audit.filter.any_action")} options={options(actions, &|a| action_name(a, &i18n))}
                        onchange={edit(|d, v| d.action = v)} />
                    <TextField id="audit-from" label={i18n.t("audit.filter.from")} value={AttrValue::from(draft.from.clone())}
                        placeholder={i18n.t("audit.date_placeholder")} oninput={edit(|d, v| d.from = v)}
                        error={date_error.map(|k| AttrValue::from(i18n.t(k)))} />
                    <TextField id="audit-to" label={i18n.t("audit.filter.to")} value={AttrValue::from(draft.to.clone())}
                        placeholder={i18n.t("audit.date_placeholder")} oninput={edit(|d, v| d.to = v)} />
                </div>
                <AuditPerson chosen={draft.person.clone()} on_change={{
                    let draft = draft.clone();
                    Callback::from(move |p| draft.set(Draft { person: p, ..(*draft).clone() }))
                }} />
                <div class="actions">
                    <button id="audit-apply" class="primary" type="submit">{ i18n.t("audit.filter.apply") }</button>
                    <button id="audit-clear" type="button" onclick={on_clear}>{ i18n.t("audit.filter.clear") }</button>
                </div>
            </form>
            { body }
        </section>
    }
}
