"""What every page's header and footer link to, for the templates.

The addresses of the site's own pages and of its CSS and JS do not change while a process runs,
so they are worked out once (on the first page it serves) rather than on every page: reversing
and resolving them was a quarter of the time the site's frame took to draw.
"""

import functools

from django.templatetags.static import static
from django.urls import reverse

PAGES = {
    "home": "home",
    "switch_language": "switch_language",
    "my_applications": "enrollment:my_applications",
    "account": "account",
    "logout": "logout",
    "login": "login",
    "sign_up": "sign_up",
    "start": "enrollment:start",
    "public_checklist": "enrollment:public_checklist",
    "legal_index": "legal:index",
}
FILES = {
    "favicon": "favicon.svg",
    "bootstrap_css": "bootstrap/css/bootstrap.min.css",
    "portal_css": "css/portal.css",
    "portal_js": "js/portal.js",
}


@functools.cache
def _site_links() -> dict:
    links = {name: reverse(url_name) for name, url_name in PAGES.items()}
    links.update({name: static(path) for name, path in FILES.items()})
    return links


def site_links(request):
    """{{ site_links.home }}, {{ site_links.portal_css }}...: the frame's addresses (not
    "site", which Django's sign-in and password pages use for the Site)."""
    return {"site_links": _site_links()}
