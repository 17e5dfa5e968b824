//! Pages saved as one file (MHTML, `.mhtml`/`.mht`: Chrome's and Edge's "Webpage, Single
//! File"): a MIME message whose first `text/html` part is the page, with its images and styles
//! as other parts. Parsed by `mailparse`.

/// Bytes searched for the MIME header that marks an MHTML file.
const HEAD_BYTES: usize = 4 * 1024;

/// Whether `bytes` open like an MHTML file: mail headers with a `multipart/related` content
/// type before the first blank line.
pub fn is_mhtml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let head = crate::sniff::without_bom(head);
    let end = head
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| head.windows(2).position(|w| w == b"\n\n"))
        .unwrap_or(head.len());
    let headers = head[..end].to_ascii_lowercase();
    let first = headers.split(|&b| b == b'\n').next().unwrap_or_default();
    let header_like = first.contains(&b':') && !first.starts_with(b"<");
    header_like
        && headers
            .windows(b"multipart/related".len())
            .any(|w| w == b"multipart/related")
}

/// The page of an MHTML file: its first `text/html` part (transfer encoding undone, charset not
/// yet: the page's own declaration decides) and the address it was saved from, if given.
pub fn page_part(bytes: &[u8]) -> Result<(Vec<u8>, Option<String>), String> {
    let mail = mailparse::parse_mail(bytes)
        .map_err(|e| format!("a saved page (MHTML) that cannot be read: {e}"))?;
    let location = mail
        .headers
        .iter()
        .find(|h| {
            h.get_key_ref()
                .eq_ignore_ascii_case("Snapshot-Content-Location")
        })
        .map(|h| h.get_value());
    let part = crate::mail::first_part(&mail, "text/html")
        .ok_or_else(|| "a saved page (MHTML) with no HTML part".to_string())?;
    let body = part
        .get_body_raw()
        .map_err(|e| format!("a saved page (MHTML) whose page part cannot be decoded: {e}"))?;
    let location = location.or_else(|| {
        part.headers
            .iter()
            .find(|h| h.get_key_ref().eq_ignore_ascii_case("Content-Location"))
            .map(|h| h.get_value())
    });
    Ok((body, location.filter(|l| !l.trim().is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mhtml(html_qp: &str) -> String {
        format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://monitor.example/latest\r\n\
             Subject: Latest\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
             \ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--x1----\"\r\n\r\n\r\n\
             ------MultipartBoundary--x1----\r\nContent-Type: text/html\r\n\
             Content-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Location: https://monitor.example/latest\r\n\r\n{html_qp}\r\n\
             ------MultipartBoundary--x1----\r\nContent-Type: image/png\r\n\
             Content-Transfer-Encoding: base64\r\nContent-Location: https://monitor.example/a.png\r\n\r\n\
             iVBORw0KGgo=\r\n------MultipartBoundary--x1------\r\n"
        )
    }

    #[test]
    fn the_page_part_and_its_address() {
        let file = mhtml("<html><head><meta charset=3D\"utf-8\"></head><body><p>M=C3=A1s tropas =\r\nen Ruman=C3=ADa</p></body></html>");
        assert!(is_mhtml(file.as_bytes()));
        let (html, location) = page_part(file.as_bytes()).unwrap();
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<meta charset=\"utf-8\">"), "{html}");
        assert!(html.contains("Más tropas en Rumanía"), "{html}");
        assert_eq!(location.as_deref(), Some("https://monitor.example/latest"));
        assert!(!is_mhtml(
            b"<html><body>Content-Type: multipart/related</body></html>"
        ));
        assert!(!is_mhtml(
            b"Weekly digest\n\nGas deal: multipart/related talks\n"
        ));
    }
}
