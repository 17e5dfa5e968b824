//! E-mails saved as files (`.eml`: a newsletter saved from a mail client, or a digest that
//! arrives by mail): the message's HTML part, read as a web page, else its plain-text part,
//! read as a digest page under the subject line. Parsed by `mailparse`; parts that are
//! attachments are left out, except a message forwarded as an attachment by a message with a
//! few words of its own, which is read instead.
//!
//! ```
//! use topictag::mail::{is_mail, read_mail, Body};
//! let eml = "From: Brief <brief@example.org>\r\nSubject: Caspian brief\r\n\
//!            Date: Thu, 3 Dec 2026 07:00:00 +0000\r\nMIME-Version: 1.0\r\n\
//!            Content-Type: text/plain; charset=utf-8\r\n\r\nGas talks resume\r\n";
//! assert!(is_mail(eml.as_bytes()));
//! let mail = read_mail(eml.as_bytes()).unwrap();
//! assert_eq!(mail.subject.as_deref(), Some("Caspian brief"));
//! assert!(matches!(mail.body, Body::Text(t) if t == "Gas talks resume\r\n"));
//! ```

use mailparse::{body::Body as Encoded, DispositionType, MailHeaderMap, ParsedMail};

/// Bytes searched for the header block.
const HEAD_BYTES: usize = 8 * 1024;

/// Most lines of text under a signature separator for what follows it to be a signature.
const MAX_SIGNATURE_LINES: usize = 8;

/// Header names that mark a mail message (at least two must be present).
const MAIL_HEADERS: &[&str] = &[
    "from",
    "to",
    "subject",
    "date",
    "mime-version",
    "message-id",
    "received",
    "return-path",
    "reply-to",
    "delivered-to",
];

/// What a message holds to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Its HTML part, transfer encoding undone, decoded by its declared charset when it has
    /// one (`Ok`), else the bytes for the page's own declaration to decide (`Err`).
    Html(Result<String, Vec<u8>>),
    /// Its plain-text part, decoded.
    Text(String),
}

/// A saved e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: Option<String>,
    /// When it was sent (its `Date:` header), in RFC 3339, in the sender's time zone (so that
    /// the day is the sender's); in UTC when the header is not strict RFC 2822.
    pub date: Option<String>,
    pub body: Body,
    /// The plain-text part too when the body is HTML (a fallback when the HTML holds no items).
    pub alternative: Option<String>,
}

/// Whether `bytes` open like a mail message: a block of `Name: value` header lines (folded
/// lines allowed) with at least two of the usual mail headers, up to the first blank line.
/// A page saved as MHTML (`multipart/related`) is not a mail: see [`crate::html`].
pub fn is_mail(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let head = crate::sniff::without_bom(head);
    // A mail folder (mbox) opens with its first message's `From ` line.
    let head = match separator_end(head) {
        Some(end) => &head[end..],
        None => head,
    };
    let Ok(head) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut known = 0;
    for line in head.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        if name == "content-type" && line.to_ascii_lowercase().contains("multipart/related") {
            return false;
        }
        known += usize::from(MAIL_HEADERS.contains(&name.as_str()));
    }
    known >= 2
}

/// Where the `From ` line that opens a message of a mail folder (mbox) ends, if `line_start`
/// is one: `From `, the sender, and the date it was delivered (`From ann@example.org Wed Mar
/// 12 07:00:00 2025`). A sentence that starts with "From " has no address after it.
fn separator_end(line_start: &[u8]) -> Option<usize> {
    let rest = line_start.strip_prefix(b"From ")?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    let line = &rest[..end];
    let sender = line.split(|&b| b == b' ').next().unwrap_or_default();
    let year = line.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
    (sender.contains(&b'@') || sender == b"MAILER-DAEMON").then_some(())?;
    year.then_some(5 + end + 1)
}

