//! Owns light markup on a line, read before classification: Markdown headings (`## Energy`),
//! bold (`**Title**`), links (`[text](url)`), quote marks (`> `) and list bullets; and
//! one-line items in a bulleted list (`- **Title** — teaser`, `• Title: teaser`), which the
//! splitter reads as a title line and a body line.

use std::borrow::Cow;

use super::classify::is_title_like;

/// Bullets that open a list line (followed by a space).
pub(super) const BULLETS: &[char] = &['•', '◦', '▪', '▸', '►', '‣', '-', '*', '+', '–'];
/// Separators between a title and its teaser on one list line, in order of preference.
const SEPARATORS: &[&str] = &[" — ", " – ", " - ", ": "];
/// Fewest words for a bullet's head to be a title, and for its tail to be a teaser.
const MIN_TITLE_WORDS: usize = 4;
/// Fewest words for a bullet's head to be a title before an em or en dash.
const MIN_DASHED_TITLE_WORDS: usize = 2;
const MIN_TEASER_WORDS: usize = 5;

/// `line` without Markdown markup: heading hashes, quote marks, bold and italic markers
/// around the line and link syntax (`[text](url)` → `text`). Plain lines come back borrowed.
pub(super) fn strip_markup(line: &str) -> Cow<'_, str> {
    let t = line.trim();
    let markup = t.starts_with(['#', '>', '*', '_']) || t.contains("](") || t.contains("**");
    if !markup {
        return Cow::Borrowed(line);
    }
    let mut s = t;
    let hashes = s.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && s[hashes..].starts_with(' ') {
        s = s[hashes..].trim_start();
    }
    while let Some(rest) = s.strip_prefix("> ").or_else(|| s.strip_prefix('>')) {
        s = rest.trim_start();
    }
    let mut out = links_as_text(s);
    for mark in ["**", "__"] {
        out = out.replace(mark, "");
    }
    // Italics around the line (`*Analysis*`), or stars set around a title as decoration
    // (`*** Title ***`, which loses its `**` pairs above and keeps a star each side).
    if let Some(inner) = out
        .strip_prefix('*')
        .and_then(|r| r.strip_suffix('*'))
        .map(|r| r.trim_matches(|c| c == '*' || c == ' '))
        .filter(|r| !r.is_empty())
    {
        out = inner.to_string();
    }
    Cow::Owned(out)
}

