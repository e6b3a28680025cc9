//! Tests of the verdicts on claims of one-line references (extracted on the fly).

use crate::grader::{Flag, Grader, Verdict};
use crate::rubric::{Lexicon, extract};

/// Verdicts and flags of `answer` against the rubric extracted from a one-line reference.
fn judge(question: &str, reference: &str, answer: &str) -> (Vec<Verdict>, Vec<Flag>, f32) {
    let lexicon = Lexicon::builtin();
    let rubric = extract::from_reference(question, reference, &lexicon);
    let j = Grader::new(lexicon).grade(&rubric, answer);
    (
        j.criteria.iter().map(|c| c.verdict).collect(),
        j.flags,
        j.score,
    )
}

#[test]
fn a_one_line_claim_in_other_words_is_met_and_half_of_it_partial() {
    let q = "What is the main difference between a while and a do...while statement?";
    let reference = "The block inside a do...while statement will execute at least once.";
    // before: fragments "Block inside", "Execute", "Least once" of which this met one
    let (v, _, score) = judge(
        q,
        reference,
        "A do while loop always executes its block of code at least once, even when the \
         condition is false.",
    );
    assert_eq!(v, [Verdict::Met]);
    assert!(score >= 7.0, "{score}");
    let (v, _, _) = judge(q, reference, "The do while loop executes the code first.");
    assert_eq!(v, [Verdict::Partial]);
    // a list of two: both met, one partial
    let q = "What are the main advantages associated with object-oriented programming?";
    let (v, _, _) = judge(
        q,
        "Abstraction and reusability.",
        "Reusability and abstraction.",
    );
    assert_eq!(v, [Verdict::Met]);
    let (v, _, _) = judge(q, "Abstraction and reusability.", "Data abstraction.");
    assert_eq!(v, [Verdict::Partial]);
}

#[test]
fn a_negative_claim_is_met_by_its_negation_and_a_denied_claim_is_not_met() {
    let (v, _, _) = judge(
        "What is a leaf?",
        "A node that has no children.",
        "A leaf is a node with no children.",
    );
    assert_eq!(v, [Verdict::Met]);
    let q = "What is the main difference between a while and a do...while statement?";
    let reference = "The block inside a do...while statement will execute at least once.";
    let (v, _, _) = judge(
        q,
        reference,
        "A do while block does not execute at least once; it may never run.",
    );
    assert_ne!(v, [Verdict::Met]);
}

#[test]
fn repeating_the_question_meets_no_claim_and_restating_it_with_the_answer_is_no_copy() {
    let q = "What is the experimental approach for measuring the running time of an algorithm?";
    let (v, _, _) = judge(
        q,
        "Implement the algorithm and measure the physical running time.",
        "The experimental approach measures the running time of an algorithm.",
    );
    assert_eq!(v, [Verdict::Missed]);
    // before: flagged "copied question" and capped at 0.5
    let (v, flags, score) = judge(
        "How are arrays passed to functions?",
        "By reference.",
        "Arrays are passed to functions by reference.",
    );
    assert_eq!(v, [Verdict::Met]);
    assert!(!flags.contains(&Flag::CopiedQuestion), "{flags:?}");
    assert!(score >= 7.0, "{score}");
    let (_, flags, score) = judge(
        "How are arrays passed to functions?",
        "By reference.",
        "How are arrays passed to functions?",
    );
    assert!(flags.contains(&Flag::CopiedQuestion), "{flags:?}");
    assert!(score <= 0.5);
}
