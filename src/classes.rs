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
//! overlap; forms written `=UN` match only as written. Phrases of the `[-]` list
//! (`latin america`) are matched like the others and give no term, so the member inside them
//! (`america`) gives none either.
//!
//! Training scans the whole text ([`WordClasses::terms`]). Tagging finds the same mentions, in
//! the same order, from the words its memo looks up anyway ([`WordClasses::terms_in_words`]),
//! which rests on these invariants:
//!
//! - every form opens with a letter or digit (lists with one that does not are scanned whole),
//!   so a mention starts where a run of word characters starts, and it ends on a word's edge,
//!   so the text's run there is the form's first run (up to ASCII case);
//! - the segmentation's words ([`crate::segment::word_indices`]) hold every letter and digit
//!   of a text, and a word's own runs (`U.S` has two) are the text's, but for a run that goes on
//!   into the next word (`中国oil` is three words and one run);
//! - so [`WordClasses::marks`], a property of the word alone that the tagger memoizes, says
//!   where a form may start ([`WordMarks`]), and [`WordMarks::in_text`] adds the words whose
//!   last run goes on; the automaton is walked only from the run starts of marked words,
//!   reading a run of blanks as one space as the whole-text scan does, and a word that is a
//!   form no longer form opens with (`Kazakhstan`) is its own mention without a walk;
//! - the case-insensitive forms of a text with capitals other than ASCII ones are matched on
//!   the text lowercased (a word's marks say whether it has such capitals; each is a letter, so
//!   it lies in a word): the walk then lowers each character as it reads it, which is the same
//!   for every character but three kinds, which a word's marks also note and whose texts are
//!   scanned whole: `Σ` (`ς` or `σ` by the letters around it), `İ` (two characters, which
//!   split its run) and titlecase letters such as `ǅ` (lowered only in a text with capitals).
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
use std::collections::HashMap;

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
    /// Whether every form opens with a letter or digit: then a text's words are enough to
    /// find its mentions ([`WordClasses::terms_in_words`]).
    by_words: bool,
}

/// The forms of one kind (case-insensitive or exact), ready to match.
struct Forms {
    /// The forms, blanks as one space (the case-insensitive ones lowercased), in an
    /// Aho-Corasick automaton: leftmost-longest, ASCII case folded for the case-insensitive
    /// ones, searched anchored or not.
    nfa: NFA,
    /// Each pattern's class.
    classes: Vec<u16>,
    /// The forms' first runs of word characters (`None`: some form opens with neither letter
    /// nor digit).
    first_runs: Option<FirstRuns>,
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
        let build =
            |(patterns, classes): (Vec<String>, Vec<u16>), fold: bool| -> Result<_, String> {
                if patterns.is_empty() {
                    return Ok(None);
                }
                let nfa = NFA::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(fold)
                    .build(&patterns)
                    .map_err(|e| format!("word lists too large to match: {e}"))?;
                Ok(Some(Forms {
                    first_runs: FirstRuns::of(&patterns, &nfa, &classes, fold),
                    nfa,
                    classes,
                }))
            };
        let (folded, exact) = (build(folded, true)?, build(exact, false)?);
        let by_words = [&folded, &exact]
            .iter()
            .all(|f| f.as_ref().is_none_or(|f| f.first_runs.is_some()));
        Ok(WordClasses {
            folded,
            exact,
            by_words,
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
        self.terms_of(self.classes(text))
    }

    /// The class of every mention in `text` (see [`WordClasses::terms`]).
    fn classes(&self, text: &str) -> Vec<u16> {
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
    }

    /// The terms of `classes` (`[-]` left out).
    fn terms_of(&self, classes: Vec<u16>) -> impl Iterator<Item = &str> {
        classes
            .into_iter()
            .filter_map(|k| self.terms[usize::from(k)].as_deref())
    }
}

/// Mentions found from a text's words, as the tagger finds them beside each word's column
/// (see [`crate::tagger`]): the same as [`WordClasses::terms`] finds, in the same order. The
/// module docs say why.
impl WordClasses {
    /// What `word`, one of a text's words, tells [`WordClasses::terms_in_words`] (see
    /// [`WordMarks`]). It depends on the word alone: the tagger keeps it in its word memo.
    pub fn marks(&self, word: &str) -> WordMarks {
        let one_run = word.chars().all(word_char);
        let mut marks = WordMarks::default();
        if !word.is_ascii() {
            if word.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
                marks.0 |= WordMarks::UPPER;
            }
            if word.chars().any(lowered_by_context) {
                marks.0 |= WordMarks::SCAN;
            }
        }
        for (kind, forms) in [&self.folded, &self.exact].into_iter().enumerate() {
            let Some(first_runs) = forms.as_ref().and_then(|f| f.first_runs.as_ref()) else {
                continue;
            };
            for run in word.split(|c| !word_char(c)).filter(|run| !run.is_empty()) {
                if let Some(first) = first_runs.get(run) {
                    marks = marks.with(kind, WordMarks::START);
                    if one_run && first.whole().is_some() {
                        marks = marks.with(kind, WordMarks::WHOLE);
                    }
                }
            }
        }
        marks
    }

