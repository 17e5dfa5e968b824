//! Owns page boilerplate: navigation and page-chrome lines (`Page 2 of 10`, `Compartir`,
//! `Tags: ...`), a newsletter's footer (`Our mailing address is:`, a postal address), photo
//! captions and credits (`Photo: Reuters`, `(AP Photo/Jane Doe)`) and bylines (`By Jane Doe`,
//! `Por Juan Pérez | 4 de marzo de 2024`).

use super::dates::{is_year, parse_date};
use super::markup::web_address;
use super::words::lexicon;

/// Longest line (in characters, a web address counting as one) that can be navigation.
const MAX_NAV_CHARS: usize = 100;
/// Longest line (in characters) that can open a page's footer.
const MAX_FOOTER_OPENER_CHARS: usize = 300;
/// Longest postal address on one line, in characters.
const MAX_ADDRESS_CHARS: usize = 140;
/// Most words in the street part of a postal address (`12 Abai Avenue`, `Calle Mayor 12`).
const MAX_STREET_WORDS: usize = 6;
/// Most words before a web address in one part of a bar of links (`More at example.org`).
const MAX_ADDRESS_LABEL_WORDS: usize = 3;
/// Longest greeting line of a newsletter, in characters (it may say what the issue holds).
const MAX_GREETING_CHARS: usize = 300;
/// Words after a greeting before its comma, colon or `!` (`Dear friends and colleagues,`).
const GREETING_WORDS: usize = 3;
/// Longest sign-off line of a newsletter, in characters.
const MAX_SIGNOFF_CHARS: usize = 60;
const _: () = assert!(MAX_SIGNOFF_CHARS <= MAX_GREETING_CHARS);
/// Longest introduction of a letter (a sentence or two), in characters.
const MAX_INTRO_CHARS: usize = 200;
/// Longest line (in bytes) that can be a caption.
pub(super) const MAX_CAPTION_BYTES: usize = 600;
/// Longest caption line (in characters) that is only a credit ("Photo: Reuters"), not a
/// description with a credit.
const MAX_CREDIT_CHARS: usize = 60;
/// Longest bracketed credit at the end of a line, in bytes: `(AP Photo/Jane Doe)` fits, an
/// aside in brackets usually does not.
const MAX_BRACKETED_CREDIT_BYTES: usize = 80;
/// Longest credit after a label inside a line (`... Photo: Jane Doe/Reuters`), in bytes.
const MAX_INLINE_CREDIT_BYTES: usize = 80;
/// Longest name after a slash in a credit (`Reuters/Jane Doe`), in bytes.
const MAX_SLASH_CREDIT_BYTES: usize = 60;
/// Most words of a credit source's name (`anadolu agency`, `ria novosti`).
const MAX_SOURCE_WORDS: usize = 3;
/// Longest byline, in bytes.
const MAX_BYLINE_BYTES: usize = 150;
/// Most words in a byline's names (several authors).
const MAX_NAME_WORDS: usize = 8;
/// Separators between a byline's names and its date, tried in this order before the
/// languages' joining words ([`lexicon`]'s `byline_date_words`).
const BYLINE_DATE_SEPARATORS: &[&str] = &[" | ", " — ", " – ", " - ", " · ", ", "];

pub(super) fn is_nav(s: &str) -> bool {
    if visible_chars(s) > MAX_NAV_CHARS {
        return false;
    }
    // A bar of links (`Unsubscribe | View in browser`): navigation when every part is.
    let parts: Vec<&str> = s
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 {
        // A part that only points to a site (`More at example.org`) goes with the others, and
        // a link as a newsletter's plain-text version writes it (`Twitter (https://…)`) is
        // its label.
        let nav = |p: &&str| is_nav_part(without_bracketed_address(p));
        if parts.iter().any(nav) && parts.iter().all(|p| nav(p) || is_site_part(p)) {
            return true;
        }
    }
    is_nav_part(s) || is_postal_address(s) || is_hashtag_line(s) || is_breadcrumb(s)
}

/// Most words of one step of a breadcrumb trail.
const MAX_BREADCRUMB_STEP_WORDS: usize = 4;

