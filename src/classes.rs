//! Word classes: lists of words and phrases (countries by region, capitals, military, energy,
//! trade, government, organisations, sport, culture, political parties) whose every mention adds its class's term
//! (`#energy`, `#europe`) to a text's terms.
//!
//! A model learns one weight per class beside the weights of the words, so a member it never
//! saw in training (a country, a fuel, a ministry named in words the training rows never use)
//! still counts through its class: the remedy for training text that does not cover the words of
//! real news. The lists are stored in the model ([`WordClasses::lists`]) and matched again
//! when it tags, so a model always runs the lists it was trained with.
//!
//! Matching ([`WordClasses::terms`]), by two Aho-Corasick automata (the case-insensitive forms,
//! the exact ones): whole words only (no letter, digit or `_` on either side), case-insensitive
//! (the automaton folds ASCII case; a text with other capitals is lowercased first), any run of
//! blanks between a phrase's words; at each place the longest form wins and matches do not
//! overlap; forms written `=UN` match only as written. Phrases of the `[-]` list (`latin america`) are matched like the others and
//! give no term, so the member inside them (`america`) gives none either.
//!
//! ```
//! use topictag::classes::WordClasses;
//! let classes = WordClasses::parse("[energy]\noil | natural gas\n[org]\n=UN\n").unwrap();
//! let terms: Vec<&str> = classes.terms("Natural  gas and oil talks at the UN, un día").collect();
//! assert_eq!(terms, ["#energy", "#energy", "#org"]);
//! ```

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, Input, MatchKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The lists shipped with topictag (`--word-classes default`), written by this team from
/// general knowledge: `src/classes/default.txt`.
pub const DEFAULT_LISTS: &str = include_str!("classes/default.txt");

/// The name of the `[-]` list: phrases that give no term.
const NONE_CLASS: &str = "-";
/// Most classes in one set of lists (a class's index is kept in 16 bits).
const MAX_CLASSES: usize = 1 << 12;

/// Word lists as written: each class's name and its forms (`=` marks a case-sensitive one).
/// What a model stores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lists {
    pub classes: Vec<(String, Vec<String>)>,
}

/// Word lists ready to match: see the module docs.
pub struct WordClasses {
    lists: Lists,
    /// Each class's term (`#energy`); `None` for the `[-]` list.
    terms: Vec<Option<String>>,
    /// Case-insensitive forms (lowercased) and case-sensitive ones.
    folded: Option<Forms>,
    exact: Option<Forms>,
}

/// The forms of one kind (case-insensitive or exact), ready to match.
struct Forms {
    /// The forms, blanks as one space (the case-insensitive ones lowercased), in an
    /// Aho-Corasick automaton: leftmost-longest, ASCII case folded for the case-insensitive
    /// ones, searched anchored or not.
    nfa: NFA,
    /// Each pattern's class.
    classes: Vec<u16>,
}

impl std::fmt::Debug for WordClasses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordClasses")
            .field("classes", &self.lists.classes.len())
            .field("forms", &self.forms())
            .finish()
    }
}

impl PartialEq for WordClasses {
    fn eq(&self, other: &Self) -> bool {
        self.lists == other.lists
    }
}

impl Eq for WordClasses {}

impl WordClasses {
    /// The lists shipped with topictag.
    pub fn default_lists() -> WordClasses {
        WordClasses::parse(DEFAULT_LISTS).expect("the shipped word lists parse")
    }

