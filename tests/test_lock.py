"""The locks match the requirements: every package pinned in requirements.txt or
requirements-dev.txt is in the lock at that version with at least one hash (else: run `make lock`),
and BERTopic's unused extras stay out of both locks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")
LEFT_OUT = {"umap-learn", "hdbscan", "plotly", "numba", "llvmlite", "pynndescent"}


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if line.startswith("-r "):
            pins.update(_pins(path.parent / line[3:].strip()))
        elif match := PIN.match(line.strip()):
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _locked(path: Path) -> dict[str, tuple[str, int]]:
    text = path.read_text()
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if match := PIN.match(block):
            found[_name(match.group(1))] = (match.group(2), block.count("--hash=sha256:"))
    return found


@pytest.mark.parametrize("source, lock", [("requirements.txt", "requirements.lock"),
                                          ("requirements-dev.txt", "requirements-dev.lock")])
def test_every_pinned_requirement_is_locked_with_hashes(source, lock):
    locked = _locked(ROOT / lock)
    for name, version in _pins(ROOT / source).items():
        assert name in locked, f"{name} is in {source} but not in {lock}: run `make lock`"
        assert locked[name][0].split("+")[0] == version.split("+")[0], f"{name}: {source} says {version}, {lock} {locked[name][0]}: run `make lock`"
    assert all(hashes > 0 for _, hashes in locked.values()), f"a package in {lock} has no hash"
    assert not LEFT_OUT & set(locked), f"{sorted(LEFT_OUT & set(locked))} crept back into {lock}"