/// Whether a line is a breadcrumb trail (`Home › World › Europe`, `example.org › news › 2024`,
/// as a search engine shows a result's address; `Noticias » Internacional`): two steps or
/// more parted by `›` or `»`, each a few words and no sentence.
fn is_breadcrumb(s: &str) -> bool {
    let steps: Vec<&str> = s.split(['›', '»']).map(str::trim).collect();
    steps.len() >= 2
        && steps.iter().all(|step| {
            let words = step.split_whitespace().count();
            (1..=MAX_BREADCRUMB_STEP_WORDS).contains(&words)
                && !step.ends_with(['.', '!', '?', ':', ','])
        })
}

/// Whether a line is only hashtags (`#CentralAsia #Energy`), as posts end: the post's labels,
/// not its text.
fn is_hashtag_line(s: &str) -> bool {
    let hashtag = |w: &str| {
        w.strip_prefix('#')
            .is_some_and(|tag| tag.chars().next().is_some_and(char::is_alphabetic))
    };
    let mut words = s.split_whitespace().peekable();
    words.peek().is_some() && words.all(hashtag)
}

/// Characters of a line as a reader sees them: a web address counts as one (a newsletter's
/// plain-text footer writes its links out, `update your preferences (https://…)`).
pub(super) fn visible_chars(line: &str) -> usize {
    if !line.contains("://") {
        return line.chars().count();
    }
    line.split(' ')
        .map(|w| match w.contains("://") {
            true => 1,
            false => w.chars().count(),
        })
        .sum::<usize>()
        + line.matches(' ').count()
}

/// `part` without a web address in brackets ending it (`Twitter (https://…)`: `Twitter`).
fn without_bracketed_address(part: &str) -> &str {
    part.strip_suffix(')')
        .and_then(|p| p.rsplit_once('('))
        .filter(|(_, url)| web_address(url.trim()).is_some())
        .map_or(part, |(label, _)| label.trim_end())
}

/// Whether a line opens a page's footer, after which short lines are no text (the splitter's
/// footer): a mail list's address and preference lines (`Our mailing address is:`, `¿Quieres
/// cambiar cómo recibes estos correos?`, `Unsubscribe`), or a copyright line with its year
/// (`Copyright © 2026 Eurasia Brief, All rights reserved.`; a bare `© Reuters` is a photo
/// credit).
pub(super) fn opens_footer(s: &str) -> bool {
    if s.chars().count() > MAX_FOOTER_OPENER_CHARS {
        return false;
    }
    let lower = s.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    let lex = lexicon();
    if lex.footer_starts.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let copyright = ["copyright", "©", "(c)"]
        .iter()
        .any(|c| lower.starts_with(c));
    let year = lower.split(|c: char| !c.is_ascii_digit()).any(is_year);
    let reserved = lex.footer_phrases.iter().any(|p| lower.contains(p));
    (copyright && year) || reserved
}

/// Whether a whole line is the label of a block of links to other pages (`Related`, `Read
/// also:`, `More on this story`, *Noticias relacionadas*), in the lexicon's `[related_labels]`.
pub(crate) fn is_related_label(s: &str) -> bool {
    is_label(s, &lexicon().related_labels)
}

/// Longest label a line can be (`[ad_labels]`, `[related_labels]`), in bytes, punctuation
/// around it aside: a longer line is not lowercased to be looked up.
const MAX_LABEL_BYTES: usize = 40;

/// Whether a whole line, any case, punctuation around it ignored, is one of `labels`.
pub(super) fn is_label(line: &str, labels: &[&str]) -> bool {
    let t = line.trim().trim_matches(|c: char| !c.is_alphanumeric());
    !t.is_empty() && t.len() <= MAX_LABEL_BYTES && labels.contains(&t.to_lowercase().as_str())
}

/// Whether a raw line (its spacing as written) is furniture of a printed page copied as text:
/// a table of contents' line with dot leaders (`1. Energy ........ 2`), or a running header or
/// footer, words and, after a wide gap, a page number (`Eurasia Monitor – Issue 47      2`).
pub(super) fn is_print_furniture(raw: &str) -> bool {
    let line = raw.trim();
    if line.chars().count() > MAX_FURNITURE_CHARS || !line.chars().any(char::is_alphabetic) {
        return false;
    }
    let Some(head) = line
        .strip_suffix(|c: char| c.is_ascii_digit())
        .map(|h| h.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|h| line.len() - h.len() <= 4)
    else {
        return false;
    };
    let leaders = head
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | '·' | '…' | ' ' | '_'))
        .filter(|c| *c != ' ')
        .count();
    let gap = head.len() - head.trim_end().len();
    leaders >= LEADER_DOTS || (gap >= PAGE_NUMBER_GAP && !head.trim_end().ends_with([',', ':']))
}

