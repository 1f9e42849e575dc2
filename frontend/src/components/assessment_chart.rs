//! A person's scores on one instrument as a small SVG chart (#16): the scale of the instrument on the vertical axis,
//! the band limits as light lines, each scored assessment a point in date order, the baseline marked. Drawn with
//! SVG attributes only (no inline styles: the content security policy forbids them). The table beside it carries
//! the same figures for screen readers.

use reintegra_core::assessments::Instrument;
use reintegra_core::date::format_user;
use reintegra_core::wire::assessments::AssessmentRow;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    pub label: AttrValue,
    pub definition: Instrument,
    pub rows: Vec<AssessmentRow>,
}

#[component]
pub fn AssessmentChart(props: &Props) -> Html {
    let (w, h, left, bottom, top, right) = (420.0_f64, 160.0_f64, 34.0_f64, 24.0_f64, 10.0_f64, 16.0_f64);
    let (lo, hi) = props.definition.range();
    let span = (hi - lo).max(1) as f64;
    let scored: Vec<(&AssessmentRow, i64)> = props.rows.iter().filter_map(|r| r.score.map(|s| (r, s))).collect();
    let n = scored.len();
    let x = |k: usize| {
        left + if n <= 1 { (w - left - right) / 2.0 } else { k as f64 * (w - left - right) / (n - 1) as f64 }
    };
    let y = |v: i64| top + (h - top - bottom) * (1.0 - (v - lo) as f64 / span);
    let points: Vec<String> =
        scored.iter().enumerate().map(|(k, (_, s))| format!("{:.1},{:.1}", x(k), y(*s))).collect();
    html! {
        <figure class="assessment-chart">
            <svg id={props.id.clone()} role="img" aria-label={props.label.clone()} viewBox={format!("0 0 {w} {h}")}
                width="100%" height="160" preserveAspectRatio="xMidYMid meet">
                <title>{ props.label.clone() }</title>
                <line class="axis" x1={left.to_string()} y1={y(lo).to_string()} x2={(w - right).to_string()} y2={y(lo).to_string()} />
                // The band limits: where each band above the lowest starts.
                { for props.definition.bands.iter().filter(|b| b.min > lo).map(|b| html! {
                    <line class="grid" x1={left.to_string()} y1={format!("{:.1}", y(b.min))} x2={(w - right).to_string()}
                        y2={format!("{:.1}", y(b.min))} />
                }) }
                <text class="tick" x={(left - 4.0).to_string()} y={(y(hi) + 4.0).to_string()} text-anchor="end">{ hi }</text>
                <text class="tick" x={(left - 4.0).to_string()} y={(y(lo) + 4.0).to_string()} text-anchor="end">{ lo }</text>
                <g class="series-score">
                    if n > 1 { <polyline fill="none" stroke-width="2" points={points.join(" ")} /> }
                    { for scored.iter().enumerate().map(|(k, (r, s))| html! {
                        <circle r={if r.baseline { "5" } else { "3.5" }} cx={format!("{:.1}", x(k))} cy={format!("{:.1}", y(*s))}
                            class={classes!(r.baseline.then_some("baseline"))} />
                    }) }
                </g>
                { for scored.iter().enumerate().map(|(k, (r, s))| html! { <>
                    <text class="tick" x={format!("{:.1}", x(k))} y={(h - 6.0).to_string()} text-anchor="middle">
                        { format_user(r.date) }
                    </text>
                    <text class="value" x={format!("{:.1}", x(k))} y={format!("{:.1}", y(*s) - 8.0)} text-anchor="middle">{ s }</text>
                </> }) }
            </svg>
        </figure>
    }
}
