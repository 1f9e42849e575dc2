//! The voucher rules: the versions with their dates, and on the central file a new version from a given month,
//! previewed (which participants' months would change, from what to what, and why) before it is saved. The store
//! checks and previews; "Guardar versión" is offered once the form as it stands has been previewed.

use reintegra_core::wire::ApiError;
use reintegra_core::wire::vouchers::{RulesForm, RulesPreview, RulesScreen};
use yew::prelude::*;

use crate::api;
use crate::components::voucher_rules::{RulesFields, month_text, preview_table, versions_table};
use crate::i18n::use_i18n;

fn load(screen: UseStateHandle<Option<Result<RulesScreen, ApiError>>>, form: UseStateHandle<RulesForm>) {
    wasm_bindgen_futures::spawn_local(async move {
        let answer = api::rules_screen().await;
        if let Ok(s) = &answer {
            form.set(s.draft.clone());
        }
        screen.set(Some(answer));
    });
}

#[component]
pub fn RulesPage() -> Html {
    let i18n = use_i18n();
    let screen = use_state(|| None::<Result<RulesScreen, ApiError>>);
    let form = use_state(RulesForm::default);
    // The preview and the form it is of: saving is offered only for the form previewed.
    let preview = use_state(|| None::<(RulesForm, Result<RulesPreview, ApiError>)>);
    let saved = use_state(|| None::<Result<String, ApiError>>);
    let busy = use_state(|| false);
    {
        let (screen, form) = (screen.clone(), form.clone());
        use_effect_with((), move |_| load(screen, form));
    }
    let on_preview = {
        let (form, preview, saved, busy) = (form.clone(), preview.clone(), saved.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (f, preview, saved, busy) = ((*form).clone(), preview.clone(), saved.clone(), busy.clone());
            busy.set(true);
            saved.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::preview_rules(f.clone()).await;
                preview.set(Some((f, answer)));
                busy.set(false);
            });
        })
    };
    let on_save = {
        let (screen, form, preview, saved, busy) =
            (screen.clone(), form.clone(), preview.clone(), saved.clone(), busy.clone());
        let i18n = i18n.clone();
        Callback::from(move |_: MouseEvent| {
            let Some((f, Ok(p))) = (*preview).clone() else { return };
            let (screen, form, preview, saved, busy, i18n) =
                (screen.clone(), form.clone(), preview.clone(), saved.clone(), busy.clone(), i18n.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::save_rules(f).await;
                busy.set(false);
                let version = p.version.to_string();
                let ok = answer.is_ok();
                saved.set(Some(answer.map(|_| {
                    i18n.tr("rules.saved", &[("version", &version), ("month", &month_text(p.effective_from))])
                })));
                if ok {
                    preview.set(None);
                    load(screen, form);
                }
            });
        })
    };
    let onchange = {
        let form = form.clone();
        Callback::from(move |f: RulesForm| form.set(f))
    };
    let body = match &*screen {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(s)) => {
            let previewed = matches!(&*preview, Some((f, Ok(_))) if *f == *form);
            let errors = match &*preview {
                Some((f, Err(e))) if *f == *form => e.fields.clone(),
                _ => match &*saved {
                    Some(Err(e)) => e.fields.clone(),
                    _ => None,
                },
            };
            let refusal = match (&*preview, &*saved) {
                (_, Some(Err(e))) | (Some((_, Err(e))), _) if e.fields.is_none() => Some(e.message(i18n.lang)),
                _ => None,
            };
            html! {
                <>
                <div class="card">
                    <h3>{ i18n.t("rules.versions_title") }</h3>
                    { versions_table(&s.versions, &i18n) }
                </div>
                if let Some(Ok(text)) = &*saved { <p id="rules-saved" class="status ok" role="status">{ text.clone() }</p> }
                if s.central {
                    <form id="rules-form" class="card spaced-card" onsubmit={on_preview} aria-labelledby="rules-new-title">
                        <h3 id="rules-new-title">{ i18n.t("rules.new_title") }</h3>
                        <p class="note">{ i18n.t("rules.new_hint") }</p>
                        <RulesFields form={(*form).clone()} {errors} {onchange} />
                        if let Some(text) = refusal { <p id="rules-error" class="error" role="alert">{ text }</p> }
                        if matches!(&*preview, Some((f, Err(e))) if *f == *form && e.fields.is_some()) {
                            <p id="rules-error" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
                        }
                        <div class="actions">
                            <button id="rules-preview" type="submit" disabled={*busy}>
                                { i18n.t(if *busy { "rules.working" } else { "rules.preview" }) }
                            </button>
                            <button id="rules-save" type="button" class="primary" disabled={*busy || !previewed}
                                onclick={on_save}>{ i18n.t("rules.save") }</button>
                        </div>
                    </form>
                    if let Some((f, Ok(p))) = &*preview {
                        if *f == *form { { preview_table(p, &i18n) } }
                    }
                } else {
                    <p id="rules-not-central" class="note">{ i18n.t("rules.not_central") }</p>
                }
                </>
            }
        }
    };
    html! {
        <section class="page rules" aria-labelledby="rules-title">
            <h2 id="rules-title">{ i18n.t("rules.title") }</h2>
            <p class="note">{ i18n.t("rules.intro") }</p>
            { body }
        </section>
    }
}
