//! The end of an assessment form (#16): how many items were answered and refused, the score on its scale and its
//! band in words, or why there is no score (more items missing than the instrument allows). Follows the answers.

use reintegra_core::assessments::{Instrument, Scored};
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub instrument: Instrument,
    pub scored: Scored,
    /// Items the person preferred not to answer (the rest of the missing ones are unanswered).
    pub refused: usize,
}

#[component]
pub fn AssessmentResult(props: &Props) -> Html {
    let i18n = use_i18n();
    let (def, s) = (&props.instrument, &props.scored);
    let items = def.items.len();
    let (min, max) = def.range();
    let band = def.band(&s.band).map(|b| b.label.get(i18n.lang).to_owned());
    html! {
        <section id="a-result" class="result" aria-labelledby="a-result-title" aria-live="polite"
            data-score={s.score.map(|n| n.to_string()).unwrap_or_default()} data-band={s.band.clone()}>
            <h3 id="a-result-title">{ i18n.t("assessment.result") }</h3>
            <p id="a-answered">{ i18n.tr("assessment.answered", &[("answered", &s.answered.to_string()),
                ("items", &items.to_string()), ("refused", &props.refused.to_string())]) }</p>
            { match (s.score, band) {
                (Some(score), Some(band)) => html! { <>
                    <p id="a-score" class="score">{ i18n.tr("assessment.score", &[("score", &score.to_string()),
                        ("min", &min.to_string()), ("max", &max.to_string())]) }</p>
                    <p id="a-band" class="band">{ i18n.tr("assessment.band", &[("band", &band)]) }</p>
                </> },
                _ => html! {
                    <p id="a-incomplete">{ i18n.tr("assessment.incomplete",
                        &[("allowed", &def.scoring.max_missing.to_string())]) }</p>
                },
            } }
        </section>
    }
}
