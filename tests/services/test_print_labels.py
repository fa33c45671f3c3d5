"""Single labels on the receipt printer: queued before sending, one job per product, cut per copy."""

from __future__ import annotations

import pytest

from possouk.domain.errors import UserError
from possouk.services import printing
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market
from tests.services.test_printing import CUT, RASTER, free_port, network, tcp_printer


def test_labels_print_one_job_per_product_with_a_cut_per_copy(market: Market) -> None:
    with tcp_printer() as (port, received):
        printing.set_printer(market.db, COMMAND_LINE, network(port))
        outcomes = printing.print_labels(market.db, skus=["HON-1", "FIG-1"], copies=3)
    assert [(o.kind, o.reference, o.printed) for o in outcomes] == [
        ("label", "HON-1", True), ("label", "FIG-1", True)]
    assert len(received) == 2
    assert all(job.count(RASTER) == 3 and job.count(CUT) == 3 for job in received)
    assert printing.pending(market.db) == []


def test_a_printer_off_keeps_every_label_queued_until_a_retry(market: Market) -> None:
    printing.set_printer(market.db, COMMAND_LINE, network(free_port()))
    outcomes = printing.print_labels(market.db, cooperative_code="COOP1")
    assert outcomes and not any(o.printed for o in outcomes)
    assert outcomes[0].fault is not None and all(o.fault is None for o in outcomes[1:])
    waiting = printing.pending(market.db)
    assert [job.reference for job in waiting] == [o.reference for o in outcomes]
    with tcp_printer() as (port, received):
        printing.set_printer(market.db, COMMAND_LINE, network(port))
        assert all(o.printed for o in printing.retry_pending(market.db))
    assert len(received) == len(outcomes) and printing.pending(market.db) == []


@pytest.mark.parametrize("options, message", [
    ({"skus": ["NOPE-1"]}, "NOPE-1"),
    ({"skus": ["HON-1"], "copies": 0}, "between 1 and 100"),
    ({}, "Choose the products"),
])
def test_bad_choices_queue_nothing(market: Market, options: dict[str, object], message: str) -> None:
    with pytest.raises(UserError) as refused:
        printing.print_labels(market.db, **options)  # type: ignore[arg-type]
    assert message in refused.value.message.format(**refused.value.params)
    assert printing.pending(market.db) == []

