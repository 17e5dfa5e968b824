//! Saved web pages and feeds: every team-written fixture in `tests/fixtures/html/` and
//! `tests/fixtures/feeds/` splits into exactly its items (titles, dates, links, text), read
//! through `input::records` as the commands read them; junk inputs give a warning or a clear
//! per-file error, through the real binary.

mod util;

use std::path::{Path, PathBuf};
use topictag::input::{records, Format, InputOptions, Record};
use topictag::lang::Lang;
use util::{assert_exit, stderr, topictag};

fn fixture(dir: &str, name: &str) -> PathBuf {
    util::root().join("tests/fixtures").join(dir).join(name)
}

fn read_as(path: &Path, format: Option<Format>) -> Vec<Record> {
    let opts = InputOptions {
        format,
        ..InputOptions::default()
    };
    records(path, &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|r| r.unwrap())
        .collect()
}

/// What an item must be: title, date and link exactly; what its text must hold and must not.
struct Want {
    title: &'static str,
    date: Option<&'static str>,
    url: Option<&'static str>,
    has: &'static [&'static str],
}

fn w(
    title: &'static str,
    date: Option<&'static str>,
    url: Option<&'static str>,
    has: &'static [&'static str],
) -> Want {
    Want {
        title,
        date,
        url,
        has,
    }
}

/// Boilerplate the fixtures carry (banners, captions, bylines, markers, footers) that no
/// item's text may hold.
const CHROME: &[&str] = &[
    "cookie",
    "Read more",
    "Leer más",
    "Seguir leyendo",
    "Subscribe",
    "Share",
    "Compartir",
    "Privacy",
    "rights reserved",
    "Most read",
    "Foto",
    "Photograph",
    "By ",
    "Publicidad",
    "Next page",
    "Related",
];

fn check(path: &Path, wants: &[Want]) -> Vec<Record> {
    let recs = read_as(path, None);
    let titles: Vec<_> = recs.iter().map(|r| r.title.clone()).collect();
    assert_eq!(recs.len(), wants.len(), "{}: {titles:#?}", path.display());
    for (i, (r, w)) in recs.iter().zip(wants).enumerate() {
        let at = format!("{} item {}", path.display(), i + 1);
        assert_eq!(r.number, i as u64 + 1, "{at}");
        assert_eq!(r.title.as_deref(), Some(w.title), "{at}");
        assert_eq!(r.date.as_deref(), w.date, "{at}");
        assert_eq!(r.url.as_deref(), w.url, "{at}");
        assert!(!r.text.is_empty(), "{at}: no text");
        for h in w.has {
            assert!(r.text.contains(h), "{at}: {h:?} missing from {:?}", r.text);
        }
        for c in CHROME {
            assert!(!r.text.contains(c), "{at}: {c:?} left in {:?}", r.text);
        }
        assert!(r.warnings.is_empty(), "{at}: {:?}", r.warnings);
    }
    recs
}

#[test]
fn news_listing_of_cards_without_article_elements() {
    let recs = check(
        &fixture("html", "news_listing.html"),
        &[
            w(
                "Baltic grid synchronisation completed ahead of schedule",
                Some("2026-11-03"),
                Some("https://www.eastgate-monitor.example/world/2026/11/03/baltic-grid-synchronisation-completed"),
                &["Estonia, Latvia and Lithuania switched their power networks"],
            ),
            w(
                "Trade ministers agree a six-month tariff truce",
                Some("2026-11-02"),
                Some("https://www.eastgate-monitor.example/world/2026/11/02/trade-ministers-tariff-truce"),
                &["suspended the planned duties"],
            ),
            w(
                "Naval exercise in the Black Sea draws a sharp protest",
                Some("2026-11-02"),
                Some("https://www.eastgate-monitor.example/world/2026/11/02/naval-exercise-black-sea"),
                &["Five allied frigates"],
            ),
            w(
                "Summit communiqué keeps the door open to enlargement",
                Some("2026-11-01"),
                Some("https://www.eastgate-monitor.example/world/2026/11/01/summit-communique-enlargement"),
                &["Western Balkans"],
            ),
        ],
    );
    // The teaser is the whole text: no date, title or link text repeated in it.
    assert_eq!(
        recs[1].text,
        "Negotiators meeting in Geneva suspended the planned duties on steel and aluminium while \
         a working group drafts rules on subsidies and export credits."
    );
    assert_eq!(recs[0].lang_hint, Some(Lang::English));
}

#[test]
fn think_tank_publication_list_resolves_links_against_base() {
    let recs = check(
        &fixture("html", "thinktank_publications.html"),
        &[
            w(
                "Three routes for Caspian gas: costs, risks and the politics of transit",
                Some("2026-10-28"),
                Some("https://www.caspian-policy.example/research/publications/2026-10-caspian-pipeline-options"),
                &["regulatory alignment matters more than engineering"],
            ),
            w(
                "Unfinished borders: demarcation talks in the South Caucasus",
                Some("2026-10-14"),
                Some("https://www.caspian-policy.example/research/publications/2026-10-border-demarcation"),
                &["Twelve rounds of bilateral commissions"],
            ),
            w(
                "What a wider customs union would mean for Central Asian exporters",
                Some("2026-09-30"),
                Some("https://www.caspian-policy.example/commentary/customs-union-expansion"),
                &["Common external tariffs"],
            ),
            w(
                "Parliamentary oversight of security services after the 2025 reforms",
                Some("2026-09-02"),
                Some("https://papers.caspian-policy.example/wp/2026-07"),
                &["Committee hearings"],
            ),
            w(
                "Sharing the Amu Darya: a case for a joint basin authority",
                Some("2026-08-19"),
                Some("https://www.caspian-policy.example/research/publications/2026-08-water-sharing"),
                &["joint authority with published flow data"],
            ),
        ],
    );
    // Kickers ("Policy brief") and author lines are not text.
    for r in &recs {
        assert!(
            !r.text.contains("Policy brief") && !r.text.contains("Hasanova"),
            "{:?}",
            r.text
        );
    }
}

#[test]
fn spanish_aggregator_with_article_blocks_and_photo_captions() {
    let recs = check(
        &fixture("html", "aggregator_es.html"),
        &[
            w(
                "Los cancilleres del Cono Sur pactan una estrategia común sobre el litio",
                Some("2026-11-04"),
                Some("https://miradorexterior.example/internacional/2026/11/04/cancilleres-acuerdo-litio"),
                &["Argentina, Bolivia y Chile acordaron"],
            ),
            w(
                "Colombia y Ecuador anuncian patrullas conjuntas en la frontera",
                Some("2026-11-03"),
                Some("https://miradorexterior.example/internacional/2026/11/03/frontera-patrullas-conjuntas"),
                &["contrabando de armas"],
            ),
            w(
                "La Eurocámara aplaza la votación del acuerdo con Mercosur",
                Some("2026-11-03"),
                Some("https://miradorexterior.example/europa/2026/11/03/eurocamara-acuerdo-mercosur"),
                &["deforestación y cuotas agrícolas"],
            ),
            w(
                "El presidente convoca elecciones anticipadas tras perder la mayoría",
                Some("2026-11-02"),
                Some("https://miradorexterior.example/america/2026/11/02/elecciones-anticipadas"),
                &["los comicios se celebrarán en febrero"],
            ),
        ],
    );
    for r in &recs {
        assert!(
            !r.text.contains("posan") && !r.text.contains("Archivo"),
            "{:?}",
            r.text
        );
        assert_eq!(r.lang_hint, Some(Lang::Spanish));
    }
}

