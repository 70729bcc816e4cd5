"use strict";

(() => {
  const nativePushState = History.prototype.pushState;
  const defect = document.querySelector('meta[name="probe-shop-defect"]')?.content ?? "";
  const CONSENT_STORAGE_KEY = "probe-shop-consent";
  const CONSENT_SIGNALS = {
    granted: { ad_Storage: "granted", analytics_Storage: "granted" },
    denied: { ad_Storage: "denied", analytics_Storage: "denied" },
  };
  const MAX_QUANTITY = 99;

  const PRODUCTS = [
    {
      id: 1,
      slug: "trail-runner-sneakers",
      name: "Trail Runner Sneakers",
      price: 89,
      initials: "TR",
      description: "Light, grippy and quick to dry. Built for muddy mornings and long weekend loops.",
    },
    {
      id: 2,
      slug: "merino-wool-beanie",
      name: "Merino Wool Beanie",
      price: 24,
      initials: "MW",
      description: "Soft merino that keeps you warm without the itch. One size, four seasons.",
    },
    {
      id: 3,
      slug: "canvas-weekender-bag",
      name: "Canvas Weekender Bag",
      price: 119,
      initials: "CW",
      description: "Waxed canvas, leather handles and room for three days away. Fits most overhead bins.",
    },
    {
      id: 4,
      slug: "ceramic-pour-over-set",
      name: "Ceramic Pour-Over Set",
      price: 42,
      initials: "CP",
      description: "A hand-glazed dripper and carafe for slow, bright coffee. Dishwasher safe.",
    },
  ];

  const REVIEWS = [
    { author: "Maya", rating: 5, text: "Exactly as described and arrived in two days." },
    { author: "Jonas", rating: 4, text: "Great quality. I would buy it again in another colour." },
    { author: "Priya", rating: 5, text: "Gift for my brother, he has not stopped talking about it." },
  ];

  const cart = new Map();
  const priceFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  const view = document.getElementById("view");
  let renderedPath = null;

  const hasDefect = (name) => defect === name;
  // Sites identify visitors by an internal id, never by what they typed.
  const CUSTOMER_ID = "customer-1042";
  const formatPrice = (amount) => priceFormat.format(amount);
  const findProduct = (id) => PRODUCTS.find((product) => product.id === id);

  function callClarity(...args) {
    return typeof window.clarity === "function" ? window.clarity(...args) : undefined;
  }

  function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (typeof value === "function") {
        element.addEventListener(name.replace(/^on/, ""), value);
      } else if (value === true) {
        element.setAttribute(name, "");
      } else if (value !== false && value !== null && value !== undefined) {
        element.setAttribute(name, String(value));
      }
    }
    element.append(...children.flat().filter((child) => child !== null && child !== undefined));
    return element;
  }

  const routeLink = (href, text, attributes = {}) => h("a", { href, "data-route": true, ...attributes }, text);

  function labelledInput(labelText, input) {
    return h("div", { class: "field" }, h("label", { for: input.id }, labelText), input);
  }

  function productArt(product, extraClass = "") {
    return h(
      "div",
      { class: `product-art art-${product.id} ${extraClass}`.trim(), "aria-hidden": "true" },
      product.initials,
    );
  }

  function renderHome() {
    return [
      h(
        "div",
        { class: "hero", id: "promo-banner" },
        h("p", { class: "hero-kicker" }, "Summer sale"),
        h("p", { class: "hero-title" }, "Up to 30% off everything outdoors"),
        h("p", { class: "hero-text" }, "Fresh gear for long days and warm nights. While stocks last."),
      ),
      h(
        "section",
        { class: "products", "aria-labelledby": "products-title" },
        h("h1", { id: "products-title", class: "section-title" }, "Popular right now"),
        h("div", { class: "product-grid" }, PRODUCTS.map(renderProductCard)),
      ),
      h(
        "section",
        { class: "newsletter" },
        h(
          "div",
          {},
          h("h2", {}, "Stay in the loop"),
          h("p", {}, "New arrivals and member-only offers, once a month. No spam."),
        ),
        h("button", { id: "newsletter", type: "button", class: "button" }, "Subscribe to newsletter"),
      ),
    ];
  }

  function renderProductCard(product) {
    return h(
      "article",
      { class: "product-card", "data-product-id": product.id },
      routeLink(`/product/${product.id}`, [productArt(product), h("h2", { class: "product-name" }, product.name)], {
        class: "product-link",
      }),
      h("p", { class: "product-price" }, formatPrice(product.price)),
    );
  }

  function renderProduct(product) {
    let quantity = 1;
    const quantityDisplay = h("span", { id: "qty", class: "quantity-value", "aria-live": "polite" }, "1");
    const cartStatus = h("p", { id: "cart-status", class: "status", role: "status" });
    const setQuantity = (value) => {
      quantity = Math.min(MAX_QUANTITY, Math.max(1, value));
      quantityDisplay.textContent = String(quantity);
    };
    const addToCart = () => {
      cart.set(product.id, (cart.get(product.id) ?? 0) + quantity);
      updateCartCount();
      cartStatus.textContent = `Added ${quantity} × ${product.name} to your cart.`;
      if (hasDefect("unguarded-clarity")) {
        window.clarity("event", "add_to_cart");
      } else {
        callClarity("event", "add_to_cart");
      }
      callClarity("set", "last_product", product.slug);
      if (hasDefect("dropped-tag")) {
        callClarity("set", "cart_items", cart.size);
      }
    };
    if (hasDefect("script-error")) {
      // Like a widget that starts once the page has loaded (so the tag, loaded before, is running).
      const failToLoad = () =>
        setTimeout(() => {
          throw new Error("Recommendations widget failed to load");
        }, 0);
      if (document.readyState === "complete") failToLoad();
      else window.addEventListener("load", failToLoad, { once: true });
    }

    return [
      h("nav", { class: "breadcrumbs", "aria-label": "Breadcrumb" }, routeLink("/", "Home"), " / ", product.name),
      h(
        "div",
        { class: "product-detail" },
        productArt(product, "product-art-large"),
        h(
          "div",
          { class: "product-info" },
          h("h1", { id: "product-name" }, product.name),
          h("p", { class: "product-price", id: "product-price" }, formatPrice(product.price)),
          h("p", { class: "product-description" }, product.description),
          h(
            "div",
            { class: "quantity", role: "group", "aria-label": "Quantity" },
            h(
              "button",
              { id: "qty-minus", type: "button", "aria-label": "Decrease quantity", onclick: () => setQuantity(quantity - 1) },
              "\u2212",
            ),
            quantityDisplay,
            h(
              "button",
              { id: "qty-plus", type: "button", "aria-label": "Increase quantity", onclick: () => setQuantity(quantity + 1) },
              "+",
            ),
          ),
          h("button", { id: "add-to-cart", type: "button", class: "button", onclick: addToCart }, "Add to cart"),
          cartStatus,
          h(
            "p",
            { class: "product-links" },
            h("a", { id: "reviews-link", href: "#reviews" }, "Reviews"),
            h("a", { id: "size-guide", href: "/size-guide.html", target: "_blank" }, "Size guide"),
          ),
        ),
      ),
      h(
        "section",
        { id: "reviews", class: "reviews", hidden: true },
        h("h2", {}, "Reviews"),
        REVIEWS.map((review) =>
          h(
            "blockquote",
            { class: "review" },
            h("p", { class: "review-rating", "aria-label": `${review.rating} out of 5` }, "★".repeat(review.rating)),
            h("p", {}, review.text),
            h("footer", {}, review.author),
          ),
        ),
      ),
    ];
  }

  function renderCart() {
    const lines = [...cart].map(([id, quantity]) => ({ product: findProduct(id), quantity }));
    const total = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
    return [
      h("h1", {}, "Your cart"),
      lines.length === 0
        ? h("p", { id: "cart-empty", class: "empty" }, "Your cart is empty.")
        : h(
            "ul",
            { id: "cart-lines", class: "cart-lines" },
            lines.map(({ product, quantity }) =>
              h(
                "li",
                { class: "cart-line", "data-product-id": product.id },
                productArt(product, "product-art-small"),
                h("span", { class: "cart-line-name" }, product.name),
                h("span", { class: "cart-line-quantity" }, `× ${quantity}`),
                h("span", { class: "cart-line-price" }, formatPrice(product.price * quantity)),
              ),
            ),
          ),
      h("p", { id: "cart-total", class: "cart-total" }, "Total: ", formatPrice(total)),
      h(
        "div",
        { class: "actions" },
        routeLink("/", "Continue shopping", { class: "button button-secondary" }),
        routeLink("/checkout", "Checkout", { id: "checkout-link", class: "button" }),
      ),
    ];
  }

  function renderCheckout() {
    const total = [...cart].reduce((sum, [id, quantity]) => sum + findProduct(id).price * quantity, 0);
    const savedCardMasking = hasDefect("pii-leak") ? { "data-clarity-unmask": "true" } : { "data-clarity-mask": "true" };
    const form = h(
      "form",
      { id: "checkout-form", class: "form", novalidate: true, onsubmit: (event) => event.preventDefault() },
      h("h1", {}, "Checkout"),
      labelledInput("Email", h("input", { id: "email", name: "email", type: "email", autocomplete: "email" })),
      labelledInput(
        "Card number",
        h("input", { id: "card-number", name: "card-number", inputmode: "numeric", autocomplete: "cc-number" }),
      ),
      labelledInput("Account password", h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password" })),
      h("p", { id: "saved-card", class: "saved-card", ...savedCardMasking }, "Card on file: 4111 1111 1111 1111"),
      labelledInput("Coupon code", h("input", { id: "coupon", name: "coupon", autocomplete: "off" })),
      h("p", { class: "order-total" }, "Order total: ", formatPrice(total)),
      h(
        "div",
        { class: "actions" },
        h("button", { id: "apply-coupon", type: "button", class: "button button-secondary", onclick: applyCoupon }, "Apply coupon"),
        h("button", { id: "buy", type: "button", class: "button", onclick: hasDefect("dead-button") ? null : confirmOrder }, "Buy now"),
      ),
    );
    return [form];
  }

  function applyCoupon() {
    throw new Error("Coupon service unavailable");
  }

  function confirmOrder() {
    document
      .getElementById("checkout-form")
      .replaceWith(h("div", { id: "confirmation", class: "confirmation", role: "status" }, "Thank you! Order #10042 confirmed."));
    cart.clear();
    updateCartCount();
  }

  function renderLogin() {
    const username = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
    const password = h("input", {
      id: "login-password",
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    });
    const signIn = (event) => {
      event.preventDefault();
      const name = username.value.trim();
      let identified;
      if (!hasDefect("tags-missing")) {
        callClarity("set", "plan", "gold");
        callClarity("set", "logged_in", "yes");
        identified = callClarity("identify", CUSTOMER_ID);
      }
      const accountStatus = document.getElementById("account-status");
      accountStatus.textContent = `Signed in as ${name}`;
      accountStatus.hidden = false;
      // identify() hashes the id asynchronously; navigating first would stop the page and drop it.
      Promise.resolve(identified).finally(() => navigate("/"));
    };
    return [
      h(
        "form",
        { id: "login-form", class: "form form-narrow", onsubmit: signIn },
        h("h1", {}, "Sign in"),
        labelledInput("Username", username),
        labelledInput("Password", password),
        h("button", { id: "login-submit", type: "submit", class: "button" }, "Sign in"),
      ),
    ];
  }

  function renderNotFound() {
    return [
      h("h1", {}, "Page not found"),
      h("p", {}, "We could not find that page."),
      routeLink("/", "Back to the shop", { class: "button" }),
    ];
  }

  function resolveView(requestedPath) {
    const pathname = requestedPath.replace(/\/index\.html$/, "/").replace(/(.)\/+$/, "$1");
    if (pathname === "/") return { route: "home", title: "Home", content: renderHome() };
    if (pathname === "/cart") return { route: "cart", title: "Cart", content: renderCart() };
    if (pathname === "/checkout") return { route: "checkout", title: "Checkout", content: renderCheckout() };
    if (pathname === "/login") return { route: "login", title: "Sign in", content: renderLogin() };
    const productMatch = /^\/product\/(\d+)$/.exec(pathname);
    const product = productMatch && findProduct(Number(productMatch[1]));
    if (product) return { route: "product", title: product.name, content: renderProduct(product) };
    return { route: "not-found", title: "Page not found", content: renderNotFound() };
  }

  function render() {
    const { route, title, content } = resolveView(location.pathname);
    view.replaceChildren(...content);
    view.dataset.route = route;
    document.title = `${title} | Probe Shop`;
    renderedPath = location.pathname;
    markCurrentNavLink();
    showReviewsForHash();
  }

  function markCurrentNavLink() {
    for (const link of document.querySelectorAll(".site-nav a")) {
      if (new URL(link.href).pathname === location.pathname) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    }
  }

  function navigate(path) {
    const state = { path };
    if (new URL(path, location.href).href !== location.href) {
      if (hasDefect("spa-untracked")) {
        nativePushState.call(history, state, "", path);
      } else {
        history.pushState(state, "", path);
      }
    }
    render();
    window.scrollTo(0, 0);
  }

  function showReviewsForHash() {
    const reviews = document.getElementById("reviews");
    if (!reviews) return;
    reviews.hidden = location.hash !== "#reviews";
    if (!reviews.hidden) reviews.scrollIntoView({ block: "start" });
  }

  function followRouteLink(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const link = event.target.closest("a[data-route]");
    if (!link) return;
    event.preventDefault();
    const url = new URL(link.href);
    navigate(url.pathname + url.search);
  }

  function updateCartCount() {
    const itemCount = [...cart.values()].reduce((sum, quantity) => sum + quantity, 0);
    document.getElementById("cart-count").textContent = String(itemCount);
  }

  function readStoredConsent() {
    try {
      const choice = localStorage.getItem(CONSENT_STORAGE_KEY);
      return Object.hasOwn(CONSENT_SIGNALS, choice) ? choice : null;
    } catch {
      return null;
    }
  }

  function setUpConsent() {
    if (hasDefect("consent-bypass")) {
      callClarity("consentv2", { ...CONSENT_SIGNALS.granted });
    }
    const storedChoice = readStoredConsent();
    if (storedChoice) {
      callClarity("consentv2", { ...CONSENT_SIGNALS[storedChoice] });
      return;
    }
    const banner = document.getElementById("consent-banner");
    const choose = (choice) => {
      callClarity("consentv2", { ...CONSENT_SIGNALS[choice] });
      try {
        localStorage.setItem(CONSENT_STORAGE_KEY, choice);
      } catch {
        // Storage can be disabled; the choice then only lasts for this page.
      }
      banner.hidden = true;
    };
    document.getElementById("consent-accept").addEventListener("click", () => choose("granted"));
    document.getElementById("consent-reject").addEventListener("click", () => choose("denied"));
    banner.hidden = false;
  }

  window.probeShop = Object.freeze({ defect });
  setUpConsent();
  document.addEventListener("click", followRouteLink);
  window.addEventListener("popstate", () => (location.pathname === renderedPath ? showReviewsForHash() : render()));
  window.addEventListener("hashchange", showReviewsForHash);
  render();
})();
