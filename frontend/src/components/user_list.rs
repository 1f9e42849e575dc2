//! The users of this device: login, name, role, the worker whose caseload a field user sees, and whether the
//! account is active; an active one (not oneself) disabled after a confirmation.

use reintegra_core::date::format_user_time_ms;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::admin::UsersView;
use yew::prelude::*;

use crate::api;
use crate::components::device_list::focus;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct UserListProps {
    pub view: UsersView,
    pub on_changed: Callback<UsersView>,
}

#[component]
pub fn UserList(props: &UserListProps) -> Html {
    let i18n = use_i18n();
    let disabling = use_state(|| None::<String>);
    let error = use_state(|| None::<ApiError>);
    use_effect_with((*disabling).clone(), |asking| {
        if asking.is_some() {
            focus("user-disable-confirm");
        }
    });
    let on_disable = {
        let (disabling, error, on_changed) = (disabling.clone(), error.clone(), props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(login) = (*disabling).clone() else { return };
            let (disabling, error, on_changed) = (disabling.clone(), error.clone(), on_changed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::disable_user(login).await {
                    Ok(view) => {
                        disabling.set(None);
                        error.set(None);
                        on_changed.emit(view);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_cancel = {
        let disabling = disabling.clone();
        Callback::from(move |_: MouseEvent| disabling.set(None))
    };
    html! {
        <div class="card" aria-labelledby="users-list-title">
            <h3 id="users-list-title">{ i18n.t("users.list_title") }</h3>
            <table id="users-list" class="list">
                <thead><tr>
                    <th scope="col">{ i18n.t("users.col.login") }</th>
                    <th scope="col">{ i18n.t("users.col.name") }</th>
                    <th scope="col">{ i18n.t("users.col.role") }</th>
                    <th scope="col">{ i18n.t("users.col.state") }</th>
                    <th scope="col">{ i18n.t("devices.col.actions") }</th>
                </tr></thead>
                <tbody>
                { for props.view.users.iter().map(|u| {
                    let ask = {
                        let (disabling, login) = (disabling.clone(), u.login.clone());
                        Callback::from(move |_: MouseEvent| disabling.set(Some(login.clone())))
                    };
                    let role = i18n.t(&format!("users.role.{}", u.role));
                    html! {
                        <tr id={format!("user-{}", u.login)} data-disabled={u.disabled_ms.is_some().then_some("true")}>
                            <td>{ u.login.clone() }if u.me { <span class="note">{ " " }{ i18n.t("users.you") }</span> }</td>
                            <td>{ u.name.clone().unwrap_or_default() }</td>
                            <td>{ role }if let Some(w) = &u.worker { <br /><span class="note">{ w.clone() }</span> }</td>
                            <td>{ match u.disabled_ms {
                                Some(ms) => i18n.tr("users.disabled_on", &[("date", &format_user_time_ms(ms))]),
                                None => i18n.t("users.active"),
                            } }</td>
                            <td>
                                if u.disabled_ms.is_none() && !u.me {
                                    <button id={format!("user-disable-{}", u.login)} type="button" class="danger"
                                        onclick={ask} aria-label={i18n.tr("users.disable_of", &[("login", &u.login)])}>
                                        { i18n.t("users.disable") }
                                    </button>
                                }
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            if let Some(login) = &*disabling {
                <div id="user-disable-panel" class="confirm" role="alertdialog" aria-labelledby="user-disable-text">
                    <p id="user-disable-text"><strong>{ i18n.tr("users.disable_question", &[("login", login)]) }</strong></p>
                    <p>{ i18n.t("users.disable_means") }</p>
                    <div class="actions">
                        <button id="user-disable-confirm" type="button" class="danger" onclick={on_disable}>
                            { i18n.t("users.disable_confirm") }
                        </button>
                        <button id="user-disable-cancel" type="button" onclick={on_cancel}>{ i18n.t("devices.add_cancel") }</button>
                    </div>
                </div>
            }
            if let Some(e) = &*error { <p id="users-list-error" class="error" role="alert">{ e.message(i18n.lang) }</p> }
        </div>
    }
}
