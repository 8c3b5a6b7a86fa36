"""A generated WordPress export with its uploads folder, and a way to run the command."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from wordpress.generate import write_export


@dataclass
class Run:
    out: str
    err: str
    report_path: object


def run_import(export, *args, report=None):
    out, err = io.StringIO(), io.StringIO()
    report = report or export.parent / "report.txt"
    call_command("import_wordpress", str(export), *args, "--report", str(report),
                 stdout=out, stderr=err)  # fmt: skip
    return Run(out.getvalue(), err.getvalue(), report)


@pytest.fixture
def export(tmp_path):
    """The export of every case, its files under uploads/ (one of them missing)."""
    return write_export(tmp_path / "export.xml", tmp_path / "uploads")


@pytest.fixture
def uploads(export):
    return export.parent / "uploads"
