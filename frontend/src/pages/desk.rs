//! The supervisor's desk: the programme against its targets (progress bars with their figures in words), a monthly
//! trend drawn as inline SVG, the figures by municipality, and the share of the curriculum that makes a relative
//! "trained", editable; and the figures written as a workbook.

use reintegra_core::indicators::DEFAULT_TRAINED_SHARE;
use reintegra_core::wire::desk::ReportBy;
use yew::prelude::*;

use crate::api;
use crate::components::data_indicators::IndicatorsWorkbook;
use crate::components::desk_assessments::DeskAssessments;
use crate::components::desk_charts::{bar, month_name, table, trend};
use crate::components::safety_alerts::SafetyAlerts;
use crate::hooks::load::use_load;
use crate::i18n::use_i18n;

#[component]
pub fn DeskPage() -> Html {
    let i18n = use_i18n();
    let share = use_state(|| DEFAULT_TRAINED_SHARE);
    let share_text = use_state(|| DEFAULT_TRAINED_SHARE.to_string());
    let share_error = use_state(|| false);
    let loaded = use_load(*share, |share| async move {
        let by_place = api::desk_report(ReportBy::Municipality, share).await?;
        let by_month = api::desk_report(ReportBy::Month, share).await?;
        Ok((by_place, by_month))
    });
    let on_share = {
        let (share, share_text, share_error) = (share.clone(), share_text.clone(), share_error.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            match text.trim().parse::<u32>() {
                Ok(v) if (1..=100).contains(&v) => {
                    share_error.set(false);
                    share.set(v);
                }
                _ => share_error.set(true),
            }
            share_text.set(text);
        })
    };

    let body: Html = match &*loaded {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok((place, month))) => {
            let t = &place.total;
            let no_place = i18n.t("report.no_municipality");
            html! {
                <>
                    <section class="card" aria-labelledby="desk-targets-title">
                        <h3 id="desk-targets-title">{ i18n.t("desk.targets") }</h3>
                        { bar("desk-vouchers", &i18n.t("desk.vouchers"), &t.participants_paid, &i18n) }
                        { bar("desk-trained", &i18n.t("desk.trained"), &t.relatives_trained, &i18n) }
                        { bar("desk-visited", &i18n.t("desk.visited"), &t.relatives_visited, &i18n) }
                        <ul class="figures" id="desk-activity">
                            <li>{ i18n.tr("report.payments", &[("count", &t.payments.to_string()), ("usd", &t.paid_usd.to_string())]) }</li>
                            { for t.sessions.iter().map(|(kind, n)| html! {
                                <li>{ i18n.tr("report.sessions", &[("kind", &i18n.t(&format!("activity.{kind}"))), ("count", &n.to_string())]) }</li>
                            }) }
                            { for t.referrals.iter().map(|(status, n)| html! {
                                <li>{ i18n.tr("report.referrals", &[("status", &i18n.t(&format!("referral_status.{status}"))), ("count", &n.to_string())]) }</li>
                            }) }
                            <li>{ i18n.tr("report.initiatives", &[("count", &t.initiatives.to_string()), ("people", &t.initiative_participants.to_string())]) }</li>
                        </ul>
                    </section>
                    <section class="card" aria-labelledby="desk-trend-title">
                        <h3 id="desk-trend-title">{ i18n.t("desk.trend") }</h3>
                        { trend(&month.groups, &i18n) }
                        if !month.groups.is_empty() {
                            <details>
                                <summary>{ i18n.t("desk.by_month_table") }</summary>
                                { table("desk-by-month", &i18n.t("desk.month"), &month.groups, |k| month_name(k, &i18n), &i18n) }
                            </details>
                        }
                    </section>
                    <section class="card" aria-labelledby="desk-place-title">
                        <h3 id="desk-place-title">{ i18n.t("desk.by_municipality") }</h3>
                        { table("desk-by-municipality", &i18n.t("desk.municipality"), &place.groups,
                            |k| if k.is_empty() { no_place.clone() } else { k.to_owned() }, &i18n) }
                    </section>
                </>
            }
        }
    };

    html! {
        <section class="page desk">
            <h2 id="desk-title">{ i18n.t("desk.title") }</h2>
            <SafetyAlerts />
            <div class="field">
                <label for="desk-share">{ i18n.t("desk.share") }</label>
                <input id="desk-share" type="number" min="1" max="100" step="1" value={(*share_text).clone()}
                    aria-describedby="desk-share-hint" aria-invalid={share_error.then_some("true")} oninput={on_share} />
                <p id="desk-share-hint" class={classes!(if *share_error { "error" } else { "note" })}>
                    { i18n.t(if *share_error { "error.share_range" } else { "desk.share_hint" }) }
                </p>
            </div>
            { body }
            <DeskAssessments />
            <IndicatorsWorkbook share={*share} />
        </section>
    }
}