    /// The class terms of `text`, exactly as [`WordClasses::terms`] gives them, found from
    /// `words`: the byte ranges of the text's words (in text order) with their marks
    /// ([`WordMarks::in_text`]), at least those whose marks are not empty.
    ///
    /// A text with `Σ`, `İ` or a titlecase letter (see the module docs), and lists with a form
    /// that opens with neither letter nor digit, are left to [`WordClasses::terms`].
    pub fn terms_in_words<'a>(
        &'a self,
        text: &str,
        words: &[(usize, usize, WordMarks)],
    ) -> impl Iterator<Item = &'a str> {
        let classes = match !self.by_words || words.iter().any(|w| w.2.has(WordMarks::SCAN)) {
            true => self.classes(text),
            false => self.classes_in_words(text, words),
        };
        self.terms_of(classes)
    }

    /// The classes of the mentions in `text` found from `words` (see
    /// [`WordClasses::terms_in_words`]).
    fn classes_in_words(&self, text: &str, words: &[(usize, usize, WordMarks)]) -> Vec<u16> {
        // Capitals other than ASCII ones: the case-insensitive forms read the text lowercased.
        let lower = words.iter().any(|w| w.2.has(WordMarks::UPPER));
        let mut scans = [
            Scan::new(&self.folded, lower),
            Scan::new(&self.exact, false),
        ];
        for &(start, end, marks) in words {
            for (kind, scan) in scans.iter_mut().enumerate() {
                scan.word(text, start, end, marks.of(kind));
            }
        }
        let [mut folded, mut exact] = scans;
        folded.found.append(&mut exact.found);
        folded.found
    }
}

/// What a word tells [`WordClasses::terms_in_words`] ([`WordClasses::marks`]), in
/// [`WordMarks::BITS`] bits: for each kind of forms (case-insensitive, exact) whether one may
/// start in the word, and whether the word is a form no longer form opens with; whether the
/// word holds capitals other than ASCII ones, and characters the walk cannot lower alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct WordMarks(u8);

impl WordMarks {
    /// A form of the kind may start in the word.
    const START: u8 = 1;
    /// The word is one run of word characters, a form of the kind, and no longer form of the
    /// kind opens with it: where it is a whole run of the text, it is a mention.
    const WHOLE: u8 = 2;
    /// The word holds a capital other than an ASCII one: the text is read lowercased.
    const UPPER: u8 = 1 << 4;
    /// The word holds `Σ`, `İ` or a titlecase letter: the text is scanned whole.
    const SCAN: u8 = 1 << 5;
    /// The bits the marks take ([`WordMarks::bits`]).
    pub const BITS: u32 = 6;

    /// The marks as bits (the low [`WordMarks::BITS`] of a byte), for a memo to keep.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The marks [`WordMarks::bits`] gave (bits above [`WordMarks::BITS`] are ignored).
    pub fn from_bits(bits: u8) -> WordMarks {
        WordMarks(bits & ((1 << WordMarks::BITS) - 1))
    }

