//! What a form says about its draft (kept in the encrypted store by [`crate::hooks::draft`]): "a draft of this form
//! was kept: restore it or discard it", and a draft that could not be read or saved.

use yew::prelude::*;

use crate::hooks::form::DraftView;

#[derive(Properties, PartialEq)]
pub struct OfferProps {
    pub draft: DraftView,
}

#[component]
pub fn DraftOffer(props: &OfferProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    let draft = &props.draft;
    html! {
        <>
        if draft.offered {
            <div id="draft-offer" class="warning" role="alert">
                <p>{ i18n.t("draft.offer") }</p>
                <div class="actions">
                    <button id="draft-restore" type="button" class="primary" onclick={draft.restore.reform(|_| ())}>
                        { i18n.t("draft.restore") }
                    </button>
                    <button id="draft-discard" type="button" onclick={draft.discard.reform(|_| ())}>
                        { i18n.t("draft.discard") }
                    </button>
                </div>
            </div>
        }
        if let Some((key, e)) = &draft.problem {
            <p id="draft-problem" class="warning" role="status">{ i18n.tr(key, &[("error", &e.message(i18n.lang))]) }</p>
        }
        </>
    }
}
