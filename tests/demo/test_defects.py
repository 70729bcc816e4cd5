from __future__ import annotations

from collections.abc import Callable

import pytest

from tagprobe.demo import DEFECTS, Defect, DemoSite, UnknownDefectError
from tagprobe.demo.defects import get_defect

from .shop_session import ShopSession

GRANTED = {"ad_Storage": "granted", "analytics_Storage": "granted"}


def consent_granted_before_any_choice(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site)
    page.wait_for_selector("#consent-banner", state="visible")
    return ["consentv2", GRANTED] in shop.clarity_calls("consentv2")


def saved_card_unmasked(shop: ShopSession, site: DemoSite) -> bool:
    card = shop.open(site, "/checkout").locator("#saved-card")
    return (
        card.get_attribute("data-clarity-unmask") == "true"
        and card.get_attribute("data-clarity-mask") is None
    )


def route_change_bypasses_a_later_push_state_wrapper(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site)
    shop.watch_push_state()
    page.click("#nav-cart")
    shop.wait_for_route("cart")
    assert shop.path == "/cart"
    return shop.push_state_urls() == []


def sign_in_sends_no_tags(shop: ShopSession, site: DemoSite) -> bool:
    shop.sign_in(site, "ada")
    return not shop.clarity_calls("set") and not shop.clarity_calls("identify")


def csp_blocks_the_clarity_loader(shop: ShopSession, site: DemoSite) -> bool:
    response = shop.page.goto(site.url)
    assert response is not None
    return response.headers.get("content-security-policy") == "script-src 'self' 'unsafe-inline'"


def clarity_installed_twice(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site)
    return page.locator('script[src*="clarity.ms"]').count() > 1


def whole_page_masked(shop: ShopSession, site: DemoSite) -> bool:
    return shop.open(site).locator("body").get_attribute("data-clarity-mask") == "true"


def buy_now_does_nothing(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site, "/checkout")
    page.click("#buy")
    return page.locator("#confirmation").count() == 0 and page.locator("#checkout-form").count() == 1


def add_to_cart_throws_without_clarity(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site, "/product/1")
    page.evaluate("delete window.clarity")
    page.click("#add-to-cart")
    page.wait_for_function("document.getElementById('cart-count').textContent === '1'")
    page.evaluate("0")  # the page error, if any, arrives before this answer
    return any("window.clarity is not a function" in error.message for error in shop.page_errors)


def product_page_throws(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site, "/product/1")
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # after the page's own 0 ms timer
    return any("Recommendations widget failed to load" in error.message for error in shop.page_errors)


def cart_size_sent_as_a_number(shop: ShopSession, site: DemoSite) -> bool:
    page = shop.open(site, "/product/1")
    page.click("#add-to-cart")
    return ["set", "cart_items", 1] in shop.clarity_calls("set")


DEFECT_EFFECTS: dict[str, Callable[[ShopSession, DemoSite], bool]] = {
    "consent-bypass": consent_granted_before_any_choice,
    "pii-leak": saved_card_unmasked,
    "spa-untracked": route_change_bypasses_a_later_push_state_wrapper,
    "tags-missing": sign_in_sends_no_tags,
    "csp-block": csp_blocks_the_clarity_loader,
    "duplicate-tag": clarity_installed_twice,
    "mask-all": whole_page_masked,
    "dead-button": buy_now_does_nothing,
    "unguarded-clarity": add_to_cart_throws_without_clarity,
    "script-error": product_page_throws,
    "dropped-tag": cart_size_sent_as_a_number,
}


def test_registry_holds_the_documented_defects() -> None:
    assert set(DEFECTS) == {
        "consent-bypass",
        "pii-leak",
        "spa-untracked",
        "tags-missing",
        "csp-block",
        "duplicate-tag",
        "mask-all",
        "dead-button",
        "unguarded-clarity",
        "script-error",
        "dropped-tag",
    }


def test_every_defect_has_an_effect_check() -> None:
    assert set(DEFECT_EFFECTS) == set(DEFECTS)


@pytest.mark.parametrize("defect", DEFECTS.values(), ids=list(DEFECTS))
def test_each_defect_names_one_broken_guarantee_in_a_sentence(defect: Defect) -> None:
    assert DEFECTS[defect.name] is defect
    assert defect.breaks[0].isupper()
    assert defect.breaks.endswith(".")
    assert defect.breaks.count(". ") == 0


