"""``make run``'s set-up says what it is doing before the minute of quiet pip install, and only when it
installs (#17 item 14). The Makefile's own venv target runs, with a stand-in for the virtualenv's
python that records what it is asked to do instead of downloading anything."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = "Installing dependencies into {venv}, about a minute on a fresh machine..."


@pytest.fixture
def venv(tmp_path):
    """A virtualenv folder whose python only notes its arguments (and says something, as pip may)."""
    folder = tmp_path / "venv"
    (folder / "bin").mkdir(parents=True)
    python = folder / "bin" / "python"
    python.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/calls"\necho "pip says hello"\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    return folder


def make_venv(venv):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    environment["LC_ALL"] = "C"  # make's own messages in English
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), f"VENV={venv}", "venv"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def pip_calls(venv):
    calls = venv / "bin" / "calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_one_line_says_dependencies_are_installing_before_pip_runs(venv):
    output = make_venv(venv)

    assert output[0] == MESSAGE.format(venv=venv)
    assert output[1:] == ["pip says hello", "pip says hello"]  # nothing else: make echoes no commands
    assert pip_calls(venv) == [
        "-m pip install --quiet --upgrade pip",
        "-m pip install --quiet -r requirements-dev.txt",
    ]
    assert (venv / "bin" / ".installed").exists()


def test_nothing_is_said_or_installed_when_the_requirements_have_not_changed(venv):
    make_venv(venv)
    (venv / "bin" / "calls").unlink()

    output = make_venv(venv)

    assert output == ["make: Nothing to be done for 'venv'."]  # make's own words, nothing of ours
    assert pip_calls(venv) == []