/// Longest line (in characters) that can be a contents line or a running header.
const MAX_FURNITURE_CHARS: usize = 160;
/// Dots (or other leaders) before a page number that make a contents line.
const LEADER_DOTS: usize = 4;
/// Spaces before a page number that set it apart as a running header's.
const PAGE_NUMBER_GAP: usize = 4;

/// Whether `s` opens a cookie or consent notice (`We value your privacy`, `Este sitio web
/// utiliza cookies…`; lexicon `[consent_starts]`), which runs to the next blank line.
pub(super) fn opens_consent(s: &str) -> bool {
    if s.chars().count() > MAX_CONSENT_OPENER_CHARS {
        return false;
    }
    let lower = s.to_lowercase();
    lexicon()
        .consent_starts
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Longest line (in characters) that can open a consent notice: its heading or first sentence.
const MAX_CONSENT_OPENER_CHARS: usize = 300;

/// A part of a bar of links that only points to a site: a web address or a domain name, after
/// at most three words (`centralasia.example`, `More at https://example.org`).
fn is_site_part(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    let Some((last, label)) = words.split_last() else {
        return false;
    };
    let last = last
        .trim_start_matches('(')
        .trim_end_matches(['.', ',', ';', ')']);
    label.len() <= MAX_ADDRESS_LABEL_WORDS && is_web_address(last)
}

/// Whether `word` is a web address or a domain name (`example.org`,
/// `https://www.example.org/news`): a name and a top-level domain of letters.
pub(crate) fn is_web_address(word: &str) -> bool {
    let host = word
        .strip_prefix("https://")
        .or_else(|| word.strip_prefix("http://"))
        .unwrap_or(word);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let domain = host.split('/').next().unwrap_or_default();
    let (name, tld) = domain.rsplit_once('.').unwrap_or_default();
    !name.is_empty()
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
}

/// A postal address on one line (`Eurasia Brief, 12 Abai Avenue, Almaty 050000, Kazakhstan`,
/// `Boletín Eurasia · Calle Mayor 12 · 28013 Madrid`): three or more parts set apart by commas
/// or bars, one a street (of at most six words, a number and a street word among them), one
/// a postal code (four to six digits that are not a year, or letters and digits mixed as
/// `SW1A 1AA`).
fn is_postal_address(s: &str) -> bool {
    // Cheap tests first: every line of a page comes here.
    let separators = s.matches([',', '|', '·', '•']).count();
    if separators < 2 || !s.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if s.chars().count() > MAX_ADDRESS_CHARS {
        return false;
    }
    let lower = s.to_lowercase();
    let parts: Vec<&str> = lower
        .split([',', '|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 3 {
        return false;
    }
    let lex = lexicon();
    fn tokens(p: &str) -> Vec<&str> {
        p.split(|c: char| c.is_whitespace() || c == '.')
            .filter(|t| !t.is_empty())
            .collect()
    }
    let street = parts.iter().any(|p| {
        let t = tokens(p);
        t.len() <= MAX_STREET_WORDS
            && t.iter().any(|w| lex.street_words.contains(w))
            && t.iter()
                .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    });
    let postcode = parts.iter().any(|p| {
        tokens(p).iter().any(|w| {
            let digits = w.chars().filter(char::is_ascii_digit).count();
            let all_digits = digits == w.len();
            (all_digits && (4..=6).contains(&digits) && !is_year(w))
                || (!all_digits
                    && digits > 0
                    && w.len() <= 4
                    && w.chars().all(|c| c.is_ascii_alphanumeric())
                    && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        })
    });
    street && postcode
}

/// A newsletter's greeting (`Hola, estas son las noticias…`, `Dear readers,`) or sign-off
/// (`See you next week!`, `El equipo del Observatorio`, `Regards,`): the letter's words, not
/// news.
pub(super) fn is_letter_line(s: &str) -> bool {
    is_signoff(s) || is_greeting(s)
}

/// A letter's greeting: one of the lexicon's `[greetings]` with its comma, colon or `!`
/// within its first words (`Hola a todos,`, `Good morning.`, `Dear colleagues,`).
pub(super) fn is_greeting(s: &str) -> bool {
    // (A longer line is no greeting, and is not lowercased.)
    if s.chars().count() > MAX_GREETING_CHARS {
        return false;
    }
    let lower = s.to_lowercase();
    lexicon()
        .greetings
        .iter()
        .filter_map(|g| after_letter_words(&lower, g))
        .any(|rest| {
            rest.split_inclusive(char::is_whitespace)
                .take(GREETING_WORDS + 1)
                .any(|w| w.trim_end().ends_with([',', '!', ':', '.']))
        })
}

/// A letter's sign-off: a short line opening with one of the lexicon's `[signoffs]`
/// (`Best regards, Ana`), or one of its `[signoff_lines]` alone (`Regards,`). What follows
/// it is the writer's signature.
pub(super) fn is_signoff(s: &str) -> bool {
    if s.chars().count() > MAX_SIGNOFF_CHARS {
        return false;
    }
    let lex = lexicon();
    let lower = s.to_lowercase();
    is_label(s, &lex.signoff_lines)
        || lex
            .signoffs
            .iter()
            .any(|p| after_letter_words(&lower, p).is_some())
}

/// A letter's introduction to what follows (`Please find below today's press summary.`,
/// *Les envío a continuación el resumen:*): a sentence or two, ended by a full stop, a colon
/// or `!`, opening with one of the lexicon's `[letter_intros]`, or, directly under a greeting
/// (`greeted`), speaking to the readers (`Today we bring you the main stories.`, a word of
/// its `[letter_pronouns]`). Only a line before the first item is taken for one: further
/// down, such words open news too.
pub(super) fn is_letter_intro(s: &str, greeted: bool) -> bool {
    if s.chars().count() > MAX_INTRO_CHARS || !s.trim_end().ends_with(['.', ':', '!']) {
        return false;
    }
    let lex = lexicon();
    let lower = s.to_lowercase();
    if lex
        .letter_intros
        .iter()
        .any(|p| after_letter_words(&lower, p).is_some())
    {
        return true;
    }
    greeted
        && lower
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .any(|w| lex.letter_pronouns.contains(&w))
}

/// Whether a line is a mail client's marker over a forwarded message (`---------- Forwarded
/// message ---------`, `Begin forwarded message:`, *Mensaje reenviado*).
pub(super) fn is_forward_marker(s: &str) -> bool {
    is_label(s, &lexicon().forward_markers)
}

/// Whether a line is a forwarded message's header field (`From: Digest <d@example.org>`,
/// `Asunto: Resumen`): a label of the lexicon's `[mail_fields]` and a colon.
pub(super) fn is_mail_field(s: &str) -> bool {
    let Some((label, _)) = s.trim().split_once(':') else {
        return false;
    };
    label.len() <= MAX_LABEL_BYTES
        && lexicon()
            .mail_fields
            .contains(&label.trim().to_lowercase().as_str())
}

/// What follows `start` at the opening of a lower-cased line (after an opening `¡`, `¿` or a
/// dash, as a signature sets its sign-off: `— Sent from my phone`),
/// when `start` is whole words there.
fn after_letter_words<'a>(lower: &'a str, start: &str) -> Option<&'a str> {
    lower
        .trim_start_matches(['¡', '¿', ' ', '—', '–', '-'])
        .strip_prefix(start)
        .filter(|rest| rest.starts_with([' ', ',', '!', ':', '.']) || rest.is_empty())
}

/// Whether a line is an e-mail address, alone or after a name in angle brackets.
fn is_sender(lower: &str) -> bool {
    let t = lower.trim();
    let address = match t.strip_suffix('>').and_then(|r| r.rsplit_once('<')) {
        Some((name, address)) if name.split_whitespace().count() <= 6 => address,
        Some(_) => return false,
        None => t,
    };
    let Some((user, domain)) = address.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !address.contains(char::is_whitespace)
        && !domain.starts_with('.')
}

/// One line, or one part of a bar of links, that is navigation.
fn is_nav_part(s: &str) -> bool {
    let lex = lexicon();
    let lower = s.to_lowercase();
    if lex.nav_starts.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // A mail client's sender line (`Eurasia Brief <brief@example.com>`) or a bare address,
    // alone or under a label of a word or two (`Contact: brief@example.com`).
    let labelled = lower
        .split_once(':')
        .filter(|(label, _)| label.split_whitespace().count() <= 2)
        .is_some_and(|(_, address)| is_sender(address));
    if labelled || is_sender(&lower) {
        return true;
    }
    let core = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return false;
    }
    if is_phone_line(core) {
        return true;
    }
    if lex.nav_lines.contains(&core) {
        return true;
    }
    // A letter alone is no text: a share bar's `X`, an index's `A`.
    let mut letters = core.chars();
    if letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none() {
        return true;
    }
    let tokens: Vec<&str> = core
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '/' | '•' | '·' | ',' | ':' | ';' | '(' | ')')
        })
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|t| !t.is_empty() && !t.chars().all(|c| matches!(c, '-' | '–' | '—' | '.' | '…')))
        .collect();
    if tokens.is_empty() {
        return false;
    }
    let numeric = |t: &str| t.chars().all(|c| c.is_ascii_digit() || c == '-');
    if is_reading_time(&tokens) {
        return true;
    }
    // A post's age as social sites show it (`2d`, `3h`, `1w`).
    let age = |t: &str| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && matches!(
                &t[digits..],
                "s" | "m" | "min" | "h" | "d" | "w" | "mo" | "y"
            )
    };
    let all_known = tokens
        .iter()
        .all(|t| lex.nav_words.contains(t) || lex.nav_fillers.contains(t) || numeric(t) || age(t));
    let strong = tokens.iter().any(|t| lex.nav_words.contains(t));
    let only_numbers = tokens.iter().all(|t| numeric(t));
    all_known && (strong || only_numbers)
}

