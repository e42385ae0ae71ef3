"""Keys for matching unit names however they are typed."""

from danvan.core.folding import fold


def name_key(text: str) -> str:
    """'Bình An' → 'binhan'; 'Phường 01' style numbers lose their leading zeros ('1')."""
    key = fold(text).replace(" ", "").replace("-", "").replace("'", "")
    return (key.lstrip("0") or key) if key.isdigit() else key
