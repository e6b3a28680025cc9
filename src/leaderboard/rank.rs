//! Ranks with ties: equal points share a rank, and the next rank skips (1, 1, 3).

/// Ranks of rows sorted by points, highest first. A row's rank is one more than the number of
/// rows with more points, so a prefix of the whole board ranks exactly as the whole board does.
pub fn ranks(points_desc: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(points_desc.len());
    for (i, p) in points_desc.iter().enumerate() {
        let rank = match (i, out.last()) {
            (0, _) | (_, None) => 1,
            (i, Some(&prev)) if points_desc[i - 1] == *p => prev,
            (i, _) => i as i64 + 1,
        };
        out.push(rank);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        assert_eq!(ranks(&[180, 120, 120, 0]), [1, 2, 2, 4]);
        assert_eq!(ranks(&[5, 5, 5]), [1, 1, 1]);
        assert_eq!(ranks(&[9, 8, 7]), [1, 2, 3]);
        assert_eq!(ranks(&[0, 0]), [1, 1]);
        assert!(ranks(&[]).is_empty());
    }
}