    /// Whether there is nothing to mark.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The marks of the word of `text` that ends at byte `end`, given its own: when the
    /// character at `end` is a word character, the run that reaches `end` goes on into the
    /// next word, and any form may start in this one (but none is the word).
    #[inline]
    pub fn in_text(self, text: &str, end: usize) -> WordMarks {
        let goes_on = match text.as_bytes().get(end) {
            None => false,
            Some(&b) if b.is_ascii() => ASCII_WORD[usize::from(b)],
            Some(_) => text[end..].chars().next().is_some_and(word_char),
        };
        match goes_on {
            true => WordMarks(self.0 & (WordMarks::UPPER | WordMarks::SCAN) | 0b0101),
            false => self,
        }
    }

    /// The marks of kind `kind` (0: case-insensitive forms, 1: exact ones).
    fn of(self, kind: usize) -> u8 {
        (self.0 >> (2 * kind)) & 0b11
    }

    fn with(self, kind: usize, mark: u8) -> WordMarks {
        WordMarks(self.0 | mark << (2 * kind))
    }

    fn has(self, mark: u8) -> bool {
        self.0 & mark != 0
    }
}

/// One kind of forms going through a text's marked words.
struct Scan<'f> {
    forms: Option<&'f Forms>,
    /// Whether the automaton reads the text lowercased.
    lower: bool,
    /// Where the last mention ended: the next starts there or after.
    pos: usize,
    /// The classes of the mentions found.
    found: Vec<u16>,
}

impl<'f> Scan<'f> {
    fn new(forms: &'f Option<Forms>, lower: bool) -> Scan<'f> {
        Scan {
            forms: forms.as_ref(),
            lower,
            pos: 0,
            found: Vec::new(),
        }
    }

    /// Takes in the word `text[start..end]`, marked `mark` for this kind of forms: records
    /// the mention that starts at each of its run starts, if any, unless the last mention
    /// covers it.
    fn word(&mut self, text: &str, start: usize, end: usize, mark: u8) {
        let Some(forms) = self.forms.filter(|_| mark != 0) else {
            return;
        };
        if mark & WordMarks::WHOLE != 0 {
            // One run, which the text's run is when it starts here (it ends here: `in_text`).
            let run_start = !text[..start].chars().next_back().is_some_and(word_char);
            let whole = forms
                .first_runs
                .as_ref()
                .and_then(|r| r.get(&text[start..end]));
            if let Some(class) = whole.and_then(|w| w.whole()).filter(|_| run_start) {
                if start >= self.pos {
                    self.found.push(class);
                    self.pos = end;
                }
            }
            return;
        }
        for_each_run_start(text, start, end, |at| {
            if at >= self.pos {
                if let Some((pattern, end)) = longest_at(&forms.nfa, text, at, self.lower) {
                    self.found.push(forms.classes[pattern]);
                    self.pos = end;
                }
            }
        });
    }
}

/// The longest pattern matched at byte `at` of `text` (a run start) that ends on a word's
/// edge, and its end: what [`mentions`] finds there in the text as [`WordClasses::terms`]
/// reads it (the longest match, else the longest shorter one, and so on), in one walk of the
/// automaton over the text as it is: a run of blanks read as one space, and with `lower`
/// each character lowercased (the text holds none that is [`lowered_by_context`]).
///
/// The walk keeps a match state's pattern only when it starts at `at`, as the automaton's own
/// anchored search does (its match states also carry patterns that start later), and stops at
/// the dead state. Lowercasing keeps a character a word character or not (but `İ`), so the
/// edges are the text's.
fn longest_at(nfa: &NFA, text: &str, at: usize, lower: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut sid = nfa
        .start_state(Anchored::Yes)
        .expect("an NFA searches anchored");
    let (mut i, mut read) = (at, 0);
    let mut found = None;
    let mut lowered = [0; 4];
    while i < bytes.len() {
        // The next character as the automaton reads it, and where the one after it starts.
        let (as_read, next): (&[u8], usize) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (b" ", blanks_end(text, i)),
            b if b.is_ascii() => (&bytes[i..=i], i + 1),
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                let next = i + c.len_utf8();
                match (c.is_whitespace(), lower) {
                    (true, _) => (b" ", blanks_end(text, i)),
                    (false, true) => {
                        let c = c.to_lowercase().next().unwrap_or(c);
                        (c.encode_utf8(&mut lowered).as_bytes(), next)
                    }
                    (false, false) => (&bytes[i..next], next),
                }
            }
        };
        for &byte in as_read {
            sid = nfa.next_state(Anchored::Yes, sid, byte);
            read += 1;
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    return found;
                }
                let pattern = nfa.match_pattern(sid, 0);
                if nfa.pattern_len(pattern) == read && at_edge(text, next) {
                    found = Some((pattern.as_usize(), next));
                }
            }
        }
        i = next;
    }
    found
}