/// Fewest digits of a phone number.
const MIN_PHONE_DIGITS: usize = 7;

/// A phone number after a label of its own, as a signature or a footer writes it (`Tel. +34 91
/// 555 01 23`, `Phone: (202) 555-0143`, `Tfno.: 91 555 01 23`).
fn is_phone_line(lower: &str) -> bool {
    const LABELS: &[&str] = &[
        "tel",
        "tel.",
        "tel:",
        "tel.:",
        "phone",
        "phone:",
        "tfno",
        "tfno.",
        "tfno.:",
        "teléfono",
        "teléfono:",
        "mobile",
        "mobile:",
        "móvil",
        "móvil:",
        "fax",
        "fax:",
    ];
    let Some((label, number)) = lower.split_once(' ') else {
        return false;
    };
    let digits = number.chars().filter(char::is_ascii_digit).count();
    LABELS.contains(&label)
        && digits >= MIN_PHONE_DIGITS
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'))
}

/// A reading time (`4 min read`, `6-minute read`, `Lectura: 3 minutos`, `5 min de lectura`):
/// a number, a time unit and a reading word, and nothing else.
fn is_reading_time(tokens: &[&str]) -> bool {
    let lex = lexicon();
    let words: Vec<&str> = tokens
        .iter()
        .flat_map(|t| t.split('-'))
        .filter(|t| !t.is_empty())
        .collect();
    let number = |t: &&str| t.chars().all(|c| c.is_ascii_digit());
    let unit = |t: &&str| lex.time_units.contains(t);
    let reading = |t: &&str| lex.reading_words.contains(t);
    words.len() <= 5
        && words.iter().any(number)
        && words.iter().any(unit)
        && words.iter().any(reading)
        && words.iter().all(|t| number(t) || unit(t) || reading(t))
}

