"""quick_back over synthetic sessions: pages in wall-clock order, a short stay, a return to the page before."""

from __future__ import annotations

from tagprobe.detect.signal import SignalType

from .synthetic import EPOCH, LINK, click, detect, of_type, page, session

QUICK_BACK = SignalType.QUICK_BACK
LANDING, PRICING, FAQ = "https://shop.test/", "https://shop.test/pricing", "https://shop.test/faq"


def visit(number: int, url: str, start_s: float, stay_ms: int | None, *events: object) -> object:
    return page(
        list(events), number=number, url=url, started_epoch_ms=EPOCH + int(start_s * 1000), ended_ms=stay_ms
    )


def test_leaving_a_page_and_coming_straight_back_is_a_quick_back() -> None:
    landing = visit(1, LANDING, 0, 2000, click(1500, target=LINK, link=PRICING))
    pricing = visit(2, PRICING, 2.1, 1500)
    returned = visit(3, LANDING + "#top", 3.7, None)
    [signal] = of_type(detect(session(landing, pricing, returned)), QUICK_BACK)
    assert (signal.page_number, signal.page_url, signal.time_ms) == (2, PRICING, 1500)
    assert signal.element is not None
    assert signal.element.id == "link"
    assert signal.reason == "left after 1.5 s (under 5.0 s), back to https://shop.test/"


def test_the_stay_limit_is_inclusive_and_configurable() -> None:
    def pages(stay: int) -> object:
        return session(
            visit(1, LANDING, 0, 1000),
            visit(2, PRICING, 1.1, stay),
            visit(3, LANDING, 1.2 + stay / 1000, None),
        )

    assert len(of_type(detect(pages(5000)), QUICK_BACK)) == 1
    assert of_type(detect(pages(5001)), QUICK_BACK) == []
    assert len(of_type(detect(pages(7000), quick_back_window_ms=8000), QUICK_BACK)) == 1


def test_moving_on_to_a_third_page_is_not_coming_back() -> None:
    pages = session(visit(1, LANDING, 0, 1000), visit(2, PRICING, 1.1, 900), visit(3, FAQ, 2.1, None))
    assert of_type(detect(pages), QUICK_BACK) == []


def test_returning_long_after_leaving_is_a_new_visit() -> None:
    pages = session(visit(1, LANDING, 0, 1000), visit(2, PRICING, 1.1, 900), visit(3, LANDING, 60, None))
    assert of_type(detect(pages), QUICK_BACK) == []


def test_pages_are_put_in_wall_clock_order_not_arrival_order() -> None:
    pages = session(visit(1, LANDING, 0, 1000), visit(2, LANDING, 2.2, None), visit(3, PRICING, 1.1, 1000))
    [signal] = of_type(detect(pages), QUICK_BACK)
    assert signal.page_url == PRICING


def test_reloading_the_same_page_is_not_a_quick_back() -> None:
    pages = session(visit(1, LANDING, 0, 1000), visit(2, LANDING, 1.1, 900), visit(3, LANDING, 2.1, None))
    assert of_type(detect(pages), QUICK_BACK) == []
