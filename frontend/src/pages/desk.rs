//! The supervisor's desk: the programme against its targets (progress bars with their figures in words), a monthly
//! trend drawn as inline SVG, the figures by municipality, and the share of the curriculum that makes a relative
//! "trained", editable.

use std::collections::BTreeMap;

use reintegra_core::indicators::{DEFAULT_TRAINED_SHARE, Figure, Indicators};
use reintegra_core::month::Month;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::desk::{DeskReport, ReportBy};
use yew::prelude::*;

use crate::api;
use crate::i18n::{I18n, use_i18n};

/// A series of the trend: its CSS class, its label's key, and how to read it.
type Series = (&'static str, &'static str, fn(&Indicators) -> u64);

type Loaded = Option<Result<(DeskReport, DeskReport), ApiError>>;

fn bar(id: &str, label: &str, f: &Figure, i18n: &I18n) -> Html {
    let value = f.value.to_string();
    let target = f.target.to_string();
    let percent = (f.value * 100).checked_div(f.target).unwrap_or(0).to_string();
    let label_id = format!("{id}-label");
    html! {
        <div class="target" id={id.to_owned()}>
            <span id={label_id.clone()} class="target-label">{ label }</span>
            <progress aria-labelledby={label_id} max={target.clone()} value={value.clone().min(target.clone())}>
                { &percent }{ " %" }
            </progress>
            <span class="target-figure">
                { i18n.tr("desk.of_target", &[("value", &value), ("target", &target), ("percent", &percent)]) }
            </span>
        </div>
    }
}

fn total_sessions(i: &Indicators) -> u64 {
    i.sessions.values().sum()
}

fn total_referrals(i: &Indicators) -> u64 {
    i.referrals.values().sum()
}

fn month_name(key: &str, i18n: &I18n) -> String {
    Month::parse(key).map(|m| i18n.month(m)).unwrap_or_else(|| key.to_owned())
}

/// The figures of each group as a table; `first` names the group column.
fn table(
    id: &str,
    first: &str,
    groups: &BTreeMap<String, Indicators>,
    name: impl Fn(&str) -> String,
    i18n: &I18n,
) -> Html {
    html! {
        <table class="list" id={id.to_owned()}>
            <thead><tr>
                <th scope="col">{ first }</th>
                <th scope="col">{ i18n.t("desk.col_vouchers") }</th>
                <th scope="col">{ i18n.t("desk.col_trained") }</th>
                <th scope="col">{ i18n.t("desk.col_visited") }</th>
                <th scope="col">{ i18n.t("desk.col_sessions") }</th>
                <th scope="col">{ i18n.t("desk.col_referrals") }</th>
                <th scope="col">{ i18n.t("desk.col_initiatives") }</th>
            </tr></thead>
            <tbody>
                { for groups.iter().map(|(key, g)| html! {
                    <tr>
                        <th scope="row">{ name(key) }</th>
                        <td>{ g.participants_paid.value }</td>
                        <td>{ g.relatives_trained.value }</td>
                        <td>{ g.relatives_visited.value }</td>
                        <td>{ total_sessions(g) }</td>
                        <td>{ total_referrals(g) }</td>
                        <td>{ g.initiatives }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Three series by month as lines over a light grid, all drawn with SVG attributes (no inline styles).
fn trend(months: &BTreeMap<String, Indicators>, i18n: &I18n) -> Html {
    if months.is_empty() {
        return html! { <p class="note" id="desk-trend-empty">{ i18n.t("desk.trend_empty") }</p> };
    }
    let (w, h, left, bottom, top) = (640.0_f64, 200.0_f64, 36.0_f64, 28.0_f64, 10.0_f64);
    let series: [Series; 3] = [
        ("series-vouchers", "desk.col_vouchers", |i| i.participants_paid.value),
        ("series-trained", "desk.col_trained", |i| i.relatives_trained.value),
        ("series-visited", "desk.col_visited", |i| i.relatives_visited.value),
    ];
    let max = months.values().flat_map(|i| series.iter().map(move |s| (s.2)(i))).max().unwrap_or(0).max(1);
    let n = months.len();
    let x =
        |k: usize| left + if n == 1 { (w - left) / 2.0 } else { k as f64 * (w - left - 20.0) / (n - 1) as f64 + 10.0 };
    let y = |v: u64| top + (h - top - bottom) * (1.0 - v as f64 / max as f64);
    let label = i18n.t("desk.trend_desc");
    html! {
        <figure class="trend">
            <svg id="desk-trend" role="img" aria-label={label.clone()} viewBox={format!("0 0 {w} {h}")}
                width="100%" height="200" preserveAspectRatio="xMidYMid meet">
                <title>{ label }</title>
                <line class="axis" x1={left.to_string()} y1={y(0).to_string()} x2={w.to_string()} y2={y(0).to_string()} />
                <line class="grid" x1={left.to_string()} y1={y(max).to_string()} x2={w.to_string()} y2={y(max).to_string()} />
                <text class="tick" x={(left - 4.0).to_string()} y={(y(max) + 4.0).to_string()} text-anchor="end">{ max }</text>
                <text class="tick" x={(left - 4.0).to_string()} y={(y(0) + 4.0).to_string()} text-anchor="end">{ "0" }</text>
                { for months.keys().enumerate().map(|(k, m)| html! {
                    <text class="tick" x={x(k).to_string()} y={(h - 8.0).to_string()} text-anchor="middle">{ m }</text>
                }) }
                { for series.iter().map(|(class, _, get)| {
                    let points: Vec<String> =
                        months.values().enumerate().map(|(k, i)| format!("{:.1},{:.1}", x(k), y(get(i)))).collect();
                    html! {
                        <g class={*class}>
                            <polyline fill="none" stroke-width="2" points={points.join(" ")} />
                            { for months.values().enumerate().map(|(k, i)| html! {
                                <circle r="3" cx={format!("{:.1}", x(k))} cy={format!("{:.1}", y(get(i)))} />
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="legend">
                { for series.iter().map(|(class, key, _)| html! {
                    <span class={classes!("key", *class)}>
                        <svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" /></svg>
                        { i18n.t(key) }
                    </span>
                }) }
            </figcaption>
        </figure>
    }
}

#[component]
pub fn DeskPage() -> Html {
    let i18n = use_i18n();
    let share = use_state(|| DEFAULT_TRAINED_SHARE);
    let share_text = use_state(|| DEFAULT_TRAINED_SHARE.to_string());
    let share_error = use_state(|| false);
    let loaded = use_state(|| None::<Result<(DeskReport, DeskReport), ApiError>>);

    {
        let loaded = loaded.clone();
        use_effect_with(*share, move |share| {
            let share = *share;
            wasm_bindgen_futures::spawn_local(async move {
                let result = async {
                    let by_place = api::desk_report(ReportBy::Municipality, share).await?;
                    let by_month = api::desk_report(ReportBy::Month, share).await?;
                    Ok((by_place, by_month))
                }
                .await;
                loaded.set(Some(result));
            });
        });
    }
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

    let body: Html = match &*loaded as &Loaded {
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
            <div class="field">
                <label for="desk-share">{ i18n.t("desk.share") }</label>
                <input id="desk-share" type="number" min="1" max="100" step="1" value={(*share_text).clone()}
                    aria-describedby="desk-share-hint" aria-invalid={share_error.then_some("true")} oninput={on_share} />
                <p id="desk-share-hint" class={classes!(if *share_error { "error" } else { "note" })}>
                    { i18n.t(if *share_error { "error.share_range" } else { "desk.share_hint" }) }
                </p>
            </div>
            { body }
        </section>
    }
}
