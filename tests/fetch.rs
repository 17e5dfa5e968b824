//! Web addresses as inputs (`topictag tag https://...`) and OPML subscription lists, against a
//! small HTTP server on the loopback interface that serves pages written for these tests.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};
use util::*;

/// A feed of two items (served at `/world/rss.xml`, and through a redirect at `/moved`).
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Region Watch</title><link>https://watch.example/</link>
<item><title>Pipeline consortium agrees new gas transit tariff</title>
<link>https://watch.example/1</link>
<description>The operators of the Caspian gas pipeline settled the transit fee for next year after months of talks.</description></item>
<item><title>Foreign ministers meet to prepare border talks</title>
<link>https://watch.example/2</link>
<description>The two ministers agreed on an agenda for the next round of negotiations on the disputed border.</description></item>
</channel></rss>"#;

/// A listing page with relative links, sent in windows-1252 (its header says so, the page
/// does not).
const PAGE: &str = r#"<html><head><title>Latest</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h2><a href="/news/1">España y Marruecos firman un acuerdo de gas</a></h2>
<p>Los dos gobiernos acordaron ampliar el suministro de gas natural a través del gasoducto.</p></article>
<article><h2><a href="/news/2">La OTAN refuerza su presencia en el mar Negro</a></h2>
<p>La alianza enviará más buques y aviones de vigilancia a la región durante el invierno.</p></article>
</body></html>"#;

/// A CSV export behind an address without an extension (`text/csv` says what it is).
const CSV: &str = "id,title,text\nr1,Tariff talks resume,Trade negotiators met again over steel duties.\nr2,Summit ends,Leaders left without a joint statement.\n";

