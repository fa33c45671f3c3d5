"""What the benchmarks share: results, percentiles, machine facts, a store, product names.

Every benchmark measures possouk and a baseline in the same run and reports the
ratio, because these machines are noisy: the ratio says more than the raw time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from possouk.domain.barcode import ean_check_digit
from possouk.domain.model import Role, Unit, User
from possouk.services import catalog, setup, users
from possouk.services.catalog import CooperativeDraft
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import Database

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    """One benchmark's outcome, as written to ``bench/results/NAME.json`` and the docs table."""

    name: str
    title: str
    target: str
    measured: str
    baseline: str
    ratio: float  # possouk's cost ÷ the baseline's cost, measured in the same run
    passed: bool
    seconds: float = 0.0  # wall time of the whole benchmark, setup included
    details: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (f"[{verdict}] {self.title}: {self.measured} (target {self.target}); "
                f"baseline {self.baseline}; ratio {self.ratio:.2f}×; {self.seconds:.0f} s")


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def machine_info() -> dict[str, Any]:
    """Facts about the machine that ran the benchmarks."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    import sqlalchemy

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
    }


def save(result: Result, directory: Path = RESULTS_DIR) -> Path:
    """Write the result with the machine facts as JSON; returns the file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{result.name}.json"
    payload = {**asdict(result), "machine": machine_info()}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def arguments(description: str, default_size: int, size_help: str) -> argparse.ArgumentParser:
    """The options every benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", "--size", type=int, default=default_size, help=size_help)
    parser.add_argument("--json", action="store_true", help="write bench/results/NAME.json")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="folder for the temporary databases (default: the system's temp folder)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser


@contextmanager
def workdir(parent: Path | None) -> Iterator[Path]:
    """A temporary folder on a real disk for the benchmark's databases, removed afterwards."""
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="possouk-bench-", dir=parent) as name:
        yield Path(name)


def finish(result: Result, args: argparse.Namespace) -> Result:
    print(result.line())
    if args.json:
        print(f"  written to {save(result)}")
    return result


