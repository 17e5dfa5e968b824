//! Tests of reading saved pages, fragments and charsets.

use super::*;

fn cards(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<div class=\"card\"><header><h3><a href=\"/n/{i}\">Ministers meet for round {i}</a></h3></header>\
                 <p>Delegations discussed the gas transit contract and the border crossings.</p></div>"
            )
        })
        .collect()
}

/// Deep nesting is cut off with a warning instead of overflowing the stack.
#[test]
fn deeply_nested_pages_do_not_overflow() {
    let depth = 5_000;
    let page = format!(
        "<html><body><main>{}</main>{}{}</body></html>",
        cards(3),
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let page = read_str(&page).unwrap();
    assert_eq!(page.items.len(), 3);
    assert!(page.warnings.iter().any(|w| w.contains("nested deeper")));
}

/// An item's `<header>` (its title) stays; the page's (logo and menu) goes.
#[test]
fn item_headers_stay_page_headers_go() {
    let page = format!(
        "<html><body><header><div class=\"logo\">Monitor</div><ul><li><a href=\"/a\">World news today</a></li></ul></header>\
         <section>{}</section></body></html>",
        cards(2)
    );
    let page = read_str(&page).unwrap();
    let titles: Vec<_> = page
        .items
        .iter()
        .map(|i| i.title.clone().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Ministers meet for round 0", "Ministers meet for round 1"]
    );
    assert_eq!(
        page.items[1].url.as_deref(),
        Some("/n/1"),
        "no base: as written"
    );
}

#[test]
fn charsets_from_bom_meta_and_fallback() {
    let body = "<p>Caf\u{e9} se\u{f1}or</p>";
    let latin1 = |s: &str| -> Vec<u8> { s.chars().map(|c| c as u32 as u8).collect() };
    let declared = format!(
        "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=ISO-8859-1\"></head><body>{body}</body></html>"
    );
    let (text, enc, warning) = decode(&latin1(&declared));
    assert!(text.contains("Café señor"), "{text}");
    assert_eq!((enc.name(), warning), ("windows-1252", None));
    let undeclared = format!("<html><body>{body}</body></html>");
    let (text, enc, warning) = decode(&latin1(&undeclared));
    assert!(text.contains("Café señor"));
    assert_eq!(enc.name(), "windows-1252");
    assert!(warning.unwrap().contains("no charset declared"));
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(undeclared.as_bytes());
    let (text, enc, warning) = decode(&bom);
    assert!(text.starts_with("<html>") && text.contains("Café señor"));
    assert_eq!((enc.name(), warning), ("UTF-8", None));
}

#[test]
fn fragments_keep_paragraphs_and_drop_images_and_markers() {
    let t = fragment_text(
        "<p><img src=x.jpg>First <b>point</b>.</p><p>Second point. <a href=/x>Read more</a></p>\
         <figure><figcaption>Photo: Agency</figcaption></figure><script>var a;</script>",
    );
    assert_eq!(t, "First point.\n\nSecond point.");
}
