//! Agreement statistics between grader scores and human scores: Pearson, Spearman, mean absolute
//! error and pairwise ordering agreement.

/// Pearson correlation; 0 when either side has no variance.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx.sqrt() * syy.sqrt())
    }
}

/// Average ranks (ties share the mean rank), 1-based.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation (Pearson of average ranks).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Mean absolute error.
pub fn mae(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n == 0 {
        return 0.0;
    }
    x.iter().zip(y).map(|(a, b)| (a - b).abs()).sum::<f64>() / n as f64
}

/// Share of same-group pairs with different human scores that the grader orders the same way
/// (grader ties count half). Returns (share, pairs considered).
pub fn pair_agreement(groups: &[usize], grader: &[f64], human: &[f64]) -> (f64, usize) {
    let mut agree = 0.0;
    let mut total = 0usize;
    for i in 0..groups.len() {
        for j in i + 1..groups.len() {
            if groups[i] != groups[j] || human[i] == human[j] {
                continue;
            }
            total += 1;
            let h = human[i] - human[j];
            let g = grader[i] - grader[j];
            if g == 0.0 {
                agree += 0.5;
            } else if (g > 0.0) == (h > 0.0) {
                agree += 1.0;
            }
        }
    }
    (
        if total == 0 {
            0.0
        } else {
            agree / total as f64
        },
        total,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson(&x, &[2.0, 4.0, 6.0, 8.0]) - 1.0).abs() < 1e-9);
        assert!((pearson(&x, &[8.0, 6.0, 4.0, 2.0]) + 1.0).abs() < 1e-9);
        assert!((spearman(&x, &[1.0, 10.0, 100.0, 1000.0]) - 1.0).abs() < 1e-9);
        assert_eq!(pearson(&x, &[1.0, 1.0, 1.0, 1.0]), 0.0);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
    }

    #[test]
    fn mae_and_pairs() {
        assert!((mae(&[1.0, 2.0], &[2.0, 4.0]) - 1.5).abs() < 1e-9);
        let (share, n) =
            pair_agreement(&[0, 0, 0, 1], &[1.0, 2.0, 2.0, 9.0], &[1.0, 2.0, 3.0, 0.0]);
        assert_eq!(n, 3);
        assert!((share - 2.5 / 3.0).abs() < 1e-9);
    }
}
