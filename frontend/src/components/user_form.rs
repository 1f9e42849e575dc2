//! A new user of this device: login, name, role (a field user sees one worker's caseload), the first passphrase
//! typed twice, and the administrator's own passphrase again (it opens the key the new one is given).

use reintegra_core::wire::ApiError;
use reintegra_core::wire::admin::UsersView;
use reintegra_core::wire::args::AddUserArgs;
use yew::prelude::*;

use crate::api;
use crate::components::field::{SelectField, TextField, field_of};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct UserFormProps {
    pub on_added: Callback<UsersView>,
}

#[component]
pub fn UserForm(props: &UserFormProps) -> Html {
    let i18n = use_i18n();
    let form = use_state(AddUserArgs::default);
    let error = use_state(|| None::<ApiError>);
    let added = use_state(|| None::<String>);
    let field = |set: fn(&mut AddUserArgs, String)| field_of(&form, set);
    let onsubmit = {
        let (form, error, added, on_added) = (form.clone(), error.clone(), added.clone(), props.on_added.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = (*form).clone();
            let (form, error, added, on_added) = (form.clone(), error.clone(), added.clone(), on_added.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let login = args.login.trim().to_owned();
                match api::add_user(args).await {
                    Ok(view) => {
                        form.set(AddUserArgs::default());
                        error.set(None);
                        added.set(Some(login));
                        on_added.emit(view);
                    }
                    Err(e) => {
                        added.set(None);
                        error.set(Some(e));
                    }
                }
            });
        })
    };
    let roles = ["field", "supervisor", "admin"]
        .iter()
        .map(|r| (AttrValue::from(*r), AttrValue::from(i18n.t(&format!("users.role.{r}")))))
        .collect::<Vec<_>>();
    let f = &*form;
    html! {
        <form class="card" aria-labelledby="user-add-title" {onsubmit} novalidate=true>
            <h3 id="user-add-title">{ i18n.t("users.add_title") }</h3>
            <TextField id="user-login" label={i18n.t("users.login")} value={f.login.clone()} required=true
                placeholder={AttrValue::from(i18n.t("users.login_hint"))} oninput={field(|a, v| a.login = v)} />
            <TextField id="user-name" label={i18n.t("users.name")} value={f.name.clone()}
                oninput={field(|a, v| a.name = v)} />
            <SelectField id="user-role" label={i18n.t("users.role")} value={f.role.clone()} required=true
                placeholder={i18n.t("form.choose")} options={roles} onchange={field(|a, v| a.role = v)} />
            if f.role == "field" {
                <TextField id="user-worker" label={i18n.t("users.worker")} value={f.worker.clone()} required=true
                    oninput={field(|a, v| a.worker = v)} />
            }
            <TextField id="user-passphrase" label={i18n.t("users.passphrase")} value={f.passphrase.clone()}
                input_type="password" required=true oninput={field(|a, v| a.passphrase = v)} />
            <TextField id="user-passphrase-again" label={i18n.t("setup.passphrase_again")} value={f.again.clone()}
                input_type="password" required=true oninput={field(|a, v| a.again = v)} />
            <TextField id="user-my-passphrase" label={i18n.t("users.my_passphrase")} value={f.my_passphrase.clone()}
                input_type="password" required=true oninput={field(|a, v| a.my_passphrase = v)} />
            if let Some(e) = &*error { <p id="user-add-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
            if let Some(login) = &*added {
                <p id="user-added" class="status ok" role="status">{ i18n.tr("users.added", &[("login", login)]) }</p>
            }
            <button id="user-add" type="submit" class="primary">{ i18n.t("users.add") }</button>
        </form>
    }
}