    /// Reads lists in the format of `src/classes/default.txt`: `[class]` lines, then forms one
    /// per line or separated by ` | `; `#` starts a comment line. The error names the line.
    pub fn parse(text: &str) -> Result<WordClasses, String> {
        let mut classes: Vec<(String, Vec<String>)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let name = name.trim();
                let ok = name == NONE_CLASS
                    || (!name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'));
                if !ok {
                    return Err(format!(
                        "line {}: a class name is letters, digits, '_' or '-': [{name}]",
                        i + 1
                    ));
                }
                match classes.iter().position(|(n, _)| n == name) {
                    Some(_) => return Err(format!("line {}: class [{name}] again", i + 1)),
                    None => classes.push((name.to_string(), Vec::new())),
                }
                continue;
            }
            let Some((_, forms)) = classes.last_mut() else {
                return Err(format!("line {}: a word before any [class] line", i + 1));
            };
            forms.extend(
                line.split(" | ")
                    .map(str::trim)
                    .filter(|f| !f.is_empty() && *f != "=")
                    .map(str::to_string),
            );
        }
        WordClasses::from_lists(Lists { classes })
    }

    /// Lists as a model stores them, ready to match.
    pub fn from_lists(lists: Lists) -> Result<WordClasses, String> {
        if lists.classes.len() > MAX_CLASSES {
            return Err(format!(
                "{} word classes: at most {MAX_CLASSES}",
                lists.classes.len()
            ));
        }
        let mut folded = (Vec::new(), Vec::new());
        let mut exact = (Vec::new(), Vec::new());
        let mut terms = Vec::new();
        for (k, (name, forms)) in lists.classes.iter().enumerate() {
            terms.push((name != NONE_CLASS).then(|| format!("#{name}")));
            for form in forms {
                let (side, pattern) = match form.strip_prefix('=') {
                    Some(f) => (&mut exact, one_blank(f)),
                    None => (&mut folded, one_blank(&form.to_lowercase())),
                };
                if !pattern.chars().any(char::is_alphanumeric) {
                    return Err(format!("class [{name}]: '{form}' holds no letter or digit"));
                }
                side.0.push(pattern);
                side.1.push(k as u16);
            }
        }
        let build = |(patterns, classes): (Vec<String>, Vec<u16>), fold: bool| {
            if patterns.is_empty() {
                return Ok(None);
            }
            NFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(fold)
                .build(&patterns)
                .map(|nfa| Some(Forms { nfa, classes }))
                .map_err(|e| format!("word lists too large to match: {e}"))
        };
        Ok(WordClasses {
            folded: build(folded, true)?,
            exact: build(exact, false)?,
            terms,
            lists,
        })
    }

    /// The lists as written (what a model stores).
    pub fn lists(&self) -> &Lists {
        &self.lists
    }

    /// Number of classes (the `[-]` list included) and of forms.
    pub fn forms(&self) -> usize {
        self.lists.classes.iter().map(|(_, f)| f.len()).sum()
    }

    /// The class names, `[-]` left out.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.lists
            .classes
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| *n != NONE_CLASS)
    }

    /// The class term of every mention in `text`, in text order within each kind of match
    /// (case-insensitive ones first).
    pub fn terms<'a>(&'a self, text: &str) -> impl Iterator<Item = &'a str> {
        let mut classes = Vec::new();
        // Blanks as one space (phrases are matched with one), only when the text has others.
        let blanks =
            match text.contains(|c: char| c.is_whitespace() && c != ' ') || text.contains("  ") {
                true => Cow::Owned(one_blank(text)),
                false => Cow::Borrowed(text),
            };
        if let Some(forms) = &self.folded {
            // The automaton folds ASCII case; other capitals need the text lowercased.
            let upper =
                !blanks.is_ascii() && blanks.chars().any(|c| !c.is_ascii() && c.is_uppercase());
            let lower = match upper {
                true => Cow::Owned(blanks.to_lowercase()),
                false => Cow::Borrowed(blanks.as_ref()),
            };
            mentions(&forms.nfa, &lower, |p| classes.push(forms.classes[p]));
        }
        if let Some(forms) = &self.exact {
            mentions(&forms.nfa, &blanks, |p| classes.push(forms.classes[p]));
        }
        classes
            .into_iter()
            .filter_map(|k| self.terms[usize::from(k)].as_deref())
    }
}