/// A duration alone (`3 min`, `5 minutos`): beside a date in a bar of post details
/// (`December 5, 2024 · 3 min`), the reading time without its reading word.
pub(super) fn is_duration(s: &str) -> bool {
    let lower = s.to_lowercase();
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let unit = |t: &str| lexicon().time_units.contains(&t.trim_end_matches('.'));
    match tokens.as_slice() {
        [n, u] => n.chars().all(|c| c.is_ascii_digit()) && unit(u),
        // `3min`
        [t] => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && unit(&t[digits..])
        }
        _ => false,
    }
}

/// `Some(credit_only)` if the line is a photo caption or credit; `credit_only` for short lines
/// that are only a credit ("Photo: Reuters", "(AP Photo/Jane Doe)", "© AFP").
pub(super) fn caption_kind(s: &str) -> Option<bool> {
    if s.len() > MAX_CAPTION_BYTES {
        return None;
    }
    let lex = lexicon();
    let lower = s.to_lowercase();
    let short = s.chars().count() <= MAX_CREDIT_CHARS;
    if lex.caption_starts.iter().any(|p| lower.starts_with(p)) {
        // A wire story credited in brackets before its first sentence (`(Reuters, 19/04) The
        // commissions agreed on…`, `(EFE) - Las comisiones…`) is the story's text.
        return (!opens_credited_story(&lower)).then_some(short);
    }
    if lower.contains('©') {
        return Some(false);
    }
    let credit_in_brackets = lower
        .strip_suffix(')')
        .and_then(|inner| inner.rfind('(').map(|open| inner[open + 1..].trim()))
        .is_some_and(|inner| {
            inner.len() <= MAX_BRACKETED_CREDIT_BYTES
                && (lex.caption_words.iter().any(|w| inner.contains(w))
                    || lex.credit_sources.contains(&inner))
        });
    if credit_in_brackets {
        return Some(false);
    }
    for kw in &lex.credit_labels {
        if let Some(i) = lower.rfind(kw) {
            let before = lower[..i].trim_end();
            let at_break = before.is_empty()
                || before.ends_with(['.', '|', '—', '–', '-', '(', '/', ';', ',', '·', '•']);
            if at_break && lower.len() - i <= kw.len() + MAX_INLINE_CREDIT_BYTES {
                return Some(false);
            }
        }
    }
    // "Reuters/Jane Doe" or "Jane Doe/EFE" at the end of the line.
    if let Some(slash) = lower.rfind('/') {
        let right = lower[slash + 1..].trim();
        let left = lower[..slash].trim_end();
        let left_tail: Vec<&str> = left
            .split_whitespace()
            .rev()
            .take(MAX_SOURCE_WORDS)
            .collect();
        let left_agency = (1..=left_tail.len()).any(|n| {
            let words: Vec<&str> = left_tail[..n].iter().rev().copied().collect();
            lex.credit_sources
                .contains(&words.join(" ").trim_start_matches(['(', '[']))
        });
        if right.len() <= MAX_SLASH_CREDIT_BYTES
            && !right.contains(['.', ';', ':', '?', '!'])
            && (left_agency
                || lex
                    .credit_sources
                    .contains(&right.trim_end_matches([')', ']'])))
        {
            return Some(false);
        }
    }
    None
}

