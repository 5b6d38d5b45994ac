"""Shared by every test: output is compared as plain text, whatever the developer's terminal."""

import os


def pytest_configure() -> None:
    # FORCE_COLOR in a developer's or CI's environment would colour text output (as it should
    # for users); tests that want colour set it themselves.
    for name in ("FORCE_COLOR", "NO_COLOR"):
        os.environ.pop(name, None)
