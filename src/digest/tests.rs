//! Owns the digest splitter's tests: whole pages with their exact expected items (the seed
//! layouts, captions, navigation, wrapping, dates, headers), line recognisers, and odd input.

use super::boilerplate::{caption_kind, is_letter_line, is_nav};
use super::classify::normalize_line;
use super::*;

/// Expected item: (title, date, text).
type Exp<'a> = (Option<&'a str>, Option<&'a str>, &'a str);

/// Splits `page` both at once and line by line, checks both agree, and checks the items'
/// positions, titles, dates and texts exactly. Returns the page for further checks.
fn check(page: &str, expected: &[Exp]) -> Page {
    let got = split_page(page);
    assert_eq!(streamed(page), got, "streaming differs from split_page");
    let summary: Vec<Exp> = got
        .items
        .iter()
        .map(|i| (i.title.as_deref(), i.date.as_deref(), i.text.as_str()))
        .collect();
    assert_eq!(summary, expected, "items differ; page: {got:#?}");
    for (k, item) in got.items.iter().enumerate() {
        assert_eq!(item.position, k + 1);
    }
    got
}

/// The page fed to a [`Splitter`] with `str::lines`.
fn streamed(page: &str) -> Page {
    let mut s = Splitter::new();
    let mut items = Vec::new();
    for line in page.lines() {
        items.extend(s.push_line(line));
    }
    let end = s.finish();
    items.extend(end.items);
    Page {
        header: end.header,
        items,
        warnings: end.warnings,
    }
}

