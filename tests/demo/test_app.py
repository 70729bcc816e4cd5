from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tagprobe.demo import DemoSite

from .shop_session import ShopSession

GRANTED = {"ad_Storage": "granted", "analytics_Storage": "granted"}
DENIED = {"ad_Storage": "denied", "analytics_Storage": "denied"}


@pytest.mark.parametrize(
    ("path", "route", "heading", "title"),
    [
        ("/", "home", "Popular right now", "Home | Probe Shop"),
        ("/index.html", "home", "Popular right now", "Home | Probe Shop"),
        ("/product/2", "product", "Merino Wool Beanie", "Merino Wool Beanie | Probe Shop"),
        ("/cart/", "cart", "Your cart", "Cart | Probe Shop"),
        ("/cart", "cart", "Your cart", "Cart | Probe Shop"),
        ("/checkout", "checkout", "Checkout", "Checkout | Probe Shop"),
        ("/login", "login", "Sign in", "Sign in | Probe Shop"),
        ("/product/99", "not-found", "Page not found", "Page not found | Probe Shop"),
        ("/no/such/page", "not-found", "Page not found", "Page not found | Probe Shop"),
    ],
)
def test_direct_visits_render_the_matching_view(
    clean_site: DemoSite, shop: ShopSession, path: str, route: str, heading: str, title: str
) -> None:
    page = shop.open(clean_site, path)

    assert page.get_attribute("#view", "data-route") == route
    assert page.inner_text("#view h1") == heading
    assert page.title() == title
    assert shop.page_errors == []


def test_home_has_products_and_the_frustration_targets(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site)

    assert page.locator(".product-card").count() == 4
    assert page.locator('.product-card a[href="/product/3"]').inner_text().endswith("Canvas Weekender Bag")
    assert page.eval_on_selector("#promo-banner", "el => el.closest('a, button') === null")
    assert page.inner_text("#newsletter") == "Subscribe to newsletter"
    assert page.inner_text(".site-header .logo") == "Probe Shop"
    assert page.inner_text("#nav-cart") == "Cart (0)"


@pytest.mark.parametrize("target", ["#promo-banner", "#newsletter"])
def test_dead_click_targets_change_nothing(clean_site: DemoSite, shop: ShopSession, target: str) -> None:
    page = shop.open(clean_site)
    shop.watch_mutations()

    page.click(target)
    page.click(target)

    assert shop.mutation_count() == 0
    assert shop.path == "/"


def test_links_navigate_with_push_state(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site)
    shop.watch_push_state()

    page.click('a[href="/product/2"]')
    shop.wait_for_route("product")
    page.click("#nav-login")
    shop.wait_for_route("login")

    assert shop.push_state_urls() == ["/product/2", "/login"]
    assert shop.path == "/login"
    assert page.title() == "Sign in | Probe Shop"


def test_back_button_renders_the_previous_route(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site)
    page.click('a[href="/product/4"]')
    shop.wait_for_route("product")

    page.go_back()
    shop.wait_for_route("home")

    assert page.locator(".product-card").count() == 4


def test_reviews_open_on_the_hash_route_without_pushing_a_path(
    clean_site: DemoSite, shop: ShopSession
) -> None:
    page = shop.open(clean_site, "/product/1")
    shop.watch_push_state()
    expect(page.locator("#reviews")).to_be_hidden()

    page.click("#reviews-link")

    expect(page.locator("#reviews")).to_be_visible()
    assert page.evaluate("location.hash") == "#reviews"
    assert shop.path == "/product/1"
    assert shop.push_state_urls() == []


