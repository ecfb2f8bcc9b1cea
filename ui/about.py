"""Help ▸ About: the version, the dataset shown, and the libraries Treatyscope stands on with
their licences."""
from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

LIBRARIES = (  # (distribution, shown name, licence)
    ("PySide6-Essentials", "Qt for Python (PySide6)", "LGPL-3.0"),
    ("pyqtgraph", "pyqtgraph", "MIT"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0"),
    ("numpy", "NumPy", "BSD-3-Clause"),
    ("igraph", "python-igraph", "GPL-2.0-or-later"),
    ("openpyxl", "openpyxl", "MIT"),
)


def about_text(version: str, dataset_path: str | None) -> str:
    lines = [f"Treatyscope {version}",
             "A desktop explorer of actors, treaty articles and projects over time.", ""]
    lines.append(f"Dataset: {dataset_path}" if dataset_path else "No dataset open.")
    lines += ["", "Built with:"]
    for dist, name, licence in LIBRARIES:
        try:
            installed = metadata.version(dist)
        except metadata.PackageNotFoundError:
            installed = "not found"
        lines.append(f"  {name} {installed} ({licence})")
    lines += ["", "Treatyscope itself is MIT-licensed."]
    return "\n".join(lines)


def show_about(parent: QWidget, version: str, dataset_path: str | None) -> None:
    box = QMessageBox(QMessageBox.Information, "About Treatyscope", about_text(version, dataset_path),
                      QMessageBox.Ok, parent)
    box.setTextFormat(Qt.PlainText)
    box.exec()
