"""Shared fixtures: the demo data and an index of it (built once per session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scoutmatch

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo" / "profiles.jsonl"
PAIRS = ROOT / "data" / "demo" / "pairs.jsonl"


@pytest.fixture(scope="session")
def demo_path() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def pairs_path() -> Path:
    return PAIRS


@pytest.fixture(scope="session")
def demo_records() -> list[dict]:
    with open(DEMO, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def demo_index() -> scoutmatch.Index:
    return scoutmatch.Index.build(DEMO)
