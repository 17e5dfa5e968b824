//! The detector: a text in, a [`Detection`] and then a [`Route`] out, in the documented order
//! of evidence (word evidence, whatlang unrestricted and restricted to the allowlist).

use super::evidence::{self, best, Evidence};
use super::lexicon::Lexicon;
use super::{
    bit, Lang, Mask, Route, Scores, Source, ALL_MASK, DEFAULT_FLOOR, EVIDENCE_BYTES,
    SHORT_TEXT_CHARS,
};

/// Word evidence (in words) by which one language must lead all others to decide a text on
/// word evidence alone, without whatlang's character model.
pub(super) const DECISIVE_MARGIN: f64 = 2.0;

/// Weight of whatlang's restricted answer (times its confidence) beside the word evidence.
const TRIGRAM_WEIGHT: f64 = 1.0;

/// Whether whatlang puts `text` in the Latin script, without asking it when `text` is ASCII:
/// whatlang counts letters per script and skips ASCII punctuation, digits and controls, so an
/// ASCII text is Latin exactly when it has a letter.
fn is_latin_script(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        whatlang::detect_script(text) == Some(whatlang::Script::Latin)
    }
}

/// The first [`EVIDENCE_BYTES`] of `text`, cut at a character boundary.
fn opening(text: &str) -> &str {
    crate::segment::prefix(text, EVIDENCE_BYTES)
}

/// What detection found in one text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// An allowed language, decided with confidence at or above the floor.
    pub lang: Option<Lang>,
    /// The detector's confidence (0 to 1).
    pub confidence: f64,
    /// The most likely allowed language when `lang` is undetermined.
    pub guess: Option<Lang>,
    /// A language outside the allowlist that whatlang is sure of (ISO 639-3 code).
    pub other: Option<&'static str>,
}

/// Language detector restricted to an allowlist, with a confidence floor.
///
/// Only the opening of a text is read ([`EVIDENCE_BYTES`], at most 64 words of it, and no
/// more words once one language leads by 6). Latin-script text is first given word evidence,
/// per language:
/// - a word in the language's lexicon counts 1 (a word in n lexicons, 1/n each). The lexicons
///   are the NLTK stop-word lists of every [`Lang`] plus a few thousand frequent words of
///   English, Spanish, French, German, Portuguese and Italian written for this project
///   (`src/lang/lexicon/`);
/// - a word found after removing an inflection (`ministers`, `negociaciones`) counts 0.8;
///   one found only without its accents (`accion`) counts 0.7;
/// - a word no lexicon holds as written gets its spelling cues (`-ing`, `th`, `ñ`, `-ción`,
///   `ão`, `lh`, `-zione`, `eau`, `è`, `ß`, `sch`, `-ung`...), 0.1 to 1 each;
/// - a capitalised word that does not start a sentence (a name, a title in another language)
///   counts half, except on a line written in capitals (a wire headline).
///
/// A text is then decided by, in order:
/// 0. for Latin-script text, a fast path: when word evidence over all pipeline languages
///    puts one ahead by at least 2, it is decided (or reported, if not allowed) without a
///    character model. Catalan or Galician text may be taken for Spanish or Portuguese here;
/// 1. whatlang over all its languages: a text it reliably puts in a language with no pipeline
///    (Ukrainian, Kazakh, Chinese...) is reported as that language and goes to the
///    language-neutral pipeline, never silently to a wrong stemmer;
/// 2. word evidence among the candidates (the allowed languages plus the one whatlang
///    reliably sees, if it has a pipeline): a lead of at least 2 decides, and a language
///    outside the allowlist is reported (neutral pipeline);
/// 3. whatlang again: a reliable answer outside the allowlist is reported, neutral pipeline;
/// 4. word evidence plus whatlang restricted to the allowlist (its answer adds its
///    confidence): the best allowed language, with confidence `lead / (lead + 2)`, decided
///    when that reaches the floor, otherwise kept as the best guess. With no word evidence
///    (other scripts), whatlang's own answer and confidence. A guess is made among the
///    languages a model was trained on, when it says so ([`Detector::guessing_among`]).
#[derive(Debug)]
pub struct Detector {
    allow: Vec<Lang>,
    /// [`Detector::allow`] as a mask.
    allow_mask: Mask,
    floor: f64,
    inner: whatlang::Detector,
    /// The languages an undetermined text may be guessed as ([`Detector::guessing_among`]),
    /// and whatlang restricted to them when they are fewer than the allowed ones.
    guess_mask: Mask,
    guesser: Option<whatlang::Detector>,
    lexicon: &'static Lexicon,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(Lang::ALL.to_vec(), DEFAULT_FLOOR)
    }
}