#[test]
fn windows_1252_page_of_headings_and_paragraphs() {
    let recs = check(
        &fixture("html", "windows1252.html"),
        &[
            w(
                "Lisboa y Madrid firman el acuerdo de interconexión eléctrica",
                Some("2026-11-12"),
                None,
                &["480 millones de €", "calificó el proyecto de “decisivo”"],
            ),
            w(
                "Reunión de la comisión mixta sobre pesca en el Atlántico",
                Some("2026-11-10"),
                None,
                &["golfo de Cádiz"],
            ),
            w(
                "El Parlamento andaluz debate la cooperación transfronteriza",
                Some("2026-11-07"),
                Some("http://www.boletin-iberico.example/noticias/noticias/2026/parlamento-andaluz.html"),
                &["oficina común con el Algarve", "señalización"],
            ),
        ],
    );
    // Two paragraphs stay two paragraphs; the footer's "Año XIV" is not text.
    assert_eq!(
        recs[0].text.matches("\n\n").count(),
        1,
        "{:?}",
        recs[0].text
    );
    assert!(recs.iter().all(|r| !r.text.contains("Año XIV")));
}

/// Items whose `<header>` holds the title and a "Published:" line, and one item that is a
/// title alone.
#[test]
fn press_releases_with_item_headers_and_a_title_only_item() {
    let path = fixture("html", "ministry_press_releases.html");
    let recs = read_as(&path, None);
    let got: Vec<_> = recs
        .iter()
        .map(|r| {
            (
                r.title.as_deref().unwrap(),
                r.date.as_deref().unwrap(),
                r.url.as_deref().unwrap(),
            )
        })
        .collect();
    let base = "https://mfa.veloria.example/en/press-releases/";
    assert_eq!(
        got,
        [
            (
                "Foreign Minister receives the credentials of four new ambassadors",
                "2026-11-04",
                &*format!("{base}foreign-minister-receives-credentials")
            ),
            (
                "Statement on the ceasefire violations along the northern line of contact",
                "2026-11-02",
                &*format!("{base}statement-ceasefire-violations")
            ),
            (
                "Consular hotline opening hours during the national holidays",
                "2026-10-30",
                &*format!("{base}consular-hotline-holidays")
            ),
            (
                "State Secretary leads a trade mission to the Gulf states",
                "2026-10-27",
                &*format!("{base}trade-mission-gulf")
            ),
        ]
    );
    assert_eq!(
        recs[1].text,
        "The Ministry condemns the shelling of two villages on Sunday night and calls on the \
         monitoring mission to publish its findings without delay.\n\nIt reminds all parties of \
         their obligations under the 2024 agreement."
    );
    assert_eq!(recs[2].text, "");
    assert!(recs
        .iter()
        .all(|r| !r.text.contains("Published") && !r.text.contains("Next")));
}

#[test]
fn article_page_is_one_item_with_its_body() {
    let recs = check(
        &fixture("html", "article.html"),
        &[w(
            "Energy ministers back a joint gas storage reserve",
            Some("2026-11-05T09:40:00+01:00"),
            Some("https://northernledger.example/energy/2026/11/05/joint-gas-storage-reserve"),
            &[
                "Energy ministers from eleven member states agreed",
                "The reserve would hold the equivalent of fifteen days",
                "present a legal proposal in January",
            ],
        )],
    );
    let text = &recs[0].text;
    assert_eq!(text.matches("\n\n").count(), 3, "four paragraphs: {text:?}");
    for junk in [
        "newsletter",
        "LNG prices",
        "salt-cavern",
        "Topics:",
        "Energy security",
    ] {
        assert!(!text.contains(junk), "{junk:?} in {text:?}");
    }
}

#[test]
fn rss_with_html_descriptions() {
    let recs = check(
        &fixture("feeds", "monitor_rss.xml"),
        &[
            w(
                "Baltic grid synchronisation completed ahead of schedule",
                Some("2026-11-03T07:15:00+00:00"),
                Some("https://www.eastgate-monitor.example/world/2026/11/03/baltic-grid-synchronisation-completed"),
                &["switched their power networks to the continental European frequency over the weekend."],
            ),
            w(
                "Trade ministers agree a six-month tariff truce",
                Some("2026-11-02T16:30:00+01:00"),
                Some("https://www.eastgate-monitor.example/world/2026/11/02/trade-ministers-tariff-truce"),
                &["steel & aluminium"],
            ),
            w(
                "Naval exercise in the Black Sea draws a sharp protest",
                Some("2026-11-02T09:00:00+00:00"),
                Some("https://www.eastgate-monitor.example/world/2026/11/02/naval-exercise-black-sea"),
                &["ten-day drill near the Romanian coast.\n\nThe defence ministry"],
            ),
        ],
    );
    assert!(recs.iter().all(|r| !r.text.contains('<')));
    assert_eq!(
        recs[0].text.matches("\n\n").count(),
        1,
        "{:?}",
        recs[0].text
    );
    assert_eq!(recs[0].lang_hint, Some(Lang::English));
}

#[test]
fn atom_feed() {
    let recs = check(
        &fixture("feeds", "institute_atom.xml"),
        &[
            w(
                "Three routes for Caspian gas: costs, risks and the politics of transit",
                Some("2026-10-28T10:00:00+00:00"),
                Some("https://www.caspian-policy.example/research/publications/2026-10-caspian-pipeline-options"),
                &["It argues that regulatory alignment matters more than engineering."],
            ),
            w(
                "Unfinished borders: demarcation talks in the South Caucasus",
                Some("2026-10-14T08:30:00+00:00"),
                Some("https://www.caspian-policy.example/research/publications/2026-10-border-demarcation"),
                &["Twelve rounds", "The report maps the remaining sections."],
            ),
            w(
                "What a wider customs union would mean for Central Asian exporters",
                Some("2026-09-30T15:00:00+00:00"),
                Some("https://www.caspian-policy.example/commentary/customs-union-expansion"),
                &["Common external tariffs"],
            ),
        ],
    );
    assert!(
        !recs[1].text.contains("Map:"),
        "caption kept: {:?}",
        recs[1].text
    );
}

