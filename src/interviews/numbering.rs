//! One numbering of a session's questions, used by every page and export: the prepared
//! questions are 1, 2, 3 in their order; a follow-up pushed during the session is numbered under
//! the question it follows (`2.1`, `2.2`, a follow-up of that `2.1.1`) and listed right after it,
//! whenever it was pushed. Pure.

/// A question's number and where it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    /// The question's stored position in the session.
    pub position: i32,
    /// `"2"`, or `"2.1"` for the first follow-up of question 2.
    pub number: String,
    /// The number of the question it follows, for a follow-up.
    pub follows: Option<String>,
}

/// Numbers `questions`, given as `(position, followup_of)`, and returns them in listing order:
/// each question followed by its follow-ups in the order they were pushed (by position). A
/// follow-up whose parent is missing is numbered as a question of its own.
pub fn number(questions: &[(i32, Option<i32>)]) -> Vec<Numbered> {
    let mut sorted: Vec<(i32, Option<i32>)> = questions.to_vec();
    sorted.sort_by_key(|(position, _)| *position);
    let present = |p: i32| sorted.iter().any(|(q, _)| *q == p);
    let is_root = |&(position, of): &(i32, Option<i32>)| match of {
        // a follow-up of itself or of a later question cannot be placed under it
        Some(parent) => !present(parent) || parent >= position,
        None => true,
    };
    let mut out = Vec::with_capacity(sorted.len());
    let roots: Vec<i32> = sorted
        .iter()
        .filter(|q| is_root(q))
        .map(|(p, _)| *p)
        .collect();
    for (i, root) in roots.iter().enumerate() {
        push_with_followups(
            &sorted,
            &is_root,
            *root,
            (i + 1).to_string(),
            None,
            &mut out,
        );
    }
    out
}

fn push_with_followups(
    all: &[(i32, Option<i32>)],
    is_root: &impl Fn(&(i32, Option<i32>)) -> bool,
    position: i32,
    number: String,
    follows: Option<String>,
    out: &mut Vec<Numbered>,
) {
    out.push(Numbered {
        position,
        number: number.clone(),
        follows,
    });
    let children = all
        .iter()
        .filter(|q| q.1 == Some(position) && !is_root(q))
        .map(|(p, _)| *p);
    for (k, child) in children.enumerate() {
        push_with_followups(
            all,
            is_root,
            child,
            format!("{number}.{}", k + 1),
            Some(number.clone()),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(questions: &[(i32, Option<i32>)]) -> Vec<(i32, String, Option<String>)> {
        number(questions)
            .into_iter()
            .map(|n| (n.position, n.number, n.follows))
            .collect()
    }

    #[test]
    fn prepared_questions_count_from_one() {
        assert_eq!(
            labels(&[(0, None), (1, None), (2, None)]),
            vec![
                (0, "1".into(), None),
                (1, "2".into(), None),
                (2, "3".into(), None)
            ]
        );
    }

    #[test]
    fn follow_ups_are_listed_under_their_parent_in_push_order() {
        // 3 questions; follow-ups pushed to question 1 (pos 3), question 2 (pos 4), question 1
        // again (pos 5), and to the first follow-up (pos 6).
        let got = labels(&[
            (0, None),
            (1, None),
            (2, None),
            (3, Some(0)),
            (4, Some(1)),
            (5, Some(0)),
            (6, Some(3)),
        ]);
        assert_eq!(
            got,
            vec![
                (0, "1".into(), None),
                (3, "1.1".into(), Some("1".into())),
                (6, "1.1.1".into(), Some("1.1".into())),
                (5, "1.2".into(), Some("1".into())),
                (1, "2".into(), None),
                (4, "2.1".into(), Some("2".into())),
                (2, "3".into(), None),
            ]
        );
    }

    #[test]
    fn a_follow_up_without_its_parent_stands_alone() {
        assert_eq!(
            labels(&[(0, None), (4, Some(2)), (5, Some(5))]),
            vec![
                (0, "1".into(), None),
                (4, "2".into(), None),
                (5, "3".into(), None)
            ]
        );
        assert!(number(&[]).is_empty());
    }

    #[test]
    fn input_order_does_not_matter() {
        assert_eq!(
            labels(&[(3, Some(0)), (1, None), (0, None)]),
            labels(&[(0, None), (1, None), (3, Some(0))])
        );
    }
}
