//! Owns the lines of a chat exported or copied as text, where news is passed around: a
//! WhatsApp export (`05/12/2024, 08:21 - Ana Ruiz: text` from Android, `[05/12/2024,
//! 08:21:33] Ana Ruiz: text` from an iPhone) and messages copied from Telegram Desktop
//! (`Channel name, [05.12.2024 10:02]` over each post) or from Slack (`Ana Ruiz  9:14 AM` over
//! each message, its reactions and thread count under it). Such a line starts a message, which
//! the splitter reads as a new item with the message's date; the lines under it, up to the
//! next message, are the message's. The chat's own lines (`Ana added Luis`, end-to-end
//! encryption notices), deleted messages, left-out media and a word or two of chatter
//! (`ok gracias`) are no item.

use super::words::lexicon;

/// Most words in a sender's name (`+34 600 12 34 56` is five).
const MAX_NAME_WORDS: usize = 6;
/// A message of at most this many words and no link is chatter (`ok gracias`, `👍`).
const MAX_CHATTER_WORDS: usize = 2;
/// A message of at most this many words that opens with a greeting is chatter too.
const MAX_GREETING_WORDS: usize = 6;

/// A line that starts a message.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Message<'a> {
    /// A message: when it was sent, as the export writes it, and its text on this line
    /// (empty when it starts on the next line, as Telegram's do). A word or two, or a
    /// greeting, with no link is `chatter` (`ok gracias`), and so is a lead-in (`Mira:`); the
    /// lines under one, if any, are the message's text.
    Post {
        date: String,
        text: &'a str,
        chatter: bool,
    },
    /// No item: the chat's own line, a deleted message or a left-out medium; what it was,
    /// for the warning.
    Dropped(&'static str),
}

/// The message `line` starts, if it starts one.
pub(super) fn message(line: &str) -> Option<Message<'_>> {
    let line = line
        .trim()
        .trim_start_matches(['\u{200e}', '\u{200f}', '\u{feff}']);
    if let Some(post) = telegram_header(line).or_else(|| slack_header(line)) {
        return Some(post);
    }
    let (date, rest) = whatsapp_stamp(line)?;
    // `Sender: text`; a line with no sender is the chat's own (`Ana added Luis`).
    let Some((_, text)) = rest.split_once(": ").filter(|(name, _)| is_sender(name)) else {
        return Some(Message::Dropped("a line of the chat's own"));
    };
    let text = text.trim().trim_start_matches('\u{200e}');
    let plain = text
        .trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace())
        .to_lowercase();
    let lex = lexicon();
    if lex.chat_omitted.iter().any(|o| {
        plain
            .strip_suffix(o)
            .is_some_and(|head| head.is_empty() || head.ends_with([' ', '\u{200e}']))
    }) {
        return Some(Message::Dropped("a deleted message or a medium left out"));
    }
    // The chat's own notice, under the group's name (an iPhone's export).
    if lex.chat_notices.iter().any(|n| plain.starts_with(n)) {
        return Some(Message::Dropped("a line of the chat's own"));
    }
    let words = text.split_whitespace().count();
    let short = words <= MAX_CHATTER_WORDS || words <= MAX_GREETING_WORDS && opens_greeting(text);
    let chatter = !text.contains("://") && (short || is_lead_in(text));
    Some(Message::Post {
        date,
        text,
        chatter,
    })
}

/// Whether a message's first line only leads in to the lines under it (`Ojo con esto:`, `Look
/// at this:`): a few words ending in a colon.
pub(super) fn is_lead_in(text: &str) -> bool {
    text.ends_with(':') && text.split_whitespace().count() <= MAX_GREETING_WORDS
}

/// Whether `text` opens with a greeting (`Buenos días a todos`, `Hi all`).
fn opens_greeting(text: &str) -> bool {
    let lower = text.to_lowercase();
    lexicon().greetings.iter().any(|g| {
        lower
            .strip_prefix(g)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', '!', '.', ':']))
    })
}

/// Whether `line` stands in for a medium in messages copied from Telegram Desktop
/// (`[ Photo ]`, `[ Album ]`, `[ Voice message ]`).
pub(super) fn is_placeholder(line: &str) -> bool {
    line.trim()
        .strip_prefix("[ ")
        .and_then(|r| r.strip_suffix(" ]"))
        .is_some_and(|inner| {
            let words = inner.split_whitespace().count();
            (1..=3).contains(&words) && inner.chars().all(|c| c.is_alphabetic() || c == ' ')
        })
}