/// Calls `found` with each pattern matched in `text` on whole words: at each word's start the
/// longest, without overlap. The automaton finds the leftmost-longest match; one that starts
/// inside a word is skipped to the word's end, one that ends inside a word gives way to the
/// longest shorter pattern at the same start.
fn mentions(nfa: &NFA, text: &str, mut found: impl FnMut(usize)) {
    let find = |input: Input| {
        nfa.try_find(&input)
            .expect("an NFA searches anchored or not")
    };
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = find(Input::new(text).range(pos..)) else {
            return;
        };
        if !at_edge(text, m.start()) {
            pos = m.start() + word_end(&text[m.start()..]);
            continue;
        }
        let mut end = m.end();
        let mut pattern = m.pattern().as_usize();
        while !at_edge(text, end) {
            let shorter = Input::new(text)
                .range(m.start()..end - 1)
                .anchored(Anchored::Yes);
            match find(shorter) {
                Some(s) => {
                    end = s.end();
                    pattern = s.pattern().as_usize();
                }
                None => break,
            }
        }
        if at_edge(text, end) {
            found(pattern);
            pos = end;
        } else {
            pos = m.start() + word_end(&text[m.start()..]);
        }
    }
}

/// A letter, digit or `_`: what a mention may not touch.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether byte `i` of `text` is at a word's edge: the character before it or the one at it
/// is not a word character (or there is none).
fn at_edge(text: &str, i: usize) -> bool {
    !(text[..i].chars().next_back().is_some_and(word_char)
        && text[i..].chars().next().is_some_and(word_char))
}

/// The length in bytes of the word characters `s` opens with (at least one character).
fn word_end(s: &str) -> usize {
    let mut chars = s.char_indices();
    let first = chars.next().map_or(0, |(_, c)| c.len_utf8());
    chars
        .find(|&(_, c)| !word_char(c))
        .map_or(s.len(), |(i, _)| i)
        .max(first)
}

/// `s` with every run of whitespace as one space.
fn one_blank(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(classes: &WordClasses, text: &str) -> Vec<String> {
        classes.terms(text).map(str::to_string).collect()
    }

    #[test]
    fn the_shipped_lists_parse_and_find_their_classes() {
        let c = WordClasses::default_lists();
        assert!(c.forms() > 2_000, "{c:?}");
        for (text, want) in [
            (
                "Kazakhstan signs an oil deal",
                vec!["#post_soviet", "#energy"],
            ),
            (
                "Kazajistán firma un acuerdo de gas natural",
                vec!["#post_soviet", "#energy"],
            ),
            (
                "NATO troops arrive in Vilnius",
                vec!["#organisation", "#military", "#capital"],
            ),
            // A phrase of the `[-]` list hides its member; a longer form wins.
            ("Latin America and the United States", vec!["#americas"]),
            ("the natural gas pipeline", vec!["#energy", "#energy"]),
            // Whole words only; `UN` only in capitals.
            ("Turmoil in the unions, un gesto", vec![]),
            ("UN envoy", vec!["#government", "#organisation"]),
        ] {
            let mut got = terms(&c, text);
            let mut want: Vec<String> = want.into_iter().map(String::from).collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn mentions_are_whole_words_longest_first_without_overlap() {
        let c = WordClasses::parse(
            "[a]\npower | power plant\n[b]\nplant | plants\n[c]\n=US | u.s.\n[-]\nflower power\n",
        )
        .unwrap();
        assert_eq!(terms(&c, "A POWER  PLANT, plants."), ["#a", "#b"]);
        assert_eq!(terms(&c, "powerful plantation"), Vec::<String>::new());
        assert_eq!(terms(&c, "Flower power"), Vec::<String>::new());
        assert_eq!(terms(&c, "US and U.S. but not us"), ["#c", "#c"]);
        assert_eq!(terms(&c, ""), Vec::<String>::new());
    }

    #[test]
    fn bad_lists_are_errors_naming_the_line() {
        for (text, want) in [
            ("oil\n", "line 1: a word before any [class] line"),
            ("[energy]\n[energy]\n", "line 2: class [energy] again"),
            ("[a b]\n", "line 1: a class name is letters"),
            ("[a]\n...\n", "'...' holds no letter or digit"),
        ] {
            let err = WordClasses::parse(text).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