#[test]
fn spanish_feed_declares_its_language_as_a_hint() {
    let recs = check(
        &fixture("feeds", "noticias_es.rss"),
        &[
            w(
                "Los cancilleres del Cono Sur pactan una estrategia común sobre el litio",
                Some("2026-11-04T11:20:00-03:00"),
                Some("https://miradorexterior.example/internacional/2026/11/04/cancilleres-acuerdo-litio"),
                &["compartir datos de producción"],
            ),
            w(
                "Colombia y Ecuador anuncian patrullas conjuntas en la frontera",
                Some("2026-11-03T20:05:00-05:00"),
                Some("https://miradorexterior.example/internacional/2026/11/03/frontera-patrullas-conjuntas"),
                &["intercambiar información de inteligencia."],
            ),
            w(
                "Cumbre en Lima",
                Some("2026-11-02T09:00:00-05:00"),
                Some("https://miradorexterior.example/america/2026/11/02/cumbre-lima"),
                &["Sin acuerdo."],
            ),
        ],
    );
    for r in &recs {
        assert_eq!((r.lang, r.lang_hint), (None, Some(Lang::Spanish)));
    }
}

/// Sniffed by content: a page saved as `.txt` and a feed saved without extension are read as
/// what they are; a `.html` read as a digest page when forced stays a digest page; JSON Lines
/// and a JSON Feed saved as `.json` are read as such.
#[test]
fn formats_are_sniffed_from_content() {
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("records.json");
    std::fs::write(
        &lines,
        "{\"title\": \"Gas deal\", \"text\": \"The ministers signed it.\"}\n{\"text\": \"Border talks resumed.\"}\n",
    )
    .unwrap();
    let recs = read_as(&lines, None);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1].text, "Border talks resumed.");
    // One JSON document: an array of records, or a news API's answer holding one.
    for (name, json) in [
        (
            "export.json",
            "[\n  {\"title\": \"Gas deal\", \"text\": \"The ministers signed it.\"},\n  {\"text\": \"Border talks resumed.\"}\n]\n",
        ),
        (
            "api.json",
            r#"{"status": "ok", "totalResults": 2, "articles": [{"source": {"name": "Wire"}, "title": "Gas deal", "description": "The ministers signed it.", "url": "https://w.example/1", "publishedAt": "2026-12-01T10:00:00Z"}, {"content": "Border talks resumed."}]}"#,
        ),
        // Records further down (`data.articles`), on one line or on many.
        (
            "nested.json",
            r#"{"status": "ok", "data": {"page": 1, "articles": [{"headline": "Gas deal", "summary": "The ministers signed it.", "canonical_url": "https://w.example/1"}, {"summary": "Border talks resumed."}]}}"#,
        ),
        (
            "nested_lines.json",
            "{\"meta\": {\"count\": 2},\n \"response\": {\"docs\": {\"items\": [\n  {\"title\": \"Gas deal\", \"text\": \"The ministers signed it.\"},\n  {\"text\": \"Border talks resumed.\"}]}}}\n",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, json).unwrap();
        let recs = read_as(&path, None);
        let got: Vec<_> = recs.iter().map(|r| (r.title.as_deref(), r.text.as_str())).collect();
        assert_eq!(
            got,
            [(Some("Gas deal"), "The ministers signed it."), (None, "Border talks resumed.")],
            "{name}"
        );
    }
    // A bad record of a document is named by its number, not as a line of the file.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[{\"text\": \"Gas deal signed.\"},\n {\"note\": 1}]").unwrap();
    let errors: Vec<String> = records(&bad, &InputOptions::default())
        .unwrap()
        .filter_map(|r| r.err().map(|e| e.to_string()))
        .collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(
            "bad.json: record 2: no text field: expected a string in one of text, body, "
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].ends_with("; name yours with --text-col NAME"),
        "{}",
        errors[0]
    );
    let json_feed = dir.path().join("feed.json");
    std::fs::write(
        &json_feed,
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Notes", "items": [
  {"id": "1", "url": "https://example.net/1", "title": "Rail terminal opens",
   "content_text": "The dry port doubles its capacity.", "date_published": "2026-12-01T08:00:00Z"}]}"#,
    )
    .unwrap();
    let recs = read_as(&json_feed, None);
    assert_eq!(recs.len(), 1);
    assert_eq!(
        (
            recs[0].title.as_deref(),
            recs[0].text.as_str(),
            recs[0].url.as_deref()
        ),
        (
            Some("Rail terminal opens"),
            "The dry port doubles its capacity.",
            Some("https://example.net/1")
        )
    );
    let page = dir.path().join("saved page.txt");
    std::fs::copy(fixture("html", "aggregator_es.html"), &page).unwrap();
    assert_eq!(read_as(&page, None).len(), 4);
    let feed = dir.path().join("feed");
    std::fs::copy(fixture("feeds", "institute_atom.xml"), &feed).unwrap();
    assert_eq!(read_as(&feed, None).len(), 3);
    let forced = read_as(&fixture("html", "news_listing.html"), Some(Format::Page));
    assert!(forced.iter().all(|r| r.url.is_none()));
}