/// Fewest words after a bracketed credit for the line to be a credited story, not a caption.
const MIN_CREDITED_STORY_WORDS: usize = 6;

/// Whether `lower` (a line in lower case) opens with a bracketed credit, perhaps with a date
/// (`(reuters, 19/04)`), followed by a sentence of [`MIN_CREDITED_STORY_WORDS`] words or more
/// that names no photo.
fn opens_credited_story(lower: &str) -> bool {
    let Some(rest) = lower.strip_prefix('(') else {
        return false;
    };
    let Some(close) = rest.find(')') else {
        return false;
    };
    let (credit, story) = (&rest[..close], &rest[close + 1..]);
    let story = story.trim_start_matches(|c: char| c.is_whitespace() || "-–—:.".contains(c));
    let photo = lexicon().caption_words.iter().any(|w| credit.contains(w));
    credit.len() <= MAX_BRACKETED_CREDIT_BYTES
        && !photo
        && story.split_whitespace().count() >= MIN_CREDITED_STORY_WORDS
}

/// `Some(date)` if the line is a byline ("By Jane Doe", "Por Juan Pérez | 4 de marzo de 2024",
/// "Posted on 4 March 2024 by Jane Doe"); the date is the one in it, if any.
pub(super) fn byline(s: &str) -> Option<Option<String>> {
    if s.len() > MAX_BYLINE_BYTES {
        return None;
    }
    name_byline(s).or_else(|| date_then_byline(s).map(Some))
}

