"""Receipt of a 10-line sale: layout + 1-bit image + ESC/POS bytes, against plain Pillow text.

possouk: ``build_receipt`` (layout as rows), ``render_receipt`` (shaped Arabic and
French, 576 dots, hard threshold) and ``receipt_bytes`` (python-escpos ``image()``,
GS v 0 bands, cut). Baseline, in the same run and alternating receipt by
receipt: Pillow drawing the same strings with the same fonts (raqm shaping
included), one per line at the left margin with no layout logic (no measuring,
no wrapping, no placing of slots), the same threshold to 1 bit, and the raw
GS v 0 bytes taken straight from the image with ``tobytes()``.
Each receipt is of a different sale (10 of 960 product names, quantities,
number): possouk keeps the text it has measured and rendered, so labels and the
store's identity come from its cache, as on a till, and new names do not. The
worst case, every piece of text new (caches emptied before each receipt), is
measured apart and reported with the median.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, date, datetime

from PIL import Image, ImageDraw

from bench.common import KINDS, QUALIFIERS, Result, Stopwatch, arguments, finish, median, ms, percentile
from possouk.domain.model import (
    Cooperative,
    Payment,
    PaymentMethod,
    Sale,
    SaleKind,
    SaleLine,
    Site,
    Store,
    Unit,
)
from possouk.hardware.escpos import receipt_bytes
from possouk.hardware.receipt import Receipt, RowKind, build_receipt
from possouk.hardware.receipt_image import WIDTH_80MM, _Painter, clear_text_cache, has_raqm, render_receipt

TARGET_MS = 50.0
WARMUP = 10
COLD = 20  # receipts drawn with the text caches emptied first
LINES = 10

STORE = Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire", address="12, rue Dar Smen, Meknès",
              ice="001234567000089", if_number="12345678", receipt_footer="Merci et à bientôt")
SITE = Site(id=1, code="MEK", name_ar="مكناس", name_fr="Meknès")
COOPS = {i: Cooperative(id=i, code=f"C{i:03d}", name_ar=f"تعاونية {QUALIFIERS[i][0]}",
                        name_fr=f"Coopérative {QUALIFIERS[i][1]}") for i in range(1, 5)}


def _sale(rng: random.Random, number: int) -> Sale:
    """A 10-line sale of varied products: weighed and counted, some discounted, some with VAT."""
    lines = []
    for no in range(1, LINES + 1):
        _, unit, name_ar, name_fr, price = KINDS[rng.randrange(len(KINDS))]
        q_ar, q_fr = QUALIFIERS[rng.randrange(len(QUALIFIERS))]
        qty = rng.randrange(250, 2500, 5) if unit is not Unit.PIECE else 1000 * rng.randrange(1, 4)
        gross = (qty * price + 500) // 1000
        discount = gross // 10 if no % 4 == 0 else 0
        vat = 2000 if no % 5 == 0 else 0
        net = gross - discount
        lines.append(SaleLine(
            id=no, line_no=no, product_id=no, sku=f"P{no}", cooperative_id=1 + no % 4,
            name_ar=f"{name_ar} {q_ar}", name_fr=f"{name_fr} {q_fr}", unit=unit, quantity=qty,
            unit_price=price, gross=gross, line_discount=discount, ticket_discount=0, net=net,
            vat_rate=vat, vat_amount=net * vat // (10_000 + vat), commission_rate=1000))
    total = sum(x.net for x in lines)
    tendered = (total // 10_000 + 1) * 10_000
    return Sale(id=number, kind=SaleKind.SALE, register_id=1, register_code="MEK1", site_id=1,
                number=number, created_at=datetime(2026, 5, 3, 13, 5, tzinfo=UTC),
                business_day=date(2026, 5, 3), cashier_id=1, client_key=f"k{number}", total=total,
                rounding=0, change_given=tendered - total, lines=tuple(lines),
                payments=(Payment(PaymentMethod.CASH, total, tendered),),
                hash=f"{rng.getrandbits(256):064x}")


def _possouk(sale: Sale) -> bytes:
    receipt = build_receipt(sale, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina")
    return receipt_bytes(render_receipt(receipt, WIDTH_80MM))


def _plain(receipt: Receipt, painter: _Painter) -> bytes:
    """The same strings drawn one per line with the same fonts, thresholded, as raw GS v 0 bytes."""
    texts = [(s, row.bold, row.big) for row in receipt.rows if row.kind is RowKind.TEXT
             for s in (row.fr, row.value, row.ar) if s]
    canvas = Image.new("L", (WIDTH_80MM, 30 * len(texts) + 16), 255)
    draw = ImageDraw.Draw(canvas)
    for i, (text, bold, big) in enumerate(texts):
        font = painter.font_for(text, bold, big)
        rtl = any("\u0600" <= ch <= "\u06ff" for ch in text)
        draw.text((8, 8 + 30 * i), text, font=font, fill=0, direction="rtl" if rtl else "ltr")
    # The same threshold, inverted: Pillow's "1" stores 1 for white, the printer wants 1 for black.
    image = canvas.point(lambda v: 0 if v >= 140 else 255).convert("1", dither=Image.Dither.NONE)
    header = b"\x1dv0\x00" + (WIDTH_80MM // 8).to_bytes(2, "little") + image.height.to_bytes(2, "little")
    return header + image.tobytes()


def run(receipts: int, seed: int = 2026) -> Result:
    """Time ``receipts`` receipts each way, alternating; returns the result."""
    watch = Stopwatch()
    rng = random.Random(seed)
    painter = _Painter(WIDTH_80MM, has_raqm())
    ours: list[float] = []
    theirs: list[float] = []
    sizes: list[int] = []
    plain_sizes: list[int] = []
    first = Stopwatch()
    _possouk(_sale(rng, 999))  # a fresh process: fonts loaded, nothing measured or rendered yet
    first_ms = first.elapsed * 1000
    for i in range(WARMUP + receipts):
        sale = _sale(rng, 1000 + i)
        # The baseline draws the strings of the same receipt; building them is not timed.
        receipt = build_receipt(sale, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina")
        for side in ((0, 1) if i % 2 else (1, 0)):
            start = time.perf_counter()
            data = _possouk(sale) if side == 0 else _plain(receipt, painter)
            took = time.perf_counter() - start
            if i >= WARMUP:
                (ours if side == 0 else theirs).append(took)
                (sizes if side == 0 else plain_sizes).append(len(data))
    # The worst case: text never measured or rendered before (a new product, a new label).
    cold: list[float] = []
    for i in range(COLD):
        sale = _sale(rng, 5000 + i)
        clear_text_cache()
        start = time.perf_counter()
        _possouk(sale)
        cold.append(time.perf_counter() - start)
    ratio = median(ours) / median(theirs)
    return Result(
        name="receipt",
        title=f"Receipt of a {LINES}-line sale: layout, 1-bit image, ESC/POS bytes",
        target=f"median ≤ {TARGET_MS:.0f} ms",
        measured=(f"median {ms(median(ours))}, p95 {ms(percentile(ours, 95))} "
                  f"(with no text cached: median {ms(median(cold))}); "
                  f"{median(sizes) / 1024:.0f} KiB of ESC/POS per receipt"),
        baseline=(f"Pillow drawing the same strings one per line, no layout, raw GS v 0 bytes: "
                  f"median {ms(median(theirs))}"),
        ratio=ratio,
        passed=median(ours) * 1000 <= TARGET_MS,
        seconds=watch.elapsed,
        details={
            "receipts": receipts,
            "raqm": has_raqm(),
            "first_receipt_ms": first_ms,
            "no_cache_median_ms": median(cold) * 1000,
            "possouk_median_ms": median(ours) * 1000,
            "possouk_p95_ms": percentile(ours, 95) * 1000,
            "plain_median_ms": median(theirs) * 1000,
            "bytes_per_receipt_median": median(sizes),
            "bytes_per_receipt_min": min(sizes),
            "bytes_per_receipt_max": max(sizes),
            "plain_bytes_median": median(plain_sizes),
        },
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 200, "receipts per side (default 200)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.seed), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