def test_visiting_the_reviews_hash_directly_shows_them(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/product/3#reviews")

    expect(page.locator("#reviews")).to_be_visible()


def test_size_guide_opens_in_a_new_tab(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/product/1")

    with shop.context.expect_page() as new_tab_info:
        page.click("#size-guide")
    new_tab = new_tab_info.value
    new_tab.wait_for_selector("#size-table")

    assert new_tab.url == clean_site.url + "/size-guide.html"
    assert shop.path == "/product/1"


def test_quantity_stepper_counts_and_stops_at_one(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/product/1")

    for _ in range(3):
        page.click("#qty-plus")
    expect(page.locator("#qty")).to_have_text("4")
    for _ in range(5):
        page.click("#qty-minus")
    expect(page.locator("#qty")).to_have_text("1")


def test_add_to_cart_updates_the_header_and_tells_clarity(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/product/2")

    page.click("#qty-plus")
    page.click("#add-to-cart")

    expect(page.locator("#cart-count")).to_have_text("2")
    assert shop.clarity_calls("event") == [["event", "add_to_cart"]]
    assert shop.clarity_calls("set") == [["set", "last_product", "merino-wool-beanie"]]


def test_cart_lists_added_items_and_links_to_checkout(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/product/3")
    page.click("#add-to-cart")
    page.click("#nav-cart")
    shop.wait_for_route("cart")

    expect(page.locator(".cart-line")).to_have_count(1)
    expect(page.locator(".cart-line")).to_contain_text("Canvas Weekender Bag")
    expect(page.locator("#cart-total")).to_have_text("Total: $119.00")

    page.click("#checkout-link")
    shop.wait_for_route("checkout")
    assert shop.path == "/checkout"


def test_checkout_form_fields_are_labelled_and_typed(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/checkout")

    assert page.get_by_label("Email").get_attribute("autocomplete") == "email"
    assert page.get_by_label("Card number").get_attribute("autocomplete") == "cc-number"
    assert page.get_by_label("Card number").get_attribute("inputmode") == "numeric"
    assert page.get_by_label("Account password").get_attribute("type") == "password"
    assert page.locator("#checkout-form #saved-card").inner_text() == "Card on file: 4111 1111 1111 1111"
    assert page.get_attribute("#saved-card", "data-clarity-mask") == "true"


def test_buy_now_replaces_the_form_with_a_confirmation(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/checkout")

    page.click("#buy")

    expect(page.locator("#confirmation")).to_have_text("Thank you! Order #10042 confirmed.")
    expect(page.locator("#checkout-form")).to_have_count(0)


def test_apply_coupon_raises_an_uncaught_error(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/checkout")

    with page.expect_event("pageerror") as error_info:
        page.click("#apply-coupon")

    assert error_info.value.message == "Coupon service unavailable"


def test_sign_in_sets_tags_identifies_and_goes_home(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/login")
    shop.watch_push_state()

    page.fill("#username", "ada")
    page.fill("#login-password", "secret")
    page.click("#login-submit")
    shop.wait_for_route("home")

    assert shop.clarity_calls() == [
        ["set", "plan", "gold"],
        ["set", "logged_in", "yes"],
        ["identify", "customer-1042"],
    ]
    assert shop.push_state_urls() == ["/"]
    expect(page.locator("#account-status")).to_have_text("Signed in as ada")


def test_sign_in_shows_the_username_as_text(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.sign_in(clean_site, "<img src=x onerror=window.hacked=1>")

    expect(page.locator("#account-status")).to_have_text("Signed in as <img src=x onerror=window.hacked=1>")
    assert page.locator("#account-status img").count() == 0


def test_sign_in_requires_a_username(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site, "/login")

    page.click("#login-submit")

    assert page.evaluate("document.querySelector('#username').validity.valueMissing")
    assert shop.clarity_calls() == []
    assert shop.path == "/login"


@pytest.mark.parametrize(
    ("button", "choice", "signal"),
    [("#consent-accept", "granted", GRANTED), ("#consent-reject", "denied", DENIED)],
)
def test_consent_buttons_signal_the_choice_and_remember_it(
    clean_site: DemoSite, shop: ShopSession, button: str, choice: str, signal: dict[str, str]
) -> None:
    page = shop.open(clean_site)
    expect(page.locator("#consent-banner")).to_be_visible()
    assert shop.clarity_calls("consentv2") == []

    page.click(button)

    expect(page.locator("#consent-banner")).to_be_hidden()
    assert shop.clarity_calls("consentv2") == [["consentv2", signal]]
    assert page.evaluate("localStorage.getItem('probe-shop-consent')") == choice


def test_a_stored_choice_hides_the_banner_and_is_signalled_again(
    clean_site: DemoSite, shop: ShopSession
) -> None:
    page = shop.open(clean_site)
    page.click("#consent-reject")

    page.reload(wait_until="domcontentloaded")
    shop.wait_for_route("home")

    expect(page.locator("#consent-banner")).to_be_hidden()
    assert shop.clarity_calls() == [["consentv2", DENIED]]


def test_the_app_writes_no_cookies(clean_site: DemoSite, shop: ShopSession) -> None:
    page = shop.open(clean_site)
    page.click("#consent-accept")
    shop.sign_in(clean_site, "ada")

    assert page.evaluate("document.cookie") == ""
    assert shop.context.cookies() == []


def test_app_works_without_any_clarity_function(
    demo_site: Callable[..., DemoSite], new_shop_session: Callable[..., ShopSession]
) -> None:
    shop = new_shop_session(record_clarity=False)
    site = demo_site(site_tag=False)
    page = shop.open(site, "/product/1")

    page.click("#consent-accept")
    page.click("#add-to-cart")
    expect(page.locator("#cart-count")).to_have_text("1")
    shop.sign_in(site, "ada")

    assert page.evaluate("typeof window.clarity") == "undefined"
    expect(page.locator("#account-status")).to_have_text("Signed in as ada")
    assert shop.page_errors == []


def test_the_shop_loads_nothing_from_other_hosts(
    demo_site: Callable[..., DemoSite], new_shop_session: Callable[..., ShopSession]
) -> None:
    shop = new_shop_session()
    requested: list[str] = []
    shop.page.on("request", lambda request: requested.append(request.url))
    site = demo_site(site_tag=False)

    page = shop.open(site, "/product/1")
    page.wait_for_load_state("load")
    for route_link in ["#nav-cart", "#checkout-link", "#nav-login", "#nav-home"]:
        page.click(route_link)
        page.wait_for_load_state("load")

    assert requested
    assert all(url.startswith(site.url + "/") for url in requested), requested