#[test]
fn title_teaser_more_on_consecutive_lines() {
    let page = "\
Caspian Region Watch

Astana Courts Gulf Investors for Its Caspian Ports
The transport ministry has opened talks with two Gulf funds about a stake in the Aktau and Kuryk terminals, hoping to lift volumes on the Middle Corridor before the grain season... MORE

Baku and Yerevan Trade Drafts on a Border Commission
Negotiators met in Tbilisi for a third round on the mandate of a joint commission that would map the frontier; both sides said a text could be ready by spring. MORE

Tashkent Tests a New Water Deal with Its Neighbours
Uzbek officials presented a draft on summer releases from the Toktogul reservoir, trading electricity for water in a scheme that echoes the arrangements of the 1990s…MORE
";
    let p = check(
        page,
        &[
            (
                Some("Astana Courts Gulf Investors for Its Caspian Ports"),
                None,
                "The transport ministry has opened talks with two Gulf funds about a stake in the Aktau and Kuryk terminals, hoping to lift volumes on the Middle Corridor before the grain season",
            ),
            (
                Some("Baku and Yerevan Trade Drafts on a Border Commission"),
                None,
                "Negotiators met in Tbilisi for a third round on the mandate of a joint commission that would map the frontier; both sides said a text could be ready by spring.",
            ),
            (
                Some("Tashkent Tests a New Water Deal with Its Neighbours"),
                None,
                "Uzbek officials presented a draft on summer releases from the Toktogul reservoir, trading electricity for water in a scheme that echoes the arrangements of the 1990s",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Caspian Region Watch"));
    assert!(p.all_warnings().next().is_none(), "{p:#?}");
}

#[test]
fn date_title_teaser_with_bracketed_ellipsis() {
    let page = "\
Regional Security Papers

March 14, 2023

Ankara Weighs a Bigger Role in Black Sea Demining

Turkish naval planners have sketched a mission with Romania and Bulgaria to clear drifting mines from shipping lanes, though Ankara insists the Montreux rules still apply to any […]
12.03.2024

Dushanbe Hosts Border Talks After a Tense Winter

Tajik and Kyrgyz delegations spent two days in Dushanbe on the last disputed sections of their frontier, where clashes in previous years displaced thousands of villagers [...]
Mon, 4 Mar 2024

Mongolia Courts Investors for a Rail Link to the Coast

Ulaanbaatar wants foreign partners to finance a line that would carry copper south to Chinese ports more cheaply than the current trucks, a plan debated for a decade […]
";
    let p = check(
        page,
        &[
            (
                Some("Ankara Weighs a Bigger Role in Black Sea Demining"),
                Some("March 14, 2023"),
                "Turkish naval planners have sketched a mission with Romania and Bulgaria to clear drifting mines from shipping lanes, though Ankara insists the Montreux rules still apply to any",
            ),
            (
                Some("Dushanbe Hosts Border Talks After a Tense Winter"),
                Some("12.03.2024"),
                "Tajik and Kyrgyz delegations spent two days in Dushanbe on the last disputed sections of their frontier, where clashes in previous years displaced thousands of villagers",
            ),
            (
                Some("Mongolia Courts Investors for a Rail Link to the Coast"),
                Some("Mon, 4 Mar 2024"),
                "Ulaanbaatar wants foreign partners to finance a line that would carry copper south to Chinese ports more cheaply than the current trucks, a plan debated for a decade",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Regional Security Papers"));
}

#[test]
fn spanish_page_with_seguir_leyendo_and_leer_mas() {
    let page = "\
Observatorio de Política Exterior
Internacional

1 de noviembre de 2022
Madrid y Rabat reabren la negociación sobre las aduanas de Ceuta y Melilla
Los equipos técnicos de ambos gobiernos retomaron en Rabat las conversaciones sobre el régimen comercial de las dos ciudades, congeladas desde el verano pasado por discrepancias sobre los controles.
Seguir leyendo »

15 de octubre de 2022
Brasilia propone un fondo regional para la Amazonía
El Gobierno brasileño planteó ante sus vecinos un mecanismo común de financiación para frenar la deforestación, con aportaciones de bancos de desarrollo y de donantes europeos. Leer más
";
    let p = check(
        page,
        &[
            (
                Some(
                    "Madrid y Rabat reabren la negociación sobre las aduanas de Ceuta y Melilla",
                ),
                Some("1 de noviembre de 2022"),
                "Los equipos técnicos de ambos gobiernos retomaron en Rabat las conversaciones sobre el régimen comercial de las dos ciudades, congeladas desde el verano pasado por discrepancias sobre los controles.",
            ),
            (
                Some("Brasilia propone un fondo regional para la Amazonía"),
                Some("15 de octubre de 2022"),
                "El Gobierno brasileño planteó ante sus vecinos un mecanismo común de financiación para frenar la deforestación, con aportaciones de bancos de desarrollo y de donantes europeos.",
            ),
        ],
    );
    assert_eq!(
        p.header.as_deref(),
        Some("Observatorio de Política Exterior / Internacional")
    );
}

#[test]
fn photo_captions_with_credits_between_items() {
    let page = "\
World Desk

Foto: EFE/Juan Pérez
Georgia Reopens Talks on a Deep-Sea Port at Anaklia
The government in Tbilisi invited new bids for the long-stalled project, promising guarantees that the earlier consortium never received. Read more

Kazakh and Chinese ministers at a signing ceremony in Astana. (AP Photo/Jane Roe)

Caspian Pipeline Consortium Reports Record Exports
Shipments through the Novorossiysk terminal rose in the first quarter despite storms that closed the moorings for several days. Read more

Officials inspect the new customs post on the Uzbek border.
Photo: Reuters

Kyrgyzstan Signs a Hydropower Pact with Abu Dhabi
The agreement covers three plants on the Naryn river and a training programme for Kyrgyz engineers, the energy ministry said on Friday. Read more
Soldiers at a checkpoint near Lachin © AFP
";
    check(
        page,
        &[
            (
                Some("Georgia Reopens Talks on a Deep-Sea Port at Anaklia"),
                None,
                "The government in Tbilisi invited new bids for the long-stalled project, promising guarantees that the earlier consortium never received.",
            ),
            (
                Some("Caspian Pipeline Consortium Reports Record Exports"),
                None,
                "Shipments through the Novorossiysk terminal rose in the first quarter despite storms that closed the moorings for several days.",
            ),
            (
                Some("Kyrgyzstan Signs a Hydropower Pact with Abu Dhabi"),
                None,
                "The agreement covers three plants on the Naryn river and a training programme for Kyrgyz engineers, the energy ministry said on Friday.",
            ),
        ],
    );
}

#[test]
fn long_multi_paragraph_bodies_under_titles() {
    let page = "\
Analysis

Why Central Asia Is Hedging Its Bets

For three decades the governments of the region have balanced Moscow against Beijing, and lately against Ankara and Brussels as well.

That balancing has become harder since 2022, when sanctions reshaped trade routes and pushed re-exports through Kazakh and Kyrgyz warehouses.

Officials now speak openly of a multi-vector policy that is less a doctrine than a daily negotiation.

The Quiet Rise of the Middle Corridor

Freight volumes on the trans-Caspian route tripled in a single year, yet the ferries from Aktau to Baku still cannot keep up with demand.

Investors from the Gulf and the European Union have promised money for ports and rolling stock, but customs procedures remain slow.
";
    let p = check(
        page,
        &[
            (
                Some("Why Central Asia Is Hedging Its Bets"),
                None,
                "For three decades the governments of the region have balanced Moscow against Beijing, and lately against Ankara and Brussels as well.\n\nThat balancing has become harder since 2022, when sanctions reshaped trade routes and pushed re-exports through Kazakh and Kyrgyz warehouses.\n\nOfficials now speak openly of a multi-vector policy that is less a doctrine than a daily negotiation.",
            ),
            (
                Some("The Quiet Rise of the Middle Corridor"),
                None,
                "Freight volumes on the trans-Caspian route tripled in a single year, yet the ferries from Aktau to Baku still cannot keep up with demand.\n\nInvestors from the Gulf and the European Union have promised money for ports and rolling stock, but customs procedures remain slow.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Analysis"));
}

#[test]
fn mixed_english_and_spanish_page() {
    let page = "\
Foreign Affairs Digest / Resumen de prensa

Erdogan Pitches a Gas Hub to Balkan Buyers
Turkish officials told energy ministers from Serbia and North Macedonia that volumes routed through Thrace could replace part of their lost supply. Continue reading

Sánchez viaja a Pekín para hablar de comercio y Ucrania
El presidente del Gobierno se reunirá con Xi Jinping en un viaje que busca equilibrar el déficit comercial y mantener abierto un canal sobre la guerra. Seguir leyendo »

Mirziyoyev Opens Uzbek Energy Sector to Private Bidders
A new decree lets foreign firms build and run power plants under long-term contracts, a break with the state monopoly of the past. Read more
";
    check(
        page,
        &[
            (
                Some("Erdogan Pitches a Gas Hub to Balkan Buyers"),
                None,
                "Turkish officials told energy ministers from Serbia and North Macedonia that volumes routed through Thrace could replace part of their lost supply.",
            ),
            (
                Some("Sánchez viaja a Pekín para hablar de comercio y Ucrania"),
                None,
                "El presidente del Gobierno se reunirá con Xi Jinping en un viaje que busca equilibrar el déficit comercial y mantener abierto un canal sobre la guerra.",
            ),
            (
                Some("Mirziyoyev Opens Uzbek Energy Sector to Private Bidders"),
                None,
                "A new decree lets foreign firms build and run power plants under long-term contracts, a break with the state monopoly of the past.",
            ),
        ],
    );
}

#[test]
fn items_without_titles() {
    let page = "\
Brief Notes

Armenia Joins a Regional Grid Study
Yerevan agreed to share load data with Georgian and Iranian operators for a feasibility study on a joint high-voltage line. MORE

Turkmenistan quietly raised the price of gas sold to Uzbek buyers, according to two traders familiar with the new contract. MORE

The foreign ministers of Azerbaijan and Kazakhstan spoke by phone about transit fees on the Caspian ferry route. MORE
";
    let p = check(
        page,
        &[
            (
                Some("Armenia Joins a Regional Grid Study"),
                None,
                "Yerevan agreed to share load data with Georgian and Iranian operators for a feasibility study on a joint high-voltage line.",
            ),
            (
                None,
                None,
                "Turkmenistan quietly raised the price of gas sold to Uzbek buyers, according to two traders familiar with the new contract.",
            ),
            (
                None,
                None,
                "The foreign ministers of Azerbaijan and Kazakhstan spoke by phone about transit fees on the Caspian ferry route.",
            ),
        ],
    );
    assert_eq!(p.items[1].warnings, vec!["item 2: no title".to_string()]);
}

/// A digest pasted from an e-mail newsletter ends in its footer: bars of links in both
/// languages are navigation when every part is; a headline with a bar in it is not.
#[test]
fn newsletter_footers_are_navigation() {
    let page = "\
Morning Brief

Kazakhstan | Astana signs a gas deal with Baku
The ministers signed a supply contract on Monday.

Border reopens near Batken
Trucks crossed again after a week of talks.

Unsubscribe | Manage preferences | View in browser
Darse de baja · Ver en el navegador · Política de privacidad
";
    check(
        page,
        &[
            (
                Some("Kazakhstan | Astana signs a gas deal with Baku"),
                None,
                "The ministers signed a supply contract on Monday.",
            ),
            (
                Some("Border reopens near Batken"),
                None,
                "Trucks crossed again after a week of talks.",
            ),
        ],
    );
}

#[test]
fn navigation_lines_are_dropped() {
    let page = "\
Buscador avanzado
Viewing results 1 - 6 of 8
Latest Commentary

Iran and Tajikistan Revive a Stalled Tunnel Project
Engineers from both countries will inspect the Istiqlol tunnel this summer, a first step towards a repair deal worth tens of millions. MORE
Share
Compartir

Lithuania Tightens Transit Rules for Kaliningrad Freight
Vilnius will require additional checks on rail cargo crossing its territory, a move Moscow called provocative. MORE

Page 2 of 10
« Previous | Next »
Siguiente
1 2 3 … 10
";
    let p = check(
        page,
        &[
            (
                Some("Iran and Tajikistan Revive a Stalled Tunnel Project"),
                None,
                "Engineers from both countries will inspect the Istiqlol tunnel this summer, a first step towards a repair deal worth tens of millions.",
            ),
            (
                Some("Lithuania Tightens Transit Rules for Kaliningrad Freight"),
                None,
                "Vilnius will require additional checks on rail cargo crossing its territory, a move Moscow called provocative.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Latest Commentary"));
}

/// A post's hashtag line and its counters (`6 reposts`) are no items.
#[test]
fn hashtag_lines_and_post_counters_are_dropped() {
    let page = "\
Kazakhstan picks a builder for its first nuclear plant
The state corporation will lead the consortium; a second plant goes to another bidder.

#CentralAsia #Energy #Kazakhstan
2d • Edited •
124 reactions
18 comments
6 reposts
";
    check(
        page,
        &[(
            Some("Kazakhstan picks a builder for its first nuclear plant"),
            None,
            "The state corporation will lead the consortium; a second plant goes to another bidder.",
        )],
    );
    assert!(!is_nav("#1 Kazakhstan leads the ranking"));
    assert!(!is_nav("2d"));
}

/// A memo's header fields (`Prepared by:`, `Distribución:`) are no items.
#[test]
fn memo_header_fields_are_dropped() {
    let page = "\
NOTA INTERNA – DIRECCIÓN PARA ASIA CENTRAL
Semana del 6 al 12 de octubre de 2026

Elaborado por: Unidad de Análisis
Distribución: Gabinete, Embajadas en Astaná y Bakú
Prepared by: Desk Officer

1.\tKazajistán adjudica la primera central nuclear
El Gobierno confirmó que el consorcio construirá dos reactores.

2.\tUzbekistán emitirá bonos en yuanes
Taskent busca diversificar su financiación.
";
    check(
        page,
        &[
            (
                Some("Kazajistán adjudica la primera central nuclear"),
                None,
                "El Gobierno confirmó que el consorcio construirá dos reactores.",
            ),
            (
                Some("Uzbekistán emitirá bonos en yuanes"),
                None,
                "Taskent busca diversificar su financiación.",
            ),
        ],
    );
}

#[test]
fn crlf_and_bom() {
    let page = "\u{feff}Eastern Partnership Monitor\r\n\r\nMoldova Signs a Gas Storage Deal with Romania\r\nChisinau will book capacity in Romanian storage sites for the winter, reducing its exposure to supplies from the east. MORE\r\n\r\nGeorgia Debates a New Foreign Agents Law\r\nThe draft mirrors earlier proposals that triggered mass protests, and diplomats in Tbilisi warned it could slow the path to the European Union. MORE\r\n";
    let p = check(
        page,
        &[
            (
                Some("Moldova Signs a Gas Storage Deal with Romania"),
                None,
                "Chisinau will book capacity in Romanian storage sites for the winter, reducing its exposure to supplies from the east.",
            ),
            (
                Some("Georgia Debates a New Foreign Agents Law"),
                None,
                "The draft mirrors earlier proposals that triggered mass protests, and diplomats in Tbilisi warned it could slow the path to the European Union.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Eastern Partnership Monitor"));
    // Same page with LF endings gives the same result.
    assert_eq!(split_page(&page.replace("\r\n", "\n")), p);
}

#[test]
fn empty_and_blank_pages() {
    for page in ["", "\n\n", "   \r\n\t\n", "\u{feff}", "* * *\n---\n"] {
        let p = check(page, &[]);
        assert_eq!(p.header, None);
        assert_eq!(p.warnings, vec!["page: no items found".to_string()]);
    }
}

#[test]
fn title_lines_with_nothing_under_them_are_items() {
    // One to three title-like lines and no body: a headline piped in, or a few headlines,
    // not a header over an empty page.
    let p = check(
        "Latest Articles about the Caucasus\n",
        &[(Some("Latest Articles about the Caucasus"), None, "")],
    );
    assert_eq!(p.header, None);
    // What was given is headlines: no warning that they have no body.
    assert!(p.all_warnings().next().is_none(), "{p:?}");
    let p = check(
        "Eurasia Review\nAnalysis and Opinion\n\nNext »\n",
        &[
            (Some("Eurasia Review"), None, ""),
            (Some("Analysis and Opinion"), None, ""),
        ],
    );
    assert_eq!(p.header, None);
}

/// On a list of headlines without teasers, the date set apart above them is still the
/// page's: every headline's, not only the first's.
#[test]
fn page_date_above_a_headline_list_dates_every_headline() {
    for top in [
        "14 March 2025",
        "WIRE TICKER — Friday 14 March 2025",
        "Boletín del viernes, 14 de marzo de 2025",
    ] {
        let page = format!(
            "{top}\n\nCentral bank holds its base rate as inflation risks remain\n\
             President signs a law restricting foreign funding for charities\n\
             A new bridge over the river opens to freight traffic\n"
        );
        let p = split_page(&page);
        assert_eq!(p.items.len(), 3, "{top}: {p:#?}");
        let dates: Vec<_> = p.items.iter().map(|i| i.date.as_deref()).collect();
        assert!(dates[0].is_some(), "{top}: {p:#?}");
        assert_eq!(dates, [dates[0]; 3], "{top}");
    }
}

/// A date set apart above the first title is the page's date: it goes to the first item and
/// does not make the later, undated titles subheadings of it (as they are in a dated article).
#[test]
fn page_date_above_the_first_title_keeps_items_apart() {
    let body = |s: &str| format!("The ministers met on Monday and agreed on {s} after long talks.");
    for top in [
        "14 May 2024",
        "Regional Brief\n14 de mayo de 2024",
        // A header line that ends in the page's date.
        "Press summary – 25 April 2024",
        "Resumen de prensa – 25 de abril de 2024",
        "Press summary, April 25, 2024",
        "Daily brief 2024-04-25",
        "DAILY FOREIGN POLICY BRIEF — Monday, 22 April 2024",
    ] {
        let page = format!(
            "{top}\n\nGas Route Agreed Through the Balkans\n{}\n\n\
             Navy Ships Shadow a Tanker Near the Strait\n{}\n\n\
             Trade Deal Talks Enter the Last Round\n{}\n",
            body("a pipeline route"),
            body("patrol rules"),
            body("tariff cuts")
        );
        let p = split_page(&page);
        let titles: Vec<_> = p.items.iter().map(|i| i.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Gas Route Agreed Through the Balkans"),
                Some("Navy Ships Shadow a Tanker Near the Strait"),
                Some("Trade Deal Talks Enter the Last Round")
            ],
            "{top}: {p:#?}"
        );
        // The page's date is every undated item's.
        let dates: Vec<_> = p.items.iter().map(|i| i.date.as_deref()).collect();
        let date = p.items[0].date.as_deref();
        assert!(date.is_some(), "{top}");
        assert_eq!(dates, [date; 3], "{top}");
    }
    // Items with dates of their own keep them.
    let page = "\
Morning Note — 8 December 2026

- NATO opens a logistics hub in Romania. The facility will store fuel for allied brigades.
- 7.12.2026 — Serbia recalls its ambassador from Montenegro. The move follows a vote.
";
    let p = split_page(page);
    let dates: Vec<_> = p.items.iter().map(|i| i.date.as_deref()).collect();
    assert_eq!(
        dates,
        [Some("8 December 2026"), Some("7.12.2026")],
        "{p:#?}"
    );
}

/// A byline between a headline and its teaser is dropped, and the headline stays the
/// item's title (it used to be taken for the page header: the byline's line made the first
/// title look set apart from its body, unlike the next item's).
#[test]
fn byline_under_a_headline_keeps_the_headline() {
    // (A CMS labels its bylines with a colon: `Written by: World Desk`.)
    for byline in [
        "By Jane Doe",
        "Por Juan Pérez",
        "Reporting by Jane Doe",
        "Written by: World Desk",
        "Escrito por: Ana Ruiz",
        // A newsroom's staff, not a person.
        "By a special correspondent",
        "By our correspondent in Tbilisi",
        "From our Moscow correspondent",
        "Por nuestro corresponsal en Moscú",
        "De nuestra enviada especial en Bakú",
    ] {
        let page = format!(
            "Gas Route Agreed Through the Balkans\n{byline}\n\
             Energy ministers from four countries signed a memorandum on Monday.\n\n\
             Navy Ships Shadow a Tanker Near the Strait\n\
             Two frigates followed an oil tanker for six hours.\n"
        );
        let p = split_page(&page);
        let titles: Vec<_> = p.items.iter().map(|i| i.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Gas Route Agreed Through the Balkans"),
                Some("Navy Ships Shadow a Tanker Near the Strait")
            ],
            "{byline}: {p:#?}"
        );
        assert!(!p.items[0].text.contains(byline), "{byline}");
        assert_eq!(p.header, None, "{byline}");
    }
}

#[test]
fn headline_list_pasted_one_per_line() {
    // No line is set apart from the others: the first is a headline like the rest.
    let titles = [
        "Baku and Yerevan Trade Drafts of a Peace Text",
        "Kyrgyz Customs Service Opens Two New Posts on the Chinese Border",
        "Turkmen Gas Reaches a Fourth Buyer Through the New Line",
        "Mongolia Hosts Talks on a Railway Across the Gobi",
    ];
    let page = titles.join("\n");
    let expected: Vec<_> = titles.iter().map(|t| (Some(*t), None, "")).collect();
    let p = check(&page, &expected);
    assert_eq!(p.header, None);
    // A short line over the same run, or one half as long as its headlines, is its heading.
    for heading in ["Top Stories", "Central Asia This Week"] {
        let p = check(&format!("{heading}\n{page}"), &expected);
        assert_eq!(p.header.as_deref(), Some(heading));
    }
}

#[test]
fn hard_wrapped_text_is_joined() {
    let page = "\
Weekly Bulletin

Kazakhstan Doubles Grain Shipments to Afghanistan
Exporters in the north of the country sent twice as much wheat
through the Hairatan crossing as a year earlier, helped by new
rail wagons and lower tariffs.
Read more

Azerbaijan Hosts a Donor Meeting on Mine Clearance
Baku asked foreign partners for equipment and funding to clear
land in districts it regained, saying progress is too slow. MORE
";
    check(
        page,
        &[
            (
                Some("Kazakhstan Doubles Grain Shipments to Afghanistan"),
                None,
                "Exporters in the north of the country sent twice as much wheat through the Hairatan crossing as a year earlier, helped by new rail wagons and lower tariffs.",
            ),
            (
                Some("Azerbaijan Hosts a Donor Meeting on Mine Clearance"),
                None,
                "Baku asked foreign partners for equipment and funding to clear land in districts it regained, saying progress is too slow.",
            ),
        ],
    );
}

/// Items lettered as a list's entries (`a)`, `(b)`, `c.`) are items like numbered ones, and a
/// teaser that ends in its source and date in brackets is no headline.
#[test]
fn lettered_list_entries_are_items() {
    let teaser = "Deliveries fell by a third on Wednesday, the cabinet said. (Source: Example Wire, 12.03.2026)";
    for letters in [
        ["a)", "b)", "c)"],
        ["(a)", "(b)", "(c)"],
        ["a.", "b.", "c."],
        ["A)", "B)", "C)"],
    ] {
        let page = format!(
            "{} Oil shipments across the sea will double from July\n{teaser}\n\n\
             {} Gas supplies to the north are cut over unpaid bills\n{teaser}\n\n\
             {} A second border post opens in the eastern mountains\n{teaser}\n",
            letters[0], letters[1], letters[2]
        );
        let got = split_page(&page);
        let titles: Vec<_> = got.items.iter().map(|i| i.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Oil shipments across the sea will double from July"),
                Some("Gas supplies to the north are cut over unpaid bills"),
                Some("A second border post opens in the eastern mountains"),
            ],
            "{letters:?}: {got:#?}"
        );
        assert!(
            got.items.iter().all(|i| i.text.ends_with(teaser)),
            "{got:#?}"
        );
    }
    // An initial is no list letter: `A. Name` opens a sentence.
    check(
        "A. Petrova was named ambassador to the neighbouring country on Monday.\n",
        &[(
            None,
            None,
            "A. Petrova was named ambassador to the neighbouring country on Monday.",
        )],
    );
}

/// A page as `lynx -dump` writes it: link marks before the headlines (`[1]Title`), their
/// addresses in the `References` list at the end.
#[test]
fn lynx_dump_link_marks_get_their_addresses() {
    let teaser =
        "The cable between the two ports will be laid by next year with funding from abroad.";
    let page = format!(
        "   [1]A fibre cable is planned under the sea\n\n   {teaser}\n\n\
            [2]Messaging channels of migrant workers are blocked\n\n   {teaser}\n\n\
         References\n\n   1. https://example.org/news/cable\n   2. https://example.org/news/channels\n"
    );
    let got = check(
        &page,
        &[
            (Some("A fibre cable is planned under the sea"), None, teaser),
            (
                Some("Messaging channels of migrant workers are blocked"),
                None,
                teaser,
            ),
        ],
    );
    let urls: Vec<_> = got.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.org/news/cable"),
            Some("https://example.org/news/channels")
        ]
    );
}

/// In a list of bare links, each after the first for one item is said in a warning, not lost
/// unseen, and the first stays the item's (not handed on to the link line under it).
#[test]
fn bare_links_after_an_items_link_are_warned_of() {
    let page = "links for friday\n\nhttps://example.org/news/one\nhttps://example.org/news/two\n";
    let got = split_page(page);
    assert_eq!(got.items.len(), 1, "{got:#?}");
    assert_eq!(
        got.items[0].url.as_deref(),
        Some("https://example.org/news/one")
    );
    assert!(
        got.warnings
            .iter()
            .any(|w| w.contains("line 4: dropped the link https://example.org/news/two")),
        "{:?}",
        got.warnings
    );
}

/// A headline whose last words wrap onto a shorter line is still a headline: its item is not
/// merged into the one above.
#[test]
fn a_headline_wrapped_onto_a_second_line_opens_its_item() {
    let page = "\
Moldova Adopts a Law on Languages in Its Southern Region

The law keeps the regional language for local administration, a compromise both sides welcomed.

Ukraine Receives the First Tranche of a Loan Backed by Frozen
Assets

The tranche of three billion euros will go to rebuilding the power grid, the ministry said.

Armenia opens a second border crossing with Georgia for trucks
at night

Customs officers will work around the clock from next month, the government said.
";
    check(
        page,
        &[
            (
                Some("Moldova Adopts a Law on Languages in Its Southern Region"),
                None,
                "The law keeps the regional language for local administration, a compromise both sides welcomed.",
            ),
            (
                Some("Ukraine Receives the First Tranche of a Loan Backed by Frozen Assets"),
                None,
                "The tranche of three billion euros will go to rebuilding the power grid, the ministry said.",
            ),
            (
                Some("Armenia opens a second border crossing with Georgia for trucks at night"),
                None,
                "Customs officers will work around the clock from next month, the government said.",
            ),
        ],
    );
}

#[test]
fn date_after_title_and_after_body() {
    let after_title = "\
News

Turkey and Egypt Restore Full Diplomatic Ties
Published: 5 July 2023
The two countries named ambassadors for the first time in a decade after a string of meetings between their foreign ministers.

Georgia Applies for a Candidate Status Review
Updated 12 December 2023, 10:30 CET
Tbilisi submitted a progress report to Brussels listing judicial reforms and new rules on party finance.
";
    check(
        after_title,
        &[
            (
                Some("Turkey and Egypt Restore Full Diplomatic Ties"),
                Some("5 July 2023"),
                "The two countries named ambassadors for the first time in a decade after a string of meetings between their foreign ministers.",
            ),
            (
                Some("Georgia Applies for a Candidate Status Review"),
                Some("12 December 2023, 10:30 CET"),
                "Tbilisi submitted a progress report to Brussels listing judicial reforms and new rules on party finance.",
            ),
        ],
    );
    let after_body = "\
Briefings

Mongolia Signs a Copper Deal with a Japanese Trader
The contract covers ten years of concentrate from the Oyu Tolgoi area and includes a clause on rail transport through China.
3 hours ago

Kyrgyzstan Lifts Its Ban on Hay Exports
The government cited a good harvest and higher prices across the border in Kazakhstan.
hace 2 días
";
    check(
        after_body,
        &[
            (
                Some("Mongolia Signs a Copper Deal with a Japanese Trader"),
                Some("3 hours ago"),
                "The contract covers ten years of concentrate from the Oyu Tolgoi area and includes a clause on rail transport through China.",
            ),
            (
                Some("Kyrgyzstan Lifts Its Ban on Hay Exports"),
                Some("hace 2 días"),
                "The government cited a good harvest and higher prices across the border in Kazakhstan.",
            ),
        ],
    );
}

#[test]
fn dates_in_title_lines_bylines_and_kickers() {
    let page = "\
Eurasia Files

ANALYSIS
12.03.2024 | Baku Bets on Green Power for Europe
By Jane Doe and Ali Rahimov
An undersea cable under the Black Sea would carry wind power from the Caspian coast to Romania and Hungary by the end of the decade.

Kazakhstan Reviews Its Uranium Contracts (4 March 2024)
Por Juan Pérez | 5 de marzo de 2024
Kazatomprom will renegotiate several supply agreements after production fell short of targets at two mines.
";
    let p = check(
        page,
        &[
            (
                Some("Baku Bets on Green Power for Europe"),
                Some("12.03.2024"),
                "An undersea cable under the Black Sea would carry wind power from the Caspian coast to Romania and Hungary by the end of the decade.",
            ),
            (
                Some("Kazakhstan Reviews Its Uranium Contracts"),
                Some("4 March 2024"),
                "Kazatomprom will renegotiate several supply agreements after production fell short of targets at two mines.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Eurasia Files / ANALYSIS"));
}

/// Blog listings put the date first and the author after it ("Posted on … by …"): the line
/// is a byline, its date the item's, and neither is teaser text.
#[test]
fn bylines_that_start_with_the_date() {
    let page = "\
Caspian Notes

Tbilisi and Baku Sign a Power Cable Deal
December 2, 2026 by J. Smith
The cable would carry electricity from Azerbaijan to Georgia and on to the Black Sea coast.

Astana Raises Its Export Quota for Wheat
Posted on 1 December 2026 by admin
The quota rises by a fifth after a good harvest in the northern regions.

Uzbekistán y Kirguistán cierran la demarcación de su frontera
30 de noviembre de 2026 por María López
Los dos gobiernos firmaron el último protocolo sobre los tramos en disputa del valle de Ferganá.
";
    check(
        page,
        &[
            (
                Some("Tbilisi and Baku Sign a Power Cable Deal"),
                Some("December 2, 2026"),
                "The cable would carry electricity from Azerbaijan to Georgia and on to the Black Sea coast.",
            ),
            (
                Some("Astana Raises Its Export Quota for Wheat"),
                Some("1 December 2026"),
                "The quota rises by a fifth after a good harvest in the northern regions.",
            ),
            (
                Some("Uzbekistán y Kirguistán cierran la demarcación de su frontera"),
                Some("30 de noviembre de 2026"),
                "Los dos gobiernos firmaron el último protocolo sobre los tramos en disputa del valle de Ferganá.",
            ),
        ],
    );
}

/// Digests written in Markdown (notes apps, chat, generated digests): headings, bold titles,
/// and bulleted one-line items whose title and teaser share the line.
#[test]
fn markdown_digest_with_bulleted_one_line_items() {
    let page = "\
# Weekly Eurasia Digest

## Energy

**Turkmenistan and Afghanistan restart work on the pipeline**
Engineers resumed laying pipe on the Afghan section after a two-year pause, the company said.

## Security

- **Russia moves air defence units to Tajikistan** — The base will receive new batteries, the ministry said.
- Kyrgyzstan bans a religious group: The supreme court declared the movement extremist at the request of prosecutors.
* [Border guards exchange fire near Batken](https://example.org/b) - Two servicemen were wounded in a clash at a disputed section.
";
    check(
        page,
        &[
            (
                Some("Turkmenistan and Afghanistan restart work on the pipeline"),
                None,
                "Engineers resumed laying pipe on the Afghan section after a two-year pause, the company said.",
            ),
            (
                Some("Russia moves air defence units to Tajikistan"),
                None,
                "The base will receive new batteries, the ministry said.",
            ),
            (
                Some("Kyrgyzstan bans a religious group"),
                None,
                "The supreme court declared the movement extremist at the request of prosecutors.",
            ),
            (
                Some("Border guards exchange fire near Batken"),
                None,
                "Two servicemen were wounded in a clash at a disputed section.",
            ),
        ],
    );
}

#[test]
fn subheadings_numbered_titles_and_unspaced_short_teasers() {
    // Every item is dated next to its title, so an undated short line inside an article is
    // a subheading.
    let page = "\
Steppe Review

Astana Drafts a New Water Code
By Aigerim Sadykova
18 April 2024

The draft gives regional authorities more say over irrigation quotas on the Syr Darya.

Background

Shortages have grown since a dry summer hit cotton and wheat farmers in the south.

Bishkek Names a New Envoy to Moscow
By Daniyar Omurov
17 April 2024

The appointment follows a dispute over the treatment of Kyrgyz migrant workers in Russia.
";
    let p = check(
        page,
        &[
            (
                Some("Astana Drafts a New Water Code"),
                Some("18 April 2024"),
                "The draft gives regional authorities more say over irrigation quotas on the Syr Darya.\n\nBackground\n\nShortages have grown since a dry summer hit cotton and wheat farmers in the south.",
            ),
            (
                Some("Bishkek Names a New Envoy to Moscow"),
                Some("17 April 2024"),
                "The appointment follows a dispute over the treatment of Kyrgyz migrant workers in Russia.",
            ),
        ],
    );
    assert!(p.items[0].warnings.iter().any(|w| w.contains("subheading")));
    // Numbered titles, short teasers, no blank lines, a teaser cut before "Ver más".
    let page = "\
Resumen diario
1. Ankara and Cairo Agree on Naval Drills
The exercise will take place in the eastern Mediterranean.
2) Quito expulsa al embajador mexicano
La cancillería ecuatoriana dio al diplomático 72 horas para salir del país...
Ver más
3. Tehran Reopens Its Embassy in Baku
The mission had been closed for more than a year.
";
    check(
        page,
        &[
            (
                Some("Ankara and Cairo Agree on Naval Drills"),
                None,
                "The exercise will take place in the eastern Mediterranean.",
            ),
            (
                Some("Quito expulsa al embajador mexicano"),
                None,
                "La cancillería ecuatoriana dio al diplomático 72 horas para salir del país",
            ),
            (
                Some("Tehran Reopens Its Embassy in Baku"),
                None,
                "The mission had been closed for more than a year.",
            ),
        ],
    );
}

#[test]
fn headline_list_without_bodies() {
    let page = "\
Top Stories

Russia and Kazakhstan Agree on a New Oil Transit Quota
Uzbekistan Launches Its First Eurobond in Three Years
Armenia Hosts a Conference on Regional Connectivity
";
    let p = check(
        page,
        &[
            (
                Some("Russia and Kazakhstan Agree on a New Oil Transit Quota"),
                None,
                "",
            ),
            (
                Some("Uzbekistan Launches Its First Eurobond in Three Years"),
                None,
                "",
            ),
            (
                Some("Armenia Hosts a Conference on Regional Connectivity"),
                None,
                "",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Top Stories"));
    // A page of headlines only is a headline list: no warning that they have no body.
    assert_eq!(p.all_warnings().count(), 0, "{:?}", p.warnings);
}

/// Headlines among items with bodies are named once, at the end of the page.
#[test]
fn headlines_among_full_items_are_named_once() {
    let page = "\
Gas Deal Signed in Baku
The ministers agreed on supplies for the next ten years at a meeting on Monday.

Uzbekistan Launches Its First Eurobond in Three Years

Armenia Hosts a Conference on Regional Connectivity

Border Talks Resume in Geneva
Negotiators met again after a pause of six months and agreed to meet in March.
";
    let p = split_page(page);
    assert_eq!(p.items.len(), 4, "{:#?}", p.items);
    assert!(
        p.items.iter().all(|i| i.warnings.is_empty()),
        "{:#?}",
        p.items
    );
    assert_eq!(
        p.warnings,
        ["page: 2 items are headlines with no body (the first is item 2)"]
    );
}

#[test]
fn page_without_header_line() {
    // The first line is a title: the second item has the same shape.
    let page = "\
Kyrgyz Parliament Approves a Media Law
The bill requires online outlets to register with the ministry of culture, a step critics say will chill reporting. MORE

Tajikistan Opens a Consulate in Herat
The mission will deal with trade and the growing traffic at the border bridges over the Panj river. MORE
";
    let p = check(
        page,
        &[
            (
                Some("Kyrgyz Parliament Approves a Media Law"),
                None,
                "The bill requires online outlets to register with the ministry of culture, a step critics say will chill reporting.",
            ),
            (
                Some("Tajikistan Opens a Consulate in Herat"),
                None,
                "The mission will deal with trade and the growing traffic at the border bridges over the Panj river.",
            ),
        ],
    );
    assert_eq!(p.header, None);
    // A header line above an untitled first item is not taken as its title.
    let page = "\
Notes from the Region

The Uzbek central bank cut its key rate by half a point, citing slower inflation and a stable currency. MORE

Azerbaijan and Turkmenistan Settle a Gas Field Dispute
The two governments agreed to develop the Dostluk field jointly after years of competing claims in the Caspian. MORE
";
    let p = check(
        page,
        &[
            (
                None,
                None,
                "The Uzbek central bank cut its key rate by half a point, citing slower inflation and a stable currency.",
            ),
            (
                Some("Azerbaijan and Turkmenistan Settle a Gas Field Dispute"),
                None,
                "The two governments agreed to develop the Dostluk field jointly after years of competing claims in the Caspian.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Notes from the Region"));
}

#[test]
fn strip_markers_variants() {
    let cases = [
        ("Talks resumed in Geneva... MORE", "Talks resumed in Geneva"),
        ("Talks resumed in Geneva […]", "Talks resumed in Geneva"),
        ("Talks resumed in Geneva. [...]", "Talks resumed in Geneva."),
        ("Talks resumed. Read more »", "Talks resumed."),
        ("Talks resumed. Continue reading →", "Talks resumed."),
        (
            "Las conversaciones siguen. Seguir leyendo »",
            "Las conversaciones siguen.",
        ),
        (
            "Las conversaciones siguen. Leer más",
            "Las conversaciones siguen.",
        ),
        (
            "Las conversaciones siguen… Ver más",
            "Las conversaciones siguen",
        ),
        ("Talks resumed [Read more]", "Talks resumed"),
        ("Talks resumed […] Read more", "Talks resumed"),
        ("  Talks   resumed \u{a0} here  ", "Talks resumed here"),
        // Not markers.
        (
            "The ministry wants to read more",
            "The ministry wants to read more",
        ),
        ("Kazakhstan wants more", "Kazakhstan wants more"),
        ("NATO WANTS MORE", "NATO WANTS MORE"),
        (
            "Queda mucho por ver más allá",
            "Queda mucho por ver más allá",
        ),
        ("Y todavía quiere más", "Y todavía quiere más"),
    ];
    for (input, want) in cases {
        assert_eq!(strip_markers(input), want, "input {input:?}");
    }
}

#[test]
fn date_lines_recognised() {
    for d in [
        "November 1, 2022",
        "Nov. 1, 2022",
        "1 de noviembre de 2022",
        "12.03.2024",
        "2024-03-12",
        "12/03/24",
        "Mon, 4 Mar 2024",
        "Monday, March 4th, 2024 at 10:30 am EST",
        "lunes, 4 de marzo de 2024 - 10:30",
        "Published: 4 March 2024",
        "Publicado el 4 de marzo de 2024",
        "March 2024",
        "4 March",
        "3 hours ago",
        "hace 2 días",
        "Ayer",
    ] {
        assert!(is_date_line(d), "{d:?} should be a date");
    }
    for d in [
        "2022 SCO Summit in Samarkand: Key Takeaways",
        "March 8 Protests Spread to Almaty",
        "Kazakhstan 2024",
        "May Day in Minsk",
        "31.13.2024",
        "The summit ended on November 1, 2022.",
        "",
    ] {
        assert!(!is_date_line(d), "{d:?} should not be a date");
    }
}

/// A date in brackets is the date without them (`(15/07/2024)`, as press-release lists write
/// it).
#[test]
fn bracketed_dates_lose_their_brackets() {
    for (line, want) in [
        ("(15/07/2024)", "15/07/2024"),
        ("( 4 March 2024 )", "4 March 2024"),
        ("[12.03.2024]", "12.03.2024"),
        // A date beside navigation, as a blog's byline bar has it.
        ("Dec 6, 2026 · 7 min read", "Dec 6, 2026"),
        (
            "6 de diciembre de 2026 | Compartir",
            "6 de diciembre de 2026",
        ),
        // A reading time without its reading word after the date.
        ("December 5, 2024 · 3 min", "December 5, 2024"),
        (
            "5 de diciembre de 2024 | 4 minutos",
            "5 de diciembre de 2024",
        ),
    ] {
        assert_eq!(
            classify_line(line),
            LineKind::Date(want.to_string()),
            "{line:?}"
        );
    }
    // A duration alone, or before the date, is no date line's part.
    for line in ["3 min · December 5, 2024", "Gas talks · 3 min"] {
        assert!(
            !matches!(classify_line(line), LineKind::Date(_)),
            "{line:?}"
        );
    }
}

#[test]
fn navigation_and_captions_recognised() {
    for s in [
        // Breadcrumb trails, a search result's address among them.
        "camonitor.example › news › 2024 › 04",
        "Home › World › Europe",
        "Inicio » Internacional » América Latina",
        "Viewing results 1 - 6 of 8",
        "Buscador avanzado",
        "Download PDF (2.1 MB)",
        "Copy link",
        "Copiar enlace",
        "Descargar el informe completo",
        "Enter your email",
        "By signing up you agree to our Terms of Service.",
        "Page 2 of 10",
        "Página 3 de 12",
        "Next »",
        "« Anterior",
        "Siguiente",
        "Share",
        "Compartir",
        "Share: Facebook | Twitter | Email",
        "1 2 3 … 10",
        "Tags: Russia, Kazakhstan, energy",
        "Back to top",
        "4 min read",
        "6-minute read",
        "Reading time: 5 minutes",
        "Lectura: 3 minutos",
        "5 min de lectura",
        // A mail client's lines around a newsletter saved from the browser.
        "1 message",
        "3 mensajes",
        "Eastgate Brief <brief@eastgate.example.com>",
        "brief@eastgate.example.com",
        "Having trouble viewing this email? View it in your browser",
        "¿No puedes ver este correo? Ver en tu navegador",
        "You receive this email because you subscribed at eastgate.example",
        "Para darse de baja, responda a este correo con el asunto BAJA.",
        // A newsletter's footer lines that stand on their own.
        "Eurasia Brief, 12 Abai Avenue, Almaty 050000, Kazakhstan",
        "Boletín Sur · Calle Mayor 12 · 28013 Madrid · España",
        "The Brief, Suite 4, 20 Kingsway, London WC2B 6NH",
        "More at centralasia.example · Follow us on Mastodon",
        "Read on the web | Forward to a friend",
        "Leer en la web · Reenviar a un amigo",
        "Contact: eurasia.programme@example.eu | www.example.eu/eurasia",
        "Correo: boletin@sur.example.es",
        "Twitter (https://twitter.com/example) | Website (https://example.org)",
        // A signature's phone line.
        "Tel. +34 91 555 01 23",
        "Phone: (202) 555-0143",
    ] {
        assert!(is_nav(&normalize_line(s)), "{s:?} should be navigation");
    }
    // A newsletter's greetings and sign-offs.
    for s in [
        "Dear readers,",
        "Good morning. Here is what you need to know today.",
        "Hola, estas son las noticias que no te puedes perder esta semana.",
        "Estimados lectores:",
        "¡Hasta la semana que viene!",
        "El equipo del Observatorio",
        "Thanks for reading, and see you on Monday.",
        "That's all for today.",
        "That’s it for this week!",
        "Eso es todo por hoy, ¡buen fin de semana!",
    ] {
        assert!(is_letter_line(s), "{s:?} should be the letter's");
    }
    for s in [
        "Dear Leader's sister warns Seoul over leaflets",
        "Hello Kitty maker opens a store in Almaty after three years of talks with the mall",
        "Good morning television returns to Kazakh screens",
        "That's all for Ukraine's grain corridor, says the Russian envoy as talks collapse in Istanbul",
        "Estimado crecimiento del PIB baja al 2% en 2027",
        "Saludos militares y desfile en la plaza mayor de la capital para el aniversario de la independencia del país",
    ] {
        assert!(!is_letter_line(s), "{s:?} should not be the letter's");
    }
    for s in [
        "Read the 5 minutes that changed the talks",
        "Time to read the treaty, 5 days on",
        "Next Steps for the Caspian Summit",
        "Share of Russian Gas in EU Imports Falls",
        "Página web del ministerio cae tras un ataque",
        "Message to Moscow: the allies stand firm",
        "Talks on the <border> continue @ noon",
        // Commas, numbers and a street word, but no street with its number and postal code.
        "Kazakhstan, Uzbekistan and Kyrgyzstan, in 2026, open a road link of 1200 km",
        "Avenue of 12 flags, Astana, reopens for the 2026 parade",
        "Calle Mayor 12, Madrid, reabre tras las obras de 2025",
        // A site beside headlines is not a bar of links.
        "Gas talks resume · reuters.com · Oil falls",
        // Nor is a line with an arrow in it a breadcrumb trail.
        "Ministers meet in Baku » talks resume on the gas transit fee after a pause of a year",
        "Tel Aviv and Ankara resume flights",
    ] {
        assert!(!is_nav(s), "{s:?} should not be navigation");
    }
    // A mail system's warning over a message from outside is a notice, as a cookie banner is.
    assert!(super::boilerplate::opens_consent(
        "CAUTION: This email originated from outside of the organization. Do not click links."
    ));
    for s in [
        "Photo: Reuters",
        "Foto: EFE/Juan Pérez",
        "(AP Photo/Jane Roe)",
        "Ministers in Baku on Tuesday © AFP",
        "Ministers meet in Astana. Photo: Presidential press service",
        "Ministers meet in Astana. Reuters/Pavel Ivanov",
        "Soldiers at the border post (EFE)",
        "(AP Photo/Jane Roe) Ministers meet in Astana on the first day of talks",
        "(Reuters)",
    ] {
        assert!(caption_kind(s).is_some(), "{s:?} should be a caption");
    }
    for s in [
        "The EU/Russia talks stalled again over the summer.",
        "Photographers gathered at the summit venue.",
        // A wire story credited before its first sentence.
        "(Reuters, 19/04) The commissions agreed on 12 km of frontier in Tavush.",
        "(EFE) - Las comisiones acordaron el primer tramo de la frontera.",
        "(AFP, 18/04) Ministers of the five states met in Astana on Thursday.",
    ] {
        assert!(caption_kind(s).is_none(), "{s:?} should not be a caption");
    }
}

#[test]
fn streaming_line_by_line_equals_split_page() {
    let page = "\u{feff}International Relations\r\n\r\nNovember 1, 2022\r\n\r\nA Title About Summits\r\n\r\nA teaser about a summit in Astana that ended with a long communiqué and few concrete steps […]\r\nSeptember 30, 2022\r\n\r\nAnother Title on Trade\r\n\r\nA teaser on trade between the Turkic states, which grew faster than expected last year. […]\r\n12.03.2024\r\n\r\nA Third Title on Energy\r\n\r\nA teaser on energy: the new pipeline will carry gas from the Caspian shore to the Black Sea. […]\r\n";
    let whole = split_page(page);
    assert_eq!(whole.items.len(), 3);
    // Line by line, with and without line endings.
    assert_eq!(streamed(page), whole);
    let mut s = Splitter::new();
    let mut items = Vec::new();
    for line in page.split_inclusive('\n') {
        items.extend(s.push_line(line));
    }
    let end = s.finish();
    items.extend(end.items);
    assert_eq!(items, whole.items);
    assert_eq!(end.header, whole.header);
    // Several lines in one call.
    let mut s = Splitter::new();
    let (a, b) = page.split_at(page.find("September").unwrap_or(0));
    let mut items = s.push_line(a);
    items.extend(s.push_line(b));
    items.extend(s.finish().items);
    assert_eq!(items, whole.items);
    // Items come out as soon as the next one starts.
    let mut s = Splitter::new();
    let mut first_seen_at = None;
    for (n, line) in page.lines().enumerate() {
        if !s.push_line(line).is_empty() && first_seen_at.is_none() {
            first_seen_at = Some(n);
        }
    }
    assert!(first_seen_at.is_some_and(|n| n < page.lines().count() - 1));
}

#[test]
fn five_megabyte_single_line_does_not_panic() {
    let unit = "Gas talks between Ankara and Baku resumed after a pause. ";
    let line: String = unit.repeat(5_000_000 / unit.len() + 1);
    let p = split_page(&line);
    assert_eq!(p.items.len(), 1);
    assert!(p.items[0].text.len() > 4_900_000);
    assert!(p.items[0].warnings.iter().any(|w| w.contains("very long")));
    // A 5 MB line without spaces, and one of a single repeated multibyte character.
    let p = split_page(&"ж".repeat(2_600_000));
    assert_eq!(p.items.len(), 1);
    let p = split_page(&format!("Header\n\n{}[…]\n", "x".repeat(5_000_000)));
    assert_eq!(p.items.len(), 1);
    assert!(p.items[0].text.ends_with('x'));
}

#[test]
fn odd_input_never_panics() {
    let fragments = [
        "",
        " ",
        "MORE",
        "[…]",
        "Read more »",
        "November 1, 2022",
        "12.03.2024 |",
        "| 12.03.2024",
        "(",
        ")",
        "©",
        "Photo:",
        "By",
        "Por ",
        "A Short Title",
        "a lowercase line",
        "A long sentence that ends properly and goes on for a while to look like a body.",
        "ж",
        "\u{feff}",
        "\r",
        "…",
        "...",
        "» »",
        "Page 2 of",
        "1",
        "İstanbul İzmir",
        "hace",
        "3 ago",
    ];
    let mut next = crate::testutil::xorshift(0x2545_f491_4f6c_dd1d);
    for _ in 0..300 {
        let mut page = String::new();
        for _ in 0..40 {
            let state = next();
            page.push_str(fragments[(state % fragments.len() as u64) as usize]);
            if !state.is_multiple_of(3) {
                page.push('\n');
            }
        }
        let p = split_page(&page);
        assert_eq!(streamed(&page), p);
        for (k, item) in p.items.iter().enumerate() {
            assert_eq!(item.position, k + 1);
            assert_eq!(item.text.trim(), item.text);
        }
    }
    // Many title-like lines with no body keep memory bounded and still give items.
    let page: String = (0..5_000)
        .map(|i| format!("Headline Number {i} About Regional Affairs\n"))
        .collect();
    let p = split_page(&page);
    assert_eq!(p.items.len(), 5_000);
}

/// The real example pages in `shared/digests`.
#[test]
fn shared_digest_pages_split_into_ten_items() {
    let candidates = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/digests"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/digests"),
    ];
    let Some(dir) = candidates.iter().find(|d| std::path::Path::new(d).is_dir()) else {
        println!("skipping: ../shared/digests not found");
        return;
    };
    let pages = [
        (
            "000_5dc73ade01f3867c.txt",
            "Kazakhstan Expands Economic Cooperation with Russia, but Guards Own Interests",
            "Prospects for Turkey Joining the Russia-Led Customs Union",
        ),
        (
            "002_400b34fb307b0c79.txt",
            "The Sixth CICA Summit: Asian Vision of the Global Development",
            "Economic Cooperation between Central Asia and the European Union",
        ),
    ];
    for (file, first, last) in pages {
        let path = format!("{dir}/{file}");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                println!("skipping: cannot read {path}: {e}");
                continue;
            }
        };
        let page = split_page(&text);
        assert_eq!(streamed(&text), page);
        assert_eq!(page.items.len(), 10, "{file}: {page:#?}");
        assert!(page.header.is_some(), "{file}: no header");
        assert!(page.items.iter().all(|i| i.title.is_some()), "{file}");
        assert_eq!(page.items[0].title.as_deref(), Some(first), "{file}");
        assert_eq!(page.items[9].title.as_deref(), Some(last), "{file}");
        for item in &page.items {
            let t = &item.text;
            assert!(!t.trim_end().ends_with("MORE"), "{file}: {t}");
            assert!(!t.contains("[…]") && !t.contains("[...]"), "{file}: {t}");
            assert!(t.lines().all(|l| !is_date_line(l)), "{file}: {t}");
            assert!(t.chars().count() > 200, "{file}: {t}");
        }
        if file.starts_with("002") {
            assert!(page.items.iter().all(|i| i.date.is_some()), "{file}");
            assert_eq!(page.items[0].date.as_deref(), Some("November 1, 2022"));
        }
    }
}

/// A list of headlines with no teasers: a headline of two or three words inside the run is an
/// item ("Cumbre en Lima"), while a short line set apart by a blank line from a run without
/// blank lines (a section heading) and a short line directly above a titled item (a kicker)
/// are still dropped.
#[test]
fn short_headlines_inside_a_run_of_headlines() {
    let page = "\
Resumen regional

Perú anuncia un plan de obras para las provincias del sur
Cumbre en Lima
Brasil y Argentina firman un acuerdo sobre gas natural
OTAN amplía presencia

Caribe
Cuba y México revisan su acuerdo de suministro de crudo
ENTREVISTA
La canciller colombiana habla de la frontera con Venezuela
La ministra defendió el diálogo con Caracas y anunció una comisión mixta para los pasos fronterizos del norte.
";
    let p = check(
        page,
        &[
            (
                Some("Perú anuncia un plan de obras para las provincias del sur"),
                None,
                "",
            ),
            (Some("Cumbre en Lima"), None, ""),
            (
                Some("Brasil y Argentina firman un acuerdo sobre gas natural"),
                None,
                "",
            ),
            (Some("OTAN amplía presencia"), None, ""),
            (
                Some("Cuba y México revisan su acuerdo de suministro de crudo"),
                None,
                "",
            ),
            (
                Some("La canciller colombiana habla de la frontera con Venezuela"),
                None,
                "La ministra defendió el diálogo con Caracas y anunció una comisión mixta para los pasos fronterizos del norte.",
            ),
        ],
    );
    let dropped: Vec<_> = p
        .all_warnings()
        .filter(|w| w.contains("dropped short line"))
        .collect();
    assert_eq!(dropped.len(), 2, "{dropped:?}");
    assert!(dropped[0].contains("'Caribe'") && dropped[1].contains("'ENTREVISTA'"));
}

/// Teasers hard-wrapped at a fixed width whose next line starts with a capital: a line that
/// ends on an article or preposition is no title, and a long title-like line between a
/// headline and its teaser's next line is the teaser's first line.
#[test]
fn wrapped_teasers_with_capitals_keep_their_headlines() {
    let page = "Gas pipeline deal signed in Ashgabat\n\
Officials from both countries agreed on a new branch of the\n\
Central Asia gas pipeline, which would add capacity next year.\n\
\n\
Border commission finishes its work\n\
The two governments completed the demarcation of the last\n\
disputed sections after years of talks.\n\
\n\
Brussels opens a trade office in Bishkek\n\
The Commission said the office would help Kyrgyz exporters meet\n\
EU standards under the trade scheme.\n";
    check(
        page,
        &[
            (
                Some("Gas pipeline deal signed in Ashgabat"),
                None,
                "Officials from both countries agreed on a new branch of the Central Asia gas pipeline, which would add capacity next year.",
            ),
            (
                Some("Border commission finishes its work"),
                None,
                "The two governments completed the demarcation of the last disputed sections after years of talks.",
            ),
            (
                Some("Brussels opens a trade office in Bishkek"),
                None,
                "The Commission said the office would help Kyrgyz exporters meet EU standards under the trade scheme.",
            ),
        ],
    );
    // Spanish: the line ends on a preposition.
    let page = "Georgia suspende las negociaciones con la UE\n\
El primer ministro anunció en una comparecencia desde\n\
Tiflis que el país no abrirá nuevas conversaciones.\n";
    check(
        page,
        &[(
            Some("Georgia suspende las negociaciones con la UE"),
            None,
            "El primer ministro anunció en una comparecencia desde Tiflis que el país no abrirá nuevas conversaciones.",
        )],
    );
}

/// A source line that gives the item's address, with or without its date, is the item's link
/// and date, in every way digests write one; never an item or a dropped line.
#[test]
fn source_lines_with_addresses_give_link_and_date() {
    let teaser = "The new line lets the country import power from its neighbour and ends its reliance on one plant.";
    for (source, date) in [
        (
            "Source: https://example.org/news/grid, 12 March 2026",
            Some("12 March 2026"),
        ),
        (
            "Source: https://example.org/news/grid (12 March 2026)",
            Some("12 March 2026"),
        ),
        (
            "Fuente: <https://example.org/news/grid> - 12 de marzo de 2026",
            Some("12 de marzo de 2026"),
        ),
        (
            "*Source:* [Example Wire](https://example.org/news/grid), 12 March 2026",
            Some("12 March 2026"),
        ),
        (
            "Source: [Example Wire](https://example.org/news/grid)",
            None,
        ),
        ("Source: https://example.org/news/grid.", None),
    ] {
        let page = format!(
            "Grid link opens at the border\n{teaser}\n\n{source}\n\n\
             Ferry line resumes across the lake\n{teaser}\n\n{}\n",
            source.replace("grid", "ferry")
        );
        let got = check(
            &page,
            &[
                (Some("Grid link opens at the border"), date, teaser),
                (Some("Ferry line resumes across the lake"), date, teaser),
            ],
        );
        let urls: Vec<_> = got.items.iter().map(|i| i.url.as_deref()).collect();
        assert_eq!(
            urls,
            [
                Some("https://example.org/news/grid"),
                Some("https://example.org/news/ferry")
            ],
            "{source}"
        );
    }
}

/// A source and a date under a headline (`Reuters | 14 May 2024`, `EFE, 3 de mayo de 2024`)
/// are the item's date, not its title; a forwarded message's header lines are no items.
#[test]
fn source_datelines_and_forwarded_headers() {
    let page = "---------- Forwarded message ---------\n\
From: Morning Brief <brief@example.org>\n\
Subject: Morning Brief: gas and talks\n\
To: <analyst@example.org>\n\
\n\
Uzbekistan to build a nuclear plant\n\
Reuters | 14 May 2024\n\
The reactor project is expected to cost about two billion dollars.\n\
\n\
Tayikistán denuncia incidentes en la frontera\n\
EFE, 15 de mayo de 2024\n\
Dushanbé informó de tres tiroteos con combatientes talibanes.\n";
    check(
        page,
        &[
            (
                Some("Uzbekistan to build a nuclear plant"),
                Some("14 May 2024"),
                "The reactor project is expected to cost about two billion dollars.",
            ),
            (
                Some("Tayikistán denuncia incidentes en la frontera"),
                Some("15 de mayo de 2024"),
                "Dushanbé informó de tres tiroteos con combatientes talibanes.",
            ),
        ],
    );
}

/// A labelled source line (`Source: The Moscow Times, 12 October 2025.`, `Fuente: Agencia
/// Sur`) and a byline whose name has particles or initials (`Ana de la Rosa Caracas - 13 oct
/// 2025`) are the item's date or nothing, not its text.
#[test]
fn labelled_source_lines_and_bylines_with_particles() {
    let page = "1.\tBrussels and Baku sign a grid memorandum\n\
The interconnector would carry renewable power under the sea.\n\
Source: The Caspian Policy Review, 12 October 2025.\n\
\n\
2.\tPekín y Bruselas pactan precios mínimos\n\
Ana de la Rosa Bruselas - 13 oct 2025\n\
El compromiso sustituiría a los aranceles compensatorios.\n\
Fuente: Agencia Sur\n\
\n\
3.\tTalks on the border resume\n\
Javier M. Soler Tbilisi - 14 oct 2025\n\
Sources: three officials said the talks would go on for a week.\n";
    check(
        page,
        &[
            (
                Some("Brussels and Baku sign a grid memorandum"),
                Some("12 October 2025."),
                "The interconnector would carry renewable power under the sea.",
            ),
            (
                Some("Pekín y Bruselas pactan precios mínimos"),
                Some("13 oct 2025"),
                "El compromiso sustituiría a los aranceles compensatorios.",
            ),
            (
                Some("Talks on the border resume"),
                Some("14 oct 2025"),
                "Sources: three officials said the talks would go on for a week.",
            ),
        ],
    );
    // A name in lower case after the label (`EU press corner`): still a source line, dated.
    check(
        "Guarantee for the hydropower project signed\n\
         The Commission signed a guarantee with the bank, covering risk for lenders.\n\
         Source: EU press corner, 11 March 2026\n",
        &[(
            Some("Guarantee for the hydropower project signed"),
            Some("11 March 2026"),
            "The Commission signed a guarantee with the bank, covering risk for lenders.",
        )],
    );
}

/// Links by an item are its `url`: its title's Markdown link, a read-more or source link at
/// the end of its teaser (whose label is not kept as text), or a line that is only an address
/// directly by it (under the teaser, between title and teaser, or set apart above the title
/// and directly on it). A link over the page header is no item's.
#[test]
fn links_by_items_become_their_urls() {
    let page = "\
Caspian Monitor
https://monitor.example/

Gas deal signed in Ashgabat
The two governments agreed on supplies for ten years.
https://a.example/gas

Border talks resume in Geneva
Link: https://a.example/border
Negotiators met again to settle the frontier line.

https://a.example/rail
Rail link opens to Tehran
The first freight train left Almaty on Monday morning.

## [Oil output hits a record](https://a.example/oil)
Production rose by a tenth in the first half of the year.

Leaders meet in Samarkand
They signed a memorandum on lithium supply chains. [Source](https://a.example/lithium)

Water deal drafted
Officials presented a draft on summer releases from the reservoir.
[Read more](https://a.example/water)

Pipeline repairs planned
The consortium will shut one mooring point for repairs in June.
";
    let p = check(
        page,
        &[
            (
                Some("Gas deal signed in Ashgabat"),
                None,
                "The two governments agreed on supplies for ten years.",
            ),
            (
                Some("Border talks resume in Geneva"),
                None,
                "Negotiators met again to settle the frontier line.",
            ),
            (
                Some("Rail link opens to Tehran"),
                None,
                "The first freight train left Almaty on Monday morning.",
            ),
            (
                Some("Oil output hits a record"),
                None,
                "Production rose by a tenth in the first half of the year.",
            ),
            (
                Some("Leaders meet in Samarkand"),
                None,
                "They signed a memorandum on lithium supply chains.",
            ),
            (
                Some("Water deal drafted"),
                None,
                "Officials presented a draft on summer releases from the reservoir.",
            ),
            (
                Some("Pipeline repairs planned"),
                None,
                "The consortium will shut one mooring point for repairs in June.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Caspian Monitor"));
    let urls: Vec<Option<&str>> = p.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://a.example/gas"),
            Some("https://a.example/border"),
            Some("https://a.example/rail"),
            Some("https://a.example/oil"),
            Some("https://a.example/lithium"),
            Some("https://a.example/water"),
            None,
        ]
    );
}

/// A Markdown-linked headline of a few words is a title, not a link line; a link inside a
/// sentence keeps its words.
#[test]
fn linked_headlines_and_links_inside_sentences_keep_their_words() {
    let p = check(
        "\
[Georgia passes budget](https://a.example/budget)
Parliament approved the spending plans for next year by a wide margin.

Kazakhstan raises fuel prices
The ministry [said on Monday](https://a.example/fuel) that prices rise in May.
",
        &[
            (
                Some("Georgia passes budget"),
                None,
                "Parliament approved the spending plans for next year by a wide margin.",
            ),
            (
                Some("Kazakhstan raises fuel prices"),
                None,
                "The ministry said on Monday that prices rise in May.",
            ),
        ],
    );
    assert_eq!(p.items[0].url.as_deref(), Some("https://a.example/budget"));
    assert_eq!(p.items[1].url.as_deref(), Some("https://a.example/fuel"));
}

/// A link set apart above a title leaves the title set apart too: it is not read as the
/// previous teaser's wrapped line when that teaser ends without a full stop.
#[test]
fn a_link_above_a_title_keeps_the_title_apart() {
    let p = check(
        "\
Gas deal signed in Ashgabat
Prices rose by a fifth. The ministers met in Baku. Talks go on

https://a.example/rail
Rail link opens to Tehran
The first freight train left Almaty on Monday morning.
",
        &[
            (
                Some("Gas deal signed in Ashgabat"),
                None,
                "Prices rose by a fifth. The ministers met in Baku. Talks go on",
            ),
            (
                Some("Rail link opens to Tehran"),
                None,
                "The first freight train left Almaty on Monday morning.",
            ),
        ],
    );
    assert_eq!(p.items[0].url, None);
    assert_eq!(p.items[1].url.as_deref(), Some("https://a.example/rail"));
}

/// A digest of bulleted items written in sentences, under section headings, some dated: one
/// item per bullet (the headings are dropped as kickers); a list of points under a teaser's
/// colon stays in that teaser.
#[test]
fn bulleted_items_written_in_sentences() {
    let page = "\
EVENING BRIEF

ENERGY
• 02.11.2026 — Georgia signs a power export deal with Turkey. The grid operators agreed on a new line by 2028.
  https://example.org/power
• 01.11.2026 — Kazakhstan postpones an oil field auction to the spring.

DIPLOMACY
- Mongolia and Japan open talks on a rare earths partnership. The first round is set for January in Tokyo.
- The two sides also agreed to keep talking about student visas, flights and the cultural year, which both hope to announce soon.
- Armenia names a new ambassador to the EU. The post had been vacant since the summer, officials said.

Ministers adopt the regional transport plan
The plan covers three corridors:
- Road links to the border.
- A rail line to the port.
";
    check(
        page,
        &[
            (
                Some("Georgia signs a power export deal with Turkey"),
                Some("02.11.2026"),
                "The grid operators agreed on a new line by 2028.",
            ),
            (
                Some("Kazakhstan postpones an oil field auction to the spring"),
                Some("01.11.2026"),
                "",
            ),
            (
                Some("Mongolia and Japan open talks on a rare earths partnership"),
                None,
                "The first round is set for January in Tokyo.",
            ),
            (
                None,
                None,
                "The two sides also agreed to keep talking about student visas, flights and the cultural year, which both hope to announce soon.",
            ),
            (
                Some("Armenia names a new ambassador to the EU"),
                None,
                "The post had been vacant since the summer, officials said.",
            ),
            (
                Some("Ministers adopt the regional transport plan"),
                None,
                // (The short line ending in a colon is hard-wrapped into the first point, as
                // any short line under it would be.)
                "The plan covers three corridors: - Road links to the border.\n\n- A rail line to the port.",
            ),
        ],
    );
}

/// Dates as output writes them: ISO 8601 when they name one day, as written when they do not.
#[test]
fn output_dates_are_iso_when_they_name_one_day() {
    for (written, out) in [
        ("6 December 2026", "2026-12-06"),
        ("December 6, 2026", "2026-12-06"),
        ("Sat, 6th Dec 2026", "2026-12-06"),
        ("6 de diciembre de 2026", "2026-12-06"),
        ("Publicado: 06.12.2026", "2026-12-06"),
        ("2026-12-06 19:32:11", "2026-12-06"),
        ("25/11/2026", "2026-11-25"),
        ("24.04.26", "2026-04-24"),
        ("11/25/2026", "2026-11-25"),
        ("06-Dec-2026", "2026-12-06"),
        ("Vie, 05 Dic 2026 21:45:00 +0100", "2026-12-05"),
        ("Dec 6, 2026 15:20 GMT", "2026-12-06T15:20:00Z"),
        ("6 December 2026, 09:30 UTC", "2026-12-06T09:30:00Z"),
        // As written: two readings, no year, relative, no such day, already a stamp.
        ("06/12/2026", "06/12/2026"),
        ("22-07-07", "22-07-07"),
        ("6 Dec", "6 Dec"),
        ("3 hours ago", "3 hours ago"),
        ("hace 2 días", "hace 2 días"),
        ("31 November 2026", "31 November 2026"),
        ("2026-12-06T15:05:00Z", "2026-12-06T15:05:00Z"),
    ] {
        assert_eq!(output_date(written.to_string()), out, "{written}");
    }
}

/// Bulleted items mixing dated and undated ones, without a header line, one of them over
/// points of its own set further in: every bullet is an item with its own link, the first
/// title is no header, and the points stay in their item.
#[test]
fn bulleted_items_dated_or_not_with_points_of_their_own() {
    let page = "\
* 03.11.2026 — Ferry traffic resumes across the Caspian. Operators restored the daily crossings.
* Border post reopens after the spring floods. Officials listed the changes:
  * one shared checkpoint at the bridge,
  * faster lanes for lorries.
  https://example.org/border
* Grain corridor talks move to a new venue. The next round is set for January.
";
    check(
        page,
        &[
            (
                Some("Ferry traffic resumes across the Caspian"),
                Some("03.11.2026"),
                "Operators restored the daily crossings.",
            ),
            (
                Some("Border post reopens after the spring floods"),
                None,
                "Officials listed the changes:\n\n* one shared checkpoint at the bridge, * faster lanes for lorries.",
            ),
            (
                Some("Grain corridor talks move to a new venue"),
                None,
                "The next round is set for January.",
            ),
        ],
    );
    let p = split_page(page);
    assert_eq!(
        p.items[1].url.as_deref(),
        Some("https://example.org/border")
    );
    assert_eq!(p.header, None);
}

#[test]
fn paragraphs_each_closed_by_a_link_line_are_items() {
    // A plain-text newsletter as a mail client writes it: a greeting, paragraphs written in
    // sentences each closed by its link (`Label <https://…>` or a bare address), a sign-off.
    let page = "\
Weekly brief

Hello readers, here is what mattered in the region this week.

Kyrgyzstan and Tajikistan reopen their last closed crossing. Traders queued through the night as the post opened at dawn.
Read more <https://brief.example.org/crossing>

Georgia raises its forecast for transit cargo. The ministry expects more containers to arrive by rail from the Caspian ports next year.
https://brief.example.org/cargo

The finance ministry said on Friday that it would review the spending plan before the budget debate, which opens next month in the capital.
Read the story <https://brief.example.org/budget>

See you next week!
The team at the Brief
";
    let p = check(
        page,
        &[
            (
                Some("Kyrgyzstan and Tajikistan reopen their last closed crossing"),
                None,
                "Traders queued through the night as the post opened at dawn.",
            ),
            (
                Some("Georgia raises its forecast for transit cargo"),
                None,
                "The ministry expects more containers to arrive by rail from the Caspian ports next year.",
            ),
            // A first sentence too long to be a headline: the item stays untitled.
            (
                None,
                None,
                "The finance ministry said on Friday that it would review the spending plan before the budget debate, which opens next month in the capital.",
            ),
        ],
    );
    let urls: Vec<_> = p.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://brief.example.org/crossing"),
            Some("https://brief.example.org/cargo"),
            Some("https://brief.example.org/budget"),
        ]
    );
    assert_eq!(p.header.as_deref(), Some("Weekly brief"));
}

#[test]
fn a_link_line_inside_a_titled_item_keeps_its_paragraphs_together() {
    // Under a title, a link line after the teaser closes the item; the title stays.
    let page = "\
Ankara and Baku open a new gas interconnector
The pipeline links the two grids near the border and doubles the flow agreed last year.
Read more <https://example.org/gas>

Armenia and the EU agree a visa dialogue timetable
The first meeting is set for March in Brussels, the foreign ministry said.
Read more <https://example.org/visa>
";
    let p = check(
        page,
        &[
            (
                Some("Ankara and Baku open a new gas interconnector"),
                None,
                "The pipeline links the two grids near the border and doubles the flow agreed last year.",
            ),
            (
                Some("Armenia and the EU agree a visa dialogue timetable"),
                None,
                "The first meeting is set for March in Brussels, the foreign ministry said.",
            ),
        ],
    );
    assert_eq!(p.items[1].url.as_deref(), Some("https://example.org/visa"));
}

#[test]
fn a_dropped_lines_link_is_no_items() {
    let page = "\
Ferry traffic resumes across the Caspian
Operators restored the daily crossings after a week of storms closed both ports.

You are receiving this email because you subscribed. Unsubscribe <https://example.org/u>
";
    let p = check(
        page,
        &[(
            Some("Ferry traffic resumes across the Caspian"),
            None,
            "Operators restored the daily crossings after a week of storms closed both ports.",
        )],
    );
    assert_eq!(p.items[0].url, None);
}

/// A page date over items dated under their teasers: each date is its own item's (they
/// shifted one item down when the page date was handed to the first item), and the page
/// date is the undated item's.
#[test]
fn dates_under_teasers_stay_with_their_items_under_a_page_date() {
    let page = "\
Monday, 7 December 2026

Ferry traffic resumes across the Caspian
Operators restored the daily crossings after a week of storms closed both ports.
5 December 2026

Coalition partners agree a budget after a month of talks
The spending plan keeps the defence increase and cuts the fuel subsidy by a third.
4 December 2026

Two neighbours reopen fishing talks after a decade
Negotiators will meet in the port city next week to agree on quotas for the season.
";
    let p = split_page(page);
    let dates: Vec<_> = p.items.iter().map(|i| i.date.as_deref()).collect();
    assert_eq!(
        dates,
        [
            Some("5 December 2026"),
            Some("4 December 2026"),
            Some("Monday, 7 December 2026")
        ],
        "{p:#?}"
    );
}

/// A newsletter's footer (a mail list's address and preference lines, or a copyright line)
/// that runs to the page's end is no text, in English and Spanish.
#[test]
fn newsletter_footers_at_the_end_are_dropped() {
    let items = |title: &str, teaser: &str| {
        format!("{title}\n{teaser}\nhttps://example.org/{}\n\n", title.len())
    };
    let body = items(
        "Kazakhstan and Uzbekistan sign a water deal",
        "The two governments agreed on new quotas after talks in Tashkent.",
    ) + &items(
        "Georgia passes media law despite protests",
        "Opposition deputies walked out as the bill passed its third reading.",
    );
    let footers = [
        "Copyright © 2026 Eurasia Brief, All rights reserved.\nYou are receiving this email because you opted in.\n\nOur mailing address is:\nEurasia Brief\n12 Abai Avenue\nAlmaty 050000\nKazakhstan\n\nAdd us to your address book\n\nWant to change how you receive these emails?\nYou can update your preferences or unsubscribe from this list.\n",
        "Nuestra dirección postal es:\nBoletín Sur\nCalle Mayor 12\n28013 Madrid\n\n¿Quieres cambiar cómo recibes estos correos?\nPuedes actualizar tus preferencias o darte de baja de esta lista.\n",
        "Powered by Substack\nEurasia Brief · Almaty\nRead on the web\n",
    ];
    for footer in footers {
        let page = check(
            &format!("{body}{footer}"),
            &[
                (
                    Some("Kazakhstan and Uzbekistan sign a water deal"),
                    None,
                    "The two governments agreed on new quotas after talks in Tashkent.",
                ),
                (
                    Some("Georgia passes media law despite protests"),
                    None,
                    "Opposition deputies walked out as the bill passed its third reading.",
                ),
            ],
        );
        assert_eq!(
            page.items[1].url.as_deref(),
            Some("https://example.org/41"),
            "{footer}"
        );
        let first = footer.lines().next().unwrap();
        assert!(
            page.warnings
                .iter()
                .any(|w| w.contains("dropped the page's footer") && w.contains(first)),
            "{:?}",
            page.warnings
        );
    }
}

/// News that goes on under a footer's line (an `Unsubscribe:` line between two mails' stories)
/// is read: a headline after a blank line, then a sentence.
#[test]
fn stories_under_a_footer_line_are_read() {
    let page = "\
Azerbaijan and Kazakhstan agree to double oil transit
Crude volumes through the pipeline will reach three million tonnes a year.
https://example.org/transit

Unsubscribe: https://example.org/u

Turkmen gas reaches Turkey under a swap deal
The first volumes under the swap arrived at the border on Wednesday morning.
https://example.org/swap
";
    let got = check(
        page,
        &[
            (
                Some("Azerbaijan and Kazakhstan agree to double oil transit"),
                None,
                "Crude volumes through the pipeline will reach three million tonnes a year.",
            ),
            (
                Some("Turkmen gas reaches Turkey under a swap deal"),
                None,
                "The first volumes under the swap arrived at the border on Wednesday morning.",
            ),
        ],
    );
    assert_eq!(
        got.items[1].url.as_deref(),
        Some("https://example.org/swap")
    );
    // A blank line between the headline and its sentence, under a copyright line that heads
    // the story above's body.
    let teaser = "Work began on the line that will link the two countries by rail before the end of the decade.";
    check(
        &format!(
            "Plant to be built in the region\n\n{teaser}\n\n\
             Rail line construction begins in the east\n\nCopyright 2026 Example Daily News\n\n\
             {teaser}\n\nFerry service across the lake resumes after repairs\n\n{teaser}\n"
        ),
        &[
            (Some("Plant to be built in the region"), None, teaser),
            (
                Some("Rail line construction begins in the east"),
                None,
                teaser,
            ),
            (
                Some("Ferry service across the lake resumes after repairs"),
                None,
                teaser,
            ),
        ],
    );
}

/// What opens a footer but is followed by more than a footer holds, or by a paragraph, is
/// read as any other lines: a copyright sentence among sentences, a box between items.
#[test]
fn a_footer_opener_before_more_text_drops_nothing() {
    let mut sentences: Vec<String> = (1..=50)
        .map(|i| format!("Sentence number {i} is short and ends here."))
        .collect();
    sentences.insert(3, "Copyright (C) Example Press 2002.".to_string());
    let page = split_page(&sentences.join("\n"));
    let text: String = page
        .items
        .iter()
        .map(|i| i.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // (The sentence above the copyright line goes with it as a photo caption's description.)
    for s in &sentences[4..] {
        assert!(text.contains(s.as_str()), "{s:?} lost: {page:#?}");
    }
    let teaser = "The ministers agreed on a new schedule of talks on the border, on water sharing and on the railway that will link the two capitals by 2030.";
    check(
        &format!(
            "Talks in Astana\n{teaser}\n\nUnsubscribe from alerts\n\nRail link agreed\n{teaser}\n"
        ),
        &[
            (Some("Talks in Astana"), None, teaser),
            (Some("Rail link agreed"), None, teaser),
        ],
    );
}

/// A bulleted item whose teaser reads as a headline (it ends in a hashtag, not a full stop)
/// is an item like the others, not the page's header; a bold link is its title and url.
#[test]
fn a_bulleted_teaser_that_reads_as_a_headline_is_still_a_teaser() {
    let page = check(
        "- **[Turkmenistan starts gas swaps via Iran](https://example.org/tm)** — Ashgabat will ship more gas a day. #energy\n\
         - EU signs raw materials deal with Uzbekistan — The memorandum covers copper and tungsten.\n",
        &[
            (
                Some("Turkmenistan starts gas swaps via Iran"),
                None,
                "Ashgabat will ship more gas a day. #energy",
            ),
            (
                Some("EU signs raw materials deal with Uzbekistan"),
                None,
                "The memorandum covers copper and tungsten.",
            ),
        ],
    );
    assert_eq!(page.items[0].url.as_deref(), Some("https://example.org/tm"));
}

/// A name directly under the teaser and a date directly under the name are the item's byline
/// and date, not a short line and the next item's date; where titles come without blank lines
/// and a two-word title sits over its date, the title stays the next item's.
#[test]
fn a_bare_byline_between_teaser_and_date() {
    let page = "\
Kyrgyz parliament passes the water code
The new code sets tariffs for irrigation and the rules for cross-border canals.
Aida Sultanova
Nov 30, 2024

Tajik and Uzbek railways agree on a timetable
Passenger trains between Dushanbe and Samarkand will run three times a week.
Rustam Nazarov
Dec 1, 2024
";
    let p = check(
        page,
        &[
            (
                Some("Kyrgyz parliament passes the water code"),
                Some("Nov 30, 2024"),
                "The new code sets tariffs for irrigation and the rules for cross-border canals.",
            ),
            (
                Some("Tajik and Uzbek railways agree on a timetable"),
                Some("Dec 1, 2024"),
                "Passenger trains between Dushanbe and Samarkand will run three times a week.",
            ),
        ],
    );
    let bylines = p.all_warnings().filter(|w| w.contains("dropped byline"));
    assert_eq!(bylines.count(), 2);
    // Dates under titles: a short title over its date is a title.
    let page = "\
Caspian summit opens in Ashgabat
Nov 30, 2024
Leaders of the five littoral states met to discuss shipping and fishing quotas.
Turkmenistan votes
Dec 1, 2024
Polling stations opened at seven for the election of the lower house of parliament.
";
    check(
        page,
        &[
            (
                Some("Caspian summit opens in Ashgabat"),
                Some("Nov 30, 2024"),
                "Leaders of the five littoral states met to discuss shipping and fishing quotas.",
            ),
            (
                Some("Turkmenistan votes"),
                Some("Dec 1, 2024"),
                "Polling stations opened at seven for the election of the lower house of parliament.",
            ),
        ],
    );
}

/// A cookie or consent notice copied with a page (its heading, text and buttons) is no item,
/// up to the blank line after it or, without blank lines, up to the first line after its
/// buttons; a sign-up box's lines are navigation. The news around them stays whole.
#[test]
fn consent_notices_and_sign_up_boxes_are_dropped() {
    let story = (
        Some("Kazakhstan signs a new oil deal with Azerbaijan"),
        None,
        "The deal raises transit through the Baku pipeline next year.",
    );
    let noticia = (
        Some("Uzbekistán inaugura una línea de tren hacia China"),
        None,
        "El primer convoy salió de Andiyán el lunes con algodón y frutas secas.",
    );
    let news = "Kazakhstan signs a new oil deal with Azerbaijan\n\
                The deal raises transit through the Baku pipeline next year.\n\n\
                Uzbekistán inaugura una línea de tren hacia China\n\
                El primer convoy salió de Andiyán el lunes con algodón y frutas secas.\n";
    let pages = [
        format!(
            "We value your privacy\nWe and our 300 partners store information on a device, \
             such as cookies.\nAccept all\nManage preferences\n\n{news}\n\
             Sign up to our Caspian briefing\nEnter your email\nSign up\n\
             By signing up you agree to our Terms of Service.\n"
        ),
        format!(
            "Este sitio web utiliza cookies propias y de terceros para analizar la navegación.\n\
             Aceptar todo\nRechazar todo\n{news}\nSuscríbete\nIntroduce tu correo\n"
        ),
    ];
    for page in &pages {
        let p = check(page, &[story, noticia]);
        let notices = p.all_warnings().filter(|w| w.contains("consent notice"));
        assert_eq!(notices.count(), 1, "{page}");
    }
    // A sentence about cookies inside a story is the story's.
    let page = "EU court rules on consent banners\n\
                Judges said that we use cookies is no consent without a choice.\n";
    check(
        page,
        &[(
            Some("EU court rules on consent banners"),
            None,
            "Judges said that we use cookies is no consent without a choice.",
        )],
    );
}

/// Text copied from a PDF: contents lines with dot leaders and running headers with their page
/// numbers are no items, and words broken over lines with a hyphen are whole again (a hyphen
/// before a capital, or after a digit, stays).
#[test]
fn printed_pages_lose_contents_headers_and_hyphenation() {
    let page = "\
Contents
1. Energy .................................... 2
2. Trade . . . . . . . . . . . . . . . . . . . . 3

Caspian Quarterly – Issue 12                                        2

Turkmenistan and Azerbaijan agree on a gas swap
The ministers signed a memorandum under which Turkmen gas will reach Eu-
rope through the Southern Gas Corridor, with vol-
umes set each year by a joint commission of the Baku-
Ashgabat working group and the 2024-
2025 plan.

Caspian Quarterly – Issue 12                                        3

Kazakh grain reaches Iran by rail
Exports through the eastern route doubled in a year.
";
    let p = check(
        page,
        &[
            (
                Some("Turkmenistan and Azerbaijan agree on a gas swap"),
                None,
                "The ministers signed a memorandum under which Turkmen gas will reach Europe through the Southern Gas Corridor, with volumes set each year by a joint commission of the Baku- Ashgabat working group and the 2024- 2025 plan.",
            ),
            (
                Some("Kazakh grain reaches Iran by rail"),
                None,
                "Exports through the eastern route doubled in a year.",
            ),
        ],
    );
    // (The contents' heading heads the page.)
    assert_eq!(p.header.as_deref(), Some("Contents"));
    // Words before a page number without a wide gap are a title.
    for line in [
        "Oil exports rise in 2024",
        "Gas talks resume, round 3",
        "Energy ... 2",
    ] {
        assert!(!super::boilerplate::is_print_furniture(line), "{line}");
    }
}

/// A Markdown note's YAML front matter is no item; a page that only opens with a rule, or
/// whose front matter never closes, keeps every line.
#[test]
fn front_matter_of_a_markdown_note_is_dropped() {
    let story = "Georgia recalls its ambassador from Minsk\n\
                 The foreign ministry said the envoy would return for consultations.\n";
    let item = (
        Some("Georgia recalls its ambassador from Minsk"),
        None,
        "The foreign ministry said the envoy would return for consultations.",
    );
    let p = check(
        &format!("---\ntitle: Weekly digest 2024-W49\ndate: 2024-12-06\ntags:\n  - caucasus\naliases: []\n---\n\n{story}"),
        &[item],
    );
    assert!(p.all_warnings().any(|w| w.contains("front matter")));
    // A rule, then the news: nothing held back.
    check(&format!("---\n{story}"), &[item]);
    // `key: value` lines that never close are the page's lines.
    let p = check(
        "---\nSummit: leaders meet in Baku on Friday to sign the charter.\n",
        &[(
            None,
            None,
            "Summit: leaders meet in Baku on Friday to sign the charter.",
        )],
    );
    assert!(!p.all_warnings().any(|w| w.contains("front matter")));
}

/// A Markdown table of news (notes apps, generated digests) is one item per row: the header
/// row names the columns, the delimiter row is no text, and each cell goes where its column's
/// name says (date, title, teaser, link; the source and tags are no text). Rows with no
/// title column take their longest cell as the title.
#[test]
fn markdown_table_rows_are_items() {
    let page = "\
# Caspian watch

| Date | Source | Headline | Summary | Link |
|:-----|--------|----------|---------|------|
| 2024-12-02 | Trend | Baku and Ashgabat agree on a gas swap | Deliveries through Iran will resume in the spring, both ministries said. | https://example.org/1 |
| 2024-12-03 | Azertac | [Caspian summit moved to Tehran](https://example.org/2) |  |  |
|  |  |  |  |  |
| 2024-12-04 | RFE/RL | Kazakhstan raises rail tariffs \\| freight | Transit cargo to Europe will cost a tenth more from January. | |

Georgia recalls its ambassador from Minsk
The foreign ministry said the envoy would return for consultations.
";
    let p = check(
        page,
        &[
            (
                Some("Baku and Ashgabat agree on a gas swap"),
                Some("2024-12-02"),
                "Deliveries through Iran will resume in the spring, both ministries said.",
            ),
            (
                Some("Caspian summit moved to Tehran"),
                Some("2024-12-03"),
                "",
            ),
            (
                Some("Kazakhstan raises rail tariffs | freight"),
                Some("2024-12-04"),
                "Transit cargo to Europe will cost a tenth more from January.",
            ),
            (
                Some("Georgia recalls its ambassador from Minsk"),
                None,
                "The foreign ministry said the envoy would return for consultations.",
            ),
        ],
    );
    assert_eq!(p.header.as_deref(), Some("Caspian watch"));
    let urls: Vec<_> = p.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.org/1"),
            Some("https://example.org/2"),
            None,
            None
        ]
    );
    // No delimiter row under it: a line opening with a pipe is a line like any other.
    check(
        "| Minsk notebook |\nThe foreign ministry said the envoy would return for consultations.\n",
        &[(
            Some("| Minsk notebook |"),
            None,
            "The foreign ministry said the envoy would return for consultations.",
        )],
    );
}

/// A letter alone on its line (a share bar's `X`, an index's `A`) is navigation, never the
/// title of the paragraph under it.
#[test]
fn a_letter_alone_is_no_title() {
    let page = "\
Eurasia Weekly

Kazakhstan lifts its ban on fuel exports by truck
The government said the ban had kept diesel prices stable through the harvest.
Dec 2, 2024
Share this:
Facebook
X
Copy link

Truck exports of diesel and petrol had been banned since the spring.
";
    check(
        page,
        &[
            (
                Some("Kazakhstan lifts its ban on fuel exports by truck"),
                Some("Dec 2, 2024"),
                "The government said the ban had kept diesel prices stable through the harvest.",
            ),
            (
                None,
                None,
                "Truck exports of diesel and petrol had been banned since the spring.",
            ),
        ],
    );
}

/// A chat exported or copied as text: each message is an item with its own date, whatever
/// its shape; a web address ending it is its link; the chat's own lines, deleted messages,
/// media left out and a word of chatter are no items, and a short lead-in with lines under
/// it is the message's text.
#[test]
fn chat_exports_give_one_item_per_message() {
    let whatsapp = "\
06/12/2024, 07:58 - Messages and calls are end-to-end encrypted. Tap to learn more.
06/12/2024, 08:02 - Luis Gil: Buenos días a todos
06/12/2024, 08:05 - Luis Gil: Georgia recalls its ambassador from Minsk https://example.org/ge
06/12/2024, 08:09 - Ana Ruiz: This message was deleted
06/12/2024, 08:11 - Ana Ruiz: Mira:
Uzbekistán y Kirguistán firman un acuerdo sobre el embalse de Kempir-Abad.
https://example.org/uz
06/12/2024, 08:15 - Luis Gil: ok gracias
";
    let p = check(
        whatsapp,
        &[
            (
                Some("Georgia recalls its ambassador from Minsk"),
                Some("06/12/2024 08:05"),
                "",
            ),
            (
                Some("Uzbekistán y Kirguistán firman un acuerdo sobre el embalse de Kempir-Abad"),
                Some("06/12/2024 08:11"),
                "",
            ),
        ],
    );
    let urls: Vec<_> = p.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.org/ge"),
            Some("https://example.org/uz")
        ]
    );
    assert!(p.all_warnings().any(|w| w.contains("'ok gracias'")));
    let slack = "\
Luis Gil  9:14 AM
Kyrgyzstan joins the customs pilot of the union — https://example.org/kg
:eyes: 2  :white_check_mark: 1

Ana Ruiz  9:32 AM
Gazprom cuts gas supplies to Transnistria from January
<https://example.org/tr|Gazprom to halt gas to Transnistria>
3 replies Last reply today at 10:02 AM
";
    let p = check(
        slack,
        &[
            (
                Some("Kyrgyzstan joins the customs pilot of the union"),
                None,
                "",
            ),
            (
                Some("Gazprom cuts gas supplies to Transnistria from January"),
                None,
                "",
            ),
        ],
    );
    let urls: Vec<_> = p.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.org/kg"),
            Some("https://example.org/tr")
        ]
    );
    let telegram = "\
Eurasia Desk, [06.12.2024 09:30]
[ Photo ]
Armenia and Azerbaijan agree on a border commission

The commission will meet in Tbilisi next month.

Eurasia Desk, [06.12.2024 11:45]
Kazakhstan raises fuel prices
";
    check(
        telegram,
        &[
            (
                Some("Armenia and Azerbaijan agree on a border commission"),
                Some("06.12.2024 09:30"),
                "The commission will meet in Tbilisi next month.",
            ),
            (
                Some("Kazakhstan raises fuel prices"),
                Some("06.12.2024 11:45"),
                "",
            ),
        ],
    );
}

/// A news article copied whole from a browser (Ctrl+A): its headline, standfirst, author and
/// date, a share bar, the body, a block of related headlines, tags and an appeal to readers.
/// The body goes on under the head as one item; the related headlines, tags and appeal are
/// no items.
#[test]
fn an_article_copied_whole_is_one_item() {
    let head = "Kazakhstan and Uzbekistan open a joint customs post on the Syrdarya";
    let standfirst =
        "The two governments say the post will cut waiting times for lorries to a few hours.";
    let body1 = "The post at Zhibek Zholy is the first where officers of both countries check \
                 cargo side by side, under an agreement signed in Tashkent in the spring.";
    let body2 = "Hauliers' associations on both sides welcomed the change but asked for the same \
                 arrangement at the four other crossings on the border.";
    let page = format!(
        "{head}\n{standfirst}\nMadina Karimova\nMar 3, 2025\nShare this:\nFacebook\nX\nCopy link\n\n\
         {body1}\n\n{body2}\n\nRelated\nTajikistan raises electricity tariffs for industry\n\
         Kyrgyz lawmakers debate a new media law\n\nTags\nKazakhstan\nCustoms\n\n\
         Support independent journalism. Donate today.\n"
    );
    let text = format!("{standfirst}\n\n{body1}\n\n{body2}");
    let p = check(&page, &[(Some(head), Some("Mar 3, 2025"), &text)]);
    assert!(p
        .all_warnings()
        .any(|w| w == "line 14: dropped 2 related link(s) under 'Related'"));

    // The same in Spanish, with a Markdown list of related links.
    let head = "Bolivia y Argentina firman un acuerdo de suministro de gas para el invierno";
    let standfirst = "El contrato fija los volúmenes de mayo a septiembre y un precio revisable.";
    let body = "La estatal boliviana enviará hasta ocho millones de metros cúbicos diarios por el \
                gasoducto del norte, según el texto firmado en La Paz por los dos ministros.";
    let page = format!(
        "{head}\n{standfirst}\nLucía Mendoza\n12 de abril de 2025\nCompartir\n\n{body}\n\n\
         ## Noticias relacionadas\n- [Chile amplía su red eléctrica hacia el norte](https://example.org/a)\n\
         - [Perú licita dos bloques petroleros](https://example.org/b)\n\n\
         Apoya el periodismo independiente. Dona hoy.\n"
    );
    let text = format!("{standfirst}\n\n{body}");
    check(&page, &[(Some(head), Some("12 de abril de 2025"), &text)]);
}

/// A box of the site's most read stories, copied with a page (`Most read`, *Lo más visto*),
/// is other pages' headlines: dropped as related links are.
#[test]
fn most_read_headlines_are_no_items() {
    for label in ["Most read", "LO MÁS VISTO", "Trending now"] {
        let page = format!(
            "Ferry traffic resumes across the Caspian\n\
             Operators restored the crossings between Aktau and Baku after the winter storms.\n\n\
             Gas talks resume in Vienna\n\
             Negotiators met again on Monday to settle the transit fee for next year.\n\n\
             {label}\n\
             A celebrity wedding on a Greek island draws half of Hollywood\n\
             The home side wins the derby in the last minute\n\
             Mortgage rates fall for the third month running\n"
        );
        let p = check(
            &page,
            &[
                (
                    Some("Ferry traffic resumes across the Caspian"),
                    None,
                    "Operators restored the crossings between Aktau and Baku after the winter storms.",
                ),
                (
                    Some("Gas talks resume in Vienna"),
                    None,
                    "Negotiators met again on Monday to settle the transit fee for next year.",
                ),
            ],
        );
        assert!(
            p.all_warnings().any(|w| w.contains("3 related link(s)")),
            "{label}: {:?}",
            p.all_warnings().collect::<Vec<_>>()
        );
    }
}

/// Headlines under a related-links label that turn out to have teasers are the page's items
/// (the label was a section's heading): nothing is dropped but the label, as before.
#[test]
fn a_related_label_over_items_with_teasers_drops_no_item() {
    let page = "\
Turkmenistan opens a gas compressor station near Mary
The station will raise the pressure on the line that carries gas toward the Chinese border.

See also
Azerbaijan and Georgia agree on rail tariffs for the winter
The two railways will keep last year's rates on containers bound for the Black Sea ports.
";
    let p = check(
        page,
        &[
            (
                Some("Turkmenistan opens a gas compressor station near Mary"),
                None,
                "The station will raise the pressure on the line that carries gas toward the Chinese border.",
            ),
            (
                Some("Azerbaijan and Georgia agree on rail tariffs for the winter"),
                None,
                "The two railways will keep last year's rates on containers bound for the Black Sea ports.",
            ),
        ],
    );
    assert!(!p.all_warnings().any(|w| w.contains("related link")));
}

/// A newsletter copied as text: a block under `SPONSORED` (or *Publicidad*) directly over its
/// lines is an advertisement, no item; a label with a blank line under it is an ad's slot
/// between an article's paragraphs, which go on.
#[test]
fn an_advertisement_under_its_label_is_no_item() {
    let first = (
        Some("Kazakhstan raises the oil export quota for January"),
        None,
        "The energy ministry lifted the monthly cap by five percent after talks with the pipeline consortium.",
    );
    let second = (
        Some("Georgia recalls its ambassador from Minsk"),
        None,
        "The foreign ministry said the envoy was called home for consultations after a dispute over visas.",
    );
    let page = format!(
        "{}\n{}\n\nSPONSORED\nLearn Russian online in twelve weeks\nJoin thousands of \
         professionals who study with our tutors. First lesson free.\n\n{}\n{}\n",
        first.0.unwrap(),
        first.2,
        second.0.unwrap(),
        second.2
    );
    let p = check(&page, &[first, second]);
    assert!(p
        .all_warnings()
        .any(|w| w == "line 4: dropped an advertisement of 2 line(s) under 'SPONSORED'"));

    let page = format!(
        "{}\n{}\n\nPublicidad\n\nThe decision follows a month of talks on the quota.\n",
        first.0.unwrap(),
        first.2
    );
    let text = format!(
        "{}\n\nThe decision follows a month of talks on the quota.",
        first.2
    );
    check(&page, &[(first.0, None, &text)]);
}

/// Dates set apart over groups of items, each written as the first is, head the items under
/// them (a press office's list by day) once an item has shown that dates do not follow every
/// item; a masthead's date written otherwise than the dates under its stories leaves those
/// dates to the stories above them. (With one item under the first heading, the second heading
/// reads both ways when it comes, and is taken for that item's date.)
#[test]
fn date_headings_date_the_items_under_them() {
    let a = "Kyrgyz and Tajik border posts reopen at Kyzyl-Bel";
    let a_text =
        "The crossing closed since the spring clashes reopened to lorries on Monday morning.";
    let b = "Azerbaijan and the EU sign a memorandum on a Black Sea cable";
    let b_text =
        "The line would carry electricity from the Caspian coast to Romania under the sea.";
    let c = "Bolivia suspends a lithium contract pending an audit";
    let c_text =
        "The new government ordered a review of every contract signed in the last two years.";
    let page = format!(
        "Martes, 14 de octubre de 2025\n\n{a}\n{a_text}\n\n{c}\n{c_text}\n\n\
         Lunes, 13 de octubre de 2025\n\n\
         {b}\n{b_text}\n\n{c}\n{c_text}\n\nViernes, 10 de octubre de 2025\n\n{a}\n{a_text}\n"
    );
    check(
        &page,
        &[
            (Some(a), Some("Martes, 14 de octubre de 2025"), a_text),
            (Some(c), Some("Martes, 14 de octubre de 2025"), c_text),
            (Some(b), Some("Lunes, 13 de octubre de 2025"), b_text),
            (Some(c), Some("Lunes, 13 de octubre de 2025"), c_text),
            (Some(a), Some("Viernes, 10 de octubre de 2025"), a_text),
        ],
    );

    let page = format!(
        "Monday, December 7, 2026\n\n{a}\n{a_text}\n\nDecember 5, 2026\n\n{b}\n{b_text}\n\n\
         December 4, 2026\n\n{c}\n{c_text}\n"
    );
    check(
        &page,
        &[
            (Some(a), Some("December 5, 2026"), a_text),
            (Some(b), Some("December 4, 2026"), b_text),
            (Some(c), Some("Monday, December 7, 2026"), c_text),
        ],
    );
}

/// A newsletter's plain-text version (as Mailchimp sends it) writes its links out in brackets:
/// `READ MORE (https://…)` is the item's link, a bar of them is navigation, and its footer's
/// lines stay short once their addresses are counted as one character each.
#[test]
fn a_plain_text_newsletter_links_in_brackets_and_its_footer() {
    let title = "Moscow raises the defence budget again";
    let teaser = "The draft budget sent to the Duma foresees another rise in military spending.";
    let url = "https://news.example.com/2025/10/09/budget";
    let long = format!(
        "https://lists.example.com/profile?u={}",
        "5f1a2b3c4d".repeat(8)
    );
    let page = format!(
        "** {title}\n{teaser}\nREAD MORE ({url})\n\n** Follow us\n\
         Twitter (https://twitter.com/example) | LinkedIn (https://www.linkedin.com/company/example) | Website (https://example.org)\n\n\
         Copyright © 2025 Example Centre, All rights reserved.\n\n\
         Want to change how you receive these emails?\n\
         You can update your preferences ({long}) or unsubscribe from this list ({long})\n"
    );
    let p = check(&page, &[(Some(title), None, teaser)]);
    assert_eq!(p.items[0].url.as_deref(), Some(url));
    assert!(is_nav(
        "Twitter (https://twitter.com/example) | LinkedIn (https://www.linkedin.com/company/example) | Website (https://example.org)"
    ));
}

/// Lists as posts and notes write them: emoji bullets (`🔹`, `▪️`), bullets under a heading
/// that ends in a colon and is set apart (`Weekly wrap:`), a linked title whose teaser after
/// the dash opens in lower case, and a numbered list whose entries carry a teaser line each.
#[test]
fn lists_with_emoji_bullets_headings_and_numbers() {
    let one = "Kazakhstan: Rosatom will lead the consortium building the first nuclear plant.";
    let two = "Uzbekistan: a first panda bond is planned before the end of the year.";
    for bullet in ["🔹", "▪\u{FE0F}", "•"] {
        let page = format!("Weekly wrap:\n\n{bullet} {one}\n\n{bullet} {two}\n");
        let p = split_page(&page);
        // (Each bullet is one sentence: a headline set as a sentence, its item's title.)
        let items: Vec<String> = p
            .items
            .iter()
            .map(|i| format!("{} {}", i.title.as_deref().unwrap_or(""), i.text))
            .collect();
        assert!(
            items[0].contains("Rosatom") && items[1].contains("panda"),
            "{bullet}: {p:#?}"
        );
        assert!(p
            .warnings
            .iter()
            .any(|w| w == "line 1: dropped list heading 'Weekly wrap:'"));
        assert_eq!(p.items.len(), 2, "{bullet}: {p:#?}");
    }

    let page = "\
- [Kazajistán adjudica a Rosatom la primera central nuclear](https://e.example/a) — la corporación rusa liderará el consorcio.
- [Uzbekistán emitirá sus primeros bonos panda](https://e.example/c) — Taskent quiere captar hasta 2.000 millones de yuanes.
";
    let p = check(
        page,
        &[
            (
                Some("Kazajistán adjudica a Rosatom la primera central nuclear"),
                None,
                "la corporación rusa liderará el consorcio.",
            ),
            (
                Some("Uzbekistán emitirá sus primeros bonos panda"),
                None,
                "Taskent quiere captar hasta 2.000 millones de yuanes.",
            ),
        ],
    );
    assert_eq!(p.items[0].url.as_deref(), Some("https://e.example/a"));

    let page = "\
## Venezuela / Rusia
1. [Rusia y Venezuela ratifican un acuerdo de defensa antiaérea](https://a.example/1)
   Incluye el mantenimiento de los S-300 y la formación de oficiales venezolanos.
2. [Maduro firma con China un acuerdo de deuda por petróleo](https://a.example/2)
   Reestructura unos 10.000 millones de dólares de préstamos del banco chino.
";
    check(
        page,
        &[
            (
                Some("Rusia y Venezuela ratifican un acuerdo de defensa antiaérea"),
                None,
                "Incluye el mantenimiento de los S-300 y la formación de oficiales venezolanos.",
            ),
            (
                Some("Maduro firma con China un acuerdo de deuda por petróleo"),
                None,
                "Reestructura unos 10.000 millones de dólares de préstamos del banco chino.",
            ),
        ],
    );
}

/// A post forwarded in a Telegram channel keeps its stamp's date: the note over it naming the
/// source (`[Forwarded from …]`) is no item.
#[test]
fn a_forwarded_telegram_post_keeps_its_date() {
    let page = "\
CA Digest, [14.10.2025 11:40]
[Forwarded from Tashkent Business Wire]
Uzbekistan plans its first bond in yuan

The finance ministry wants to raise up to two billion yuan on China's interbank market.
";
    let p = check(
        page,
        &[(
            Some("Uzbekistan plans its first bond in yuan"),
            Some("14.10.2025 11:40"),
            "The finance ministry wants to raise up to two billion yuan on China's interbank market.",
        )],
    );
    assert!(p
        .all_warnings()
        .any(|w| w == "line 2: dropped '[Forwarded from Tashkent Business Wire]'"));
}

/// A printed brief copied as text repeats its running header on every page: after the first,
/// which is the page's header, the copies are dropped, not taken for headlines.
#[test]
fn a_running_header_repeated_on_every_page_is_dropped() {
    let head = "CASPIAN ENERGY MONITOR                         No. 12 | March 2025";
    let page = format!(
        "{head}\n1. Kazakhstan picks a contractor for its first nuclear plant\n\
         Astana confirmed that a foreign state company will lead the building consortium.\n\
         {head}\n2\n2. Turkmenistan reopens the tender for its gas pipeline\n\
         Ashgabat invited bids for the last section of the line to the Caspian coast.\n"
    );
    let p = check(
        &page,
        &[
            (
                Some("Kazakhstan picks a contractor for its first nuclear plant"),
                None,
                "Astana confirmed that a foreign state company will lead the building consortium.",
            ),
            (
                Some("Turkmenistan reopens the tender for its gas pipeline"),
                None,
                "Ashgabat invited bids for the last section of the line to the Caspian coast.",
            ),
        ],
    );
    assert!(p
        .all_warnings()
        .any(|w| w.starts_with("line 4: dropped running header")));
}

#[test]
fn a_letter_around_a_press_summary_is_no_item() {
    // A press summary mailed by a colleague: a greeting, a sentence introducing it, the
    // summary's dated heading, its stories, a sign-off and a signature. Before, the
    // introduction was an untitled first item, the heading's date its date, and the stories
    // after the next one were taken for that one's subheadings; the signature's role line
    // was an item.
    let page = "\
Dear colleagues,
Please find below today's press summary.

PRESS SUMMARY – 22 April 2024

Turkmenistan raises gas exports to China
Ashgabat shipped a record volume through the pipeline in the first quarter, the state company said.

Armenia and Azerbaijan agree on a border commission
Deputy prime ministers of both countries met on the border and agreed to start delimitation.

EU foreign ministers discuss a sanctions package
The package would target vessels carrying oil above the price cap.

Best regards,
Maria Keller
Research Assistant | Eurasia Programme
Tel. +49 30 1234 567
";
    let day = Some("22 April 2024");
    let p = check(
        page,
        &[
            (
                Some("Turkmenistan raises gas exports to China"),
                day,
                "Ashgabat shipped a record volume through the pipeline in the first quarter, the state company said.",
            ),
            (
                Some("Armenia and Azerbaijan agree on a border commission"),
                day,
                "Deputy prime ministers of both countries met on the border and agreed to start delimitation.",
            ),
            (
                Some("EU foreign ministers discuss a sanctions package"),
                day,
                "The package would target vessels carrying oil above the price cap.",
            ),
        ],
    );
    assert!(p
        .warnings
        .iter()
        .any(|w| w.contains("letter's introduction")));
}

#[test]
fn a_letter_set_apart_line_by_line_in_spanish() {
    // The same shape as a mail client's HTML gives it (every line a paragraph of its own),
    // in Spanish, with an introduction that speaks to the readers without a set phrase.
    let page = "\
Estimados compañeros:

Hoy os traemos lo más destacado de la prensa de la región.

Kazajistán y China firman un acuerdo ferroviario

Las dos partes acordaron ampliar la terminal de carga en la frontera y construir una segunda vía.

Georgia convoca elecciones municipales anticipadas

El Gobierno fijó la fecha para octubre tras la dimisión de varios alcaldes de la oposición.

Saludos,

Ana Gómez

Observatorio de Asia Central | Madrid
";
    check(
        page,
        &[
            (
                Some("Kazajistán y China firman un acuerdo ferroviario"),
                None,
                "Las dos partes acordaron ampliar la terminal de carga en la frontera y construir una segunda vía.",
            ),
            (
                Some("Georgia convoca elecciones municipales anticipadas"),
                None,
                "El Gobierno fijó la fecha para octubre tras la dimisión de varios alcaldes de la oposición.",
            ),
        ],
    );
}

#[test]
fn news_after_a_sign_off_is_still_news() {
    // A newsletter that signs off before its last section: the lines under the sign-off
    // are too long for a signature, so they are read as items.
    let page = "\
Gas talks resume in Vienna
Negotiators met for the first time since the spring and agreed on a schedule.

See you next week!

Also in the news: Tajikistan opens a new border post
The post on the Pyanj river will handle trucks from Afghanistan from next month, officials said.
";
    check(
        page,
        &[
            (
                Some("Gas talks resume in Vienna"),
                None,
                "Negotiators met for the first time since the spring and agreed on a schedule.",
            ),
            (
                Some("Also in the news: Tajikistan opens a new border post"),
                None,
                "The post on the Pyanj river will handle trucks from Afghanistan from next month, officials said.",
            ),
        ],
    );
}

#[test]
fn letter_introductions_and_sign_offs_recognised() {
    use super::boilerplate::{is_letter_intro, is_signoff};
    for s in [
        "Please find below today's press summary.",
        "Below you will find the main stories of the week:",
        "Les envío a continuación el resumen de prensa.",
        "Aquí tienen la selección de hoy:",
    ] {
        assert!(is_letter_intro(s, false), "{s:?} should open a letter");
    }
    // Under a greeting only: a sentence that speaks to the readers.
    for s in [
        "Today we bring you the main stories of the day.",
        "Hoy os traemos lo más destacado.",
    ] {
        assert!(is_letter_intro(s, true), "{s:?} should open a letter");
        assert!(!is_letter_intro(s, false), "{s:?} needs a greeting above");
    }
    for s in [
        // No full stop, colon or `!`: a headline.
        "Below are the figures Moscow did not publish",
        // News, even under a greeting.
        "The ministers met in Astana on Monday.",
        "Rusia y China firman un acuerdo energético.",
    ] {
        assert!(!is_letter_intro(s, true), "{s:?} should not open a letter");
    }
    for s in [
        "Regards,",
        "Best,",
        "Saludos,",
        "Thanks!",
        "Kind regards, Ana",
        "Un abrazo",
        "— Sent from my phone",
        "-- Best regards",
    ] {
        assert!(is_signoff(s), "{s:?} should be a sign-off");
    }
    for s in [
        "Best of the week: Caspian gas deals",
        "Saludos de Xi a Putin",
        "Thanks to new pipeline, Baku doubles exports",
        "— Best of the week: Caspian gas deals",
    ] {
        assert!(!is_signoff(s), "{s:?} should not be a sign-off");
    }
}

#[test]
fn a_teaser_closed_by_hashtags_is_a_teaser() {
    // A note's items, each teaser closed by its tags. Before, the tags hid the sentence's
    // end: every teaser read as a headline, and the first item went into the page header.
    let page = "\
Uzbek students protest visa delays at the consulate
Dozens of students gathered outside the consulate after waits of months for their visas. #diplomacy

Kyrgyzstan suspends a gold mine's licence
The authorities suspended the licence after a spill into a river. #mining #kg
";
    check(
        page,
        &[
            (
                Some("Uzbek students protest visa delays at the consulate"),
                None,
                "Dozens of students gathered outside the consulate after waits of months for their visas. #diplomacy",
            ),
            (
                Some("Kyrgyzstan suspends a gold mine's licence"),
                None,
                "The authorities suspended the licence after a spill into a river. #mining #kg",
            ),
        ],
    );
}

#[test]
fn a_headline_list_keeps_its_headlines_and_date_over_a_copyright_line() {
    // Before, the copyright line was the last headline's teaser, the headlines above it the
    // page header, and the header's date no item's.
    let page = "\
WIRE HEADLINES 0600 GMT 17 MAR 2026

KAZAKH PRESIDENT ARRIVES IN BEIJING FOR STATE VISIT
RUSSIA SAYS IT WILL RETALIATE AGAINST NEW SANCTIONS
MOLDOVA EXPELS RUSSIAN DIPLOMAT OVER ELECTION CLAIMS

(C) 2026 WIRE SERVICE. ALL RIGHTS RESERVED.
";
    let day = Some("17 MAR 2026");
    let p = check(
        page,
        &[
            (
                Some("KAZAKH PRESIDENT ARRIVES IN BEIJING FOR STATE VISIT"),
                day,
                "",
            ),
            (
                Some("RUSSIA SAYS IT WILL RETALIATE AGAINST NEW SANCTIONS"),
                day,
                "",
            ),
            (
                Some("MOLDOVA EXPELS RUSSIAN DIPLOMAT OVER ELECTION CLAIMS"),
                day,
                "",
            ),
        ],
    );
    assert!(p.warnings.iter().any(|w| w.contains("ALL RIGHTS RESERVED")));
}

#[test]
fn bullets_set_in_under_a_numbered_headline_are_its_points() {
    // A morning note: numbered headlines, each with its points set further in. Before,
    // every point was an item of its own. A short line (`4. Other`) names a section: the
    // bullets under it stay items.
    let page = "\
Morning note – Tue 24 Mar 2026

1) Russia–Kazakhstan: oil transit disrupted again
   - Drone strike damaged a mooring point on Sunday night
   - Exports expected to fall for two weeks
2) China–Tajikistan: dam financing
   - Chinese banks considering a loan for the final stage
3) Other
   - Weather: heavy rain forecast for Brussels on Thursday, and the meeting is moved.
   - Staff: the summer rota of the desk is due by Friday, with no exception this year.
";
    let day = Some("Tue 24 Mar 2026");
    check(
        page,
        &[
            (
                Some("Russia–Kazakhstan: oil transit disrupted again"),
                day,
                "- Drone strike damaged a mooring point on Sunday night - Exports expected to fall for two weeks",
            ),
            (
                Some("China–Tajikistan: dam financing"),
                day,
                "- Chinese banks considering a loan for the final stage",
            ),
            (
                Some("Weather: heavy rain forecast for Brussels on Thursday, and the meeting is moved"),
                day,
                "",
            ),
            (
                Some("Staff: the summer rota of the desk is due by Friday, with no exception this year"),
                day,
                "",
            ),
        ],
    );
}

#[test]
fn a_table_of_contents_is_dropped_and_headlines_are_kept() {
    // "In this issue" lists the stories the letter then gives in full: the list is dropped
    // (before, each of its lines was a headline item, every story counted twice).
    let page = "\
BLACK SEA LETTER
No. 19 | 20 May 2026

IN THIS ISSUE
  1. Danube ports: Galați terminal doubles capacity
  2. Drone debris found again in a Moldovan village

1. DANUBE PORTS: GALAȚI TERMINAL DOUBLES CAPACITY

The expanded grain terminal can now handle ten million tonnes a year, much of it from Ukraine.

2. DRONE DEBRIS FOUND AGAIN IN A MOLDOVAN VILLAGE

Fragments of an attack drone fell near the village overnight, the fourth such incident this year.
";
    let day = Some("20 May 2026");
    let p = check(
        page,
        &[
            (
                Some("DANUBE PORTS: GALAȚI TERMINAL DOUBLES CAPACITY"),
                day,
                "The expanded grain terminal can now handle ten million tonnes a year, much of it from Ukraine.",
            ),
            (
                Some("DRONE DEBRIS FOUND AGAIN IN A MOLDOVAN VILLAGE"),
                day,
                "Fragments of an attack drone fell near the village overnight, the fourth such incident this year.",
            ),
        ],
    );
    assert!(p.warnings.iter().any(|w| w.contains("table of contents")));
    // Headlines over a story of another title are the page's own items.
    let page = "\
Kazakh president arrives in Beijing for a state visit
Moldova expels a Russian diplomat over election claims

Border crossing reopens on the Pyanj
Trucks queued for hours as the post reopened after repairs to the bridge.
";
    let p = split_page(page);
    assert_eq!(p.items.len(), 3, "{p:#?}");
    assert!(!p.warnings.iter().any(|w| w.contains("table of contents")));
}

#[test]
fn paragraphs_opening_with_a_headline_sentence_are_items() {
    // Briefs written as paragraphs, each opening with its headline set as a sentence. Before,
    // they were one untitled item.
    let page = "\
Kazakhstan signs a gas deal with China. Astana and Beijing agreed to expand deliveries through the pipeline from next year.

Georgia's parliament passes the media law. The ruling party pushed the bill through despite protests outside the building.

Mongolia joins a transport study. The feasibility study will look at a rail connection to the border.
";
    check(
        page,
        &[
            (
                Some("Kazakhstan signs a gas deal with China"),
                None,
                "Astana and Beijing agreed to expand deliveries through the pipeline from next year.",
            ),
            (
                Some("Georgia's parliament passes the media law"),
                None,
                "The ruling party pushed the bill through despite protests outside the building.",
            ),
            (
                Some("Mongolia joins a transport study"),
                None,
                "The feasibility study will look at a rail connection to the border.",
            ),
        ],
    );
    // An article's paragraphs, untitled, stay one item: its sentences open with `The`, `Both`.
    let page = "\
The foreign ministers met in Almaty on Friday. The talks lasted six hours and ended without a joint statement.

Both sides described the meeting as constructive. The two delegations agreed on most articles of the draft.
";
    let p = split_page(page);
    assert_eq!(p.items.len(), 1, "{p:#?}");
    assert_eq!(p.items[0].title, None);
}

#[test]
fn a_forwarded_digest_starts_under_its_marker() {
    // A digest forwarded by a colleague and pasted as text: the note above the marker and the
    // header fields under it are no items. Before, the note and "Sent from my iPhone" were.
    let page = "\
FYI - useful roundup below, esp. item 2 for the Thursday call.

Sent from my iPhone

---------- Forwarded message ---------
From: Caspian Digest <digest@example.org>
Date: Mon, Feb 9, 2026 at 7:05 AM
Subject: Caspian Digest | 9 February 2026
To: <reader@example.org>


CASPIAN DIGEST
Monday, 9 February 2026

Iran and Russia finalise a gas swap
Under the deal, gas will flow to northern Iran through the network of a third country.

Turkmenistan invites bids for offshore blocks
The state agency opened a tender for three blocks in the western sector.
";
    let day = Some("Monday, 9 February 2026");
    let p = check(
        page,
        &[
            (
                Some("Iran and Russia finalise a gas swap"),
                day,
                "Under the deal, gas will flow to northern Iran through the network of a third country.",
            ),
            (
                Some("Turkmenistan invites bids for offshore blocks"),
                day,
                "The state agency opened a tender for three blocks in the western sector.",
            ),
        ],
    );
    assert!(p
        .warnings
        .iter()
        .any(|w| w.contains("above the forwarded message")));
    // Apple Mail's marker, a blank line before the fields.
    let apple = page.replace(
        "---------- Forwarded message ---------\n",
        "Begin forwarded message:\n\n",
    );
    let apple = split_page(&apple);
    assert_eq!(apple.items, p.items);
    // (Its `Date:` field is dropped, not read as a date.)
    assert!(
        !apple.warnings.iter().any(|w| w.contains("extra date")),
        "{:?}",
        apple.warnings
    );
}

#[test]
fn a_line_opening_with_its_address_is_a_linked_headline() {
    // Links shared in a chat and pasted: the address first, then the headline. Before, the
    // first line was dropped (taken for the page header) without a word.
    let page = "\
https://example.kz/en/news/visa-free Kazakhstan and China extend visa-free stays to 45 days

Russia and Armenia agree to review the gas price https://example.am/gas
";
    let p = check(
        page,
        &[
            (
                Some("Kazakhstan and China extend visa-free stays to 45 days"),
                None,
                "",
            ),
            (
                Some("Russia and Armenia agree to review the gas price"),
                None,
                "",
            ),
        ],
    );
    let urls: Vec<_> = p.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.kz/en/news/visa-free"),
            Some("https://example.am/gas")
        ]
    );
}

