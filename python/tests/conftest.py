"""Shared fixtures: the command-line tool to compare with, texts written for these tests, and
the shared Reuters test split (skipped with a notice when ../shared is absent)."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REUTERS_TEST = REPO.parent / "shared" / "datasets" / "reuters21578" / "modapte90_test.jsonl"
DEFAULT_MODEL = REPO / "models" / "foreign-policy.model"


def cli_binary() -> str:
    """The `topictag` binary: $TOPICTAG_BIN, else the workspace's release or debug build."""
    env = os.environ.get("TOPICTAG_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "topictag"
        if path.exists():
            return str(path)
    pytest.fail("no topictag binary: run `cargo build --release` or set TOPICTAG_BIN")


def cli_tag(jsonl: Path, model: Path = DEFAULT_MODEL) -> list:
    """The tool's CSV rows for a JSON Lines file, parsed: one dict per item.

    `--lang-hint off`: every text is routed on its own, as the Python API does."""
    out = subprocess.run(
        [cli_binary(), "tag", str(jsonl), "--model", str(model), "--format", "csv",
         "--lang-hint", "off", "--quiet"],
        check=True, capture_output=True, text=True, encoding="utf-8",
    ).stdout
    return list(csv.DictReader(out.splitlines(keepends=True)))


def as_cli(result: dict, topics: list) -> dict:
    """A Python result formatted as the tool's CSV writes the same values."""
    row = {
        "lang": result["lang"],
        "confidence": f"{result['confidence']:.3f}",
        "topics": ";".join(result["topics"]),
    }
    row.update({t: f"{s:.4f}" for t, s in zip(topics, result["scores"])})
    return row


def cli_fields(row: dict, topics: list) -> dict:
    return {k: row[k] for k in ["lang", "confidence", "topics", *topics]}


def assert_rows_equal(cli_rows: list, results: list, topics: list) -> None:
    """Every row equal, field by field; the message shows the first rows that differ."""
    assert len(cli_rows) == len(results), (len(cli_rows), len(results))
    diffs = [
        (i, cli_fields(c, topics), as_cli(r, topics))
        for i, (c, r) in enumerate(zip(cli_rows, results))
        if cli_fields(c, topics) != as_cli(r, topics)
    ]
    assert not diffs, f"{len(diffs)} of {len(results)} rows differ, first: {diffs[:3]}"


# Sentences written for these tests (not taken from any data set), in several languages, with
# fragments too short to route on their own.
SENTENCES = [
    "The government signed a gas pipeline deal to raise exports to Europe.",
    "Oil prices rose after the refinery outage cut fuel supplies.",
    "Troops held military exercises near the disputed border on Tuesday.",
    "The defence minister announced new missile tests and more patrols.",
    "Trade talks stalled over tariffs on steel and farm goods.",
    "Exporters fear the new customs rules will slow shipments at the port.",
    "Leaders met in Brussels to discuss enlargement of the union.",
    "The bloc agreed a common market for electricity and transport.",
    "The foreign minister flew to Geneva for talks with his counterpart.",
    "Ambassadors were recalled after the embassy protest turned violent.",
    "Parliament voted to hold an early election after the coalition collapsed.",
    "The opposition party chose a new leader ahead of the presidential vote.",
    "A summit on climate finance ended without a joint statement.",
    "Shares fell as investors weighed the central bank's interest rate decision.",
    "Wheat harvests were lower this year because of the long drought.",
    "El gobierno firmó un acuerdo de gas para aumentar las exportaciones.",
    "Los precios del petróleo subieron tras el cierre de la refinería.",
    "Las tropas realizaron maniobras militares cerca de la frontera.",
    "El ministro de Defensa anunció nuevas pruebas de misiles.",
    "Las negociaciones comerciales se estancaron por los aranceles al acero.",
    "Los líderes se reunieron en Bruselas para hablar de la integración regional.",
    "El canciller viajó a Ginebra para reunirse con su homólogo.",
    "El parlamento votó a favor de adelantar las elecciones.",
    "La oposición eligió un nuevo líder antes de los comicios presidenciales.",
    "Le gouvernement a signé un accord sur le gaz avec ses voisins.",
    "Les ministres des affaires étrangères se sont réunis à Paris.",
    "Die Regierung hat ein neues Abkommen über Gaslieferungen unterzeichnet.",
    "Die Außenminister trafen sich in Berlin zu Gesprächen über Handel.",
    "O governo assinou um acordo de energia com os países vizinhos.",
    "Il governo ha firmato un accordo commerciale con la Cina.",
    "Правительство подписало соглашение о поставках газа в Европу.",
    "Министр иностранных дел провёл переговоры в Женеве.",
]
FRAGMENTS = ["Gas", "Oil deal", "OK", "2024", "—", "Brexit", "Ukraine", "G7", "¿Qué?", "NATO", "", "   ", "Trade"]
TITLES = [None, None, "Energy security", "Gas, oil and \"prices\"", "Seguridad", "   ", "Summit\nnews", "Élections"]
LANGS = [None] * 8 + ["en", "es", "xx", "fr"]


def own_items(n: int = 3200, seed: int = 7) -> list:
    """`n` items (id, title, text, lang) combined from the sentences above."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.15:
            text = rng.choice(FRAGMENTS)
        else:
            text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.1:
                text = text.replace(". ", ".\n")
        items.append({
            "id": i,
            "title": rng.choice(TITLES),
            "text": text,
            "lang": rng.choice(LANGS),
        })
    return items


def write_jsonl(items: list, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps({k: v for k, v in it.items() if v is not None}, ensure_ascii=False) + "\n")
    return path


def reuters_items() -> list:
    """The Reuters ModApte test split as items, or a skip with a notice when absent."""
    if not REUTERS_TEST.exists():
        pytest.skip(f"shared data absent ({REUTERS_TEST}): the Reuters equality test is skipped")
    items = []
    with REUTERS_TEST.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if line.strip():
                d = json.loads(line)
                items.append({"id": i, "title": d.get("title"), "text": d.get("body") or d.get("text") or "", "lang": None})
    return items


@pytest.fixture(scope="session")
def own(tmp_path_factory):
    items = own_items()
    path = write_jsonl(items, tmp_path_factory.mktemp("own") / "own.jsonl")
    return items, cli_tag(path)


@pytest.fixture(scope="session")
def reuters(tmp_path_factory):
    items = reuters_items()
    path = write_jsonl(items, tmp_path_factory.mktemp("reuters") / "reuters.jsonl")
    return items, cli_tag(path)


def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
