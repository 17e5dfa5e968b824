//! Owns the word lists the splitter recognises (read-more markers, navigation, captions and
//! credits, bylines, dates), one data file per language in `words/`, parsed once.
//!
//! Each file holds `[list]` sections of lower-case entries, one a line (`#` starts a comment, an
//! entry in double quotes keeps its spaces). Every language's entries are merged into one
//! [`Lexicon`], except the relative-date words, which only combine within their language
//! (`hace un día`, `an hour ago`, never `hace an hour`).
//!
//! Adding a language is adding a file with its lists and a line in [`FILES`].

use std::sync::OnceLock;

/// The data files, in the order their entries are tried where order matters (byline joiners).
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("words/en.txt")),
    ("es", include_str!("words/es.txt")),
    ("common", include_str!("words/common.txt")),
];

/// The words of one language that build relative dates (`3 hours ago`, `hace 3 horas`).
#[derive(Debug, Default)]
pub(super) struct Relative {
    /// Before the count: `hace`.
    pub(super) before: Vec<&'static str>,
    /// After the unit: `ago`.
    pub(super) after: Vec<&'static str>,
    /// Stand for a count of one: `an`, `un`.
    pub(super) one: Vec<&'static str>,
}

/// Every list of every language, merged (see the data files for what each list holds).
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Read-more markers and whether each is weak, longest first so that a marker is tried
    /// before any shorter one that ends it (`read more` before `more`).
    pub(super) markers: Vec<(&'static str, bool)>,
    pub(super) nav_lines: Vec<&'static str>,
    pub(super) nav_starts: Vec<&'static str>,
    pub(super) nav_words: Vec<&'static str>,
    pub(super) nav_fillers: Vec<&'static str>,
    pub(super) credit_sources: Vec<&'static str>,
    pub(super) caption_starts: Vec<&'static str>,
    pub(super) caption_words: Vec<&'static str>,
    pub(super) credit_labels: Vec<&'static str>,
    pub(super) months: Vec<&'static str>,
    pub(super) weekdays: Vec<&'static str>,
    pub(super) date_prefixes: Vec<&'static str>,
    pub(super) date_fillers: Vec<&'static str>,
    pub(super) time_zones: Vec<&'static str>,
    pub(super) time_units: Vec<&'static str>,
    pub(super) reading_words: Vec<&'static str>,
    pub(super) byline_starts: Vec<&'static str>,
    pub(super) staff_byline_starts: Vec<&'static str>,
    pub(super) byline_staff: Vec<&'static str>,
    pub(super) place_words: Vec<&'static str>,
    pub(super) name_particles: Vec<&'static str>,
    /// In file order: the first that joins a byline to a date wins.
    pub(super) byline_date_words: Vec<&'static str>,
    pub(super) abbreviations: Vec<&'static str>,
    pub(super) relative_days: Vec<&'static str>,
    pub(super) ordinal_suffixes: Vec<&'static str>,
    /// Words a headline does not end on (articles, conjunctions, prepositions that are never
    /// a verb's particle): a line ending on one is a wrapped line of a paragraph.
    pub(super) dangling_ends: Vec<&'static str>,
    /// A newsletter's greetings (`Hola`, `Dear`) and sign-offs (`See you next week`).
    pub(super) greetings: Vec<&'static str>,
    pub(super) signoffs: Vec<&'static str>,
    /// Sign-offs that are a whole line alone (`Regards,`).
    pub(super) signoff_lines: Vec<&'static str>,
    /// Openings of a letter's introduction (`Please find below`), before the first item.
    pub(super) letter_intros: Vec<&'static str>,
    /// Words of a letter's writer to its readers (`we`, `you`, `os`), under a greeting.
    pub(super) letter_pronouns: Vec<&'static str>,
    /// Line starts that open a newsletter's footer (`our mailing address is`), and phrases
    /// that do anywhere in a line (`all rights reserved`).
    pub(super) footer_starts: Vec<&'static str>,
    pub(super) footer_phrases: Vec<&'static str>,
    /// Words of a street's name in a postal address (`avenue`, `calle`).
    pub(super) street_words: Vec<&'static str>,
    /// Line starts of a cookie or consent notice's heading or first sentence (`we value your
    /// privacy`, `this website uses cookies`): the notice runs to the next blank line.
    pub(super) consent_starts: Vec<&'static str>,
    /// A line that labels a block of links to other pages (`related`, `read also`): the
    /// headlines under it are no items.
    pub(super) related_labels: Vec<&'static str>,
    /// The label of an advertisement in a newsletter or a listing (`sponsored`).
    pub(super) ad_labels: Vec<&'static str>,
    /// A chat message that holds no text (`this message was deleted`, `<media omitted>`).
    pub(super) chat_omitted: Vec<&'static str>,
    /// Openings of a chat's own notices sent under the group's name (`messages and calls are
    /// end-to-end encrypted`).
    pub(super) chat_notices: Vec<&'static str>,
    /// The line over a forwarded message (`forwarded message`), and its header fields'
    /// labels (`from`, `asunto`).
    pub(super) forward_markers: Vec<&'static str>,
    pub(super) mail_fields: Vec<&'static str>,
    /// The label of a line naming an item's source (`source:`, `fuente:`).
    pub(super) source_labels: Vec<&'static str>,
    /// What opens the note over a forwarded chat message (`forwarded from`).
    pub(super) chat_forwarded: Vec<&'static str>,
    /// One entry per data file.
    pub(super) relative: Vec<Relative>,
}