/// Headlines in a script written without spaces (Chinese) are as long as their characters
/// make them, not one word: a Chinese story before an English one is an item, not a short
/// line dropped as a masthead.
#[test]
fn chinese_headlines_are_items() {
    check(
        "\
中亚天然气管道第四条线开工建设
两国能源部长在阿什哈巴德出席了开工仪式。

Uzbekistan opens a new border crossing with Tajikistan
Trucks and buses will be able to cross at the post round the clock from next month.
",
        &[
            (
                Some("中亚天然气管道第四条线开工建设"),
                None,
                "两国能源部长在阿什哈巴德出席了开工仪式。",
            ),
            (
                Some("Uzbekistan opens a new border crossing with Tajikistan"),
                None,
                "Trucks and buses will be able to cross at the post round the clock from next month.",
            ),
        ],
    );
}

/// Markdown reference links (`## [Title][ref]`, `[ref]: https://…` at the end) give each item
/// its own address, found when the page ends; footnote marks and definitions are no text.
#[test]
fn markdown_reference_links_give_each_item_its_address() {
    let page = "\
## [Colombia suspends extraditions][col]

The president suspended three extraditions as a gesture to revive the talks.[^1]

## [Brasil no se unirá a la OPEP+][]

El ministro aclaró que Brasil participará solo como observador.

[col]: https://example.co/extraditions \"El Tiempo\"
[Brasil no se unirá a la OPEP+]: <https://example.br/opep>
[^1]: Decree 311 of 11 March.
";
    let got = check(
        page,
        &[
            (
                Some("Colombia suspends extraditions"),
                None,
                "The president suspended three extraditions as a gesture to revive the talks.",
            ),
            (
                Some("Brasil no se unirá a la OPEP+"),
                None,
                "El ministro aclaró que Brasil participará solo como observador.",
            ),
        ],
    );
    let urls: Vec<_> = got.items.iter().map(|i| i.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.co/extraditions"),
            Some("https://example.br/opep")
        ]
    );
    assert!(
        got.warnings
            .iter()
            .any(|w| w.contains("dropped footnote '[^1]")),
        "{:?}",
        got.warnings
    );
    // A label with no definition leaves its item without an address.
    let undefined =
        split_page("## [Ports reopen][gone]\n\nShips left Aktau at dawn after the storm.\n");
    assert_eq!(undefined.items[0].url, None);
    assert_eq!(undefined.items[0].title.as_deref(), Some("Ports reopen"));
}