/// The messages of a mail folder saved as one file (mbox: a folder exported by Thunderbird,
/// Gmail's Takeout or mutt), if `bytes` open as one: each message starts at a `From ` line
/// ([`separator_end`]) at the file's start or after a blank line, and a body line escaped as
/// `>From ` gets its `From ` back. `None` for any other file.
///
/// ```
/// let mbox = b"From a@example.org Wed Mar 12 07:00:00 2025\nSubject: One\n\nGas deal.\n\n\
///              From a@example.org Thu Mar 13 07:00:00 2025\nSubject: Two\n\n>From Baku.\n";
/// let messages = topictag::mail::mbox_messages(mbox).unwrap();
/// assert_eq!(messages, [&b"Subject: One\n\nGas deal.\n\n"[..], b"Subject: Two\n\nFrom Baku.\n"]);
/// ```
pub fn mbox_messages(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let bytes = crate::sniff::without_bom(bytes);
    separator_end(bytes)?;
    let mut messages: Vec<Vec<u8>> = Vec::new();
    let mut blank_before = true;
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i + 1);
        let line = &bytes[at..end];
        match separator_end(&bytes[at..]) {
            Some(_) if blank_before => messages.push(Vec::new()),
            _ => {
                let message = messages
                    .last_mut()
                    .expect("the file opens with a separator");
                let unescaped = line.strip_prefix(b">").filter(|l| {
                    l[l.iter().take_while(|&&b| b == b'>').count()..].starts_with(b"From ")
                });
                message.extend_from_slice(unescaped.unwrap_or(line));
            }
        }
        blank_before = line.trim_ascii().is_empty();
        at = end;
    }
    Some(messages)
}

/// A forwarding message with fewer words of its own than this, and a message attached, is
/// read through the attached message (a newsletter forwarded "as attachment" with a line of
/// comment).
const FORWARD_NOTE_WORDS: usize = 80;

/// Most messages attached inside each other that are followed.
const MAX_FORWARDS: usize = 3;

/// Reads a saved e-mail: its subject and the part to read. Errs (with a message for the user)
/// when it cannot be parsed or has no HTML or text part. A message that only forwards
/// another one as an attachment (a few words of its own) is read through the attached one.
pub fn read_mail(bytes: &[u8]) -> Result<Mail, String> {
    read_message(bytes, MAX_FORWARDS)
}

/// The message attached to `mail`, when `mail` forwards it with few words of its own (its
/// text part `text`, else its HTML part's text).
fn forwarded(mail: &ParsedMail, text: Option<&str>) -> Result<Option<Vec<u8>>, String> {
    let Some(attached) = mail
        .parts()
        .find(|p| p.ctype.mimetype.eq_ignore_ascii_case("message/rfc822"))
    else {
        return Ok(None);
    };
    let own = match (text, first_part(mail, "text/html")) {
        (Some(t), _) => t.split_whitespace().count(),
        (None, Some(part)) => crate::html::fragment_text(&decoded(part)?)
            .split_whitespace()
            .count(),
        (None, None) => 0,
    };
    if own >= FORWARD_NOTE_WORDS {
        return Ok(None);
    }
    attached
        .get_body_raw()
        .map(Some)
        .map_err(|e| format!("an e-mail whose attached message cannot be decoded: {e}"))
}

/// Lines that open a message forwarded inline (lower-cased, dashes and colons aside).
const FORWARD_MARKERS: &[&str] = &[
    "forwarded message",
    "original message",
    "begin forwarded message",
    "mensaje reenviado",
    "mensaje original",
    "inicio del mensaje reenviado",
];

/// Header names of the block a mail client writes under a forward marker.
const FORWARD_HEADERS: &[&str] = &[
    "from", "sent", "date", "to", "cc", "subject", "reply-to", "de", "enviado", "fecha", "para",
    "asunto",
];

