//! Owns read-more markers: finding and removing `... MORE`, `[…]`, `Read more »`,
//! `Seguir leyendo`, `(more)` and the ellipsis or separator before them at the end of a line.

use super::words::lexicon;

/// Longest line (in bytes) that can be a standalone marker (`Continue reading the full story »`).
const MAX_MARKER_LINE_BYTES: usize = 60;
/// Most markers removed from one line end (`[…] Read more »` is two).
const MAX_STACKED_MARKERS: usize = 3;
/// Longest bracketed marker, brackets included, in bytes (`[Leer el artículo completo]`).
const MAX_BRACKETED_MARKER_BYTES: usize = 40;

/// Ellipses that end a teaser, bracketed: always markers.
const ELLIPSIS_MARKERS: &[&str] = &[
    "[…]", "[...]", "[ … ]", "[ ... ]", "[..]", "(…)", "(...)", "[+]",
];

fn is_arrow(c: char) -> bool {
    matches!(
        c,
        '»' | '›' | '→' | '⟶' | '>' | '▶' | '►' | '▸' | '⇒' | '➔' | '➜' | '⟩'
    )
}

pub(super) fn is_standalone_marker(s: &str) -> bool {
    if s.len() > MAX_MARKER_LINE_BYTES {
        return false;
    }
    let core = s.trim_matches(|c: char| c.is_whitespace() || is_arrow(c));
    if !core.is_empty() && core.chars().all(|c| c == '.' || c == '…') {
        return true;
    }
    let (rest, found) = strip_trailing_markers(s, true);
    found && !rest.chars().any(char::is_alphanumeric)
}

/// Removes trailing read-more markers (up to three, e.g. `[…] Read more »`). Returns the rest
/// and whether a marker was found.
pub(super) fn strip_trailing_markers(s: &str, standalone: bool) -> (&str, bool) {
    let mut rest = s.trim_end();
    let mut found = false;
    for _ in 0..MAX_STACKED_MARKERS {
        match strip_one_marker(rest, standalone) {
            Some(r) => {
                rest = r;
                found = true;
            }
            None => break,
        }
    }
    (rest, found)
}

fn strip_one_marker(s: &str, standalone: bool) -> Option<&str> {
    let t = s.trim_end();
    let t2 = t.trim_end_matches(|c: char| c.is_whitespace() || is_arrow(c));
    let arrow = t2.len() != t.len();
    for e in ELLIPSIS_MARKERS {
        if let Some(r) = t2.strip_suffix(e) {
            return Some(clean_before_marker(r));
        }
    }
    // Bracketed marker: "[Read more]", "(more)".
    let (inner, bracket) = match t2.chars().last() {
        Some(close @ (']' | ')')) => {
            let open = if close == ']' { '[' } else { '(' };
            match t2.rfind(open) {
                Some(i) if t2.len() - i <= MAX_BRACKETED_MARKER_BYTES => {
                    (&t2[i + 1..t2.len() - 1], Some(i))
                }
                _ => (t2, None),
            }
        }
        _ => (t2, None),
    };
    for (m, weak) in &lexicon().markers {
        let Some(start) = ends_with_ci(inner, m) else {
            continue;
        };
        let before = &inner[..start];
        if before.chars().last().is_some_and(char::is_alphanumeric) {
            continue;
        }
        if bracket.is_some() && !before.trim().is_empty() {
            continue;
        }
        let matched = &inner[start..];
        let first_upper = matched.chars().next().is_some_and(char::is_uppercase);
        let all_upper = !matched.chars().any(char::is_lowercase);
        let after_ellipsis = {
            let b = before.trim_end();
            b.ends_with("..") || b.ends_with('…')
        };
        let strong_context = standalone || arrow || bracket.is_some();
        let ok = if *weak {
            strong_context || after_ellipsis || (all_upper && matched.chars().count() > 1)
        } else {
            strong_context || first_upper
        };
        if !ok {
            continue;
        }
        let rest = match bracket {
            Some(i) => &t2[..i],
            None => before,
        };
        // "NATO WANTS MORE" is a shouted headline, not a marker.
        if *weak && !strong_context && !after_ellipsis && !rest.chars().any(char::is_lowercase) {
            continue;
        }
        return Some(clean_before_marker(rest));
    }
    None
}

/// Case-insensitive `ends_with` for a lower-case needle; returns the byte index where the match
/// starts in `hay`.
fn ends_with_ci(hay: &str, needle: &str) -> Option<usize> {
    let mut h = hay.char_indices().rev();
    let mut start = hay.len();
    for n in needle.chars().rev() {
        let (i, c) = h.next()?;
        let mut lower = c.to_lowercase();
        if lower.next() != Some(n) || lower.next().is_some() {
            return None;
        }
        start = i;
    }
    Some(start)
}

/// Trims what usually precedes a marker: spaces, an ellipsis, a separator.
pub(super) fn clean_before_marker(s: &str) -> &str {
    let mut r = s.trim_end();
    loop {
        let before = r.len();
        r = r.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '…' | '|' | '–' | '—' | '·' | '•')
        });
        if r.ends_with("..") {
            r = r.trim_end_matches('.');
        }
        if let Some(x) = r.strip_suffix(" -") {
            r = x;
        }
        if r.len() == before {
            return r;
        }
    }
}