/// Tagging reads the new inputs like any other: one row per item, titles as found.
#[test]
fn tag_reads_pages_and_feeds() {
    let out = topictag(&[
        "tag",
        "tests/fixtures/html/aggregator_es.html",
        "tests/fixtures/feeds/monitor_rss.xml",
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert_exit(&out, 0);
    let rows = util::jsonl(&out);
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[0]["title"],
        "Los cancilleres del Cono Sur pactan una estrategia común sobre el litio"
    );
    assert_eq!(rows[0]["lang"], "es");
    assert_eq!(rows[4]["lang"], "en");
}

/// Junk in: each gives a clear per-file error (exit 1, the other inputs still tagged) or a
/// warning, never junk items.
#[test]
fn junk_inputs_are_reported_not_tagged() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(
        p("digest.pdf"),
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000247 00000 n \ntrailer\n%%EOF\n",
    )
    .unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(p("photo.txt"), &png).unwrap();
    let mut blob: Vec<u8> = (0..4000u32).map(|i| (i * 131 % 256) as u8).collect();
    blob[10] = 0;
    std::fs::write(p("export.dat"), &blob).unwrap();
    std::fs::write(
        p("config.xml"),
        "<?xml version=\"1.0\"?>\n<settings><proxy host=\"10.0.0.1\"/><timeout>30</timeout></settings>\n",
    )
    .unwrap();
    std::fs::write(
        p("lines.txt"),
        "The foreign ministers agreed to reopen the consulates in both capitals next month.\n\
         Gas deliveries through the northern pipeline resumed after a week of repairs.\n\
         The parliament voted to extend the peacekeeping mission for another year.\n\
         Customs officers seized a shipment of dual-use electronics at the border crossing.\n\
         The central bank kept interest rates unchanged despite rising food prices.\n\
         A new trade agreement removes tariffs on most agricultural products by 2028.\n",
    )
    .unwrap();
    std::fs::write(
        p("settings.json"),
        "{\n  \"proxy\": \"10.0.0.1\",\n  \"hosts\": [1, 2]\n}\n",
    )
    .unwrap();
    std::fs::write(
        p("brief.rtf"),
        "{\\rtf1\\ansi{\\fonttbl{\\f0 Calibri;}}\\b Gas deal signed\\b0\\par}\n",
    )
    .unwrap();
    let cases: [(&str, i32, &str); 8] = [
        ("digest.pdf", 1, "digest.pdf: a PDF document, not text"),
        (
            "brief.rtf",
            1,
            "brief.rtf: an RTF document (save it as plain text",
        ),
        (
            "settings.json",
            1,
            "settings.json: a JSON document without a list of records",
        ),
        ("photo.txt", 1, "photo.txt: a PNG image, not text"),
        ("export.dat", 1, "export.dat: binary data, not text"),
        (
            "config.xml",
            1,
            "config.xml: an XML document whose root is <settings>, not an RSS or Atom feed",
        ),
        (
            "lines.txt",
            0,
            "lines.txt item 1: every line looks like a text of its own",
        ),
        (
            "not_a_listing.html",
            1,
            "not_a_listing.html: no news items found in this HTML page",
        ),
    ];
    std::fs::copy(
        fixture("html", "not_a_listing.html"),
        p("not_a_listing.html"),
    )
    .unwrap();
    for (name, code, message) in cases {
        let path = p(name);
        let out = topictag(&["tag", path.to_str().unwrap(), "--format", "jsonl"]);
        util::assert_exit_case(&out, code, name);
        assert!(stderr(&out).contains(message), "{name}: {}", stderr(&out));
        if code == 1 {
            // No junk items: the file is one error row (item 0), nothing else.
            let rows = util::jsonl(&out);
            assert!(
                rows.len() == 1 && rows[0].get("error").is_some() && rows[0]["item"] == 0,
                "{name}: junk rows {rows:?}"
            );
        }
    }
    // The suggested fix works: one item per line.
    let out = topictag(&[
        "tag",
        p("lines.txt").to_str().unwrap(),
        "--input-format",
        "lines",
        "--format",
        "jsonl",
    ]);
    assert_exit(&out, 0);
    assert_eq!(util::jsonl(&out).len(), 6);
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    // A bad file among good ones: exit 1, the good one still tagged.
    let out = topictag(&[
        "tag",
        p("digest.pdf").to_str().unwrap(),
        "tests/fixtures/html/news_listing.html",
        "--format",
        "jsonl",
    ]);
    util::assert_exit_case(&out, 1, "mixed");
    // The PDF's error row, then the page's four items.
    let rows = util::jsonl(&out);
    assert_eq!(rows.len(), 5);
    assert!(rows[0].get("error").is_some());
    assert!(rows[1..].iter().all(|r| r.get("error").is_none()));
}

/// The plain-text digests in ../shared keep being read as pages, without the one-per-line
/// warning (skipped with a notice when ../shared is absent).
#[test]
fn shared_digests_are_not_mistaken_for_lines_or_markup() {
    let dir = util::root().join("../shared/digests");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found", dir.display());
        return;
    };
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        if path.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let head = &bytes[..bytes.len().min(topictag::sniff::SNIFF_BYTES)];
        assert_eq!(
            topictag::sniff::sniff(head),
            topictag::sniff::Sniffed::Text,
            "{}",
            path.display()
        );
        assert!(
            !topictag::sniff::looks_like_lines(head),
            "{}",
            path.display()
        );
        n += 1;
    }
    assert!(n > 0, "no .txt digests in {}", dir.display());
}

/// `summary`, `lead` and `abstract` are text columns: with a `headline` or `title` they are
/// the text beside it (a CSV with `headline,summary` used the headline alone).
#[test]
fn summary_lead_and_abstract_are_text_columns() {
    let dir = tempfile::tempdir().unwrap();
    for col in ["summary", "lead", "abstract"] {
        let csv = dir.path().join(format!("{col}.csv"));
        std::fs::write(
            &csv,
            format!("id,headline,{col}\nA-1,Grid talks resume,The operators met in Riga to plan the switch.\n"),
        )
        .unwrap();
        let recs = read_as(&csv, None);
        assert_eq!(recs.len(), 1, "{col}");
        assert_eq!(recs[0].title.as_deref(), Some("Grid talks resume"), "{col}");
        assert_eq!(
            recs[0].text, "The operators met in Riga to plan the switch.",
            "{col}"
        );
        let jsonl = dir.path().join(format!("{col}.jsonl"));
        std::fs::write(
            &jsonl,
            format!(
                "{{\"title\":\"Grid talks resume\",\"{col}\":\"The operators met in Riga.\"}}\n"
            ),
        )
        .unwrap();
        let recs = read_as(&jsonl, None);
        assert_eq!(recs[0].text, "The operators met in Riga.", "{col}");
        assert_eq!(recs[0].title.as_deref(), Some("Grid talks resume"), "{col}");
    }
}

/// A feed of headlines only (no entry has a summary; one repeats its title as the summary) is
/// said once, on its first item; a feed where one entry lacks a summary says it on that entry.
#[test]
fn headline_feeds_warn_once() {
    let dir = tempfile::tempdir().unwrap();
    let feed = |items: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>"
        )
    };
    let headlines = dir.path().join("headlines.rss");
    std::fs::write(
        &headlines,
        feed(
            "<item><title>Congress passes the electoral reform</title>\
             <description>Congress passes the electoral reform</description></item>\
             <item><title>Algeria suspends its friendship treaty</title></item>",
        ),
    )
    .unwrap();
    let recs = read_as(&headlines, None);
    assert!(recs.iter().all(|r| r.text.is_empty()));
    assert_eq!(
        recs.iter().map(|r| r.warnings.len()).collect::<Vec<_>>(),
        [1, 0]
    );
    assert!(recs[0].warnings[0].contains("no entry of this feed has a summary"));
    let mixed = dir.path().join("mixed.rss");
    std::fs::write(
        &mixed,
        feed(
            "<item><title>Talks resume</title><description>Envoys met in Geneva.</description></item>\
             <item><title>Border reopens</title></item>",
        ),
    )
    .unwrap();
    let recs = read_as(&mixed, None);
    assert_eq!(
        recs.iter().map(|r| r.warnings.len()).collect::<Vec<_>>(),
        [1, 0]
    );
    assert!(recs[0].warnings[0].contains("1 entry has no summary"));

    // A news aggregator's feed (Google News): `Headline - Source` titles whose summary is
    // the headline linked, the source's name and other outlets' headlines on the story. The
    // headline is the title; the source's name and the other headlines are in neither (as
    // a page's related links are not); three of four entries are headlines only, said once
    // for the feed.
    let entry = |title: &str, summary: &str| {
        format!(
            "<item><title>{title}</title><link>https://news.google.com/rss/articles/X?oc=5</link>             <description>{}</description><source url=\"https://wire.example\">Wire</source></item>",
            summary.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
        )
    };
    let aggregator = dir.path().join("aggregator.rss");
    std::fs::write(
        &aggregator,
        feed(&[
            entry(
                "Oil output target raised for next year - Astana Daily",
                "<a href=\"https://news.google.com/rss/articles/X\">Oil output target raised for next year</a>&nbsp;&nbsp;<font color=\"#6f6f6f\">Astana Daily</font>",
            ),
            entry(
                "New border crossing opens near Sadakhlo - Caucasus Wire",
                "<ol><li><a href=\"https://news.google.com/rss/articles/Y\">New border crossing opens near Sadakhlo</a>&nbsp;&nbsp;<font color=\"#6f6f6f\">Caucasus Wire</font></li>                 <li><a href=\"https://news.google.com/rss/articles/Z\">Freight queues to ease at the Georgian border</a>&nbsp;&nbsp;<font color=\"#6f6f6f\">Tbilisi Times</font></li></ol>",
            ),
            entry("Talks on the Caspian - a view from Baku - Policy Review", "A long read on the talks."),
            entry("Grain deal extended - Wire", "<a href=\"https://news.google.com/rss/articles/W\">Grain deal extended</a> Wire"),
        ]
        .concat()),
    )
    .unwrap();
    let recs = read_as(&aggregator, None);
    let got: Vec<_> = recs
        .iter()
        .map(|r| (r.title.as_deref().unwrap(), r.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Oil output target raised for next year", ""),
            ("New border crossing opens near Sadakhlo", ""),
            // Not confirmed by its summary: the title keeps its dashes.
            (
                "Talks on the Caspian - a view from Baku - Policy Review",
                "A long read on the talks."
            ),
            ("Grain deal extended", ""),
        ]
    );
    assert_eq!(
        recs[0].warnings,
        ["page: 3 of 4 entries have no summary or content (beyond their titles): only their titles are tagged"]
    );
}