/// A `Date:` header (`Tue, 3 Nov 2026 07:00:00 +0100 (CET)`) in RFC 3339 with the offset it
/// is written with; `None` when it is not RFC 2822.
fn in_sender_zone(header: &str) -> Option<String> {
    let d = header.trim();
    // A comment naming the zone ends many headers; the offset before it says the same.
    let d = match d.rfind(" (") {
        Some(i) if d.ends_with(')') => d[..i].trim_end(),
        _ => d,
    };
    chrono::DateTime::parse_from_rfc2822(d)
        .ok()
        .map(|t| t.to_rfc3339())
}

/// A text part that forwards a message inline ("---------- Forwarded message ---------", then
/// `From:`, `Date:`, `Subject:`... lines): the forwarded message's subject and its text, without
/// the forwarding comment and the header block. `None` when the text forwards nothing.
fn inline_forward(text: &str) -> Option<(Option<String>, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let marker = |l: &str| {
        let core = l
            .trim()
            .trim_matches(|c: char| c == '-' || c == ':' || c.is_whitespace())
            .to_lowercase();
        FORWARD_MARKERS.contains(&core.as_str())
    };
    let start = lines.iter().position(|l| marker(l))?;
    let mut subject = None;
    let mut end = start + 1;
    while let Some(line) = lines.get(end) {
        let header = line
            .split_once(':')
            .map(|(name, value)| (name.trim().trim_matches('*').to_lowercase(), value))
            .filter(|(name, _)| FORWARD_HEADERS.contains(&name.as_str()));
        match header {
            Some((name, value)) => {
                if name == "subject" || name == "asunto" {
                    subject = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                }
                end += 1;
            }
            None if line.trim().is_empty() && end == start + 1 => end += 1,
            None => break,
        }
    }
    Some((subject, lines[end..].join("\n")))
}

/// [`read_mail`], following at most `forwards` messages attached by a forwarding message.
fn read_message(bytes: &[u8], forwards: usize) -> Result<Mail, String> {
    let mail =
        mailparse::parse_mail(bytes).map_err(|e| format!("an e-mail that cannot be read: {e}"))?;
    let mut text = first_part(&mail, "text/plain")
        .map(decoded)
        .transpose()?
        .map(without_signature);
    if forwards > 0 {
        if let Some(attached) = forwarded(&mail, text.as_deref())? {
            return read_message(&attached, forwards - 1);
        }
    }
    let mut subject = mail
        .headers
        .get_first_value("Subject")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    // A text forwarding a message inline: the forwarded message's subject and text.
    if let Some((inner, rest)) = text.as_deref().and_then(inline_forward) {
        subject = inner.or(subject);
        text = Some(rest);
    }
    let body = match first_part(&mail, "text/html") {
        Some(part) if has_charset(part) => Body::Html(Ok(decoded(part)?)),
        Some(part) => Body::Html(Err(part
            .get_body_raw()
            .map_err(|e| format!("an e-mail whose HTML part cannot be decoded: {e}"))?)),
        None => match text.take() {
            Some(t) => Body::Text(t),
            None => return Err("an e-mail with no text or HTML part to read".to_string()),
        },
    };
    let date = mail.headers.get_first_value("Date").and_then(|d| {
        in_sender_zone(&d).or_else(|| {
            let secs = mailparse::dateparse(&d).ok()?;
            chrono::DateTime::from_timestamp(secs, 0).map(|d| d.to_rfc3339())
        })
    });
    Ok(Mail {
        subject,
        date,
        body,
        alternative: text,
    })
}

/// A plain-text body without its signature: what follows the last `-- ` line (RFC 3676; also
/// `--` as clients that trim blanks leave it) when that is at most [`MAX_SIGNATURE_LINES`]
/// lines of text (an unsubscribe footer, the sender's address), not a part of the digest.
fn without_signature(text: String) -> String {
    let mut start = 0;
    let mut cut = None;
    for line in text.split_inclusive('\n') {
        if matches!(line.trim_end_matches(['\r', '\n']), "-- " | "--") {
            cut = Some(start);
        }
        start += line.len();
    }
    let Some(cut) = cut else {
        return text;
    };
    let signature = text[cut..].lines().skip(1).filter(|l| !l.trim().is_empty());
    if signature.count() > MAX_SIGNATURE_LINES {
        return text;
    }
    let mut text = text;
    text.truncate(cut);
    text
}

