//! Glicko-2 (Mark Glickman, "Example of the Glicko-2 system", 2013), with fractional results.
//!
//! Pure arithmetic on the Glicko scale (ratings around 1500, deviations up to 350). A result is a
//! number from 0 (loss) to 1 (win); Whetstone passes a graded answer's score / 10, so a partial
//! answer is a partial win. [`update`] rates one player after one rating period against any
//! number of opponents, following the paper's steps 1-8; the paper's worked example is a test.

/// The Glicko-2 scale factor between the Glicko scale and the internal one (400 / ln 10).
const SCALE: f64 = 173.7178;
/// Convergence tolerance of the volatility iteration (the paper's epsilon).
const EPSILON: f64 = 0.000_001;

/// A player's (or question's) rating on the Glicko scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rating {
    pub rating: f64,
    pub deviation: f64,
    pub volatility: f64,
}

/// One game of a rating period: the opponent as rated before the period, and the result
/// from 0.0 (loss) to 1.0 (win), clamped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Game {
    pub opponent: Rating,
    pub result: f64,
}

/// Glickman's g(phi): how much an opponent's uncertainty damps a game's weight.
fn g(phi: f64) -> f64 {
    1.0 / (1.0 + 3.0 * phi * phi / (std::f64::consts::PI * std::f64::consts::PI)).sqrt()
}

/// Expected result of `mu` against `mu_j` with deviation `phi_j` (internal scale).
fn expected(mu: f64, mu_j: f64, phi_j: f64) -> f64 {
    1.0 / (1.0 + (-g(phi_j) * (mu - mu_j)).exp())
}

/// The expected result (0-1) of `player` against `opponent`, as Glicko-2 predicts it.
pub fn expected_result(player: Rating, opponent: Rating) -> f64 {
    expected(
        (player.rating - 1500.0) / SCALE,
        (opponent.rating - 1500.0) / SCALE,
        opponent.deviation / SCALE,
    )
}

/// Rates `player` after one rating period of `games` with system constant `tau` (the paper
/// suggests 0.3-1.2; smaller means volatility changes less). With no games only the deviation
/// grows (step 6 alone).
pub fn update(player: Rating, games: &[Game], tau: f64) -> Rating {
    // Step 2: to the Glicko-2 scale.
    let mu = (player.rating - 1500.0) / SCALE;
    let phi = player.deviation / SCALE;
    let sigma = player.volatility;
    if games.is_empty() {
        return Rating {
            deviation: (phi * phi + sigma * sigma).sqrt() * SCALE,
            ..player
        };
    }
    // Steps 3 and 4: estimated variance v and improvement delta.
    let mut v_inv = 0.0;
    let mut sum = 0.0;
    for game in games {
        let mu_j = (game.opponent.rating - 1500.0) / SCALE;
        let phi_j = game.opponent.deviation / SCALE;
        let e = expected(mu, mu_j, phi_j);
        let gj = g(phi_j);
        v_inv += gj * gj * e * (1.0 - e);
        sum += gj * (game.result.clamp(0.0, 1.0) - e);
    }
    let v = 1.0 / v_inv;
    let delta = v * sum;
    // Step 5: the new volatility (Illinois algorithm).
    let sigma_new = new_volatility(phi, sigma, v, delta, tau);
    // Steps 6 and 7: new deviation and rating.
    let phi_star = (phi * phi + sigma_new * sigma_new).sqrt();
    let phi_new = 1.0 / (1.0 / (phi_star * phi_star) + 1.0 / v).sqrt();
    let mu_new = mu + phi_new * phi_new * sum;
    // Step 8: back to the Glicko scale.
    Rating {
        rating: mu_new * SCALE + 1500.0,
        deviation: phi_new * SCALE,
        volatility: sigma_new,
    }
}

/// Step 5 of the paper: the volatility sigma' solving f(x) = 0 by the Illinois algorithm.
fn new_volatility(phi: f64, sigma: f64, v: f64, delta: f64, tau: f64) -> f64 {
    let a = (sigma * sigma).ln();
    let phi2 = phi * phi;
    let f = |x: f64| {
        let ex = x.exp();
        ex * (delta * delta - phi2 - v - ex) / (2.0 * (phi2 + v + ex).powi(2))
            - (x - a) / (tau * tau)
    };
    let mut big_a = a;
    let mut big_b = if delta * delta > phi2 + v {
        (delta * delta - phi2 - v).ln()
    } else {
        let mut k = 1.0;
        while f(a - k * tau) < 0.0 {
            k += 1.0;
        }
        a - k * tau
    };
    let mut f_a = f(big_a);
    let mut f_b = f(big_b);
    // The iteration converges in a handful of steps; the bound only guards against NaN input.
    for _ in 0..100 {
        if (big_b - big_a).abs() <= EPSILON {
            break;
        }
        let c = big_a + (big_a - big_b) * f_a / (f_b - f_a);
        let f_c = f(c);
        if f_c * f_b <= 0.0 {
            big_a = big_b;
            f_a = f_b;
        } else {
            f_a /= 2.0;
        }
        big_b = c;
        f_b = f_c;
    }
    (big_a / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(rating: f64, deviation: f64) -> Rating {
        Rating {
            rating,
            deviation,
            volatility: 0.06,
        }
    }

    /// The worked example of Glickman's "Example of the Glicko-2 system": a 1500/200/0.06 player
    /// beats a 1400/30 player and loses to 1550/100 and 1700/300 players, tau = 0.5.
    #[test]
    fn the_papers_worked_example() {
        let games = [
            Game {
                opponent: r(1400.0, 30.0),
                result: 1.0,
            },
            Game {
                opponent: r(1550.0, 100.0),
                result: 0.0,
            },
            Game {
                opponent: r(1700.0, 300.0),
                result: 0.0,
            },
        ];
        let after = update(r(1500.0, 200.0), &games, 0.5);
        assert!((after.rating - 1464.06).abs() < 0.01, "{after:?}");
        assert!((after.deviation - 151.52).abs() < 0.01, "{after:?}");
        assert!((after.volatility - 0.05999).abs() < 0.00001, "{after:?}");
    }

    #[test]
    fn a_period_without_games_only_widens_the_deviation() {
        let before = r(1600.0, 100.0);
        let after = update(before, &[], 0.5);
        assert_eq!(after.rating, 1600.0);
        assert!(
            after.deviation > 100.0 && after.deviation < 101.0,
            "{after:?}"
        );
    }

    #[test]
    fn fractional_results_move_between_a_loss_and_a_win() {
        let p = r(1500.0, 200.0);
        let q = r(1500.0, 100.0);
        let at = |s: f64| {
            update(
                p,
                &[Game {
                    opponent: q,
                    result: s,
                }],
                0.5,
            )
            .rating
        };
        assert!(at(0.0) < at(0.3));
        assert!(at(0.3) < at(0.5));
        // an even result against an equal opponent leaves the rating where it was
        assert!((at(0.5) - 1500.0).abs() < 1e-9);
        assert!(at(0.5) < at(0.8) && at(0.8) < at(1.0));
        // results outside 0-1 are clamped
        assert_eq!(at(1.7), at(1.0));
    }

    #[test]
    fn expected_result_favours_the_higher_rating() {
        let strong = r(1800.0, 50.0);
        let weak = r(1400.0, 50.0);
        let e = expected_result(strong, weak);
        assert!(e > 0.85 && e < 0.95, "{e}");
        assert!((expected_result(weak, strong) + e - 1.0).abs() < 0.01);
    }
}