/// The end of the run of blanks (whitespace) that starts at byte `i` of `text`.
fn blanks_end(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    i + rest
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(rest.len())
}

/// Whether the whole-text scan's lowercase of `c` depends on more than `c` (or is two
/// characters): `Σ` (`ς` at a word's end), `İ` (`i` and a combining dot, which is no word
/// character) and titlecase letters such as `ǅ`, lowered only in a text with capitals.
fn lowered_by_context(c: char) -> bool {
    let mut lower = c.to_lowercase();
    c == 'Σ' || lower.len() != 1 || (!c.is_uppercase() && lower.next() != Some(c))
}

/// Calls `found` with every byte of `text[start..end]` where a run of word characters starts
/// (a word character after none, or at the text's start).
fn for_each_run_start(text: &str, start: usize, end: usize, mut found: impl FnMut(usize)) {
    let mut after_word = text[..start].chars().next_back().is_some_and(word_char);
    for (i, c) in text[start..end].char_indices() {
        let word = word_char(c);
        if word && !after_word {
            found(start + i);
        }
        after_word = word;
    }
}

/// Which ASCII bytes are word characters.
static ASCII_WORD: [bool; 128] = {
    let mut word = [false; 128];
    let mut b = 0;
    while b < 128 {
        word[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    word
};

/// The first runs of word characters of a kind's forms, as the automaton reads them
/// (lowercased for the case-insensitive forms).
struct FirstRuns {
    runs: HashMap<Box<[u8]>, FirstRun, foldhash::fast::FixedState>,
    fold: bool,
}

/// What the forms that open with one first run have in common.
#[derive(Clone, Copy)]
struct FirstRun {
    /// Whether a form longer than the run opens with it.
    longer: bool,
    /// The class of the run itself, if it is a form: the pattern the automaton finds in it.
    class: Option<u16>,
}

impl FirstRun {
    /// The class of the run when it is a form and no longer form opens with it: then the run
    /// is the mention wherever it is a whole run of a text.
    fn whole(self) -> Option<u16> {
        self.class.filter(|_| !self.longer)
    }
}

impl FirstRuns {
    /// The first runs of `forms` (the patterns of `nfa`, of classes `classes`), or `None`
    /// when one opens with neither letter nor digit.
    fn of(forms: &[String], nfa: &NFA, classes: &[u16], fold: bool) -> Option<FirstRuns> {
        let mut first_runs = FirstRuns {
            runs: HashMap::default(),
            fold,
        };
        for form in forms {
            let run = &form[..form.find(|c| !word_char(c)).unwrap_or(form.len())];
            if !run.starts_with(char::is_alphanumeric) {
                return None;
            }
            let key = first_runs.key(run, &mut [0; 64]).into();
            let first = first_runs.runs.entry(key).or_insert_with(|| {
                let alone = longest_at(nfa, run, 0, false);
                FirstRun {
                    longer: false,
                    class: alone.map(|(pattern, _)| classes[pattern]),
                }
            });
            first.longer |= form.len() > run.len();
        }
        Some(first_runs)
    }

    /// The forms that open with `run`, a whole run of word characters, if any do.
    fn get(&self, run: &str) -> Option<FirstRun> {
        self.runs.get(&*self.key(run, &mut [0; 64])).copied()
    }

    /// `run` as the keys are: lowercased for the case-insensitive forms, as the automaton
    /// reads it (ASCII letters folded; a run with other capitals in a text read lowercased),
    /// in `buf` when the run is ASCII and short enough.
    fn key<'a>(&self, run: &'a str, buf: &'a mut [u8; 64]) -> Cow<'a, [u8]> {
        if !self.fold || !run.chars().any(char::is_uppercase) {
            return Cow::Borrowed(run.as_bytes());
        }
        match buf.get_mut(..run.len()).filter(|_| run.is_ascii()) {
            Some(key) => {
                key.copy_from_slice(run.as_bytes());
                key.make_ascii_lowercase();
                Cow::Borrowed(key)
            }
            None => Cow::Owned(run.to_lowercase().into_bytes()),
        }
    }
}

/// Calls `found` with each pattern of `nfa` matched in `text` on whole words (see
/// [`mentions_by`]).
fn mentions(nfa: &NFA, text: &str, found: impl FnMut(usize)) {
    let find = |input: Input| {
        nfa.try_find(&input)
            .expect("an NFA searches anchored or not")
    };
    mentions_by(find, text, found)
}

/// Calls `found` with each pattern matched in `text` on whole words: at each word's start the
/// longest, without overlap. `find` gives the leftmost-longest match in an input; one that
/// starts inside a word is skipped to the word's end, one that ends inside a word gives way to
/// the longest shorter pattern at the same start.
fn mentions_by(
    find: impl Fn(Input) -> Option<aho_corasick::Match>,
    text: &str,
    mut found: impl FnMut(usize),
) {
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
pub(crate) mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, StartKind};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    /// The class terms of `text`, checked to be the same (in the same order) whether found
    /// over the whole text, from the text's words as the tagger finds them, or by the
    /// reference matcher.
    fn terms(classes: &WordClasses, text: &str) -> Vec<String> {
        let whole: Vec<String> = classes.terms(text).map(str::to_string).collect();
        assert_eq!(by_words(classes, text), whole, "from the words: {text:?}");
        assert_eq!(
            Reference::new(classes).terms(text),
            whole,
            "reference: {text:?}"
        );
        whole
    }

    /// The class terms of `text` found from its words, as the tagger finds them: each word's
    /// marks (which the tagger memoizes), then [`WordClasses::terms_in_words`].
    pub(crate) fn by_words(classes: &WordClasses, text: &str) -> Vec<String> {
        let words: Vec<(usize, usize, WordMarks)> = crate::segment::word_indices(text)
            .map(|(start, word)| {
                let end = start + word.len();
                (start, end, classes.marks(word).in_text(text, end))
            })
            .filter(|w| !w.2.is_empty())
            .collect();
        let terms = classes.terms_in_words(text, &words);
        terms.map(str::to_string).collect()
    }

    /// The matcher as it was before the tagger found mentions from the words, kept as the
    /// reference: an `AhoCorasick` per kind of forms over the whole text, blanks as one space,
    /// lowercased when it holds capitals other than ASCII ones.
    struct Reference<'c> {
        classes: &'c WordClasses,
        folded: Option<(AhoCorasick, Vec<u16>)>,
        exact: Option<(AhoCorasick, Vec<u16>)>,
    }

    impl<'c> Reference<'c> {
        fn new(classes: &'c WordClasses) -> Reference<'c> {
            let (mut folded, mut exact) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
            for (k, (_, forms)) in classes.lists.classes.iter().enumerate() {
                for form in forms {
                    let (side, pattern) = match form.strip_prefix('=') {
                        Some(f) => (&mut exact, one_blank(f)),
                        None => (&mut folded, one_blank(&form.to_lowercase())),
                    };
                    side.0.push(pattern);
                    side.1.push(k as u16);
                }
            }
            let build = |(patterns, classes): (Vec<String>, Vec<u16>), fold| {
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(fold)
                    .start_kind(StartKind::Both)
                    .build(&patterns)
                    .unwrap();
                (!patterns.is_empty()).then_some((ac, classes))
            };
            Reference {
                classes,
                folded: build(folded, true),
                exact: build(exact, false),
            }
        }

        fn terms(&self, text: &str) -> Vec<String> {
            let mut found = Vec::new();
            let spaced =
                text.contains(|c: char| c.is_whitespace() && c != ' ') || text.contains("  ");
            let blanks = match spaced {
                true => one_blank(text),
                false => text.to_string(),
            };
            if let Some((ac, of)) = &self.folded {
                let lower = match blanks.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
                    true => blanks.to_lowercase(),
                    false => blanks.clone(),
                };
                reference_mentions(ac, &lower, |p| found.push(of[p]));
            }
            if let Some((ac, of)) = &self.exact {
                reference_mentions(ac, &blanks, |p| found.push(of[p]));
            }
            self.classes.terms_of(found).map(str::to_string).collect()
        }
    }

    /// [`mentions`] as it was, on an `AhoCorasick`: the same scan over another automaton.
    fn reference_mentions(ac: &AhoCorasick, text: &str, found: impl FnMut(usize)) {
        mentions_by(|input| ac.find(input), text, found)
    }

    static DEFAULT: LazyLock<WordClasses> = LazyLock::new(WordClasses::default_lists);
    static DEFAULT_REFERENCE: LazyLock<Reference<'static>> =
        LazyLock::new(|| Reference::new(&DEFAULT));

    /// Every form of the shipped lists as it would be written in a text (`=` taken off).
    pub(crate) static DEFAULT_FORMS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let lists = &DEFAULT.lists.classes;
        let forms = lists.iter().flat_map(|(_, forms)| forms);
        forms
            .map(|f| f.trim_start_matches('=').to_string())
            .collect()
    });

    /// Pieces that join forms in texts: blanks of every kind, punctuation that joins or splits
    /// words (apostrophes, hyphens, dots, `_`), digits.
    pub(crate) const JOINTS: &[&str] = &[
        " ", " ", " ", "  ", "\n", "\t", " \n ", "\r\n", "\u{a0}", "\u{2009}", "-", "'",
        "\u{2019}", ".", ". ", ",", ", ", "_", ":", "/", "(", ")", "\"", "\u{ab}", "\u{bb}",
        "\u{bf}", "1", "2024", "1,500",
    ];

    /// Words that come up beside forms, or inside them: phrase openers, short forms as parts
    /// of longer words, acronyms in either case, other scripts, combining marks, letters and
    /// digits the segmentation splits from a run (`中国oil` is three words, one run).
    pub(crate) const WORDS: &[&str] = &[
        "the",
        "la",
        "el",
        "oil",
        "oilfield",
        "gasoline",
        "warfare",
        "un",
        "UN",
        "U.S",
        "u.s.a",
        "EE",
        "x_y",
        "_",
        "__",
        "e\u{301}",
        "\u{301}",
        "中国",
        "国",
        "ß",
        "\u{fb01}",
        "\u{1c5}",
        "\u{200b}",
        "\u{663}",
        "\u{2460}",
        "\u{b2}",
        "\u{aa}",
        "d'",
        "l\u{2019}",
    ];

    /// Words with capitals other than ASCII ones: the text is then matched lowercased.
    pub(crate) const CAPITALS: &[&str] = &[
        "\u{c1}FRICA",
        "\u{c9}ire",
        "\u{130}stanbul",
        "\u{3a3}\u{39f}\u{3a6}\u{399}\u{391}",
        "\u{1c4}",
        "\u{24b6}",
        "\u{41c}\u{41e}\u{421}\u{41a}\u{412}\u{410}",
        "\u{d1}and\u{fa}",
        "ESPA\u{d1}A",
        "\u{212a}AZAKHSTAN",
        "\u{212b}land",
        "\u{1c5}",
        "\u{3c3}\u{3c2}",
    ];

    /// A text built from `pieces` (indices drawn at random): forms of the shipped lists in
    /// some case, joints, words, and with `capitals` words with non-ASCII capitals too.
    pub(crate) fn text_of(draws: &[(u8, u16, u8)], capitals: bool) -> String {
        let mut text = String::new();
        for &(kind, i, case) in draws {
            let i = usize::from(i);
            match kind % 10 {
                0..=3 => {
                    let form = &DEFAULT_FORMS[i % DEFAULT_FORMS.len()];
                    match case % 6 {
                        0 | 1 => text.push_str(form),
                        2 => text.push_str(&form.to_ascii_lowercase()),
                        3 => text.push_str(&form.to_ascii_uppercase()),
                        4 => {
                            let mut chars = form.chars();
                            text.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                            text.push_str(chars.as_str());
                        }
                        _ if capitals => text.push_str(&form.to_uppercase()),
                        _ => text.push_str(&form.replace(' ', "\n")),
                    }
                }
                4..=6 => text.push_str(JOINTS[i % JOINTS.len()]),
                7 | 8 => text.push_str(WORDS[i % WORDS.len()]),
                _ if capitals => text.push_str(CAPITALS[i % CAPITALS.len()]),
                _ => text.push(char::from_u32(i as u32).unwrap_or('\u{fffd}')),
            }
        }
        text
    }

    fn draws() -> impl Strategy<Value = Vec<(u8, u16, u8)>> {
        prop::collection::vec(any::<(u8, u16, u8)>(), 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Texts without capitals other than ASCII ones, whose mentions are all found from
        /// the words: the same terms as over the whole text, and as the reference finds.
        #[test]
        fn words_find_what_the_whole_text_gives(draws in draws()) {
            let text = text_of(&draws, false);
            let whole: Vec<String> = DEFAULT.terms(&text).map(str::to_string).collect();
            prop_assert_eq!(&by_words(&DEFAULT, &text), &whole, "{:?}", text);
            prop_assert_eq!(&DEFAULT_REFERENCE.terms(&text), &whole, "{:?}", text);
        }

        /// Any text, capitals of every script too (left to the whole-text matcher).
        #[test]
        fn words_find_what_the_whole_text_gives_in_any_case(draws in draws()) {
            let text = text_of(&draws, true);
            let whole: Vec<String> = DEFAULT.terms(&text).map(str::to_string).collect();
            prop_assert_eq!(&by_words(&DEFAULT, &text), &whole, "{:?}", text);
            prop_assert_eq!(&DEFAULT_REFERENCE.terms(&text), &whole, "{:?}", text);
        }

        /// Arbitrary Unicode.
        #[test]
        fn words_find_what_the_whole_text_gives_in_any_text(text in any::<String>()) {
            let whole: Vec<String> = DEFAULT.terms(&text).map(str::to_string).collect();
            prop_assert_eq!(&by_words(&DEFAULT, &text), &whole, "{:?}", text);
        }
    }

    /// Each form of the shipped lists alone, inside longer words, in capitals, across a line
    /// break, after a phrase opener and before punctuation: the same terms either way.
    #[test]
    fn every_shipped_form_is_found_from_the_words() {
        for form in DEFAULT_FORMS.iter() {
            let spaced = form.replace(' ', " \n\t");
            for text in [
                form.clone(),
                format!("x {form}."),
                format!("a{form} {form}s {form}_ _{form}"),
                format!(
                    "the {} la {}",
                    form.to_ascii_uppercase(),
                    form.to_uppercase()
                ),
                format!("({spaced}), '{form}'-{form}"),
                format!("中国{form} {form}中国 {form}\u{301} {form}\u{2019}s"),
            ] {
                let whole: Vec<String> = DEFAULT.terms(&text).map(str::to_string).collect();
                assert_eq!(by_words(&DEFAULT, &text), whole, "{text:?}");
                assert_eq!(DEFAULT_REFERENCE.terms(&text), whole, "{text:?}");
            }
        }
    }

    /// The word path leaves a text to the whole-text matcher only for capitals other than
    /// ASCII ones, which are letters: each lies in one of the segmentation's words, so a
    /// word's marks tell.
    #[test]
    fn every_capital_is_a_letter_or_digit() {
        let capitals = (0..=u32::from(char::MAX)).filter_map(char::from_u32);
        for c in capitals.filter(|c| c.is_uppercase()) {
            assert!(c.is_alphanumeric(), "{c:?}");
        }
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
            // Forms with punctuation; phrases across line breaks, tabs and double spaces.
            (
                "Talks in N'Djamena and Porto-Novo",
                vec!["#capital", "#capital"],
            ),
            ("U.S. and U.K. sanctions", vec!["#americas", "#europe"]),
            (
                "Natural\tgas  prices\nin the\r\nUnited\n States",
                vec!["#energy", "#trade", "#americas"],
            ),
            (
                "Gas deal signed\nKazakhstan signs",
                vec!["#energy", "#post_soviet"],
            ),
            // Inside a longer word, after a script without spaces, before an apostrophe.
            (
                "turmoil, 中国oil, Russia's gas",
                vec!["#post_soviet", "#energy"],
            ),
            // Non-ASCII capitals: the text is matched lowercased.
            (
                "ESPAÑA y EE. UU. en Kazajistán",
                vec!["#europe", "#americas", "#post_soviet"],
            ),
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

    /// Lists with forms that hold punctuation, digits or other scripts, a form in two classes
    /// and a `[-]` phrase that overlaps others: the same terms from the words.
    #[test]
    fn punctuation_scripts_and_repeats_in_the_lists() {
        let c = WordClasses::parse(concat!(
            "[a]\nu.s. | n'djamena | porto-novo | g-7 | 中国oil | e\u{301}cole | oil | oil field\n",
            "[b]\noil | =UN | =U.S. | =EE. UU. | san josé | 1,500 troops\n",
            "[-]\nthe oil\n",
        ))
        .unwrap();
        for text in [
            "U.S. oil field, the oil field, US u.s.a. EE.  UU. EE. UU.",
            "n'djamena N\u{2019}Djamena porto-novo Porto\nNovo g-7 G-7s",
            "中国oil 中国 oil 国oil oil国 e\u{301}cole école",
            "1,500 troops 1,500\ttroops 21,500 troops San José SAN JOSÉ",
            "oil\u{a0}field oil\u{2009}field oil_field oilfield",
        ] {
            terms(&c, text);
        }
        assert_eq!(terms(&c, "the oil field"), Vec::<String>::new());
        // Each kind of forms goes its own way: `u.s.` and `oil`, then `=U.S.`.
        assert_eq!(terms(&c, "U.S. oil"), ["#a", "#a", "#b"]);
        // Characters whose lowercase depends on more than themselves: the whole-text scan
        // lowers `Σ` to `ς` at a word's end, `İ` to `i` and a combining dot (a run splits),
        // and a titlecase `ǅ` only in a text with other capitals.
        let c = WordClasses::parse("[a]\nκόσμος | κόσμος news | stanbul | ǆuro\n").unwrap();
        assert_eq!(terms(&c, "ΚΌΣΜΟΣ, ΚΌΣΜΟΣ NEWS"), ["#a", "#a"]);
        assert_eq!(terms(&c, "İstanbul"), ["#a"]);
        assert_eq!(terms(&c, "ǅuro ǆuro ÁFRICA"), ["#a", "#a"]);
        assert_eq!(terms(&c, "ǅuro ǆuro"), ["#a"]);
        // The automaton's state after `turmoil` (on the way to `turmoil talks`) also carries
        // `oil`, which starts later: no mention.
        let c = WordClasses::parse("[a]\noil\n[b]\nturmoil talks\n").unwrap();
        assert_eq!(terms(&c, "turmoil, turmoil talks, oil"), ["#b", "#a"]);
        // A form that opens with punctuation: such lists are matched over the whole text.
        let c = WordClasses::parse("[a]\n.net | oil\n").unwrap();
        assert!(!c.by_words);
        assert_eq!(terms(&c, "oil and .net, dotnet"), ["#a", "#a"]);
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