def test_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        DEFECTS["new"] = Defect("new", "Something must hold.")  # type: ignore[index]


def test_get_defect_returns_the_registered_defect() -> None:
    assert get_defect("pii-leak") is DEFECTS["pii-leak"]


def test_unknown_defect_suggests_the_closest_name_and_lists_all() -> None:
    with pytest.raises(UnknownDefectError) as raised:
        get_defect("pii-leek")

    message = str(raised.value)
    assert "unknown defect 'pii-leek'" in message
    assert "did you mean 'pii-leak'?" in message
    assert all(name in message for name in DEFECTS)
    assert raised.value.suggestions == ("pii-leak",)


def test_unknown_defect_without_a_close_match_still_lists_valid_names() -> None:
    with pytest.raises(UnknownDefectError) as raised:
        get_defect("zzz")

    assert "did you mean" not in str(raised.value)
    assert "valid defects: consent-bypass, pii-leak" in str(raised.value)


def test_unknown_defect_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown defect"):
        get_defect("")


@pytest.mark.parametrize("defect", list(DEFECT_EFFECTS))
def test_defect_shows_its_effect(demo_site: Callable[..., DemoSite], shop: ShopSession, defect: str) -> None:
    assert DEFECT_EFFECTS[defect](shop, demo_site(defect)) is True


@pytest.mark.parametrize("effect", list(DEFECT_EFFECTS))
def test_clean_site_shows_no_defect_effect(clean_site: DemoSite, shop: ShopSession, effect: str) -> None:
    assert DEFECT_EFFECTS[effect](shop, clean_site) is False


def test_consent_bypass_still_shows_the_banner(demo_site: Callable[..., DemoSite], shop: ShopSession) -> None:
    page = shop.open(demo_site("consent-bypass"))

    page.wait_for_selector("#consent-banner", state="visible")
    assert shop.clarity_calls() == [["consentv2", GRANTED]]


def test_csp_block_makes_chromium_refuse_the_clarity_loader(
    demo_site: Callable[..., DemoSite], shop: ShopSession
) -> None:
    shop.context.add_init_script(
        "window.__blockedScripts = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (event) => window.__blockedScripts.push(event.blockedURI));"
    )
    page = shop.open(demo_site("csp-block"))

    page.wait_for_function("window.__blockedScripts.length > 0")
    assert page.evaluate("window.__blockedScripts") == ["https://www.clarity.ms/tag/tpdemo0001"]
    assert page.locator("#promo-banner").is_visible()


def test_duplicate_tag_is_a_direct_install_after_the_snippet(
    demo_site: Callable[..., DemoSite], shop: ShopSession
) -> None:
    page = shop.open(demo_site("duplicate-tag"))

    sources = page.eval_on_selector_all('script[src*="clarity.ms"]', "scripts => scripts.map(s => s.src)")
    assert sorted(sources) == [
        "https://scripts.clarity.ms/0.8.70/clarity.js",
        "https://www.clarity.ms/tag/tpdemo0001",
    ]


def test_spa_untracked_still_changes_the_url_and_view(
    demo_site: Callable[..., DemoSite], shop: ShopSession
) -> None:
    page = shop.open(demo_site("spa-untracked"))
    shop.watch_push_state()

    page.click('a[href="/product/2"]')
    shop.wait_for_route("product")
    page.go_back()
    shop.wait_for_route("home")

    assert shop.push_state_urls() == []
    assert shop.path == "/"


def test_tags_missing_keeps_the_add_to_cart_event(
    demo_site: Callable[..., DemoSite], shop: ShopSession
) -> None:
    page = shop.open(demo_site("tags-missing"), "/product/1")

    page.click("#add-to-cart")
    page.wait_for_selector("#cart-count:text-is('1')")

    assert shop.clarity_calls("event") == [["event", "add_to_cart"]]
    assert shop.clarity_calls("set") == [["set", "last_product", "trail-runner-sneakers"]]


def test_page_exposes_the_defect_name(demo_site: Callable[..., DemoSite], shop: ShopSession) -> None:
    assert shop.open(demo_site("dead-button")).evaluate("window.probeShop.defect") == "dead-button"


def test_clean_site_exposes_an_empty_defect_name(clean_site: DemoSite, shop: ShopSession) -> None:
    assert shop.open(clean_site).evaluate("window.probeShop.defect") == ""