/// A listing saved as one MHTML file ("Webpage, Single File"), named `.mhtml` or not, gives
/// the items of the same page saved as HTML.
#[test]
fn mhtml_files_give_the_items_of_their_page() {
    let html = std::fs::read(fixture("html", "news_listing.html")).unwrap();
    let mut qp = String::new();
    for b in html {
        match b {
            b'=' | 0x80.. => qp.push_str(&format!("={b:02X}")),
            b'\n' => qp.push_str("\r\n"),
            _ => qp.push(b as char),
        }
    }
    let boundary = "----MultipartBoundary--t1----";
    let file = format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.eastgate-monitor.example/world/\r\n\
         Subject: World\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
         \ttype=\"text/html\";\r\n\tboundary=\"{boundary}\"\r\n\r\n\r\n--{boundary}\r\n\
         Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\
         Content-Location: https://www.eastgate-monitor.example/world/\r\n\r\n{qp}\r\n--{boundary}\r\n\
         Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--{boundary}--\r\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let want: Vec<_> = read_as(&fixture("html", "news_listing.html"), None)
        .into_iter()
        .map(|r| (r.title, r.text, r.date, r.url))
        .collect();
    assert!(want.len() >= 2);
    for name in ["World.mhtml", "World.txt"] {
        let path = dir.path().join(name);
        std::fs::write(&path, &file).unwrap();
        let got: Vec<_> = read_as(&path, None)
            .into_iter()
            .map(|r| (r.title, r.text, r.date, r.url))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// A newsletter saved from the mail client: its HTML part gives the page's items (as the page
/// alone does, links included), as `.eml` or under any name; a message with only a text part,
/// or whose HTML holds no items, is split as a digest under its subject line; attachments are
/// left out; stories without a date of their own take the message's.
#[test]
fn emails_give_the_items_of_their_html_or_text_part() {
    let qp = |bytes: &[u8]| {
        let mut out = String::new();
        for &b in bytes {
            match b {
                b'=' | 0x80.. => out.push_str(&format!("={b:02X}")),
                b'\n' => out.push_str("\r\n"),
                _ => out.push(b as char),
            }
        }
        out
    };
    let digest = "Eastgate Morning Brief\n\n\
        Baltic grid synchronisation completed ahead of schedule\n\
        Estonia, Latvia and Lithuania switched their power networks to the continental grid a \
        month earlier than planned.\n\n\
        Trade ministers agree a six-month tariff truce\n\
        Negotiators meeting in Geneva suspended the planned duties on steel and aluminium.\n";
    let mail = |html: &str| {
        format!(
            "From: Eastgate Monitor <brief@eastgate-monitor.example>\r\nTo: analyst@example.org\r\n\
             Subject: =?utf-8?q?Morning_brief_=E2=80=94_3_November?=\r\nDate: Tue, 3 Nov 2026 06:00:00 +0000\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n\
             --mix\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
             --alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n\
             --alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n\
             --alt--\r\n\
             --mix\r\nContent-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment; filename=\"terms.html\"\r\n\r\n\
             <html><body><article><h2>Terms of the service</h2><p>Long legal text.</p></article></body></html>\r\n\
             --mix--\r\n",
            qp(digest.as_bytes()),
            qp(html.as_bytes()),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let summary = |recs: Vec<Record>| -> Vec<_> {
        recs.into_iter()
            .map(|r| (r.title, r.text, r.date, r.url))
            .collect()
    };
    let page = std::fs::read_to_string(fixture("html", "news_listing.html")).unwrap();
    let want = summary(read_as(&fixture("html", "news_listing.html"), None));
    assert!(want.len() >= 2);
    for name in ["brief.eml", "brief.txt"] {
        let path = dir.path().join(name);
        std::fs::write(&path, mail(&page)).unwrap();
        assert_eq!(summary(read_as(&path, None)), want, "{name}");
    }

    // HTML with no items: the text part, split under the subject line (the page header).
    let path = dir.path().join("bare.eml");
    std::fs::write(
        &path,
        mail("<html><body><p>View this e-mail online.</p></body></html>"),
    )
    .unwrap();
    let recs = read_as(&path, None);
    let titles: Vec<_> = recs.iter().map(|r| r.title.as_deref().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Baltic grid synchronisation completed ahead of schedule",
            "Trade ministers agree a six-month tariff truce"
        ]
    );
    assert!(recs[1].text.starts_with("Negotiators meeting in Geneva"));
    assert!(recs.iter().all(|r| r.url.is_none()));
    // Undated stories are of the day the message was sent (its `Date:` header).
    assert!(
        recs.iter()
            .all(|r| r.date.as_deref() == Some("2026-11-03T06:00:00+00:00")),
        "{recs:?}"
    );
    assert_eq!(
        recs[0].warnings,
        ["page: the e-mail's HTML holds no items: its text part is read"]
    );

    // Forced with --input-format mail, a message with neither part is an error naming the file.
    let path = dir.path().join("files.msg.txt");
    std::fs::write(
        &path,
        "From: a@example.org\r\nSubject: Files\r\nMIME-Version: 1.0\r\n\
         Content-Type: application/pdf\r\n\r\nJVBERi0=\r\n",
    )
    .unwrap();
    let opts = InputOptions {
        format: Some(Format::Mail),
        ..InputOptions::default()
    };
    let err = records(&path, &opts).err().expect("an error").to_string();
    assert!(
        err.contains("files.msg.txt") && err.contains("no text or HTML part"),
        "{err}"
    );
}

/// A Telegram channel exported by Telegram Desktop (`result.json`): one item per post, its
/// opening bold line the title, a bare address its link (not its words), rich text joined;
/// service messages and posts without text are left out with one note for the file. Rich text
/// in JSON Lines is joined the same way.
#[test]
fn telegram_channel_exports_give_their_posts() {
    let export = r#"{
 "name": "Caspian Wire", "type": "public_channel", "id": 1001,
 "messages": [
  {"id": 1, "type": "service", "date": "2026-12-01T08:00:00", "actor": "Caspian Wire", "action": "create_channel", "title": "Caspian Wire", "text": ""},
  {"id": 2, "type": "message", "date": "2026-12-03T07:00:00", "from": "Caspian Wire",
   "text": [{"type": "bold", "text": "Kazakhstan raises its oil output target"}, "\n\nThe ministry expects ", {"type": "italic", "text": "Tengiz"}, " to pump more after maintenance. ", {"type": "link", "text": "https://wire.example/a"}]},
  {"id": 3, "type": "message", "date": "2026-12-03T08:10:00", "from": "Caspian Wire",
   "text": ["Georgia and Armenia open a ", {"type": "text_link", "text": "border crossing", "href": "https://wire.example/b"}, " near Sadakhlo."]},
  {"id": 4, "type": "message", "date": "2026-12-03T09:00:00", "from": "Caspian Wire", "photo": "photos/photo_1.jpg", "text": ""}
 ]
}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, export).unwrap();
    let recs = read_as(&path, None);
    let got: Vec<_> = recs
        .iter()
        .map(|r| {
            (
                r.id.as_deref(),
                r.title.as_deref(),
                r.text.as_str(),
                r.date.as_deref(),
                r.url.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("2"),
                Some("Kazakhstan raises its oil output target"),
                "The ministry expects Tengiz to pump more after maintenance.",
                Some("2026-12-03T07:00:00"),
                Some("https://wire.example/a")
            ),
            (
                Some("3"),
                None,
                "Georgia and Armenia open a border crossing near Sadakhlo.",
                Some("2026-12-03T08:10:00"),
                Some("https://wire.example/b")
            ),
        ]
    );
    assert_eq!(
        recs[0].warnings,
        ["page: a Telegram export: 1 service message and 1 post without text left out"]
    );
    assert!(recs[1].warnings.is_empty());

    let o = topictag(&["-q", "tag", "--format", "csv", path.to_str().unwrap()]);
    assert_exit(&o, 0);
    assert!(
        stderr(&o).contains("result.json: a Telegram export: 1 service message"),
        "{}",
        stderr(&o)
    );

    let lines = dir.path().join("posts.jsonl");
    std::fs::write(
        &lines,
        "{\"text\": [\"Gas talks \", {\"type\": \"bold\", \"text\": \"resume\"}, \" in Vienna.\"]}\n",
    )
    .unwrap();
    assert_eq!(read_as(&lines, None)[0].text, "Gas talks resume in Vienna.");
}

/// UTF-8 read once as windows-1252 and written again as UTF-8, as misconfigured sites serve it.
fn double_encoded(s: &str) -> String {
    let (latin, _, _) = encoding_rs::WINDOWS_1252.decode(s.as_bytes());
    latin.into_owned()
}

#[test]
fn double_encoded_feeds_pages_and_csv_are_repaired_once_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Críticas al acuerdo de gas entre España y Argelia";
    let text = "El Gobierno defendió el contrato, según fuentes del ministerio. “Es estable”.";
    let feed = dir.path().join("noticias.xml");
    std::fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Noticias</title>\
             <item><title>{}</title><description>{}</description></item>\
             <item><title>Otra noticia sin acentos</title><description>Texto corto sin cambios.</description></item>\
             </channel></rss>",
            double_encoded(title),
            double_encoded(text)
        ),
    )
    .unwrap();
    // The double-encoded "í" carries a soft hyphen (U+00AD) that HTML stripping would drop.
    assert!(double_encoded(title).contains('\u{ad}'));
    let recs = read_as(&feed, None);
    assert_eq!(recs[0].title.as_deref(), Some(title));
    assert_eq!(recs[0].text, text);
    assert_eq!(recs[0].warnings.len(), 1, "{:?}", recs[0].warnings);
    assert!(recs[0].warnings[0].contains("double-encoded text"));
    assert!(recs[1].warnings.is_empty());

    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><meta charset=\"utf-8\"></head><body>\
             <article><h2><a href=\"/1\">{}</a></h2><p>{}</p></article>\
             <article><h2><a href=\"/2\">{}</a></h2><p>{}</p></article></body></html>",
            double_encoded(title),
            double_encoded(text),
            double_encoded("La oposición pide explicaciones"),
            double_encoded("El Congreso debatirá el precio pactado y su revisión anual.")
        ),
    )
    .unwrap();
    let recs = read_as(&page, None);
    assert_eq!(recs[0].title.as_deref(), Some(title));
    assert_eq!(recs[0].text, text);
    assert_eq!(
        recs[1].title.as_deref(),
        Some("La oposición pide explicaciones")
    );
    assert!(recs[0]
        .warnings
        .iter()
        .any(|w| w.contains("double-encoded text")));

    let csv = dir.path().join("items.csv");
    std::fs::write(
        &csv,
        format!(
            "title,text\n{},plain text\nSin cambios,\"{}\"\n",
            double_encoded("Acuerdo en Bruselas: ¿qué cambia?"),
            double_encoded(text)
        ),
    )
    .unwrap();
    let recs = read_as(&csv, None);
    assert_eq!(
        recs[0].title.as_deref(),
        Some("Acuerdo en Bruselas: ¿qué cambia?")
    );
    assert_eq!(recs[1].text, text);
    assert_eq!(recs[0].warnings.len(), 1);
    assert!(recs[1].warnings.is_empty());
    // Text that only looks foreign is left alone: "São", «sí», a lone curly quote.
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "text\n\"São Paulo, «sí», it’s 2º\"\n").unwrap();
    let recs = read_as(&plain, None);
    assert_eq!(recs[0].text, "São Paulo, «sí», it’s 2º");
    assert!(recs[0].warnings.is_empty());
}

