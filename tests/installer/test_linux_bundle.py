"""The Linux bundle: built by installer/linux/build, checked by its own self-test.

One build for the module (about a minute on this 2-core machine); then the bundle is
broken on purpose, one file at a time, and its self-test must say which file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    done = subprocess.run(["sh", str(ROOT / "installer" / "linux" / "build"), str(folder)],
                          capture_output=True, text=True, timeout=1200, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return folder


def _selftest(bundle: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(bundle / "possouk"), "--lang", "en", "selftest", "--no-window"],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def test_the_bundle_is_built_checked_and_small_enough(dist: Path) -> None:
    report = (dist / "selftest-report.txt").read_text(encoding="utf-8")
    assert "Everything possouk needs is here." in report
    assert "[FAIL]" not in report and "[OK  ] The window" in report
    size = re.search(r"Bundle size: (\d+) MiB", report)
    assert size is not None and int(size.group(1)) < 200
    assert list(dist.glob("possouk-*-linux-*.tar.gz"))
    for name in ("possouk", "possouk.desktop", "possouk.png", "install-desktop-entry", "README.txt"):
        assert (dist / "possouk" / name).is_file(), name
    assert (dist / "bundle-sale-ar.png").stat().st_size > 10_000  # the sale screen, drawn by it


@pytest.fixture
def removed(request: pytest.FixtureRequest, dist: Path) -> Iterator[Path]:
    """Moves one file of the bundle aside for a test, and back after it."""
    target = dist / "possouk" / "_internal" / str(request.param)
    aside = target.with_name(target.name + ".aside")
    shutil.move(target, aside)
    try:
        yield target
    finally:
        shutil.move(aside, target)


@pytest.mark.parametrize(("removed", "named"), [
    ("possouk/i18n/locales/ar/LC_MESSAGES/possouk.mo", "[FAIL] Translations"),
    ("fontpkg_amiri/files/Amiri-Regular.ttf", "fontpkg-amiri"),
    ("possouk/storage/migrations/versions/0009_settlements.py", "(missing: 0009)"),
    ("possouk/help/ar/cashier.html", "[FAIL] Help pages"),
], indirect=["removed"])
def test_a_broken_bundle_fails_its_self_test_and_says_which(dist: Path, removed: Path, named: str,
                                                            tmp_path: Path) -> None:
    done = _selftest(dist / "possouk", tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert named in done.stdout


def test_the_desktop_entry_points_at_the_bundle(dist: Path, tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "share")}
    subprocess.run(["sh", str(dist / "possouk" / "install-desktop-entry")], env=env, check=True,
                   capture_output=True)
    entry = (tmp_path / "share" / "applications" / "possouk.desktop").read_text(encoding="utf-8")
    assert f'Exec="{dist / "possouk" / "possouk"}"\n' in entry
    assert f"Icon={dist / 'possouk' / 'possouk.png'}\n" in entry
