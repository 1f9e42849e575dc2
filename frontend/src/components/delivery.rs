//! A participant's delivery method, on their page in the central file: cash in person, a bank transfer (bank,
//! account, holder) or a mobile wallet (provider, phone). Personal data: shown and kept only on the central file.
//! The store checks the details each method needs. Ids: `#delivery-card`, `#delivery-method`, `#delivery-bank`,
//! `#delivery-account`, `#delivery-holder`, `#delivery-wallet-provider`, `#delivery-phone`, `#delivery-save`,
//! `#delivery-saved` / `#delivery-error`.

use reintegra_core::wire::payments::{Delivery, DeliveryArgs, DeliveryMethod};
use reintegra_core::wire::{ApiError, DeviceRole};
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::field::{SelectField, TextField};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub person_id: Uuid,
}

/// An optional detail as typed: blank is none.
fn some(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// What is saved: only the details of the method chosen.
fn cleaned(d: &Delivery) -> Delivery {
    let bank = d.method == DeliveryMethod::Bank;
    let wallet = d.method == DeliveryMethod::Wallet;
    Delivery {
        method: d.method,
        bank: some(&d.bank).filter(|_| bank),
        account: some(&d.account).filter(|_| bank),
        holder: some(&d.holder).filter(|_| bank),
        wallet_provider: some(&d.wallet_provider).filter(|_| wallet),
        phone: some(&d.phone).filter(|_| wallet),
    }
}

#[component]
pub fn DeliveryCard(props: &Props) -> Html {
    let i18n = use_i18n();
    let central = use_state(|| false);
    let form = use_state(Delivery::default);
    let result = use_state(|| None::<Result<(), ApiError>>);
    {
        let (central, form, id) = (central.clone(), form.clone(), props.person_id);
        use_effect_with(id, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if !api::app_status().await.is_ok_and(|s| s.role == Some(DeviceRole::Supervisor)) {
                    return;
                }
                // The card shows once the stored details are in: shown earlier, their arrival would overwrite
                // what the person had begun to type.
                if let Ok(Some(d)) = api::payments::person_delivery(id).await {
                    form.set(d);
                }
                central.set(true);
            });
        });
    }
    if !*central {
        return html! {};
    }
    let set = |f: fn(&mut Delivery, String)| {
        let (form, result) = (form.clone(), result.clone());
        Callback::from(move |v: String| {
            let mut d = (*form).clone();
            f(&mut d, v);
            form.set(d);
            result.set(None);
        })
    };
    let on_save = {
        let (form, result, person_id) = (form.clone(), result.clone(), props.person_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = DeliveryArgs { person_id, delivery: cleaned(&form) };
            let result = result.clone();
            wasm_bindgen_futures::spawn_local(async move {
                result.set(Some(api::payments::set_delivery(args).await.map(|_| ())));
            });
        })
    };
    let options: Vec<(AttrValue, AttrValue)> = DeliveryMethod::ALL
        .into_iter()
        .map(|m| (AttrValue::from(m.code()), AttrValue::from(i18n.t(&format!("payment.method.{}", m.code())))))
        .collect();
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());
    html! {
        <form id="delivery-card" class="card spaced-card" onsubmit={on_save}>
            <h3>{ i18n.t("delivery.title") }</h3>
            <p class="note">{ i18n.t("delivery.note") }</p>
            <SelectField id="delivery-method" label={i18n.t("delivery.method")} value={form.method.code()} {options}
                placeholder={i18n.t("payment.method.cash")}
                onchange={set(|d, v| d.method = DeliveryMethod::parse(&v).unwrap_or_default())} />
            if form.method == DeliveryMethod::Bank {
                <div class="pair-fields">
                    <TextField id="delivery-bank" label={i18n.t("delivery.bank")} value={text(&form.bank)}
                        oninput={set(|d, v| d.bank = Some(v))} />
                    <TextField id="delivery-account" label={i18n.t("delivery.account")} value={text(&form.account)}
                        oninput={set(|d, v| d.account = Some(v))} />
                    <TextField id="delivery-holder" label={i18n.t("delivery.holder")} value={text(&form.holder)}
                        oninput={set(|d, v| d.holder = Some(v))} />
                </div>
            }
            if form.method == DeliveryMethod::Wallet {
                <div class="pair-fields">
                    <TextField id="delivery-wallet-provider" label={i18n.t("delivery.wallet_provider")}
                        value={text(&form.wallet_provider)} oninput={set(|d, v| d.wallet_provider = Some(v))} />
                    <TextField id="delivery-phone" label={i18n.t("delivery.phone")} value={text(&form.phone)}
                        oninput={set(|d, v| d.phone = Some(v))} />
                </div>
            }
            <div class="actions">
                <button id="delivery-save" type="submit" class="primary">{ i18n.t("delivery.save") }</button>
            </div>
            { match &*result {
                None => html! {},
                Some(Ok(())) => html! { <p id="delivery-saved" class="status ok" role="status">{ i18n.t("delivery.saved") }</p> },
                Some(Err(e)) => html! { <p id="delivery-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
            } }
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_chosen_methods_details_are_saved() {
        let typed = Delivery {
            method: DeliveryMethod::Wallet,
            bank: Some("Agrícola".into()),
            account: Some("123".into()),
            holder: None,
            wallet_provider: Some(" Tigo Money ".into()),
            phone: Some("  ".into()),
        };
        let cases = [
            (
                "wallet keeps provider, drops bank and blank phone",
                DeliveryMethod::Wallet,
                (None, Some("Tigo Money"), None),
            ),
            ("bank keeps bank, drops wallet", DeliveryMethod::Bank, (Some("Agrícola"), None, None)),
            ("cash keeps nothing", DeliveryMethod::Cash, (None, None, None)),
        ];
        for (name, method, (bank, provider, phone)) in cases {
            let d = cleaned(&Delivery { method, ..typed.clone() });
            assert_eq!(
                (d.bank.as_deref(), d.wallet_provider.as_deref(), d.phone.as_deref()),
                (bank, provider, phone),
                "{name}"
            );
        }
    }
}