/// List numbers in brackets (`[1]`, `(2)`) leave titles as `1.` does, and so does a number
/// opening an item that is one sentence.
#[test]
fn bracketed_list_numbers_leave_titles() {
    check(
        "\
[1] Ferry line opens between Aktau and Baku
The first ship carried forty trucks across the sea on Tuesday night.

(2) Grain exports through the port reach a record
The terminal loaded more grain in March than in all of last year.
",
        &[
            (
                Some("Ferry line opens between Aktau and Baku"),
                None,
                "The first ship carried forty trucks across the sea on Tuesday night.",
            ),
            (
                Some("Grain exports through the port reach a record"),
                None,
                "The terminal loaded more grain in March than in all of last year.",
            ),
        ],
    );
    check(
        "\
1. Georgia and Armenia open a second border crossing at Sadakhlo.
https://example.ge/sadakhlo

2. Mongolia signs a coal deal with two Chinese provinces.
https://example.mn/coal
",
        &[
            (
                Some("Georgia and Armenia open a second border crossing at Sadakhlo"),
                None,
                "",
            ),
            (
                Some("Mongolia signs a coal deal with two Chinese provinces"),
                None,
                "",
            ),
        ],
    );
}

/// A chat exported with ISO days (`[2025-03-13 08:03] Dana: …`, as Signal's exporters write
/// them) is read as a chat: one item per shared link, dated, the greeting dropped.
#[test]
fn chats_stamped_with_iso_days_are_chats() {
    let got = check(
        "\
[2025-03-13 08:02] Dana: Morning all. Links for today:
[2025-03-13 08:03] Dana: Mongolia signs a uranium deal with a French group https://example.mn/uranium
[2025-03-13 08:15] Pablo: Perú y China amplían el puerto de Chancay https://example.pe/chancay
",
        &[
            (
                Some("Mongolia signs a uranium deal with a French group"),
                Some("2025-03-13 08:03"),
                "",
            ),
            (
                Some("Perú y China amplían el puerto de Chancay"),
                Some("2025-03-13 08:15"),
                "",
            ),
        ],
    );
    assert_eq!(
        got.items[1].url.as_deref(),
        Some("https://example.pe/chancay")
    );
}

