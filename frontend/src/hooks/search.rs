//! `use_person_search`: the people search as the person types (accent-insensitive, by name, DUI or phone), used by
//! the list of people, the home screen, a community initiative and a session's roster. Answers can come back out of
//! order while the person types: each query has a number, and an answer to any but the latest is ignored. One query
//! is on its way at a time; the keys typed meanwhile are asked as one, the latest, when its answer arrives.

use std::rc::Rc;

use reintegra_core::wire::{ApiError, PersonPage, PersonQuery};
use yew::prelude::*;

use crate::api;

#[derive(Clone, Debug, PartialEq)]
pub struct SearchState {
    pub text: String,
    pub offset: u32,
    /// The latest query's number: an answer to any other is stale.
    seq: u64,
    /// The answer to the latest query that was answered (kept while the next one is on its way).
    pub result: Option<Result<PersonPage, ApiError>>,
    limit: u32,
    /// Fewer characters than this (trimmed) ask nothing and show nothing; 0 lists everyone.
    min_chars: usize,
}

pub enum SearchAction {
    /// The person typed: a new query from the first page.
    Type(String),
    /// Another page of the same query.
    Page(u32),
    /// The backend's answer to query number `seq`.
    Answer(u64, Result<PersonPage, ApiError>),
    /// Empty again (after a person was picked from the results).
    Clear,
}

impl SearchState {
    pub fn new(limit: u32, min_chars: usize) -> Self {
        SearchState { text: String::new(), offset: 0, seq: 0, result: None, limit, min_chars }
    }

    /// The query to send for the latest text and page, unless the text is too short to ask.
    pub fn query(&self) -> Option<PersonQuery> {
        (self.text.trim().chars().count() >= self.min_chars).then(|| PersonQuery {
            text: self.text.clone(),
            offset: self.offset,
            limit: self.limit,
        })
    }

    /// The latest query's number.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The people found, when the latest answer came back well.
    pub fn found(&self) -> Option<&PersonPage> {
        self.result.as_ref().and_then(|r| r.as_ref().ok())
    }
}

impl Reducible for SearchState {
    type Action = SearchAction;

    fn reduce(self: Rc<Self>, action: SearchAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SearchAction::Type(text) => {
                next.text = text;
                next.offset = 0;
                next.seq += 1;
            }
            SearchAction::Page(offset) => {
                next.offset = offset;
                next.seq += 1;
            }
            SearchAction::Clear => {
                next.text.clear();
                next.offset = 0;
                next.seq += 1;
            }
            SearchAction::Answer(seq, _) if seq != self.seq => return self,
            SearchAction::Answer(_, result) => next.result = Some(result),
        }
        if next.query().is_none() {
            next.result = None;
        }
        Rc::new(next)
    }
}

pub struct PersonSearch {
    pub state: UseReducerHandle<SearchState>,
    /// The search box's input.
    pub oninput: Callback<InputEvent>,
}

impl PersonSearch {
    /// What is in the search box.
    pub fn text(&self) -> String {
        self.state.text.clone()
    }
}

/// Searches `limit` people at a time once at least `min_chars` characters are typed (0: everyone, at once).
#[hook]
pub fn use_person_search(limit: u32, min_chars: usize) -> PersonSearch {
    let state = use_reducer(|| SearchState::new(limit, min_chars));
    // One question on its way at a time: keys typed while it is answered replace each other in `next`, and only
    // the latest is asked when the answer comes (the store is not kept busy with queries nobody will see).
    let next = use_mut_ref(|| None::<(u64, PersonQuery)>);
    let asking = use_mut_ref(|| false);
    {
        let (query, dispatcher, next, asking) = (state.query(), state.dispatcher(), next.clone(), asking.clone());
        use_effect_with(state.seq(), move |seq| {
            let Some(query) = query else {
                next.borrow_mut().take();
                return;
            };
            *next.borrow_mut() = Some((*seq, query));
            if *asking.borrow() {
                return;
            }
            *asking.borrow_mut() = true;
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let Some((seq, query)) = next.borrow_mut().take() else { break };
                    dispatcher.dispatch(SearchAction::Answer(seq, api::search_persons(query).await));
                }
                *asking.borrow_mut() = false;
            });
        });
    }
    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            dispatcher.dispatch(SearchAction::Type(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
        })
    };
    PersonSearch { state, oninput }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reintegra_core::wire::PersonPage;

    fn page(total: u32) -> Result<PersonPage, ApiError> {
        Ok(PersonPage { total, ..PersonPage::default() })
    }

    fn run(state: SearchState, actions: Vec<SearchAction>) -> SearchState {
        let mut state = Rc::new(state);
        for a in actions {
            state = state.reduce(a);
        }
        (*state).clone()
    }

    fn total(state: &SearchState) -> Option<u32> {
        state.found().map(|p| p.total)
    }

    #[test]
    fn an_answer_to_an_earlier_query_arriving_after_the_latest_one_is_ignored() {
        let typed = run(SearchState::new(8, 2), vec![SearchAction::Type("ma".into())]);
        let earlier = typed.seq();
        let typed = run(typed, vec![SearchAction::Type("marta".into())]);
        let latest = typed.seq();
        let state = run(typed, vec![SearchAction::Answer(latest, page(1)), SearchAction::Answer(earlier, page(40))]);
        assert_eq!(total(&state), Some(1), "the list for «marta», not for «ma»");
    }

    #[test]
    fn an_earlier_answer_arriving_first_is_not_shown_either() {
        let typed = run(SearchState::new(8, 2), vec![SearchAction::Type("ma".into())]);
        let earlier = typed.seq();
        let typed = run(typed, vec![SearchAction::Type("marta".into())]);
        let latest = typed.seq();
        let state = run(typed, vec![SearchAction::Answer(earlier, page(40))]);
        assert_eq!(total(&state), None);
        assert_eq!(total(&run(state, vec![SearchAction::Answer(latest, page(1))])), Some(1));
    }

    #[test]
    fn too_short_a_text_asks_nothing_and_drops_the_answer_on_its_way() {
        let typed = run(SearchState::new(8, 2), vec![SearchAction::Type("marta".into())]);
        let asked = typed.seq();
        let state = run(typed, vec![SearchAction::Answer(asked, page(1)), SearchAction::Type("m".into())]);
        assert_eq!(state.query(), None);
        assert_eq!(state.result, None, "nothing shown for one letter");
        let state = run(state, vec![SearchAction::Answer(asked, page(1))]);
        assert_eq!(state.result, None, "the answer for «marta» came too late");
    }

    #[test]
    fn the_list_of_everyone_asks_with_no_text_and_pages_from_the_first() {
        let state = SearchState::new(25, 0);
        assert_eq!(state.query(), Some(PersonQuery { text: String::new(), offset: 0, limit: 25 }));
        let state = run(state, vec![SearchAction::Page(50)]);
        assert_eq!(state.query().map(|q| q.offset), Some(50));
        let state = run(state, vec![SearchAction::Type("rosa".into())]);
        assert_eq!(state.query().map(|q| q.offset), Some(0), "a new text starts at the first page");
    }

    #[test]
    fn clearing_empties_the_box_and_the_results() {
        let typed = run(SearchState::new(8, 2), vec![SearchAction::Type("rosa".into())]);
        let asked = typed.seq();
        let state = run(typed, vec![SearchAction::Answer(asked, page(3)), SearchAction::Clear]);
        assert_eq!((state.text.as_str(), state.result.is_none()), ("", true));
    }
}