impl Detector {
    /// A detector that only ever decides one of `allow` (all pipelines when empty).
    pub fn new(allow: Vec<Lang>, floor: f64) -> Detector {
        let mut allow = if allow.is_empty() {
            Lang::ALL.to_vec()
        } else {
            allow
        };
        allow.sort();
        allow.dedup();
        let inner =
            whatlang::Detector::with_allowlist(allow.iter().map(|l| l.whatlang()).collect());
        let allow_mask = allow.iter().fold(0, |m, &l| m | bit(l));
        Detector {
            allow,
            allow_mask,
            floor,
            inner,
            guess_mask: allow_mask,
            guesser: None,
            lexicon: Lexicon::get(),
        }
    }

    /// Guess an undetermined text (below the floor) only as one of `langs` (those of them
    /// that are allowed; unchanged when none is): a model trained on English and Spanish
    /// items has nothing to offer a short Spanish headline guessed as Portuguese.
    pub fn guessing_among(mut self, langs: &[Lang]) -> Detector {
        let mask = langs.iter().fold(0, |m, &l| m | bit(l)) & self.allow_mask;
        if mask != 0 && mask != self.allow_mask {
            self.guess_mask = mask;
            self.guesser = Some(whatlang::Detector::with_allowlist(
                self.allow
                    .iter()
                    .filter(|&&l| mask & bit(l) != 0)
                    .map(|l| l.whatlang())
                    .collect(),
            ));
        }
        self
    }

    /// The languages this detector may decide.
    pub fn allowlist(&self) -> &[Lang] {
        &self.allow
    }

    /// The confidence floor.
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// A detection decided by word evidence alone, when it puts one of `candidates` at least
    /// [`DECISIVE_MARGIN`] ahead of any other: detected if allowed, otherwise reported.
    fn decisive(&self, scores: &Scores, candidates: Mask) -> Option<Detection> {
        let (lang, margin) = best(scores, candidates)?;
        (margin >= DECISIVE_MARGIN).then(|| {
            let allowed = self.allow_mask & bit(lang) != 0;
            Detection {
                lang: allowed.then_some(lang),
                confidence: (margin / (margin + DECISIVE_MARGIN)).max(self.floor),
                guess: None,
                other: (!allowed).then(|| lang.whatlang().code()),
            }
        })
    }

