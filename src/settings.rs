//! Checks of numeric settings, one rule per setting, shared by every command's value parser
//! and by the model loader ([`crate::model::TopicModel::from_bytes`]): a setting that one
//! place refuses is refused everywhere.
//!
//! ```
//! use topictag::settings;
//! assert_eq!(settings::probability("--threshold", 0.3), Ok(0.3));
//! assert!(settings::probability("--threshold", f64::NAN).is_err());
//! assert!(settings::floor(5.0).is_err());
//! assert!(settings::topic_names(&["energy".into(), "energy".into()]).is_err());
//! ```

/// A probability (a topic threshold): a number from 0 to 1. `what` names the setting.
pub fn probability(what: &str, p: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{what} must be a number from 0 to 1 (got {p})"))
    }
}

/// The language detector's confidence floor: a number from 0 to 1.
pub fn floor(p: f64) -> Result<f64, String> {
    probability("the confidence floor", p)
}

/// The largest share of items a term may occur in (`--max-df`): more than 0, at most 1.
pub fn max_df(share: f64) -> Result<f64, String> {
    if share > 0.0 && share <= 1.0 {
        Ok(share)
    } else {
        Err(format!(
            "the largest share of items a term may occur in must be more than 0 and at most 1 (got {share})"
        ))
    }
}

/// Longest term, in characters, an analyzer may keep (`max_chars`): at most
/// [`crate::model::MAX_TERM_CHARS`], since the analyzer multiplies it by 4 for a byte bound.
pub fn max_term_chars(chars: usize) -> Result<usize, String> {
    let most = crate::model::MAX_TERM_CHARS;
    if chars <= most {
        Ok(chars)
    } else {
        Err(format!(
            "analyzer keeps terms of up to {chars} characters (at most {most})"
        ))
    }
}

/// The columns of `tag`'s CSV output besides the topics' (whose names training refuses):
/// those before the scores, then those after (`output::CSV_COLUMNS`, `output::ITEM_COLUMNS`).
pub const OUTPUT_COLUMNS: [&str; 11] = [
    "source",
    "item",
    "title",
    "lang",
    "confidence",
    "topics",
    "id",
    "text",
    "date",
    "url",
    "error",
];

/// A model's topic names: at least one, none empty, no name twice (scores are keyed by name).
pub fn topic_names(names: &[String]) -> Result<(), String> {
    if names.is_empty() {
        return Err("no topics".into());
    }
    if names.iter().any(|n| n.trim().is_empty()) {
        return Err("a topic has an empty name".into());
    }
    let mut seen = std::collections::HashSet::new();
    for n in names {
        if !seen.insert(n.as_str()) {
            return Err(format!("topic '{n}' appears twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_has_one_rule() {
        for p in [0.0, 0.5, 1.0] {
            assert_eq!(probability("p", p), Ok(p));
            assert_eq!(floor(p), Ok(p));
        }
        for p in [f64::NAN, -5.0, 2.0, f64::INFINITY, -0.0001] {
            assert!(probability("p", p).is_err(), "{p}");
            assert!(floor(p).is_err(), "{p}");
        }
        assert!(max_df(0.0).is_err() && max_df(f64::NAN).is_err() && max_df(1.5).is_err());
        assert_eq!(max_df(1.0), Ok(1.0));
        assert_eq!(max_term_chars(1024), Ok(1024));
        assert!(max_term_chars(1025).is_err());
        assert_eq!(
            topic_names(&["a".into(), "b".into(), "a".into()]),
            Err("topic 'a' appears twice".into())
        );
        assert!(topic_names(&[]).is_err() && topic_names(&[" ".into()]).is_err());
        assert_eq!(topic_names(&["a".into(), "b".into()]), Ok(()));
    }
}