#[test]
fn article_pages_give_their_article_not_the_links_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let body =
        "The energy ministers of the two countries met in Baku on Tuesday to settle the terms \
                of a gas transit agreement that had been stalled since the spring. ";
    let long_body = body.repeat(8);
    let write = |name: &str, html: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, html).unwrap();
        p
    };
    // The page's own classes (a paywall, an open dialog) are its state, not boilerplate.
    let paywalled = write(
        "paywalled.html",
        format!(
            "<html><body class=\"story paywall modal-open\"><div id=\"page\"><h1>Gas transit deal \
             settled in Baku</h1><div class=\"story-body\"><p>{long_body}</p><p>{body}</p></div></div>\
             </body></html>"
        ),
    );
    let recs = read_as(&paywalled, None);
    assert_eq!(recs.len(), 1);
    assert_eq!(
        recs[0].title.as_deref(),
        Some("Gas transit deal settled in Baku")
    );
    assert!(
        recs[0].text.starts_with("The energy ministers"),
        "{}",
        recs[0].text
    );

    // One story's body and two headlines in blocks of the same kind: the story.
    let related = write(
        "related.html",
        format!(
            "<html><body><main>\
             <div class=\"story\"><h2>Gas transit deal settled in Baku</h2><p>{long_body}</p></div>\
             <div class=\"story\"><h2><a href=\"/r1\">Caspian states plan a new summit</a></h2></div>\
             <div class=\"story\"><h2><a href=\"/r2\">Pipeline operator names a new chief</a></h2></div>\
             </main></body></html>"
        ),
    );
    let recs = read_as(&related, None);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert!(recs[0].text.contains("gas transit agreement"));

    // A short story marked as an article beside a list of headlines only: the story.
    let short = write(
        "short.html",
        format!(
            "<html><head><meta property=\"og:type\" content=\"article\"></head><body>\
             <h1>Gas transit deal settled in Baku</h1><div class=\"entry\"><p>{body}</p><p>{body}</p>\
             <p>{body}</p></div><div class=\"more-stories\"><ul>\
             <li><a href=\"/a\">Caspian states plan a new summit next spring</a></li>\
             <li><a href=\"/b\">Pipeline operator names a new chief executive</a></li>\
             <li><a href=\"/c\">Border talks resume after a two-month pause</a></li>\
             <li><a href=\"/d\">Grain exports rise for the third month in a row</a></li>\
             </ul></div></body></html>"
        ),
    );
    let recs = read_as(&short, None);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(
        recs[0].title.as_deref(),
        Some("Gas transit deal settled in Baku")
    );

    // A listing of posts filed under topics named like boilerplate keeps every post.
    let filed = write(
        "filed.html",
        "<html><body><div class=\"posts\">\
         <article class=\"post-101 post type-post category-social-affairs tag-ads\"><h2><a href=\"/1\">Pension reform passes its first reading</a></h2><p>Deputies backed the bill by a wide margin after a long debate.</p></article>\
         <article class=\"post-102 post type-post category-energy tag-share\"><h2><a href=\"/2\">Grid operator plans new interconnector</a></h2><p>The cable would link the two national grids by the end of the decade.</p></article>\
         <article class=\"post-103 post type-post category-security\"><h2><a href=\"/3\">Border guards report fewer crossings</a></h2><p>Officials said patrols had doubled along the eastern section.</p></article>\
         </div></body></html>"
            .to_string(),
    );
    let recs = read_as(&filed, None);
    let titles: Vec<_> = recs.iter().map(|r| r.title.as_deref().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Pension reform passes its first reading",
            "Grid operator plans new interconnector",
            "Border guards report fewer crossings"
        ]
    );
}