/// A message's header copied from Slack: the sender, two spaces and the time (`Ana Ruiz  9:14
/// AM`, `Digest Bot  APP  09:14`).
fn slack_header(line: &str) -> Option<Message<'_>> {
    let (name, time) = line.rsplit_once("  ")?;
    let name = name.trim_end().strip_suffix("  APP").unwrap_or(name).trim();
    let (clock, suffix) = time.trim().split_once(' ').unwrap_or((time.trim(), ""));
    let suffix = suffix.to_lowercase().replace(['.', ' '], "");
    let words = name.split_whitespace().count();
    let ok = is_time(clock)
        && (suffix.is_empty() || suffix == "am" || suffix == "pm")
        && (1..=4).contains(&words)
        && name.chars().next().is_some_and(char::is_uppercase)
        && !name.contains(['.', ':', '!', '?']);
    ok.then_some(Message::Post {
        date: String::new(),
        text: "",
        chatter: false,
    })
}

/// Whether `line` is a chat's furniture under a message, copied with it from Slack: its
/// reactions (`:eyes: 2  :white_check_mark: 1`) or its thread (`3 replies Last reply today
/// at 10:02 AM`).
pub(super) fn is_chat_furniture(line: &str) -> bool {
    let t = line.trim();
    let reactions = !t.is_empty()
        && t.split_whitespace().enumerate().all(|(i, w)| {
            if i % 2 == 0 {
                w.len() > 2 && w.starts_with(':') && w.ends_with(':')
            } else {
                w.chars().all(|c| c.is_ascii_digit())
            }
        });
    let thread = t.split_once(' ').is_some_and(|(n, rest)| {
        n.chars().all(|c| c.is_ascii_digit())
            && (rest == "reply"
                || rest == "replies"
                || rest.starts_with("replies Last reply")
                || rest.starts_with("reply Last reply"))
    });
    reactions || thread || is_forward_note(t)
}

/// Whether `line` is the note over a message forwarded in Telegram (`[Forwarded from Tashkent
/// Wire]`, *[Reenviado de …]*): the message is the forwarded post's, its source no text.
fn is_forward_note(line: &str) -> bool {
    line.strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .is_some_and(|inner| {
            let lower = inner.to_lowercase();
            lexicon().chat_forwarded.iter().any(|f| {
                lower
                    .strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with(' '))
            })
        })
}

/// A Telegram Desktop post's header line, `Name, [05.12.2024 10:02]`.
fn telegram_header(line: &str) -> Option<Message<'_>> {
    let inner = line.strip_suffix(']')?;
    let (name, stamp) = inner.rsplit_once(", [")?;
    let (day, time) = stamp.split_once(' ')?;
    let ok = !name.trim().is_empty() && is_day(day, '.') && is_time(time);
    ok.then(|| Message::Post {
        date: stamp.to_string(),
        text: "",
        chatter: false,
    })
}

/// A WhatsApp message's stamp at the line's start (`05/12/2024, 08:21 - `, `[5/12/24,
/// 8:21:33 a. m.] `): the date and time as written, and the rest of the line.
fn whatsapp_stamp(line: &str) -> Option<(String, &str)> {
    let bracketed = line.starts_with('[');
    let s = line.trim_start_matches('[');
    let (day, rest) = s.split_once([',', ' '])?;
    if !is_day(day, '/') && !is_day(day, '.') && !is_day(day, '-') && !is_iso_day(day) {
        return None;
    }
    let rest = rest.trim_start_matches([',', ' ']);
    let (stamp_end, after) = if bracketed {
        let close = rest.find("] ")?;
        (close, &rest[close + 2..])
    } else {
        let dash = rest.find(" - ").or_else(|| rest.find(" – "))?;
        let width = if rest[dash..].starts_with(" - ") {
            3
        } else {
            5
        };
        (dash, &rest[dash + width..])
    };
    let time = rest[..stamp_end].trim();
    // `8:21 PM`, `8:21\u{202f}p. m.`: the clock's figures first.
    let clock = time.split([' ', '\u{202f}', '\u{a0}']).next().unwrap_or("");
    let suffix = time[clock.len()..]
        .trim_matches([' ', '\u{202f}', '\u{a0}'])
        .to_lowercase()
        .replace(['.', ' '], "");
    if !is_time(clock) || !(suffix.is_empty() || suffix == "am" || suffix == "pm") {
        return None;
    }
    Some((format!("{day} {clock}"), after))
}