/// Serve the routes above on a free port of 127.0.0.1; returns the base address.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    base
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Read the headers up to the blank line.
    let mut request_headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        request_headers.push(line.trim().to_ascii_lowercase());
    }
    let asked = |h: &str| request_headers.iter().any(|l| l == h);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let latin1 = |s: &str| -> Vec<u8> { s.chars().map(|c| c as u32 as u8).collect() };
    let (status, headers, body): (&str, Vec<String>, Vec<u8>) = match path.as_str() {
        "/world/rss.xml" => (
            "200 OK",
            vec!["Content-Type: application/rss+xml".into()],
            FEED.into(),
        ),
        "/moved" => (
            "301 Moved Permanently",
            vec!["Location: /world/rss.xml".into()],
            Vec::new(),
        ),
        "/latest" => (
            "200 OK",
            vec!["Content-Type: text/html; charset=windows-1252".into()],
            latin1(PAGE),
        ),
        // A feed that names its version, and says "not modified" to a client that has it.
        "/versioned.xml" if asked("if-none-match: \"v1\"") => {
            ("304 Not Modified", Vec::new(), Vec::new())
        }
        "/versioned.xml" => (
            "200 OK",
            vec![
                "Content-Type: application/rss+xml".into(),
                "ETag: \"v1\"".into(),
                "Last-Modified: Sat, 05 Dec 2026 08:00:00 GMT".into(),
            ],
            FEED.into(),
        ),
        "/export?format=csv" => ("200 OK", vec!["Content-Type: text/csv".into()], CSV.into()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            (
                "200 OK",
                vec!["Content-Type: application/rss+xml".into()],
                FEED.into(),
            )
        }
        _ => ("404 Not Found", Vec::new(), b"not here".to_vec()),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for h in headers {
        head.push_str(&h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// `topictag tag --format jsonl --no-text INPUT`: what it printed, and its rows.
fn tag_jsonl(input: &str) -> (std::process::Output, Vec<serde_json::Value>) {
    let o = topictag(&["tag", "--format", "jsonl", "--no-text", input]);
    let rows = jsonl(&o);
    (o, rows)
}

#[test]
fn a_feed_address_is_fetched_and_tagged_like_a_feed_file() {
    let base = serve();
    let moved = format!("{base}/moved");
    let (o, rows) = tag_jsonl(&moved);
    assert_exit(&o, 0);
    assert_eq!(rows.len(), 2, "{}", stdout(&o));
    // The source is the address as given; the redirect was followed.
    assert!(rows.iter().all(|r| r["source"] == moved.as_str()));
    assert_eq!(
        rows[0]["title"],
        "Pipeline consortium agrees new gas transit tariff"
    );
    assert_eq!(rows[1]["url"], "https://watch.example/2");
    assert!(rows[0]["topics"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("energy")));
}

#[test]
fn a_page_address_resolves_links_against_it_and_reads_the_declared_charset() {
    let base = serve();
    let (o, rows) = tag_jsonl(&format!("{base}/latest"));
    assert_exit(&o, 0);
    assert_eq!(rows.len(), 2, "{}", stdout(&o));
    assert_eq!(
        rows[0]["title"],
        "España y Marruecos firman un acuerdo de gas"
    );
    assert_eq!(rows[0]["url"], format!("{base}/news/1").as_str());
    assert_eq!(rows[1]["lang"], "es");
    assert!(
        !stderr(&o).contains("U+FFFD") && !stderr(&o).contains("windows-1252"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_content_type_says_how_to_read_an_address_without_an_extension() {
    let base = serve();
    let (o, rows) = tag_jsonl(&format!("{base}/export?format=csv"));
    assert_exit(&o, 0);
    let ids: Vec<_> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["r1", "r2"]);
}

#[test]
fn an_opml_list_fetches_every_feed_and_a_failed_one_is_an_error_row() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("subscriptions.opml");
    std::fs::write(
        &opml,
        format!(
            r#"<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="World"><outline type="rss" text="Watch" xmlUrl="{base}/world/rss.xml"/>
<outline type="rss" text="Gone" xmlUrl="{base}/gone.xml"/></outline>
<outline type="rss" text="Latest" xmlUrl="{base}/latest"/>
<outline type="rss" text="On disk" xmlUrl="feeds/local.xml"/>
</body></opml>"#
        ),
    )
    .unwrap();
    let (o, rows) = tag_jsonl(opml.to_str().unwrap());
    // One feed could not be fetched: exit 1, and its row says why; the others are tagged.
    assert_exit(&o, 1);
    let sources: Vec<&str> = rows.iter().map(|r| r["source"].as_str().unwrap()).collect();
    let feed = format!("{base}/world/rss.xml");
    let gone = format!("{base}/gone.xml");
    let latest = format!("{base}/latest");
    assert_eq!(
        sources,
        [&feed, &feed, &gone, &latest, &latest].map(String::as_str)
    );
    let error = rows[2]["error"].as_str().unwrap();
    assert!(
        error.contains("gone.xml") && error.contains("HTTP 404"),
        "{error}"
    );
    assert!(
        stderr(&o).contains("skipped the feed 'feeds/local.xml': not a web address"),
        "{}",
        stderr(&o)
    );
    // Matched by a pattern, the list is read as when named.
    let pattern = dir.path().join("*.opml");
    let (o, matched) = tag_jsonl(pattern.to_str().unwrap());
    assert_exit(&o, 1);
    assert_eq!(matched, rows);
    // Met in a folder, it is skipped, and said to be: a walk does not go to the web unasked.
    let o = topictag(&["tag", dir.path().to_str().unwrap()]);
    assert!(
        stderr(&o).contains(
            "subscriptions.opml: skipped: an OPML subscription list (name it, or match it with a \
             pattern, to fetch its feeds)"
        ),
        "{}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("no news items found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_slow_address_gives_up_at_the_timeout() {
    let base = serve();
    let started = Instant::now();
    let o = topictag(&["tag", "--timeout", "0.5", &format!("{base}/slow")]);
    assert_exit(&o, 1);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "waited for the answer"
    );
    assert!(
        stderr(&o).contains("/slow: no complete answer within the timeout"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_opml_list_without_feeds_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("empty.opml");
    std::fs::write(
        &opml,
        r#"<opml version="2.0"><body><outline text="Sites" htmlUrl="https://a.example/"/></body></opml>"#,
    )
    .unwrap();
    let o = topictag(&["tag", opml.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("empty.opml: an OPML list with no feed address in it"),
        "{}",
        stderr(&o)
    );
}

/// With `--new-only`, an address read before is asked for only if it changed (its `ETag`
/// sent back as `If-None-Match`): an unchanged feed gives no row and is counted as unchanged;
/// without `--new-only` every run reads it whole.
#[test]
fn new_only_asks_for_a_feed_only_if_it_changed() {
    let base = serve();
    let url = format!("{base}/versioned.xml");
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("seen.txt");
    let run = || {
        let args = [
            "tag",
            "-f",
            "jsonl",
            "--no-text",
            "--new-only",
            seen.to_str().unwrap(),
            &url,
        ];
        topictag(&args)
    };
    let first = run();
    assert_exit(&first, 0);
    assert_eq!(jsonl(&first).len(), 2, "{}", stderr(&first));
    let kept = std::fs::read_to_string(&seen).unwrap();
    assert!(
        kept.contains(&format!(
            "validators:\t{url}\t\"v1\"\tSat, 05 Dec 2026 08:00:00 GMT"
        )),
        "{kept}"
    );
    let second = run();
    assert_exit(&second, 0);
    assert!(jsonl(&second).is_empty(), "{}", stdout(&second));
    assert!(
        stderr(&second).contains("1 web addresses unchanged since the last run"),
        "{}",
        stderr(&second)
    );
    // The file still knows the version, and the items.
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), kept);
    // Without --new-only nothing is remembered: the feed is read whole.
    let (o, rows) = tag_jsonl(&url);
    assert_exit(&o, 0);
    assert_eq!(rows.len(), 2);
}