/// The first part of type `mimetype` that is not an attachment, depth first.
pub(crate) fn first_part<'a>(
    mail: &'a ParsedMail<'a>,
    mimetype: &str,
) -> Option<&'a ParsedMail<'a>> {
    mail.parts().find(|p| {
        p.ctype.mimetype.eq_ignore_ascii_case(mimetype)
            && p.get_content_disposition().disposition != DispositionType::Attachment
    })
}

fn has_charset(part: &ParsedMail) -> bool {
    part.ctype.params.contains_key("charset")
}

/// A text part's body as text: by its declared charset, else UTF-8 when it is valid, else
/// windows-1252 (what undeclared 8-bit mail mostly is). A quoted-printable body with 8-bit
/// bytes in it is decoded leniently ([`lenient_quoted_printable`]).
fn decoded(part: &ParsedMail) -> Result<String, String> {
    let failed =
        |e: mailparse::MailParseError| format!("an e-mail whose text cannot be decoded: {e}");
    let raw = match part.get_body_encoded() {
        Encoded::QuotedPrintable(b) if !b.get_raw().is_ascii() => {
            lenient_quoted_printable(b.get_raw())
        }
        _ if has_charset(part) => return part.get_body().map_err(failed),
        _ => part.get_body_raw().map_err(failed)?,
    };
    let declared = has_charset(part)
        .then(|| encoding_rs::Encoding::for_label(part.ctype.charset.as_bytes()))
        .flatten();
    if let Some(encoding) = declared {
        return Ok(encoding.decode(&raw).0.into_owned());
    }
    Ok(match String::from_utf8(raw) {
        Ok(s) => s,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    })
}

