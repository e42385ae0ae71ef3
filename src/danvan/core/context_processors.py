from danvan.core import registry
from danvan.core.counting import count_together


def _section(view_name: str) -> str:
    """'organizations:organization-detail' → 'organizations:organization': pages of one model
    light up the menu entry of that model's list."""
    return view_name.split("-", maxsplit=1)[0] if view_name else ""


def shell(request):
    """Navigation for the signed-in user, marking the entry of the current page. Worked out
    once per request: a page that renders panels or partials with the request (each a template
    of its own, each running the context processors) reuses it rather than counting the unread
    notices again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": [], "header_links": []}
    cached = getattr(request, "_danvan_shell", None)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    request._danvan_shell = (user.pk, _shell(request, user))
    return request._danvan_shell[1]


def _shell(request, user) -> dict:
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    entries = [
        {
            "label": entry.label,
            "url_name": entry.url_name,
            "active": _section(current) == _section(entry.url_name),
        }
        for entry in registry.nav_entries()
        if entry.permission is None or user.has_perm(entry.permission)
    ]
    links = registry.header_links()
    counts = count_together([link.unread(user) for link in links])
    header = [
        {"label": link.label, "url_name": link.url_name, "count": count}
        for link, count in zip(links, counts, strict=True)
    ]
    return {"nav_entries": entries, "header_links": header}
