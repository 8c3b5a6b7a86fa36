"""Fixtures of the photo desk's tests."""

from .files import exiftool_skips


def pytest_terminal_summary(terminalreporter):
    if exiftool_skips:
        terminalreporter.write_sep("!", "METADATA TESTS WERE SKIPPED", red=True, bold=True)
        for reason in sorted(set(exiftool_skips)):
            terminalreporter.write_line(f"  {reason}", red=True)
