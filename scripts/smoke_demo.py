"""Sign in to a running demo as each demo user and fetch their home page.

Usage: python scripts/smoke_demo.py http://127.0.0.1:8765
Exits non-zero naming the first user who cannot sign in. Used by .ci/run against `make run`.
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

DEMO_PASSWORD = "stanton-demo-passphrase"  # noqa: S105 - the printed demo password
DEMO_USERS = [
    "admin@stanton.example",
    "supervisor@stanton.example",
    "moderator@stanton.example",
    "moderator2@stanton.example",
    "clerk@stanton.example",
]


def sign_in(base: str, email: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/sign-in/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise SystemExit("sign-in page has no CSRF token")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - main() allows only http(s) bases
        f"{base}/accounts/sign-in/", data=data, headers={"Referer": f"{base}/accounts/sign-in/"}
    )
    home = opener.open(request, timeout=30)
    body = home.read().decode()
    if not home.geturl().rstrip("/").endswith(base.split("//", 1)[1]) or "Welcome" not in body:
        raise SystemExit(f"{email}: sign-in did not reach the home page ({home.geturl()})")
    return body


def main() -> None:
    base = sys.argv[1].rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise SystemExit("usage: smoke_demo.py http://HOST:PORT")
    for email in DEMO_USERS:
        sign_in(base, email)
        print(f"signed in: {email}")


if __name__ == "__main__":
    main()
