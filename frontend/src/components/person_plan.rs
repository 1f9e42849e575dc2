//! "Plan de caso" on a person's page: each plan's goals, each open one marked achieved or dropped (or opened again),
//! one more goal added to a plan, and a new plan with its goals typed one per line.

use reintegra_core::programme::typed_lines;
use reintegra_core::wire::programme::{AddGoalArgs, CasePlanArgs, CasePlanItem, GoalStatusArgs, PersonProgramme};
use yew::prelude::*;

use super::programme_parts::{Refusal, input, refusal_line, send};
use crate::api::programme as api;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub programme: PersonProgramme,
    pub on_saved: Callback<()>,
}

#[component]
pub fn PersonPlan(props: &Props) -> Html {
    let i18n = use_i18n();
    let p = &props.programme;
    let goals = use_state(String::new);
    let refusal = use_state(|| None);
    let add_plan = {
        let (goals, refusal, done, person) = (goals.clone(), refusal.clone(), props.on_saved.clone(), p.person_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = CasePlanArgs { person, goals: typed_lines(&goals) };
            let g = goals.clone();
            send(api::add_case_plan(args), refusal.clone(), done.reform(move |_| g.set(String::new())));
        })
    };
    let oninput = {
        let goals = goals.clone();
        Callback::from(move |e: InputEvent| {
            goals.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        })
    };
    html! {
        <section aria-labelledby="plan-title" class="card spaced-card">
            <h3 id="plan-title">{ i18n.t("programme.plan") }</h3>
            if p.plans.is_empty() {
                <p id="plan-empty">{ i18n.t("programme.plan_empty") }</p>
            }
            { for p.plans.iter().enumerate().map(|(i, plan)| html! {
                <Plan key={plan.id.to_string()} index={i} plan={plan.clone()} on_saved={props.on_saved.clone()} />
            }) }
            <form id="plan-new" onsubmit={add_plan}>
                <div class="field">
                    <label for="plan-new-goals">{ i18n.t("programme.new_plan_goals") }</label>
                    <textarea id="plan-new-goals" rows="3" value={(*goals).clone()} {oninput} />
                </div>
                <button id="plan-new-save" type="submit">{ i18n.t("programme.new_plan") }</button>
            </form>
            { refusal_line("plan-new-error", &refusal, &i18n) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanProps {
    index: usize,
    plan: CasePlanItem,
    on_saved: Callback<()>,
}

/// A goal's status sent, its refusal kept for the plan.
fn set_status(
    plan: uuid::Uuid,
    index: usize,
    status: &'static str,
    refusal: &Refusal,
    done: &Callback<()>,
) -> Callback<MouseEvent> {
    let (refusal, done) = (refusal.clone(), done.clone());
    Callback::from(move |_| {
        let args = GoalStatusArgs { plan, index, status: status.to_owned() };
        send(api::set_goal_status(args), refusal.clone(), done.clone());
    })
}

#[component]
fn Plan(props: &PlanProps) -> Html {
    let i18n = use_i18n();
    let (n, plan) = (props.index, &props.plan);
    let text = use_state(String::new);
    let refusal = use_state(|| None);
    let add = {
        let (text, refusal, done, id) = (text.clone(), refusal.clone(), props.on_saved.clone(), plan.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = text.clone();
            let args = AddGoalArgs { plan: id, text: (*text).clone() };
            send(api::add_goal(args), refusal.clone(), done.reform(move |_| t.set(String::new())));
        })
    };
    let title = i18n.tr("programme.plan_n", &[("n", &(n + 1).to_string())]);
    html! {
        <div class="plan" id={format!("plan-{n}")} data-id={plan.id.to_string()}>
            <h4>{ title }</h4>
            <ol id={format!("plan-{n}-goals")} class="goals">
            { for plan.goals.iter().enumerate().map(|(j, g)| {
                let id = |what: &str| format!("plan-{n}-goal-{j}-{what}");
                let button = |what: &'static str, status: &'static str, key: &str| html! {
                    <button id={id(what)} type="button" class="small" aria-label={format!("{}: {}", i18n.t(key), g.text)}
                        onclick={set_status(plan.id, j, status, &refusal, &props.on_saved)}>{ i18n.t(key) }</button>
                };
                html! {
                    <li id={format!("plan-{n}-goal-{j}")} data-status={g.status.clone()}>
                        <span class="goal-text">{ g.text.clone() }</span>
                        { " · " }<span class={classes!("badge", format!("goal-{}", g.status))}>{ i18n.t(&format!("goal_status.{}", g.status)) }</span>
                        if g.status == "open" {
                            { button("achieved", "achieved", "programme.goal_achieved") }
                            { button("dropped", "dropped", "programme.goal_dropped") }
                        } else {
                            { button("reopen", "open", "programme.goal_reopen") }
                        }
                    </li>
                }
            }) }
            </ol>
            <form class="inline-form" onsubmit={add}>
                <div class="field">
                    <label for={format!("plan-{n}-new-goal")}>{ i18n.t("programme.new_goal") }</label>
                    <input id={format!("plan-{n}-new-goal")} type="text" autocomplete="off" value={(*text).clone()} oninput={input(&text)} />
                </div>
                <button id={format!("plan-{n}-add-goal")} type="submit">{ i18n.t("programme.add_goal") }</button>
            </form>
            { refusal_line(&format!("plan-{n}-error"), &refusal, &i18n) }
        </div>
    }
}
