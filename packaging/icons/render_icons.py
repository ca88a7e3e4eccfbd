"""Render tsunagi.svg into the PNG, ICO and ICNS files the installers need.

The SVG is the one source; the raster files are committed so that building a bundle needs no
image tools. Run again after editing the SVG:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/render_icons.py``.
Qt renders (QtSvg is in PySide6-Essentials) and writes the ICNS through its image plugin; Pillow
(a reportlab dependency) writes the ICO. No ImageMagick, Inkscape or macOS ``iconutil`` is needed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = HERE / "tsunagi.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"cannot read {svg}", file=sys.stderr)
        return 1
    for size in PNG_SIZES:
        target = HERE / f"tsunagi-{size}.png"
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
    shutil.copyfile(HERE / "tsunagi-256.png", HERE / "tsunagi.png")
    # Windows wants an .ico (Explorer, Start menu), macOS an .icns (Finder, Dock).
    # Pillow (already installed for reportlab) writes one .ico holding every size Windows asks for;
    # Qt's ICO writer stores a single image, which Explorer scales badly.
    from PIL import Image

    with Image.open(HERE / "tsunagi-256.png") as big:
        big.save(HERE / "tsunagi.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    if not render(renderer, 512).save(str(HERE / "tsunagi.icns"), "ICNS"):
        print("cannot write tsunagi.icns", file=sys.stderr)
        return 1
    # The window loads its icon from resources/ (the only place code reads bundled files).
    icons = REPO / "resources" / "icons"
    icons.mkdir(exist_ok=True)
    shutil.copyfile(HERE / "tsunagi.png", icons / "tsunagi.png")
    shutil.copyfile(svg, icons / "tsunagi.svg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