/// A quoted-printable body's bytes, decoded as mail clients do: `=XX` is that byte, `=` at a
/// line's end joins the line to the next, and every other byte stays as it is, 8-bit ones
/// included (which the standard forbids but some senders write; the parser's decoder drops
/// them, and a letter of a name with them).
fn lenient_quoted_printable(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' {
            let rest = &raw[i + 1..];
            if let (Some(h), Some(l)) = (
                rest.first().copied().and_then(hex),
                rest.get(1).copied().and_then(hex),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
            // A soft line break: `=` and the line's end (spaces before it allowed).
            let blanks = rest
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            match &rest[blanks..] {
                [b'\r', b'\n', ..] => {
                    i += 1 + blanks + 2;
                    continue;
                }
                [b'\n', ..] => {
                    i += 1 + blanks + 1;
                    continue;
                }
                _ => {}
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALTERNATIVE: &str = "From: \"Eurasia Brief\" <brief@example.org>\r\n\
To: analyst@example.com\r\n\
Subject: =?utf-8?q?Eurasia_Brief=3A_gas_and_borders_=E2=80=94_3_December?=\r\n\
Date: Thu, 3 Dec 2026 07:00:00 +0000\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"m\"\r\n\
\r\n\
--m\r\n\
Content-Type: multipart/alternative; boundary=\"a\"\r\n\
\r\n\
--a\r\n\
Content-Type: text/plain; charset=\"iso-8859-1\"\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
M=E1s tropas en la frontera\r\n\
--a\r\n\
Content-Type: text/html\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<p>M=C3=A1s tropas</p>\r\n\
--a--\r\n\
--m\r\n\
Content-Type: text/html; charset=utf-8\r\n\
Content-Disposition: attachment; filename=\"old.html\"\r\n\
\r\n\
<p>An attachment</p>\r\n\
--m--\r\n";

    #[test]
    fn a_short_signature_is_cut_a_long_tail_is_not() {
        let text = |s: &str| s.to_string();
        assert_eq!(
            without_signature(text(
                "Gas talks resume\n\n-- \nThe Brief, 1 Main St\nUnsubscribe: reply STOP\n"
            )),
            "Gas talks resume\n\n"
        );
        assert_eq!(
            without_signature(text("Gas talks resume\r\n--\r\nThe Brief\r\n")),
            "Gas talks resume\r\n"
        );
        // `--` between the items of a digest, with more than a signature after it.
        let digest = "Item one\n--\n".to_string() + &"A line of the next item\n".repeat(12);
        assert_eq!(without_signature(digest.clone()), digest);
        assert_eq!(without_signature(text("No separator\n")), "No separator\n");
    }

    #[test]
    fn subject_html_part_and_text_alternative() {
        assert!(is_mail(ALTERNATIVE.as_bytes()));
        let mail = read_mail(ALTERNATIVE.as_bytes()).unwrap();
        assert_eq!(
            mail.subject.as_deref(),
            Some("Eurasia Brief: gas and borders — 3 December")
        );
        // No charset on the HTML part: its bytes, for the page's own declaration.
        assert_eq!(
            mail.body,
            Body::Html(Err("<p>Más tropas</p>".as_bytes().to_vec()))
        );
        assert_eq!(
            mail.alternative.as_deref().map(str::trim_end),
            Some("Más tropas en la frontera")
        );
    }

    /// The date a message was sent keeps the sender's offset (its day is the sender's); a
    /// header that is not strict RFC 2822 is still read, in UTC.
    #[test]
    fn sent_dates_keep_the_senders_time_zone() {
        let sent = |date: &str| {
            let mail = ALTERNATIVE.replace("Date: Thu, 3 Dec 2026 07:00:00 +0000", date);
            read_mail(mail.as_bytes()).unwrap().date
        };
        assert_eq!(
            sent("Date: Wed, 2 Dec 2026 21:30:00 -0500").as_deref(),
            Some("2026-12-02T21:30:00-05:00")
        );
        assert_eq!(
            sent("Date: Thu, 3 Dec 2026 08:00:00 +0100 (CET)").as_deref(),
            Some("2026-12-03T08:00:00+01:00")
        );
        assert_eq!(
            sent("Date: Thu, 3 Dec 2026 07:00:00 +0000").as_deref(),
            Some("2026-12-03T07:00:00+00:00")
        );
        assert_eq!(
            sent("Date: 3 Dec 2026 7:00:00 GMT").as_deref(),
            Some("2026-12-03T07:00:00+00:00")
        );
    }

    #[test]
    fn what_is_not_a_mail() {
        // An MHTML page, a digest that opens with a colon, HTML, one header only.
        assert!(!is_mail(
            b"From: <Saved by Blink>\r\nSubject: Latest\r\nMIME-Version: 1.0\r\n\
              Content-Type: multipart/related; boundary=\"x\"\r\n\r\n"
        ));
        assert!(!is_mail(
            b"Weekly digest: gas and borders\n\nGas talks resume in Vienna\n"
        ));
        assert!(!is_mail(b"<html><body>From: me</body></html>"));
        assert!(!is_mail(
            b"Subject: Gas talks\n\nThe talks resume on Monday.\n"
        ));
        let no_part = "From: a@example.org\r\nSubject: Files\r\nMIME-Version: 1.0\r\n\
                       Content-Type: application/pdf\r\n\r\nJVBERi0=\r\n";
        assert!(is_mail(no_part.as_bytes()));
        assert!(read_mail(no_part.as_bytes())
            .unwrap_err()
            .contains("no text or HTML part"));
    }

    /// A newsletter forwarded as an attachment, with a line of comment: the attached message
    /// is read. With a long message of its own, the forwarding message is.
    #[test]
    fn forwarded_messages_are_read_through_the_attachment() {
        let forward = |note: &str| {
            format!(
                "From: colleague@example.org\r\nSubject: Fwd: Eurasia Brief\r\nMIME-Version: 1.0\r\n\
                 Content-Type: multipart/mixed; boundary=\"f\"\r\n\r\n\
                 --f\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{note}\r\n\
                 --f\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"brief.eml\"\r\n\r\n\
                 {ALTERNATIVE}--f--\r\n"
            )
        };
        let mail = read_mail(forward("FYI, see the gas item.").as_bytes()).unwrap();
        assert_eq!(
            mail.subject.as_deref(),
            Some("Eurasia Brief: gas and borders — 3 December")
        );
        let long = "word ".repeat(FORWARD_NOTE_WORDS);
        let mail = read_mail(forward(&long).as_bytes()).unwrap();
        assert_eq!(mail.subject.as_deref(), Some("Fwd: Eurasia Brief"));
    }

    /// A text message forwarding another inline: the forwarded subject and text, without the
    /// comment and the mail client's header block (English and Spanish clients).
    #[test]
    fn inline_forwards_give_the_forwarded_text() {
        let gmail = "FYI, the gas item is ours.\n\n---------- Forwarded message ---------\n\
                     From: Eurasia Brief <brief@example.org>\nDate: Thu, Dec 3, 2026 at 7:00 AM\n\
                     Subject: Eurasia Brief, 3 December\nTo: <me@example.org>\n\n\
                     Gas talks resume\nThe ministers met in Vienna.\n";
        assert_eq!(
            inline_forward(gmail),
            Some((
                Some("Eurasia Brief, 3 December".to_string()),
                "\nGas talks resume\nThe ministers met in Vienna.".to_string()
            ))
        );
        let outlook = "-----Mensaje original-----\nDe: Boletín <b@example.org>\n\
                       Enviado: jueves, 3 de diciembre de 2026 7:00\nPara: yo@example.org\n\
                       Asunto: Boletín del jueves\n\nSe reanudan las conversaciones";
        let (subject, text) = inline_forward(outlook).unwrap();
        assert_eq!(subject.as_deref(), Some("Boletín del jueves"));
        assert_eq!(text.trim(), "Se reanudan las conversaciones");
        assert_eq!(inline_forward("Gas talks resume\nFrom: the ministry"), None);
        let eml = format!("From: c@example.org\r\nSubject: Fwd: Brief\r\n\r\n{gmail}");
        let mail = read_mail(eml.as_bytes()).unwrap();
        assert_eq!(mail.subject.as_deref(), Some("Eurasia Brief, 3 December"));
        assert!(
            matches!(mail.body, Body::Text(t) if t.trim_start().starts_with("Gas talks resume"))
        );
    }

    #[test]
    fn undeclared_8_bit_text_is_utf8_or_windows_1252() {
        let mail = |body: &[u8]| {
            let mut m = b"From: a@example.org\r\nSubject: S\r\n\r\n".to_vec();
            m.extend_from_slice(body);
            read_mail(&m).unwrap().body
        };
        assert_eq!(
            mail("Más tropas".as_bytes()),
            Body::Text("Más tropas".into())
        );
        assert_eq!(mail(b"M\xe1s tropas"), Body::Text("Más tropas".into()));
    }

    /// 8-bit bytes written as they are inside a quoted-printable body (against the standard,
    /// as some senders do) are kept, beside the escapes and soft line breaks.
    #[test]
    fn raw_8_bit_bytes_in_quoted_printable_are_kept() {
        let head = "From: a@example.org\r\nSubject: S\r\nMIME-Version: 1.0\r\n\
                    Content-Type: text/plain; charset=\"utf-8\"\r\n\
                    Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        let body = "Tokáyev recibe al enviado; la aplicaci=C3=B3n de la hoja de ru=\r\nta.\r\n";
        let m = format!("{head}{body}");
        assert_eq!(
            read_mail(m.as_bytes()).unwrap().body,
            Body::Text("Tokáyev recibe al enviado; la aplicación de la hoja de ruta.\r\n".into())
        );
        assert_eq!(lenient_quoted_printable(b"a=3Db =\nc=ZZ"), b"a=b c=ZZ");
    }
}