#[test]
fn listings_in_the_markup_of_real_front_pages() {
    let dir = tempfile::tempdir().unwrap();
    let stories = [
        (
            "Gas transit talks resume in Vienna",
            "Delegations from both countries met again on the pipeline fees and a new contract.",
        ),
        (
            "Border crossing reopens after two years",
            "Trucks and buses crossed again as the two governments ended the closure.",
        ),
        (
            "Parliament approves the new budget law",
            "The chamber passed the bill after three days of debate and many amendments.",
        ),
    ];
    let page = |name: &str, item: &dyn Fn(usize, &str, &str) -> String| {
        let items: String = stories
            .iter()
            .enumerate()
            .map(|(i, (t, x))| item(i + 1, t, x))
            .collect();
        let p = dir.path().join(name);
        std::fs::write(&p, format!("<html><body><h1>World</h1><ul class=\"list\">{items}</ul><p>All rights reserved.</p></body></html>")).unwrap();
        read_as(&p, None)
    };
    let expect = |recs: Vec<Record>, case: &str| {
        let got: Vec<(Option<&str>, &str)> = recs
            .iter()
            .map(|r| (r.title.as_deref(), r.text.as_str()))
            .collect();
        let want: Vec<(Option<&str>, &str)> = stories.iter().map(|(t, x)| (Some(*t), *x)).collect();
        assert_eq!(got, want, "{case}");
    };
    // A linked headline and its teaser inline in one list item.
    expect(
        page("inline.html", &|_, t, x| {
            format!(
                "<li class=\"item\"><a href=\"/s\">{t}</a> <span class=\"summary\">{x}</span></li>"
            )
        }),
        "headline link + inline teaser",
    );
    // Items numbered in their class names.
    expect(
        page("numbered.html", &|i, t, x| {
            format!("<li class=\"story{i}\"><a href=\"/s{i}\">{t}</a> – {x}</li>")
        }),
        "numbered classes, a dash between headline and teaser",
    );
    // A broadcaster's cards, every part named "promo".
    expect(
        page("cards.html", &|i, t, x| {
            format!(
            "<li><div class=\"gs-c-promo\"><a class=\"gs-c-promo-heading\" href=\"/n{i}\"><h3 class=\"gs-c-promo-heading__title\">{t}</h3></a>\
             <p class=\"gs-c-promo-summary\">{x}</p></div></li>"
        )
        }),
        "promo cards",
    );
}

