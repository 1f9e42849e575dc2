//! The supervisor's desk's figures: a target as a progress bar with its figures in words, the figures of each group
//! as a table, and a monthly trend drawn as inline SVG.

use std::collections::BTreeMap;

use reintegra_core::indicators::{Figure, Indicators};
use reintegra_core::month::Month;
use yew::prelude::*;

use crate::i18n::I18n;

/// A series of the trend: its CSS class, its label's key, and how to read it.
type Series = (&'static str, &'static str, fn(&Indicators) -> u64);

/// A target as a progress bar with its figures in words.
pub fn bar(id: &str, label: &str, f: &Figure, i18n: &I18n) -> Html {
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

pub fn month_name(key: &str, i18n: &I18n) -> String {
    Month::parse(key).map(|m| i18n.month(m)).unwrap_or_else(|| key.to_owned())
}

/// The figures of each group as a table; `first` names the group column.
pub fn table(
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
pub fn trend(months: &BTreeMap<String, Indicators>, i18n: &I18n) -> Html {
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
