from danvan.core import registry


def shell(request):
    """Navigation for the signed-in user, marking the entry of the current page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    entries = [
        {
            "label": entry.label,
            "url_name": entry.url_name,
            "active": current == entry.url_name
            or current.split(":")[0] == entry.url_name.split(":")[0] != "core",
        }
        for entry in registry.nav_entries()
        if entry.permission is None or user.has_perm(entry.permission)
    ]
    return {"nav_entries": entries}
