"""The bundled Japanese font is what the window draws with, even on a machine with no Japanese font."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BARE_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""

PROBE = """
from PySide6.QtGui import QFontDatabase, QFontMetrics
from desktop.app import create_app
state = create_app()
font = state.app.font()
metrics = QFontMetrics(font)
print(state.family, font.family(), all(metrics.inFontUcs4(ord(c)) for c in "家賃つなぎ相談"))
print("system-has-japanese", any("Gothic" in f or "Noto Sans CJK" in f for f in QFontDatabase.families() if f != state.family))
"""


def test_bundled_font_renders_japanese_on_a_bare_machine(tmp_path: Path) -> None:
    # Given a fontconfig that knows only DejaVu (no kana, no kanji), as on a fresh Linux box
    config = tmp_path / "fonts.conf"
    config.write_text(BARE_FONTCONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    # When the app starts
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    first, second = done.stdout.strip().splitlines()[-2:]
    # Then the application font is the bundled BIZ UDGothic and it has the glyphs
    assert first == "BIZ UDGothic BIZ UDGothic True"
    assert second == "system-has-japanese False"
