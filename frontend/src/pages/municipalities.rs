//! The municipalities and their districts (reference data of the central file, which travels to every laptop):
//! each municipality's districts edited one per line.

use reintegra_core::reference::Municipality;
use reintegra_core::wire::programme::MunicipalityArgs;
use yew::prelude::*;

use crate::api::{self, programme};
use crate::components::programme_parts::{refusal_line, send};
use crate::hooks::load::use_load;
use crate::i18n::use_i18n;

#[component]
pub fn MunicipalitiesPage() -> Html {
    let i18n = use_i18n();
    let revision = use_state(|| 0u32);
    let catalogue = use_load(*revision, |_| api::reference_data());
    let on_saved = {
        let revision = revision.clone();
        Callback::from(move |_| revision.set(*revision + 1))
    };
    html! {
        <section class="page municipalities-page" aria-labelledby="municipalities-title">
            <h2 id="municipalities-title">{ i18n.t("nav.municipalities") }</h2>
            <p class="note">{ i18n.t("municipalities.intro") }</p>
            { match &*catalogue {
                None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(c)) => html! {
                    <div class="municipalities">
                    { for c.municipalities.iter().enumerate().map(|(i, m)| html! {
                        <MunicipalityCard key={m.name.clone()} index={i} municipality={m.clone()} on_saved={on_saved.clone()} />
                    }) }
                    </div>
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    index: usize,
    municipality: Municipality,
    on_saved: Callback<()>,
}

#[component]
fn MunicipalityCard(props: &CardProps) -> Html {
    let i18n = use_i18n();
    let (n, m) = (props.index, &props.municipality);
    let text = use_state(|| m.districts.join("\n"));
    let refusal = use_state(|| None);
    let saved = use_state(|| false);
    let save = {
        let (text, refusal, saved, done, name) =
            (text.clone(), refusal.clone(), saved.clone(), props.on_saved.clone(), m.name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = MunicipalityArgs { name: name.clone(), districts: (*text).clone() };
            let saved = saved.clone();
            send(programme::save_municipality(args), refusal.clone(), done.reform(move |_| saved.set(true)));
        })
    };
    let oninput = {
        let (text, saved) = (text.clone(), saved.clone());
        Callback::from(move |e: InputEvent| {
            saved.set(false);
            text.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value());
        })
    };
    let id = format!("muni-{n}-districts");
    html! {
        <form id={format!("muni-{n}")} class="card municipality" data-name={m.name.clone()} onsubmit={save}>
            <h3>{ m.name.clone() }</h3>
            <div class="field">
                <label for={id.clone()}>{ i18n.tr("municipalities.districts_of", &[("name", &m.name)]) }</label>
                <textarea id={id} rows={(m.districts.len() + 1).to_string()} value={(*text).clone()} {oninput} />
            </div>
            <button id={format!("muni-{n}-save")} type="submit">{ i18n.t("form.save") }</button>
            if *saved && refusal.is_none() {
                <p id={format!("muni-{n}-saved")} class="note" role="status">{ i18n.t("programme.saved") }</p>
            }
            { refusal_line(&format!("muni-{n}-error"), &refusal, &i18n) }
        </form>
    }
}
