"""Tests run inside a transaction that is never committed, so ``transaction.on_commit``
callbacks (the files of ``danvan.core.files``) never run by themselves. ``committed()`` runs
those registered inside its block when the block ends, as a real commit would;
``rolled_back()`` undoes its block's transaction, as when a caller's later step fails."""

from contextlib import contextmanager

from django.db import transaction
from django.test import TestCase


def committed(using: str = "default"):
    return TestCase.captureOnCommitCallbacks(using=using, execute=True)


class _UndoError(Exception):
    pass


@contextmanager
def rolled_back(using: str = "default"):
    """The block runs in a transaction that then rolls back; whatever it registered to run on
    commit would run (``committed``) had it not been dropped with the transaction."""
    try:
        with committed(using), transaction.atomic(using=using):
            yield
            raise _UndoError
    except _UndoError:
        pass