    /// Detect the language of `text` alone (see the type's docs for the order of evidence).
    pub fn detect(&self, text: &str) -> Detection {
        let text = opening(text);
        let mut d = Detection {
            lang: None,
            confidence: 0.0,
            guess: None,
            other: None,
        };
        let latin = is_latin_script(text);
        let evidence = if latin {
            let ev = evidence::read(self.lexicon, text);
            if let Some(d) = self.decisive(&ev.scores(ALL_MASK), ALL_MASK) {
                return d;
            }
            ev
        } else {
            Evidence::default()
        };
        let info = whatlang::detect(text);
        // A reliable language with no pipeline at all (Ukrainian, Kazakh, Chinese...).
        if let Some(info) = info
            .as_ref()
            .filter(|i| i.is_reliable() && Lang::from_whatlang(i.lang()).is_none())
        {
            d.other = Some(info.lang().code());
            d.confidence = info.confidence();
            return d;
        }
        // Weigh the allowed languages, plus the one whatlang reliably sees if it has a
        // pipeline but is not allowed (so a French text is not claimed by Spanish words).
        let mut candidates = self.allow_mask;
        if let Some(l) = info
            .as_ref()
            .filter(|i| i.is_reliable())
            .and_then(|i| Lang::from_whatlang(i.lang()))
        {
            candidates |= bit(l);
        }
        let scores = evidence.scores(candidates);
        if let Some(d) = self.decisive(&scores, candidates) {
            return d;
        }
        if let Some(info) = info.as_ref().filter(|i| i.is_reliable()) {
            if Lang::from_whatlang(info.lang()).is_some_and(|l| self.allow_mask & bit(l) == 0) {
                d.other = Some(info.lang().code());
                d.confidence = info.confidence();
                return d;
            }
        }
        let words_seen = scores.iter().any(|&s| s > 0.0);
        let word_scores = scores;
        let (scores, restricted) = with_trigrams(word_scores, &self.inner, text);
        let best = match (words_seen, &restricted) {
            (false, Some(info)) => Lang::from_whatlang(info.lang()).map(|l| (l, info.confidence())),
            _ => best(&scores, self.allow_mask)
                .map(|(l, margin)| (l, margin / (margin + DECISIVE_MARGIN))),
        };
        if let Some((lang, confidence)) = best {
            d.confidence = confidence;
            d.guess = Some(lang);
            if confidence >= self.floor {
                d.lang = Some(lang);
            } else if self.guess_mask & bit(lang) == 0 {
                // The same weighing among the languages it may be guessed as.
                if let Some(guesser) = &self.guesser {
                    let (scores, trigram) = with_trigrams(word_scores, guesser, text);
                    d.guess = evidence::best(&scores, self.guess_mask)
                        .map(|(l, _)| l)
                        .or(trigram.and_then(|i| Lang::from_whatlang(i.lang())));
                }
            }
        }
        d
    }

    /// Route one text in the documented order: `given`; the detected language; for an
    /// undetermined short text, `hint` (its page's or batch's language); for any other
    /// undetermined text, the best allowed guess. Texts in a language outside the allowlist,
    /// and texts with no evidence at all, go to the language-neutral pipeline.
    pub fn route(&self, text: &str, given: Option<Lang>, hint: Option<Lang>) -> Route {
        if let Some(lang) = given {
            return Route {
                lang: Some(lang),
                confidence: 1.0,
                source: Source::Given,
                other: None,
            };
        }
        let d = self.detect(text);
        let route = |lang, source| Route {
            lang: Some(lang),
            confidence: d.confidence,
            source,
            other: None,
        };
        match (d.lang, d.other, hint, d.guess) {
            (Some(lang), _, _, _) => route(lang, Source::Detected),
            (None, Some(other), _, _) => Route {
                other: Some(other),
                ..Route::neutral(d.confidence)
            },
            (None, None, Some(hint), _) if text.chars().count() < SHORT_TEXT_CHARS => {
                route(hint, Source::Inherited)
            }
            (None, None, _, Some(guess)) => route(guess, Source::Guessed),
            _ => Route::neutral(d.confidence),
        }
    }
}

