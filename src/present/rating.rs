//! A question's rating in plain words. The number (800 to 2000, an ordinary question 1400; see
//! `corpus::difficulty`) means nothing to a reader on its own, so pages show it with what it says.

/// Where a rating sits, as a reader would say it.
fn band(rating: i32) -> &'static str {
    match rating {
        ..1100 => "one of the easiest in the bank",
        1100..1400 => "easier than most",
        1400..1550 => "about average",
        1550..1800 => "harder than most",
        _ => "one of the hardest in the bank",
    }
}

/// `Rating 1450, about average: ratings run from 800 (easiest) to 2000 (hardest), ...`.
pub fn rating_in_words(rating: i32) -> String {
    format!(
        "Rating {rating}, {}: ratings run from 800 (easiest) to 2000 (hardest) and an ordinary \
         question is 1400. It is estimated from how the question is asked and how long and \
         specialised its reference answers are.",
        band(rating)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_difficulty_classes() {
        assert_eq!(band(800), "one of the easiest in the bank");
        assert_eq!(band(1399), "easier than most");
        assert_eq!(band(1400), "about average");
        assert_eq!(band(1549), "about average");
        assert_eq!(band(1550), "harder than most");
        assert_eq!(band(2000), "one of the hardest in the bank");
        let words = rating_in_words(1450);
        assert!(words.starts_with("Rating 1450, about average:"), "{words}");
        assert!(words.contains("800 (easiest) to 2000 (hardest)"));
    }
}
