"""`make run` stops cleanly on Ctrl-C and speaks one language (issue 12, 8). Starting the
servers is too slow for the suite: the recipe is read instead (run by hand: Ctrl-C prints
"danvan đã dừng." and leaves no process behind)."""

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def run_recipe() -> str:
    text = MAKEFILE.read_text()
    return re.search(r"^run: .*?\n((?:\t.*\n)+)", text, flags=re.M).group(1)


def test_make_run_signals_each_process_once_and_waits_for_them():
    recipe = run_recipe()
    assert "kill 0" not in recipe  # it signalled make and the shell itself, twice over
    assert "exec ../$(VENV)/bin/gunicorn" in recipe
    assert "kill -TERM $$worker" in recipe
    assert "wait $$worker" in recipe


def test_make_run_speaks_one_language():
    recipe = run_recipe()
    assert "login" not in recipe
    assert "see the" not in recipe