/// `word_scores` with `trigrams`' answer for `text` added (its confidence, weighted, to its
/// language), and that answer.
fn with_trigrams(
    mut word_scores: Scores,
    trigrams: &whatlang::Detector,
    text: &str,
) -> (Scores, Option<whatlang::Info>) {
    let info = trigrams.detect(text);
    if let Some(info) = &info {
        if let Some(l) = Lang::from_whatlang(info.lang()) {
            word_scores[l.index()] += TRIGRAM_WEIGHT * info.confidence();
        }
    }
    (word_scores, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_script_shortcut_agrees_with_whatlang() {
        // Every ASCII byte in short strings, and longer pseudo-random mixes.
        let mut texts: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        texts.extend((0u8..128).map(|b| format!("12 {} 34\u{7f}", char::from(b))));
        let mut next = crate::testutil::xorshift(0x2545_f491_4f6c_dd1d);
        for len in [0, 1, 2, 5, 40, 300] {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| {
                        let state = next();
                        // Mostly digits and punctuation, so letter-free texts occur.
                        let pool = b"0123456789 .,;:!?-+*/()[]{}@#$%^&_|~`'\"\x7f\t\nqZ";
                        char::from(pool[(state % pool.len() as u64) as usize])
                    })
                    .collect();
                texts.push(text);
            }
        }
        for text in &texts {
            assert_eq!(
                is_latin_script(text),
                whatlang::detect_script(text) == Some(whatlang::Script::Latin),
                "{text:?}"
            );
        }
    }

    fn check(text: &str, expected: Option<Lang>) {
        let d = Detector::new(
            vec![Lang::English, Lang::Spanish, Lang::Russian],
            DEFAULT_FLOOR,
        );
        let route = d.route(text, None, None);
        assert_eq!(route.lang, expected, "{text:?} routed to {route:?}");
    }

    /// A short headline below the floor is guessed among a model's trained languages: a
    /// Spanish one typed without accents, otherwise taken for Portuguese or Italian.
    #[test]
    fn undetermined_texts_are_guessed_among_the_trained_languages() {
        let all = || Detector::new(Lang::ALL.to_vec(), DEFAULT_FLOOR);
        let trained = [Lang::English, Lang::Spanish];
        for (text, want) in [
            ("Rusia expulsa a diplomaticos moldavos", Lang::Spanish),
            ("China y Turkmenistan: gasoducto Linea D", Lang::Spanish),
            ("EU sanctions Belarus", Lang::English),
        ] {
            let open = all().route(text, None, None);
            assert!(
                open.lang.is_some_and(|l| !trained.contains(&l)),
                "{text:?}: the case needs a guess outside the trained languages, got {open:?}"
            );
            let route = all().guessing_among(&trained).route(text, None, None);
            assert_eq!(route.lang, Some(want), "{text:?}");
            assert_eq!(route.source, Source::Guessed, "{text:?}");
        }
        // A text above the floor keeps its language, trained or not.
        let fr = "Le gouvernement français annonce de nouvelles sanctions contre la Russie";
        let route = all().guessing_among(&trained).route(fr, None, None);
        assert_eq!(route.lang, Some(Lang::French));
    }

    #[test]
    fn routes_sentences() {
        check(
            "The foreign ministers met in Astana to discuss water sharing on the Syr Darya.",
            Some(Lang::English),
        );
        check(
            "Los cancilleres se reunieron en Astaná para negociar el reparto del agua del río.",
            Some(Lang::Spanish),
        );
        check(
            "Министры иностранных дел встретились в Астане, чтобы обсудить водные ресурсы.",
            Some(Lang::Russian),
        );
        check("", None);
        check("12345 !!!", None);
        // Short titles: stop words settle them, or the best allowed guess.
        check("Talks on the future of the gas union", Some(Lang::English));
        check("Las negociaciones sobre el gas", Some(Lang::Spanish));
    }

    #[test]
    fn languages_outside_the_allowlist_are_reported_not_stemmed() {
        let d = Detector::new(vec![Lang::English, Lang::Spanish], DEFAULT_FLOOR);
        let r = d.route(
            "Міністри закордонних справ зустрілися в Астані, щоб обговорити водні ресурси регіону.",
            None,
            None,
        );
        assert_eq!((r.lang, r.code(), r.source), (None, "ukr", Source::Neutral));
        let r = d.route(
            "Les ministres des affaires étrangères se sont réunis à Astana pour discuter de l'eau.",
            None,
            None,
        );
        assert_eq!((r.lang, r.code()), (None, "fra"));
    }

    #[test]
    fn given_language_wins_and_hint_only_for_undetermined_short_text() {
        let d = Detector::default();
        let r = d.route("The ministers met.", Some(Lang::Spanish), None);
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Given));
        let r = d.route("2024", None, Some(Lang::Spanish));
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Inherited));
        assert!(d.route("Astana", None, None).undetermined());
        let r = d.route("2024", None, None);
        assert_eq!((r.code(), r.source), ("und", Source::Neutral));
    }

    /// The seven-language allowlist of the routing benchmark (`examples/langid.rs`).
    fn seven() -> Detector {
        use Lang::*;
        Detector::new(
            vec![
                English, Spanish, Russian, French, German, Portuguese, Italian,
            ],
            DEFAULT_FLOOR,
        )
    }

    /// Route each text with the seven-language detector and compare with `expected`.
    fn check_all(cases: &[(&str, Lang)]) {
        let d = seven();
        let wrong: Vec<String> = cases
            .iter()
            .map(|&(text, expected)| (text, expected, d.route(text, None, None)))
            .filter(|(_, expected, r)| r.lang != Some(*expected))
            .map(|(text, expected, r)| format!("{text:?}: expected {expected}, got {}", r.code()))
            .collect();
        assert!(wrong.is_empty(), "misrouted:\n{}", wrong.join("\n"));
    }

    #[test]
    fn short_english_titles_without_stop_words() {
        use Lang::English as En;
        check_all(&[
            ("Ministers reject grain export plan", En),
            ("Pipeline deal signed after long talks", En),
            ("Border clashes leave soldiers dead", En),
            ("Central bank raises interest rates", En),
            ("Opposition leader arrested", En),
            ("Drought threatens wheat harvest", En),
            ("President visits flooded villages", En),
            ("Government announces new sanctions", En),
            ("Protesters demand fair elections", En),
            ("Refugees", En),
            ("Negotiations", En),
            ("Freedom", En),
            ("Spokesman's warning", En),
            ("Strengthening ties", En),
        ]);
    }

    #[test]
    fn spanish_with_accents_typed_or_not() {
        use Lang::Spanish as Es;
        check_all(&[
            // As written.
            ("Reunión de cancilleres en Astaná", Es),
            ("Negociaciones sobre el reparto del agua", Es),
            // Typed without accents.
            ("Reunion de cancilleres sobre la cuestion del agua", Es),
            ("Aprobacion del presupuesto", Es),
            ("negociaciones", Es),
            ("ciudadanos", Es),
            ("Elecciones", Es),
        ]);
    }

    #[test]
    fn romance_and_german_sentences() {
        use Lang::*;
        check_all(&[
            (
                "O governo anunciou novas medidas para proteger os trabalhadores.",
                Portuguese,
            ),
            ("As negociações com a União Europeia continuam", Portuguese),
            (
                "Il governo ha annunciato nuove misure per proteggere i lavoratori.",
                Italian,
            ),
            ("La riunione dei ministri degli esteri", Italian),
            (
                "Le gouvernement a annoncé de nouvelles mesures pour les travailleurs.",
                French,
            ),
            ("Les négociations reprennent à Genève", French),
            ("Die Regierung kündigte neue Maßnahmen an.", German),
            ("Verhandlungen über die Gasversorgung", German),
        ]);
    }

    #[test]
    fn names_weigh_less_than_the_sentence() {
        use Lang::Spanish as Es;
        check_all(&[
            // English names and titles inside a Spanish sentence.
            (
                "Noticias relacionadas con Research Council, Future Energy Forum y la reunión",
                Es,
            ),
        ]);
    }

    #[test]
    fn only_the_opening_of_a_long_text_is_read() {
        let spanish = "Los ministros de Exteriores se reunieron para negociar el acuerdo. ";
        let english = "The ministers met again to negotiate the agreement on water. ";
        let text = format!("{}{}", spanish.repeat(10), english.repeat(200));
        assert!(spanish.len() * 10 >= EVIDENCE_BYTES);
        let r = seven().route(&text, None, None);
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Detected));
        // The cut falls inside a multi-byte character without panicking.
        let text = "ñ".repeat(EVIDENCE_BYTES);
        assert_eq!(opening(&text).len(), EVIDENCE_BYTES);
        let text = format!("a{text}");
        assert_eq!(opening(&text).len(), EVIDENCE_BYTES - 1);
    }
}
