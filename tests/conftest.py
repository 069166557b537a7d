from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


def golden_cases() -> list[tuple[Path, Path]]:
    """(input, expected) pairs of every golden document."""
    pairs = [(p, FIXTURES / "seeds" / f"{p.stem}.expected.json") for p in sorted(SEEDS.glob("*.txt"))]
    pairs += [(p, p.with_suffix(".expected.json")) for p in sorted((FIXTURES / "dirty").glob("*.txt"))]
    return pairs


def all_documents() -> list[Path]:
    """Every golden input plus every must-not-change article."""
    return [p for p, _ in golden_cases()] + sorted((FIXTURES / "clean").glob("*.txt"))


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