/// `d/m/y` (or with `sep`) in figures: one or two, one or two, two or four.
fn is_day(s: &str, sep: char) -> bool {
    figures(s, sep, [&[1, 2], &[1, 2], &[2, 4]])
}

/// `2025-03-13`, as Signal's and other exporters write the day.
fn is_iso_day(s: &str) -> bool {
    figures(s, '-', [&[4], &[2], &[2]])
}

/// Whether `s` is three runs of figures parted by `sep`, each of one of its `lens`.
fn figures(s: &str, sep: char, lens: [&[usize]; 3]) -> bool {
    let parts: Vec<&str> = s.split(sep).collect();
    parts.len() == 3
        && parts
            .iter()
            .zip(lens)
            .all(|(p, lens)| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `8:21` or `08:21:33`.
fn is_time(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts[0].len() <= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Whether `name` reads as a sender: a name or a phone number of a few words, with no
/// sentence in it.
fn is_sender(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let phone = name.starts_with('+')
        && name
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    phone || ((1..=MAX_NAME_WORDS).contains(&words) && !name.contains(['.', '!', '?', '"']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(line: &str) -> Option<(String, &str)> {
        match message(line)? {
            Message::Post {
                date,
                text,
                chatter: false,
            } => Some((date, text)),
            Message::Post { .. } => None,
            Message::Dropped(_) => None,
        }
    }

    #[test]
    fn message_lines_of_whatsapp_and_telegram() {
        assert_eq!(
            post("05/12/2024, 08:21 - Ana Ruiz: Kazajistán suspende las exportaciones de gasóleo"),
            Some((
                "05/12/2024 08:21".into(),
                "Kazajistán suspende las exportaciones de gasóleo"
            ))
        );
        assert_eq!(
            post("[5/12/24, 8:21:33\u{202f}PM] +7 701 555 01 23: Astana hosts the summit today"),
            Some(("5/12/24 8:21:33".into(), "Astana hosts the summit today"))
        );
        assert_eq!(
            post("Eurasia Desk, [05.12.2024 10:02]"),
            Some(("05.12.2024 10:02".into(), ""))
        );
        for dropped in [
            "05/12/2024, 08:00 - Messages and calls are end-to-end encrypted. Tap to learn more.",
            "[05/12/2024, 08:00:12] Eurasia desk: \u{200e}Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
            "05/12/2024, 08:01 - Ana Ruiz added Luis Gil",
            "05/12/2024, 09:02 - Ana Ruiz: This message was deleted",
            "[05/12/2024, 09:03:10] Luis Gil: \u{200e}image omitted",
            "05/12/2024, 09:04 - Luis Gil: <Multimedia omitido>",
        ] {
            assert!(
                matches!(message(dropped), Some(Message::Dropped(_))),
                "{dropped}"
            );
        }
        for chatter in [
            "05/12/2024, 09:12 - Ana Ruiz: ok gracias",
            "05/12/2024, 08:20 - Ana Ruiz: Buenos días a todos",
        ] {
            assert!(
                matches!(message(chatter), Some(Message::Post { chatter: true, .. })),
                "{chatter}"
            );
        }
        assert_eq!(post("Marta Ruiz  9:14 AM"), Some((String::new(), "")));
        assert_eq!(post("Digest Bot  APP  09:14"), Some((String::new(), "")));
        assert_eq!(post("Polls close at 8:00 PM"), None);
        assert_eq!(post("The vote, as counted at  8:00"), None);
        assert!(is_chat_furniture(":eyes: 2  :white_check_mark: 1"));
        assert!(is_chat_furniture("3 replies Last reply today at 10:02 AM"));
        assert!(!is_chat_furniture("3 replies to the ministry's letter"));
        assert!(is_chat_furniture("[Forwarded from Tashkent Business Wire]"));
        assert!(is_chat_furniture("[Reenviado de Agencia Sur]"));
        assert!(!is_chat_furniture("[Forwarded from]"));
        assert!(is_placeholder("[ Photo ]"));
        assert!(!is_placeholder("[ 1 ]"));
        for text in [
            "Reuters | 14 May 2024",
            "05/12/2024 - Kazakhstan raises its key rate",
            "12.05.2024: Talks in Baku, [day two]",
            "The meeting, [05.12.2024] in Baku",
        ] {
            assert_eq!(message(text), None, "{text}");
        }
    }
}
