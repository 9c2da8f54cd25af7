"""The programs that show a draft as people see it: LibreOffice (Word to PDF), poppler (PDF to PNG and
text), headless Chromium (a web page to PNG or PDF), and CJK fonts. `.ci/run` installs them; on a
machine without them the visual tests skip and say which packages would let them run.

Offices set drafts in 仿宋_GB2312, 黑体, 楷体_GB2312 and 方正小标宋简体; a test machine has Noto CJK.
`fixtures/fonts/fonts.conf` shows each GB font in its nearest Noto face, so that the title, the
headings and the body can be told apart on the pages as they can in an office.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

PACKAGES = "chromium libreoffice-writer poppler-utils fonts-noto-cjk"
FONTS_CONF = Path(__file__).parent / "fixtures" / "fonts" / "fonts.conf"


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _cjk_fonts() -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False).stdout
    return "Noto" in found


def missing(*needs: str) -> str | None:
    """Why the visual tests cannot run here (None when they can): what is missing and what to install."""
    have = {
        "soffice": shutil.which("soffice") is not None,
        "poppler": all(shutil.which(p) for p in ("pdftoppm", "pdftotext", "pdfinfo")),
        "chromium": chromium() is not None,
        "fonts": _cjk_fonts(),
    }
    lacking = [n for n in needs if not have[n]]
    if not lacking:
        return None
    return f"needs {', '.join(lacking)}: apt-get install {PACKAGES} (.ci/run installs them)"


def _env(tmp: Path) -> dict:
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(tmp)}


def docx_to_pdf(data: bytes, folder: Path, name: str = "draft") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / f"{name}.docx"
    src.write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder), str(src)], capture_output=True, timeout=300, check=False, env=_env(folder))
    pdf = folder / f"{name}.pdf"
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-", "LibreOffice wrote no PDF"
    return pdf


def pdf_pages(pdf: Path, dpi: int = 40, first: int = 1, last: int | None = None) -> list[Path]:
    """The pages as PNG images, in order."""
    prefix = pdf.with_suffix("")
    cmd = ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), str(prefix)]
    subprocess.run(cmd, capture_output=True, timeout=300, check=True)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


def pdf_text(pdf: Path, first: int = 1, last: int | None = None) -> list[str]:
    """Each page's text, line by line as set (spaces the layout put between characters removed)."""
    cmd = ["pdftotext", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), "-"]
    text = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    return ["\n".join(line.replace(" ", "") for line in page.split("\n")) for page in text.split("\f")[:-1]]


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout


def _chromium(folder: Path, *args: str) -> None:
    profile = folder / "profile"
    profile.mkdir(parents=True, exist_ok=True)
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--hide-scrollbars", *args]
    subprocess.run(cmd, capture_output=True, timeout=180, check=False, env=_env(folder))


def html_screenshot(page: str, folder: Path, width: int, height: int, name: str = "shot") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / f"{name}.html"
    src.write_text(page, encoding="utf-8")
    shot = folder / f"{name}.png"
    _chromium(folder, f"--window-size={width},{height}", f"--screenshot={shot}", src.as_uri())
    assert shot.exists(), "chromium wrote no screenshot"
    return shot


def html_to_pdf(page: str, folder: Path, name: str = "page") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / f"{name}.html"
    src.write_text(page, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    _chromium(folder, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri())
    assert pdf.exists(), "chromium wrote no PDF"
    return pdf


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """A minimal PNG reader (8-bit grey/RGB/RGBA, not interlaced): width, height, bytes per pixel, rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 3
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (0, 2, 6) and interlace == 0
            bpp = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def count_colour(png: Path, rgb: tuple[int, int, int], tol: int = 12) -> int:
    width, _, bpp, rows = png_pixels(png.read_bytes())
    n = 0
    for row in rows:
        for x in range(0, width * bpp, bpp):
            if all(abs(row[x + k] - rgb[k]) <= tol for k in range(3)):
                n += 1
    return n


def ink(png: Path) -> float:
    """The share of a page's pixels that are not white (0 for a blank page)."""
    width, height, bpp, rows = png_pixels(png.read_bytes())
    dark = sum(1 for row in rows for x in range(0, width * bpp, bpp) if row[x] < 200)
    return dark / (width * height)
