"""Posting an Excel import as the server runs it: the request commits (the file is written and
the background import queued — run at once in the tests), and the officer lands on the job's
page, whose text is returned (or the form's page when the upload was refused)."""

from django.test import TestCase


def submit(client, url: str, data: dict) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code == 302:
        response = client.get(response.url)
    return response.content.decode()