/// The lexicon, parsed from the data files on first use.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lex = Lexicon::default();
        for (name, text) in FILES {
            if let Err(e) = lex.add(text) {
                // The files are part of the source and a unit test parses them.
                panic!("src/digest/words/{name}.txt: {e}");
            }
        }
        // Stable: markers of equal length keep their file order.
        lex.markers
            .sort_by_key(|(m, _)| std::cmp::Reverse(m.chars().count()));
        lex
    })
}

impl Lexicon {
    /// Adds the lists of one data file.
    fn add(&mut self, text: &'static str) -> Result<(), String> {
        let mut relative = Relative::default();
        let mut section: Option<&str> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name);
                continue;
            }
            let word = match line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
                Some(quoted) => quoted,
                None => line,
            };
            if word.is_empty() || word.to_lowercase() != word {
                return Err(format!("line {}: entry '{word}' is not lower case", i + 1));
            }
            let list = match section {
                Some("markers") => {
                    self.markers.push((word, false));
                    continue;
                }
                Some("weak_markers") => {
                    self.markers.push((word, true));
                    continue;
                }
                Some("ago_before") => &mut relative.before,
                Some("ago_after") => &mut relative.after,
                Some("ago_one") => &mut relative.one,
                Some("nav_lines") => &mut self.nav_lines,
                Some("nav_starts") => &mut self.nav_starts,
                Some("nav_words") => &mut self.nav_words,
                Some("nav_fillers") => &mut self.nav_fillers,
                Some("credit_sources") => &mut self.credit_sources,
                Some("caption_starts") => &mut self.caption_starts,
                Some("caption_words") => &mut self.caption_words,
                Some("credit_labels") => &mut self.credit_labels,
                Some("months") => &mut self.months,
                Some("weekdays") => &mut self.weekdays,
                Some("date_prefixes") => &mut self.date_prefixes,
                Some("date_fillers") => &mut self.date_fillers,
                Some("time_zones") => &mut self.time_zones,
                Some("time_units") => &mut self.time_units,
                Some("reading_words") => &mut self.reading_words,
                Some("byline_starts") => &mut self.byline_starts,
                Some("staff_byline_starts") => &mut self.staff_byline_starts,
                Some("byline_staff") => &mut self.byline_staff,
                Some("place_words") => &mut self.place_words,
                Some("name_particles") => &mut self.name_particles,
                Some("byline_date_words") => &mut self.byline_date_words,
                Some("abbreviations") => &mut self.abbreviations,
                Some("relative_days") => &mut self.relative_days,
                Some("ordinal_suffixes") => &mut self.ordinal_suffixes,
                Some("dangling_ends") => &mut self.dangling_ends,
                Some("greetings") => &mut self.greetings,
                Some("signoffs") => &mut self.signoffs,
                Some("signoff_lines") => &mut self.signoff_lines,
                Some("letter_intros") => &mut self.letter_intros,
                Some("letter_pronouns") => &mut self.letter_pronouns,
                Some("footer_starts") => &mut self.footer_starts,
                Some("footer_phrases") => &mut self.footer_phrases,
                Some("street_words") => &mut self.street_words,
                Some("consent_starts") => &mut self.consent_starts,
                Some("chat_omitted") => &mut self.chat_omitted,
                Some("chat_notices") => &mut self.chat_notices,
                Some("forward_markers") => &mut self.forward_markers,
                Some("mail_fields") => &mut self.mail_fields,
                Some("ad_labels") => &mut self.ad_labels,
                Some("chat_forwarded") => &mut self.chat_forwarded,
                Some("related_labels") => &mut self.related_labels,
                Some("source_labels") => &mut self.source_labels,
                Some(other) => return Err(format!("line {}: unknown list [{other}]", i + 1)),
                None => return Err(format!("line {}: entry before any [list]", i + 1)),
            };
            list.push(word);
        }
        self.relative.push(relative);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse_and_markers_come_longest_first() {
        let lex = lexicon();
        assert!(lex.months.contains(&"november") && lex.months.contains(&"noviembre"));
        assert!(lex.byline_starts.contains(&"by ") && lex.byline_starts.contains(&"por "));
        assert_eq!(lex.byline_date_words, ["on", "el"]);
        assert_eq!(lex.relative.len(), FILES.len());
        let pos = |m: &str| lex.markers.iter().position(|(w, _)| *w == m).unwrap();
        assert!(pos("read more") < pos("more"));
        assert!(pos("leer más") < pos("más"));
        assert!(pos("read the full story") < pos("full story"));
    }

    #[test]
    fn bad_data_is_refused_with_its_line() {
        let mut lex = Lexicon::default();
        assert_eq!(
            lex.add("more").unwrap_err(),
            "line 1: entry before any [list]"
        );
        assert_eq!(
            lex.add("[nope]\nx").unwrap_err(),
            "line 2: unknown list [nope]"
        );
        assert_eq!(
            lex.add("# c\n[months]\nMay").unwrap_err(),
            "line 3: entry 'May' is not lower case"
        );
    }
}
