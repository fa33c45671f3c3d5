"""A 4-page deposit slip PDF, against reportlab drawing the same strings as plain text.

possouk: ``deposit_slip_pdf`` (bilingual headings, identities, a table whose
header repeats on every page, Arabic shaped and put in visual order, cells cut
to fit, totals in figures and in words, signature boxes, "page N / M" footers,
compressed deterministic PDF). Baseline, in the same run and alternating slip by
slip: a reportlab ``Canvas`` with the same fonts, page size and compression
drawing the table's cell strings as they are (no shaping, no bidi, no fitting)
at fixed column positions, on the same number of pages.
"""

from __future__ import annotations

import io
import random
import sys
import time
from datetime import UTC, datetime

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from bench.common import KINDS, QUALIFIERS, Result, Stopwatch, arguments, finish, median, ms, percentile
from possouk.domain.model import Cooperative, Site, StockKind, Store, Unit
from possouk.reports.deposit_slip import DepositSlipData, SlipLine, deposit_slip_pdf
from possouk.reports.fonts import register_fonts

TARGET_MS = 300.0
WARMUP = 3
PAGES = 4
LINES = 160  # 4 full pages (140–170 lines make 4 pages; checked on every run)


def _slip(rng: random.Random, number: int) -> DepositSlipData:
    lines = []
    for n in range(1, LINES + 1):
        _, unit, name_ar, name_fr, price = KINDS[rng.randrange(len(KINDS))]
        q1, q2 = rng.sample(QUALIFIERS, 2)
        qty = rng.randrange(1000, 50_000, 250) if unit is not Unit.PIECE else 1000 * rng.randrange(1, 40)
        lines.append(SlipLine(f"C007-{n:05d}", f"{name_ar} {q1[0]} {q2[0]}", f"{name_fr} {q1[1]} {q2[1]}",
                              qty, unit, price))
    return DepositSlipData(
        kind=StockKind.INTAKE, reference=f"MEK-D-{number:05d}",
        created_at=datetime(2026, 5, 3, 13, 5, tzinfo=UTC), digest=f"{rng.getrandbits(256):064x}",
        store=Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire",
                    address="12, rue Dar Smen, Meknès", phone="0535000000"),
        site=Site(1, "MEK", "مكناس", "Meknès"),
        cooperative=Cooperative(7, "C007", "تعاونية النحل (أزرو)", "Coopérative des abeilles d'Azrou",
                                phone="0600000000"),
        lines=tuple(lines),
    )


def _plain(data: DepositSlipData, regular: str) -> bytes:
    """The table's strings drawn as they are, ``LINES / PAGES`` rows a page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    per_page = -(-len(data.lines) // PAGES)
    xs = (40, 60, 120, 250, 380, 440, 500)
    for i, line in enumerate(data.lines):
        if i and i % per_page == 0:
            canvas.showPage()
        y = 780 - 16 * (i % per_page)
        canvas.setFont(regular, 8)
        cells = (str(i + 1), line.sku, line.name_fr, line.name_ar, str(line.quantity),
                 str(line.unit_price), str(line.value))
        for x, cell in zip(xs, cells, strict=True):
            canvas.drawString(x, y, cell)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def run(slips: int, seed: int = 2026) -> Result:
    """Time ``slips`` slips each way, alternating; returns the result."""
    watch = Stopwatch()
    rng = random.Random(seed)
    regular, _ = register_fonts()
    ours: list[float] = []
    theirs: list[float] = []
    sizes: list[int] = []
    for i in range(WARMUP + slips):
        data = _slip(rng, 1000 + i)
        for side in ((0, 1) if i % 2 else (1, 0)):
            start = time.perf_counter()
            pdf = deposit_slip_pdf(data) if side == 0 else _plain(data, regular)
            took = time.perf_counter() - start
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            if pages != PAGES:
                raise RuntimeError(f"{'possouk' if side == 0 else 'baseline'} slip has {pages} pages, "
                                   f"not {PAGES}: adjust LINES")
            if i >= WARMUP:
                (ours if side == 0 else theirs).append(took)
                if side == 0:
                    sizes.append(len(pdf))
    ratio = median(ours) / median(theirs)
    return Result(
        name="slip",
        title=f"Deposit slip PDF of {PAGES} pages ({LINES} lines)",
        target=f"median ≤ {TARGET_MS:.0f} ms",
        measured=f"median {ms(median(ours))}, p95 {ms(percentile(ours, 95))}; {median(sizes) / 1024:.0f} KiB",
        baseline=f"reportlab drawing the same cell strings as plain text: median {ms(median(theirs))}",
        ratio=ratio,
        passed=median(ours) * 1000 <= TARGET_MS,
        seconds=watch.elapsed,
        details={
            "slips": slips,
            "lines": LINES,
            "pages": PAGES,
            "possouk_median_ms": median(ours) * 1000,
            "possouk_p95_ms": percentile(ours, 95) * 1000,
            "plain_median_ms": median(theirs) * 1000,
            "pdf_bytes_median": median(sizes),
        },
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 30, "slips per side (default 30)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.seed), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