#[test]
fn a_front_page_gives_its_top_lists_and_its_section_lists_of_headlines() {
    // Top lists under topic headings, their items classed and numbered; section lists below,
    // their items unclassed: all of them are the page's headlines, in page order.
    let top = |topic: &str, heads: &[&str]| {
        let items: String = heads
            .iter()
            .enumerate()
            .map(|(i, h)| {
                format!(
                    "<li class=\"bullet{} first\"><a href=\"/t/{i}\">{h}</a></li>",
                    i + 1
                )
            })
            .collect();
        format!("<div class=\"topic\"><h4>{topic}</h4><ul class=\"bin\">{items}</ul></div>")
    };
    let section = |name: &str, heads: &[&str]| {
        let items: String = heads
            .iter()
            .map(|h| format!("<li><a href=\"/s\">{h}</a></li>"))
            .collect();
        format!("<div class=\"sect\"><h4><a href=\"/{name}\">{name}</a></h4><ul class=\"bin\">{items}</ul></div>")
    };
    let page = format!(
        "<html><body><div id=\"main\">{}{}</div><div id=\"bins\">{}{}</div></body></html>",
        top(
            "PIPELINE DISPUTE",
            &[
                "Transit fees rise again for the winter",
                "Operators meet in Vienna next week"
            ]
        ),
        top(
            "BORDER TALKS",
            &[
                "Negotiators agree on a new crossing",
                "Villagers return to the border zone"
            ]
        ),
        section(
            "BUSINESS",
            &[
                "Grain exports hit a record high",
                "Central bank keeps its rate on hold",
                "Steel maker cuts its output target"
            ]
        ),
        section(
            "WORLD",
            &[
                "Coalition talks stall over the budget",
                "Floods close the main coastal road",
                "Election date set for the spring"
            ]
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("front.html");
    std::fs::write(&p, page).unwrap();
    let recs = read_as(&p, None);
    let titles: Vec<&str> = recs.iter().map(|r| r.title.as_deref().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Transit fees rise again for the winter",
            "Operators meet in Vienna next week",
            "Negotiators agree on a new crossing",
            "Villagers return to the border zone",
            "Grain exports hit a record high",
            "Central bank keeps its rate on hold",
            "Steel maker cuts its output target",
            "Coalition talks stall over the budget",
            "Floods close the main coastal road",
            "Election date set for the spring"
        ]
    );
}

/// `tag --new-only FILE`, as someone following a feed and a digest day after day runs it:
/// each item is tagged once, a new entry on the next day alone, items without a link are
/// known by their words, and the list is never written over the output or a user's file.
#[test]
fn following_a_feed_with_new_only_tags_each_item_once() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("world.xml");
    let original = std::fs::read_to_string(fixture("feeds", "monitor_rss.xml")).unwrap();
    std::fs::write(&feed, &original).unwrap();
    let digest = util::root().join("examples/digest.txt");
    let seen = dir.path().join("seen.txt");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "tag",
            feed.to_str().unwrap(),
            digest.to_str().unwrap(),
            "--new-only",
            seen.to_str().unwrap(),
            "--format",
            "jsonl",
            "--no-text",
        ];
        args.extend_from_slice(extra);
        topictag(&args)
    };
    let first = run(&[]);
    assert_exit(&first, 0);
    let rows = util::jsonl(&first);
    let in_digest = rows.iter().filter(|r| r["url"].is_null()).count();
    assert_eq!(rows.len(), 3 + in_digest);
    assert!(
        in_digest >= 3,
        "the digest's items have no link: {in_digest}"
    );
    let list = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(
        list.lines().filter(|l| l.starts_with("text:")).count(),
        in_digest
    );
    assert!(list.contains(
        "\nhttps://www.eastgate-monitor.example/world/2026/11/02/naval-exercise-black-sea\n"
    ));

    // The next day: the same page and feed, with one new entry on top.
    let again = run(&[]);
    assert_exit(&again, 0);
    assert!(util::jsonl(&again).is_empty());
    let told = format!("{} seen before and left out", rows.len());
    assert!(stderr(&again).contains(&told), "{}", stderr(&again));
    let new_entry = "<item>\n    <title>Caspian ferry link reopens for freight</title>\n    \
        <link>https://www.eastgate-monitor.example/world/2026/11/04/caspian-ferry</link>\n    \
        <description>Rail wagons crossed from Aktau to Baku again.</description>\n  </item>\n  <item>";
    std::fs::write(&feed, original.replacen("<item>", new_entry, 1)).unwrap();
    let next = util::jsonl(&run(&["--quiet"]));
    assert_eq!(next.len(), 1);
    assert_eq!(next[0]["title"], "Caspian ferry link reopens for freight");
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap().lines().count(),
        list.lines().count() + 1
    );

    // The list is never the output, and a file that is not one is refused, unchanged.
    let clash = run(&["--out", seen.to_str().unwrap()]);
    assert_exit(&clash, 2);
    let mine = dir.path().join("notes.csv");
    std::fs::write(&mine, "id,note\n1,keep me\n").unwrap();
    let refused = topictag(&[
        "tag",
        feed.to_str().unwrap(),
        "--new-only",
        mine.to_str().unwrap(),
    ]);
    assert_exit(&refused, 2);
    assert!(
        stderr(&refused).contains("notes.csv:1: not a list of seen items"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "id,note\n1,keep me\n"
    );
    // A list in a folder that does not exist is refused before any row is written: the rows
    // would come back on the next run.
    let out = dir.path().join("out.jsonl");
    let missing = dir.path().join("no-such-folder").join("seen.txt");
    let early = topictag(&[
        "tag",
        feed.to_str().unwrap(),
        "--new-only",
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&early, 2);
    assert!(
        stderr(&early).contains("no-such-folder"),
        "{}",
        stderr(&early)
    );
    assert!(
        !out.exists(),
        "rows were written before the list was refused"
    );
}

/// Feeds that strict parsing loses: a stale single-byte declaration over UTF-8 bytes (read as
/// UTF-8, with a note), an `<rss>` root in Radio UserLand's namespace (its items still read),
/// and a feed with no entry (an error row, not silence).
#[test]
fn feeds_with_a_stale_encoding_or_a_namespaced_root_give_their_items() {
    let dir = tempfile::tempdir().unwrap();
    let feed = |name: &str, decl: &str, root: &str, items: &str| {
        let path = dir.path().join(name);
        let text = format!(
            "<?xml version=\"1.0\" encoding=\"{decl}\"?>\n{root}<channel><title>Noticias</title>\
             {items}</channel></rss>"
        );
        std::fs::write(&path, text).unwrap();
        path
    };
    let item = "<item><title>El Senado aprueba la reforma energética</title>\
        <link>https://noticias.example/1</link><description>La votación terminó \
        con mayoría holgada.</description></item>";
    let stale = feed("stale.xml", "ISO-8859-1", "<rss version=\"2.0\">", item);
    let recs = read_as(&stale, None);
    assert_eq!(recs.len(), 1);
    assert_eq!(
        recs[0].title.as_deref(),
        Some("El Senado aprueba la reforma energética")
    );
    assert_eq!(recs[0].text, "La votación terminó con mayoría holgada.");
    assert_eq!(
        recs[0].warnings,
        ["page: declares windows-1252 but its bytes are UTF-8: read as UTF-8"]
    );
    let userland = "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\">";
    let namespaced = feed("userland.xml", "UTF-8", userland, item);
    let recs = read_as(&namespaced, None);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].url.as_deref(), Some("https://noticias.example/1"));
    let empty = feed("empty.xml", "UTF-8", "<rss version=\"2.0\">", "");
    let out = topictag(&["tag", "-q", "--format", "jsonl", empty.to_str().unwrap()]);
    assert_exit(&out, 1);
    let rows = util::jsonl(&out);
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["error"]
        .as_str()
        .unwrap()
        .ends_with("empty.xml: this feed has no entries: nothing to tag"));
}

/// What reading a page noticed (here a declared charset its bytes contradict) is said of the
/// page, not of its first item.
#[test]
fn page_warnings_are_the_pages_not_the_first_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resaved.html");
    let card = |n: usize| {
        format!(
            "<div class=\"card\"><h3><a href=\"/n/{n}\">Ministers meet for round {n} in Tbilisi</a></h3>\
             <p>Delegations discussed the gas transit contract and the border crossings.</p></div>"
        )
    };
    std::fs::write(
        &path,
        format!(
            "<html><head><meta charset=\"windows-1252\"></head><body><main>{}{}</main>\
             <p>Café résumé: ‘quotes’</p></body></html>",
            card(1),
            card(2)
        ),
    )
    .unwrap();
    let recs = read_as(&path, None);
    assert_eq!(recs.len(), 2);
    assert!(
        recs[0].warnings.iter().any(|w| w.starts_with("page: ")
            && w.contains("declares windows-1252 but its bytes are UTF-8")),
        "{:?}",
        recs[0].warnings
    );
    assert!(recs[0].warnings.iter().all(|w| w.starts_with("page: ")));
}
