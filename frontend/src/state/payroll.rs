//! The payroll screen's state as a reducer: the month shown (and the text of the month box), what was read for it,
//! the export and approval fields, which confirmation is open and what the last act answered. Plain Rust, tested
//! natively.

use std::rc::Rc;

use reintegra_core::month::Month;
use reintegra_core::views::{PayrollApproval, PayrollView};
use reintegra_core::wire::ApiError;
use yew::Reducible;

/// Which confirmation is open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Confirm {
    Export,
    Approve,
}

/// What an act answered: the sentence to show, or the error.
pub type Outcome = Option<Result<String, ApiError>>;

#[derive(Clone, Debug, PartialEq)]
pub struct PayrollState {
    pub month: Month,
    pub month_text: String,
    /// The translation key of what is wrong with the month typed.
    pub month_error: Option<&'static str>,
    pub view: Option<Result<PayrollView, ApiError>>,
    /// Where the export goes.
    pub path: String,
    pub paid_on: String,
    pub reference: String,
    pub confirm: Option<Confirm>,
    pub busy: bool,
    pub export_result: Outcome,
    pub approve_result: Outcome,
}

pub enum PayrollAction {
    MonthText(String),
    /// Show the month typed.
    Show,
    /// Go this many months back or forward.
    Step(i32),
    /// The month's payroll as read (ignored if another month is shown by then).
    Loaded(Month, Result<PayrollView, ApiError>),
    /// The month's default export path as read (ignored likewise).
    DefaultPath(Month, Result<String, ApiError>),
    Path(String),
    Reference(String),
    Open(Confirm),
    Cancel,
    /// The confirmed act was sent.
    Sent,
    Exported(Result<String, ApiError>),
    Approved(Result<String, ApiError>),
}

impl PayrollState {
    pub fn new(month: Month, paid_on: String) -> Self {
        PayrollState {
            month,
            month_text: month.to_string(),
            month_error: None,
            view: None,
            path: String::new(),
            paid_on,
            reference: format!("PLANILLA-{month}"),
            confirm: None,
            busy: false,
            export_result: None,
            approve_result: None,
        }
    }

    /// Another month: what was read or answered for the one before goes.
    fn go_to(&mut self, month: Month) {
        self.month_error = None;
        self.approve_result = None;
        if month != self.month {
            let (paid_on, path, busy) = (std::mem::take(&mut self.paid_on), std::mem::take(&mut self.path), self.busy);
            // The path stays until the new month's default arrives.
            *self = PayrollState { path, busy, ..PayrollState::new(month, paid_on) };
        }
    }

    /// The approval of what the confirmation showed (refused by the store if the payroll changed since).
    pub fn approval(&self) -> Option<PayrollApproval> {
        let Some(Ok(v)) = &self.view else { return None };
        Some(PayrollApproval {
            month: self.month,
            paid_on: self.paid_on.clone(),
            reference: self.reference.clone(),
            expected_count: v.lines.len(),
            expected_total_usd: v.total_usd,
        })
    }
}

impl Reducible for PayrollState {
    type Action = PayrollAction;

    fn reduce(self: Rc<Self>, action: PayrollAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PayrollAction::MonthText(text) => next.month_text = text,
            PayrollAction::Show => match Month::parse(next.month_text.trim()) {
                Some(m) => next.go_to(m),
                None => next.month_error = Some("error.month_invalid"),
            },
            PayrollAction::Step(n) => next.go_to(self.month.plus(n)),
            PayrollAction::Loaded(m, _) | PayrollAction::DefaultPath(m, _) if m != self.month => return self,
            PayrollAction::Loaded(_, view) => next.view = Some(view),
            PayrollAction::DefaultPath(_, Ok(path)) => next.path = path,
            PayrollAction::DefaultPath(_, Err(e)) => next.export_result = Some(Err(e)),
            PayrollAction::Path(v) => next.path = v,
            PayrollAction::Reference(v) => next.reference = v,
            PayrollAction::Open(what) => {
                next.export_result = None;
                next.approve_result = None;
                next.confirm = Some(what);
            }
            PayrollAction::Cancel => next.confirm = None,
            PayrollAction::Sent => {
                next.confirm = None;
                next.busy = true;
            }
            PayrollAction::Exported(r) => {
                next.export_result = Some(r);
                next.busy = false;
            }
            PayrollAction::Approved(r) => {
                next.approve_result = Some(r);
                next.busy = false;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Month {
        Month::parse(s).expect("a month")
    }

    fn run(state: PayrollState, actions: Vec<PayrollAction>) -> PayrollState {
        let mut state = Rc::new(state);
        for a in actions {
            state = state.reduce(a);
        }
        (*state).clone()
    }

    fn view(m: &str) -> Result<PayrollView, ApiError> {
        Ok(PayrollView {
            month: month(m),
            rules_version: 1,
            lines: Vec::new(),
            total_usd: 0,
            review: Vec::new(),
            paid: 0,
        })
    }

    #[test]
    fn the_payroll_read_for_a_month_no_longer_shown_is_ignored() {
        let state = run(PayrollState::new(month("2024-05"), "01/06/2024".into()), vec![PayrollAction::Step(1)]);
        let state = run(state, vec![PayrollAction::Loaded(month("2024-06"), view("2024-06"))]);
        let state = run(state, vec![PayrollAction::Loaded(month("2024-05"), view("2024-05"))]);
        assert_eq!(state.view.and_then(Result::ok).map(|v| v.month), Some(month("2024-06")));
    }

    #[test]
    fn another_month_starts_afresh_but_keeps_the_payment_date() {
        let state = run(
            PayrollState::new(month("2024-05"), "01/06/2024".into()),
            vec![
                PayrollAction::Loaded(month("2024-05"), view("2024-05")),
                PayrollAction::Open(Confirm::Export),
                PayrollAction::MonthText("2024-03".into()),
                PayrollAction::Show,
            ],
        );
        assert_eq!((state.month, state.month_text.as_str()), (month("2024-03"), "2024-03"));
        assert_eq!((state.view.is_none(), state.confirm), (true, None));
        assert_eq!((state.reference.as_str(), state.paid_on.as_str()), ("PLANILLA-2024-03", "01/06/2024"));
    }

    #[test]
    fn a_month_that_does_not_read_says_so_and_keeps_the_one_shown() {
        let state = run(
            PayrollState::new(month("2024-05"), String::new()),
            vec![PayrollAction::MonthText("mayo".into()), PayrollAction::Show],
        );
        assert_eq!((state.month, state.month_error), (month("2024-05"), Some("error.month_invalid")));
        assert_eq!(run(state, vec![PayrollAction::Step(0)]).month_error, None);
    }

    #[test]
    fn an_approval_is_of_what_the_confirmation_showed() {
        let state = PayrollState::new(month("2024-05"), "03/06/2024".into());
        assert_eq!(state.approval(), None, "nothing to approve before the payroll is read");
        let state = run(state, vec![PayrollAction::Loaded(month("2024-05"), view("2024-05")), PayrollAction::Sent]);
        let approval = state.approval().expect("an approval");
        assert_eq!((approval.reference.as_str(), approval.expected_count), ("PLANILLA-2024-05", 0));
        assert!(state.busy);
        assert!(!run(state, vec![PayrollAction::Approved(Err(ApiError::new("x")))]).busy);
    }
}
