"""Tests run inside a transaction that is never committed, so ``transaction.on_commit``
callbacks (the files of ``danvan.core.files``) never run by themselves. ``committed()`` runs
those registered inside its block when the block ends, as a real commit would."""

from django.test import TestCase


def committed(using: str = "default"):
    return TestCase.captureOnCommitCallbacks(using=using, execute=True)