class Stopwatch:
    """Seconds since creation (monotonic, high resolution)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start


# --- a store to benchmark on ----------------------------------------------------------------

@dataclass(frozen=True)
class BenchStore:
    cashier: User
    cooperative_codes: list[str]


def open_drawer(db: Database, register: str = "MEK1") -> None:
    """Make sure ``register`` has a session open today (closing one left from another day,
    counted as expected): sales need one. Its first user opens it."""
    from possouk.domain.cash import pieces_for
    from possouk.services import sessions

    someone = users.users(db)[0]
    if sessions.stale_session(db, register) is not None:
        session, figures = sessions.figures(db, register)
        with db.read() as uow:
            opener = uow.users.get(session.opened_by_id)
        sessions.close_session(db, opener, register, pieces_for(figures.expected_cash), {})
    if sessions.current_session(db, register) is None:
        sessions.open_session(db, someone, register, pieces_for(50_000))


def make_store(db: Database, cooperatives: int = 60) -> BenchStore:
    """Store, site MEK with register MEK1, a cashier, and ``cooperatives`` cooperatives."""
    setup.update_store(db, COMMAND_LINE, name_ar="المتجر التضامني", name_fr="Magasin solidaire")
    setup.add_site(db, COMMAND_LINE, "MEK", "مكناس", "Meknès")
    setup.add_register(db, COMMAND_LINE, "MEK1", "MEK")
    cashier = users.add_user(db, COMMAND_LINE, "amina", "Amina", Role.CASHIER, "1111")
    codes = [f"C{i:03d}" for i in range(1, cooperatives + 1)]
    with db.write() as uow:
        catalog.add_cooperatives(uow, COMMAND_LINE, [
            CooperativeDraft(code, f"تعاونية {QUALIFIERS[i % len(QUALIFIERS)][0]} {i}",
                             f"Coopérative {QUALIFIERS[i % len(QUALIFIERS)][1]} {i}",
                             commission=1000 + 100 * (i % 6))
            for i, code in enumerate(codes)
        ])
        uow.commit()
    return BenchStore(cashier, codes)


# --- product names --------------------------------------------------------------------------

# (category, unit, Arabic name, French name, price in centimes)
KINDS: tuple[tuple[str, Unit, str, str, int], ...] = (
    ("honey", Unit.PIECE, "عسل", "Miel", 9000),
    ("honey", Unit.PIECE, "عسل الزعتر", "Miel de thym", 12000),
    ("honey", Unit.PIECE, "عسل السدر", "Miel de jujubier", 25000),
    ("honey", Unit.PIECE, "عسل الدغموس", "Miel d'euphorbe", 18000),
    ("figs", Unit.KG, "تين مجفف", "Figues sèches", 4500),
    ("figs", Unit.KG, "تين أسود", "Figues noires", 5500),
    ("olive oil", Unit.LITRE, "زيت الزيتون", "Huile d'olive", 8000),
    ("olive oil", Unit.KG, "زيتون أخضر", "Olives vertes", 3000),
    ("medicinal herbs", Unit.KG, "زعتر", "Thym", 6000),
    ("medicinal herbs", Unit.KG, "إكليل الجبل", "Romarin", 5000),
    ("medicinal herbs", Unit.KG, "خزامى", "Lavande", 9000),
    ("medicinal herbs", Unit.KG, "شيح", "Armoise", 7000),
    ("medicinal herbs", Unit.KG, "فليو", "Menthe pouliot", 6500),
    ("cosmetics", Unit.PIECE, "صابون بلدي", "Savon beldi", 1250),
    ("cosmetics", Unit.PIECE, "زيت أركان", "Huile d'argan", 15000),
    ("cosmetics", Unit.PIECE, "غاسول", "Ghassoul", 2500),
    ("cosmetics", Unit.PIECE, "حناء", "Henné", 2000),
    ("couscous", Unit.KG, "كسكس", "Couscous", 3500),
    ("couscous", Unit.KG, "بركوكش", "Berkoukech", 4000),
    ("almonds", Unit.KG, "لوز", "Amandes", 11000),
    ("almonds", Unit.PIECE, "أملو", "Amlou", 9500),
    ("dates", Unit.KG, "تمر", "Dattes", 6000),
    ("saffron", Unit.PIECE, "زعفران", "Safran", 30000),
    ("carpentry", Unit.PIECE, "صندوق خشبي", "Coffret en bois", 20000),
    ("carpentry", Unit.PIECE, "كرسي", "Chaise", 45000),
    ("carpentry", Unit.PIECE, "طاولة", "Table basse", 80000),
    ("carpentry", Unit.PIECE, "ملعقة خشبية", "Cuillère en bois", 1500),
    ("tailoring", Unit.PIECE, "قفطان", "Caftan", 120000),
    ("tailoring", Unit.PIECE, "جلابة", "Djellaba", 60000),
    ("tailoring", Unit.PIECE, "بلغة", "Babouches", 15000),
    ("tailoring", Unit.PIECE, "زربية", "Tapis", 150000),
    ("pottery", Unit.PIECE, "طاجين", "Tajine", 7000),
    ("basketry", Unit.PIECE, "سلة", "Panier", 5000),
    ("dairy", Unit.KG, "جبن الماعز", "Fromage de chèvre", 12000),
    ("jam", Unit.PIECE, "مربى التين", "Confiture de figues", 3500),
    ("jam", Unit.PIECE, "مربى البرتقال", "Confiture d'orange", 3000),
    ("tea", Unit.KG, "نعناع", "Menthe", 2000),
    ("bakery", Unit.PIECE, "خبز الشعير", "Pain d'orge", 500),
    ("spices", Unit.KG, "كمون", "Cumin", 9000),
    ("spices", Unit.KG, "رأس الحانوت", "Ras el hanout", 14000),
)

# (Arabic, French) words that follow the product's name.
QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("بلدي", "beldi"), ("طبيعي", "naturel"), ("عضوي", "bio"), ("جبلي", "de montagne"),
    ("تقليدي", "traditionnel"), ("يدوي", "fait main"), ("ممتاز", "extra"),
    ("الأطلس", "de l'Atlas"), ("مكناس", "de Meknès"), ("الحاجب", "d'El Hajeb"),
    ("إفران", "d'Ifrane"), ("صفرو", "de Sefrou"), ("تازة", "de Taza"), ("بولمان", "de Boulemane"),
    ("مولاي يعقوب", "de Moulay Yacoub"), ("زرهون", "du Zerhoun"), ("فاس", "de Fès"),
    ("الريف", "du Rif"), ("أزرو", "d'Azrou"), ("ميسور", "de Missour"), ("الأصيل", "authentique"),
    ("الذهبي", "doré"), ("الخريفي", "d'automne"), ("الربيعي", "de printemps"),
)
SIZES: tuple[tuple[str, str], ...] = (
    ("250 غ", "250 g"), ("500 غ", "500 g"), ("1 كغ", "1 kg"), ("صغير", "petit"),
    ("كبير", "grand"), ("متوسط", "moyen"), ("هدية", "cadeau"), ("عائلي", "familial"),
)

PRODUCT_HEADER = ("cooperative_code", "sku", "barcode", "name_ar", "name_fr", "category", "unit",
                  "price", "min_price", "vat_pct")


@dataclass(frozen=True)
class ProductRecord:
    """A product as a row of the import file (amounts as decimal text)."""

    cooperative_code: str
    sku: str
    barcode: str  # "" for a third of them: possouk assigns an internal EAN-13
    name_ar: str
    name_fr: str
    category: str
    unit: Unit
    price: int
    min_price: int | None
    vat: int

    def cells(self) -> tuple[str, ...]:
        return (
            self.cooperative_code, self.sku, self.barcode, self.name_ar, self.name_fr,
            self.category, self.unit.value, f"{self.price // 100}.{self.price % 100:02d}",
            "" if self.min_price is None else f"{self.min_price // 100}.{self.min_price % 100:02d}",
            f"{self.vat // 100}",
        )


def ean13(sequence: int) -> str:
    """A valid EAN-13 of the Moroccan GS1 prefix 611."""
    body = f"611{sequence:09d}"
    return body + str(ean_check_digit(body))


def product_records(count: int, cooperative_codes: Sequence[str], seed: int) -> Iterator[ProductRecord]:
    """``count`` varied products spread over the cooperatives, deterministic for a seed."""
    rng = random.Random(seed)
    per_coop: dict[str, int] = {}
    for i in range(count):
        coop = cooperative_codes[i % len(cooperative_codes)]
        per_coop[coop] = per_coop.get(coop, 0) + 1
        category, unit, name_ar, name_fr, price = KINDS[rng.randrange(len(KINDS))]
        q1, q2 = rng.sample(QUALIFIERS, 2)
        size = SIZES[rng.randrange(len(SIZES))]
        price = max(100, price * rng.randrange(80, 160) // 100 // 50 * 50)
        yield ProductRecord(
            cooperative_code=coop,
            sku=f"{coop}-{per_coop[coop]:05d}",
            barcode="" if i % 3 == 2 else ean13(i + 1),
            name_ar=f"{name_ar} {q1[0]} {q2[0]} {size[0]}",
            name_fr=f"{name_fr} {q1[1]} {q2[1]} {size[1]}",
            category=category,
            unit=unit,
            price=price,
            min_price=price * 8 // 10 if i % 4 == 0 else None,
            vat=0 if i % 5 else 2000,
        )
