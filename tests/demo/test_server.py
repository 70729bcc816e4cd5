from __future__ import annotations

import socket
import struct
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

import pytest

from tagprobe.demo import DEFECTS, DemoSite, UnknownDefectError

EXPECTED_SNIPPET = """<script>
(function(c,l,a,r,i,t,y){
    c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
    t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
    y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
})(window, document, "clarity", "script", "tpdemo0001");
</script>"""

SPA_ROUTES = [
    "/",
    "/product/2",
    "/cart",
    "/checkout",
    "/login",
    "/no/such/page",
    "/cart?from=email",
    "/product/",
]
HTML_PAGES = ["/", "/index.html", "/size-guide.html"]


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(url: str, method: str = "GET") -> HttpResponse:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as response:
            return HttpResponse(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return HttpResponse(error.code, error.headers, error.read())


@pytest.mark.parametrize("path", SPA_ROUTES)
def test_route_like_paths_fall_back_to_the_spa_page(clean_site: DemoSite, path: str) -> None:
    response = request(clean_site.url + path)

    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<main id="view"' in response.text
    assert '<script src="/app.js" defer></script>' in response.text


@pytest.mark.parametrize("path", ["/missing.js", "/images/logo.png", "/product/2.json", "/../pyproject.toml"])
def test_missing_assets_are_404(clean_site: DemoSite, path: str) -> None:
    response = request(clean_site.url + path)

    assert response.status == 404
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "<html" not in response.text


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/size-guide.html", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
    ],
)
def test_assets_are_served_with_their_content_type(
    clean_site: DemoSite, path: str, content_type: str
) -> None:
    response = request(clean_site.url + path)

    assert response.status == 200
    assert response.headers["Content-Type"] == content_type
    assert int(response.headers["Content-Length"]) == len(response.body) > 0


@pytest.mark.parametrize("path", ["/", "/app.js", "/style.css", "/missing.js"])
def test_every_response_forbids_caching(clean_site: DemoSite, path: str) -> None:
    assert request(clean_site.url + path).headers["Cache-Control"] == "no-store"


def test_head_sends_headers_without_a_body(clean_site: DemoSite) -> None:
    head = request(clean_site.url + "/app.js", method="HEAD")
    get = request(clean_site.url + "/app.js")

    assert head.status == 200
    assert head.body == b""
    assert head.headers["Content-Length"] == str(len(get.body))


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_carry_the_official_clarity_snippet_once(clean_site: DemoSite, path: str) -> None:
    html = request(clean_site.url + path).text

    assert html.count(EXPECTED_SNIPPET) == 1
    assert html.count("clarity.ms") == 1
    assert html.index(EXPECTED_SNIPPET) < html.index("</head>")


def test_project_id_is_substituted_into_the_snippet() -> None:
    with DemoSite(project_id="abc123xyz9") as site:
        html = request(site.url).text

    assert EXPECTED_SNIPPET.replace("tpdemo0001", "abc123xyz9") in html
    assert "tpdemo0001" not in html


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_have_no_clarity_tag_when_site_tag_is_off(
    demo_site: Callable[..., DemoSite], path: str
) -> None:
    html = request(demo_site(site_tag=False).url + path).text

    assert "clarity.ms" not in html
    assert '"clarity", "script"' not in html
    assert '<main id="view"' in html or 'id="size-table"' in html


@pytest.mark.parametrize("defect", [None, *DEFECTS])
@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_template_placeholder_is_filled(
    demo_site: Callable[..., DemoSite], defect: str | None, path: str
) -> None:
    html = request(demo_site(defect).url + path).text

    assert "{{" not in html
    assert "}}" not in html
    assert f'<meta name="probe-shop-defect" content="{defect or ""}">' in html


@pytest.mark.parametrize("path", ["/", "/app.js", "/missing.js"])
def test_clean_site_sends_no_content_security_policy(clean_site: DemoSite, path: str) -> None:
    assert "Content-Security-Policy" not in request(clean_site.url + path).headers


def test_invalid_project_id_is_rejected() -> None:
    with pytest.raises(ValueError, match="invalid Clarity project id"):
        DemoSite(project_id='x");alert(1);("')


def test_unknown_defect_is_rejected_before_serving() -> None:
    with pytest.raises(UnknownDefectError, match="did you mean 'mask-all'"):
        DemoSite("mask-al")


def test_defect_property_reports_the_chosen_defect() -> None:
    assert DemoSite("pii-leak").defect == "pii-leak"
    assert DemoSite().defect is None


def test_url_points_at_an_ephemeral_port_on_localhost() -> None:
    with DemoSite() as first, DemoSite() as second:
        assert first.url.startswith("http://127.0.0.1:")
        assert first.url != second.url
        assert request(first.url).status == request(second.url).status == 200


def test_url_is_unavailable_while_not_running() -> None:
    site = DemoSite()

    with pytest.raises(RuntimeError, match="not running"):
        _ = site.url


def test_starting_twice_is_an_error() -> None:
    with DemoSite() as site, pytest.raises(RuntimeError, match="already running"):
        site.start()


def test_stop_closes_the_port_and_is_idempotent() -> None:
    site = DemoSite()
    site.start()
    host, port = site.url.removeprefix("http://").split(":")

    site.stop()
    site.stop()

    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, int(port)), timeout=5)


def test_serves_on_a_requested_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]

    with DemoSite(port=free_port) as site:
        assert site.url == f"http://127.0.0.1:{free_port}"
        assert request(site.url).status == 200


def test_server_writes_nothing_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    with DemoSite() as site:
        request(site.url + "/")
        request(site.url + "/missing.js")
        host, port = site.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as abandoned:
            abandoned.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            abandoned.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        request(site.url + "/cart")

    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""