/// A chronology's entries, each a paragraph opening with its date, are items of their own,
/// in plain text and in Markdown under the chronology's heading.
#[test]
fn a_chronologys_dated_paragraphs_are_entries() {
    let entries = [
        (
            "12 January",
            "Foreign ministers meet in Geneva and agree to resume work on the treaty.",
        ),
        (
            "3 February",
            "Four detainees are handed over at the border checkpoint.",
        ),
        (
            "13 March",
            "Both sides announce that the text of the agreement is fully agreed.",
        ),
    ];
    let expected: Vec<Exp> = entries.iter().map(|(d, t)| (None, Some(*d), *t)).collect();
    let plain: String = entries
        .iter()
        .map(|(d, t)| format!("{d} — {t}\n\n"))
        .collect();
    check(&plain, &expected);
    let markdown: String = entries
        .iter()
        .map(|(d, t)| format!("**{d}** — {t}\n\n"))
        .collect();
    let page = check(
        &format!("# Chronology: the talks in 2025\n\n{markdown}"),
        &expected,
    );
    assert_eq!(
        page.header.as_deref(),
        Some("Chronology: the talks in 2025")
    );
}

/// A teaser wrapped after a word no headline ends on (`…its allies at` / `Monday's meeting…`)
/// goes on in its next line, even one that opens with a capital: it is no headline, and the
/// headline above it is not lost to the page's header.
#[test]
fn a_line_wrapped_after_a_preposition_is_no_headline() {
    check(
        "\
Armenia suspends its part in the spring exercises
Yerevan informed the organisation and its allies at
Monday's meeting that it would not send troops to the drills.

China and Kyrgyzstan break ground on a railway section
Work on the Kyrgyz section of the railway formally began with
Deputy prime ministers of both countries in attendance on Friday.
",
        &[
            (
                Some("Armenia suspends its part in the spring exercises"),
                None,
                "Yerevan informed the organisation and its allies at Monday's meeting that it would not send troops to the drills.",
            ),
            (
                Some("China and Kyrgyzstan break ground on a railway section"),
                None,
                "Work on the Kyrgyz section of the railway formally began with Deputy prime ministers of both countries in attendance on Friday.",
            ),
        ],
    );
}