/// The date of a line that is a date, then a byline (`4 March 2024 by Jane Doe`, `Posted on
/// 4 March 2024 by admin`: after a date, a user name in lower case is a byline too).
fn date_then_byline(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    lexicon().byline_starts.iter().find_map(|p| {
        let at = lower.find(&format!(" {p}"))? + 1;
        let date = parse_date(s[..at].trim())?;
        let words: Vec<&str> = s[at + p.len()..].split_whitespace().collect();
        let name_like = !words.is_empty()
            && words.len() <= MAX_NAME_WORDS
            && words.iter().all(|w| !w.contains([':', '?', '!', '"', '“']));
        name_like.then_some(date)
    })
}

/// A byline that starts with its name (`By Jane Doe`, `Por Juan Pérez | 4 de marzo de 2024`,
/// `Written by: World Desk` as a CMS labels it).
fn name_byline(s: &str) -> Option<Option<String>> {
    let lex = lexicon();
    let lower = s.to_lowercase();
    // (The start's closing space may be a colon and a space: `Escrito por: Ana Ruiz`.)
    let person = lex
        .byline_starts
        .iter()
        .find_map(|p| match lower.strip_prefix(*p) {
            Some(_) => s.get(p.len()..),
            None => {
                let labelled = format!("{}: ", p.trim_end());
                let words = p.split_whitespace().count() >= 2;
                (words && lower.starts_with(&labelled)).then(|| s.get(labelled.len()..))?
            }
        });
    let staff_only = || {
        lex.staff_byline_starts
            .iter()
            .find_map(|p| lower.strip_prefix(*p).and_then(|_| s.get(p.len()..)))
    };
    let (rest, staff_only) = match person {
        Some(rest) => (rest, false),
        None => (staff_only()?, true),
    };
    if staff_byline(rest) {
        return Some(None);
    }
    if staff_only {
        return None;
    }
    let mut name = rest;
    let mut date = None;
    let joiners = lex.byline_date_words.iter().map(|w| format!(" {w} "));
    let separators = BYLINE_DATE_SEPARATORS.iter().map(|s| s.to_string());
    for sep in separators.chain(joiners) {
        let sep = sep.as_str();
        let found = name
            .find(sep)
            .and_then(|i| parse_date(&name[i + sep.len()..]).map(|d| (i, d)));
        if let Some((i, d)) = found {
            date = Some(d);
            name = &name[..i];
            break;
        }
    }
    let words: Vec<&str> = name.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > MAX_NAME_WORDS {
        return None;
    }
    let name_like = words.iter().all(|w| {
        !w.contains([':', '?', '!', '"', '“'])
            && (w.chars().next().is_some_and(char::is_uppercase) || lex.name_particles.contains(w))
    });
    let capitalised = words
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    (name_like && capitalised).then_some(date)
}

/// Most words of a byline's staff name with its place (`a special correspondent in Tbilisi`).
const MAX_STAFF_BYLINE_WORDS: usize = 7;

/// Whether a byline's name (what follows `By`) is a newsroom's staff rather than a person: a
/// word of `[byline_staff]`, only lower-case or capitalised words before it (`a special
/// correspondent`, `our Moscow correspondent`, `nuestro corresponsal`), and after it nothing,
/// or a place (`in Tbilisi`, `en Moscú`).
fn staff_byline(name: &str) -> bool {
    let lex = lexicon();
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty()
        || words.len() > MAX_STAFF_BYLINE_WORDS
        || name.contains([',', ':', ';', '?', '!', '"', '“', '.'])
    {
        return false;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let Some(staff) = lower
        .iter()
        .rposition(|w| lex.byline_staff.contains(&w.as_str()))
    else {
        return false;
    };
    match lower.get(staff + 1) {
        None => true,
        Some(w) => {
            let place = &words[staff + 2..];
            lex.place_words.contains(&w.as_str())
                && !place.is_empty()
                && place
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label of the lexicon is looked up: none is longer than a line can be to be one.
    #[test]
    fn every_label_fits_the_label_bound() {
        let lex = lexicon();
        for label in lex.ad_labels.iter().chain(&lex.related_labels) {
            assert!(label.len() <= MAX_LABEL_BYTES, "{label}");
            assert!(is_label(&label.to_uppercase(), &[label]), "{label}");
        }
    }
}
