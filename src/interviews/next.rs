//! Which question of a session the candidate answers next: the one whose clock runs, else the
//! first unanswered one in the session's numbering ([`super::numbering`]). A follow-up is listed
//! under the question it follows, so one pushed while the candidate answers comes right after
//! the current question, before the prepared questions still to come. Pure.

use crate::db::states::ItemState;

use super::numbering::number;

/// How far an item of the session's interview is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Pending,
    Running,
    Done,
}

impl Progress {
    /// From an item's state: pending, active (running), else (submitted, timed out) done.
    pub fn of_state(state: ItemState) -> Progress {
        match state {
            ItemState::Pending => Progress::Pending,
            ItemState::Active => Progress::Running,
            ItemState::Submitted | ItemState::TimedOut => Progress::Done,
        }
    }
}

/// The position of the item to answer now, given the session's questions as
/// `(position, followup_of)` and its items as `(position, progress)`. `None` when everything is
/// answered. An item without a session question (none should exist) comes after the numbered
/// ones, by position.
pub fn next_position(questions: &[(i32, Option<i32>)], items: &[(i32, Progress)]) -> Option<i32> {
    if let Some((position, _)) = items.iter().find(|(_, p)| *p == Progress::Running) {
        return Some(*position);
    }
    let pending = |position: i32| {
        items
            .iter()
            .any(|(p, progress)| *p == position && *progress == Progress::Pending)
    };
    let numbered = number(questions);
    numbered
        .iter()
        .map(|n| n.position)
        .find(|p| pending(*p))
        .or_else(|| {
            items
                .iter()
                .filter(|(p, progress)| {
                    *progress == Progress::Pending && !numbered.iter().any(|n| n.position == *p)
                })
                .map(|(p, _)| *p)
                .min()
        })
}

#[cfg(test)]
mod tests {
    use super::Progress::{Done, Pending, Running};
    use super::*;

    const THREE: [(i32, Option<i32>); 3] = [(0, None), (1, None), (2, None)];

    #[test]
    fn prepared_questions_go_in_order() {
        assert_eq!(
            next_position(&THREE, &[(0, Pending), (1, Pending), (2, Pending)]),
            Some(0)
        );
        assert_eq!(
            next_position(&THREE, &[(0, Done), (1, Pending), (2, Pending)]),
            Some(1)
        );
        assert_eq!(
            next_position(&THREE, &[(0, Done), (1, Done), (2, Done)]),
            None
        );
    }

    #[test]
    fn the_running_question_stays_current_when_a_follow_up_arrives() {
        // answering question 2 (position 1) when a follow-up to question 1 is pushed
        let questions = [(0, None), (1, None), (2, None), (3, Some(0))];
        let items = [(0, Done), (1, Running), (2, Pending), (3, Pending)];
        assert_eq!(next_position(&questions, &items), Some(1));
    }

    #[test]
    fn a_pushed_follow_up_comes_before_the_remaining_questions() {
        // follow-up to question 2 pushed while question 2 ran; question 2 is now answered
        let questions = [(0, None), (1, None), (2, None), (3, Some(1))];
        let items = [(0, Done), (1, Done), (2, Pending), (3, Pending)];
        assert_eq!(next_position(&questions, &items), Some(3));
        // a follow-up to an earlier question also comes before question 3
        let questions = [(0, None), (1, None), (2, None), (3, Some(0))];
        assert_eq!(next_position(&questions, &items), Some(3));
        // once it is answered, question 3 follows
        let items = [(0, Done), (1, Done), (2, Pending), (3, Done)];
        assert_eq!(next_position(&questions, &items), Some(2));
    }

    #[test]
    fn a_follow_up_of_a_later_question_waits_for_it() {
        let questions = [(0, None), (1, None), (2, None), (3, Some(2))];
        let items = [(0, Done), (1, Pending), (2, Pending), (3, Pending)];
        assert_eq!(next_position(&questions, &items), Some(1));
    }

    #[test]
    fn stored_states_map_to_progress() {
        assert_eq!(Progress::of_state(ItemState::Pending), Pending);
        assert_eq!(Progress::of_state(ItemState::Active), Running);
        assert_eq!(Progress::of_state(ItemState::Submitted), Done);
        assert_eq!(Progress::of_state(ItemState::TimedOut), Done);
    }

    #[test]
    fn items_without_a_question_come_last() {
        let items = [(0, Done), (1, Done), (2, Done), (7, Pending), (5, Pending)];
        assert_eq!(next_position(&THREE, &items), Some(5));
        assert_eq!(next_position(&[], &[(4, Pending)]), Some(4));
        assert_eq!(next_position(&[], &[]), None);
    }
}