/// `[text](url)` → `text`, everywhere in `s` (the text up to the first `]`; a space kept
/// between the text and a letter or digit right before or after the link, so no two words
/// are glued into one).
fn links_as_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find(']').and_then(|close| {
            let url = after[close + 1..].strip_prefix('(')?;
            let end = url.find(')')?;
            (!url[..end].contains(char::is_whitespace)).then_some((close, close + 2 + end + 1))
        });
        match link {
            Some((close, end)) => {
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let text = &after[..close];
                out.push_str(&rest[..open]);
                if word(out.chars().last())
                    && word(text.chars().next().or(after[end..].chars().next()))
                {
                    out.push(' ');
                }
                out.push_str(text);
                if word(out.chars().last()) && word(after[end..].chars().next()) {
                    out.push(' ');
                }
                rest = &after[end..];
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The bullet line's content without its bullet, if `line` is a list line.
fn without_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let mut chars = t.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (BULLETS.contains(&first) && rest.starts_with(' ')).then(|| rest.trim_start())
}

/// A list line that holds a whole item: its title and teaser (`- **Title** — teaser`,
/// `• Title: teaser`). The title must look like one (four words or more) and the teaser hold
/// five words or more; a bold head is the title whatever follows it.
pub(super) fn bullet_item(line: &str) -> Option<(String, String)> {
    let content = without_bullet(line)?;
    let (head, tail) = match content.strip_prefix("**") {
        Some(bold) => {
            let close = bold.find("**")?;
            let tail = bold[close + 2..].trim_start();
            let tail = SEPARATORS
                .iter()
                .find_map(|sep| tail.strip_prefix(sep.trim_start()))
                .unwrap_or(tail);
            (
                bold[..close].trim().to_string(),
                strip_markup(tail.trim()).into_owned(),
            )
        }
        None => {
            // A dash parts title and teaser before a colon does (`Eurovision: Armenia finishes
            // eighth — The song…`); a typographic dash, set on purpose, after a title of two
            // words or more, the others after four.
            let plain = strip_markup(content);
            let split = SEPARATORS.iter().find_map(|sep| {
                let at = plain.find(sep)?;
                let head = plain[..at].trim();
                let least = if matches!(*sep, " — " | " – ") {
                    MIN_DASHED_TITLE_WORDS
                } else {
                    MIN_TITLE_WORDS
                };
                (head.split_whitespace().count() >= least)
                    .then(|| (head.to_string(), plain[at + sep.len()..].trim().to_string()))
            });
            split?
        }
    };
    let ok = is_title_like(&head) && tail.split_whitespace().count() >= MIN_TEASER_WORDS;
    ok.then_some((head, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_markup_is_taken_off() {
        for (line, want) in [
            ("## Energy", "Energy"),
            (
                "**Kazakhstan raises fuel prices**",
                "Kazakhstan raises fuel prices",
            ),
            ("> A quoted line", "A quoted line"),
            (
                "Read the [full report](https://example.org/r) today.",
                "Read the full report today.",
            ),
            ("*Analysis*", "Analysis"),
            (
                "*** Kazakhstan opens a rail link ***",
                "Kazakhstan opens a rail link",
            ),
            ("#Kazakhstan trends again", "#Kazakhstan trends again"),
            ("Plain [bracketed] text", "Plain [bracketed] text"),
            // The link text ends at the first `]`; words are never glued together.
            ("[…] ⴭ]()x", "[…] ⴭ]()x"),
            (
                "see[the report](https://r.example)now",
                "see the report now",
            ),
            ("a[](https://r.example)b", "a b"),
            ("([report](https://r.example)).", "(report)."),
            ("2 * 3 = 6", "2 * 3 = 6"),
        ] {
            assert_eq!(strip_markup(line), want, "{line}");
        }
    }

    #[test]
    fn bullet_lines_holding_an_item() {
        let item = |t: &str, b: &str| Some((t.to_string(), b.to_string()));
        for (line, want) in [
            (
                "- **Russia moves air defence units to Tajikistan** — The base will receive new batteries.",
                item("Russia moves air defence units to Tajikistan", "The base will receive new batteries."),
            ),
            (
                "• Kyrgyzstan bans a religious group: The supreme court declared the movement extremist.",
                item("Kyrgyzstan bans a religious group", "The supreme court declared the movement extremist."),
            ),
            (
                "* **Gas deal** The two ministers signed the contract in Baku on Monday.",
                item("Gas deal", "The two ministers signed the contract in Baku on Monday."),
            ),
            // A dash parts title and teaser before a colon inside the title does.
            (
                "• Song contest: Armenian entry finishes eighth — The song was the country's best result in years.",
                item("Song contest: Armenian entry finishes eighth", "The song was the country's best result in years."),
            ),
            // A short title before a typographic dash.
            (
                "- Georgia passes budget — Parliament approved spending plans for next year.",
                item("Georgia passes budget", "Parliament approved spending plans for next year."),
            ),
            // A point of a list inside a teaser, not an item.
            ("- Exports: up 5% in October to two billion dollars", None),
            ("- Exports - up 5% in October to two billion dollars", None),
            ("- the talks resumed in Geneva — officials said on Monday", None),
            ("Russia moves units to Tajikistan — The base will receive batteries.", None),
            ("• Three short headline words", None),
        ] {
            assert_eq!(bullet_item(line), want, "{line}");
        }
    }
}
