"""HTML draft: self-contained, phone-ready, and its SVG chart really draws (headless Chromium)."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib

import pytest

import render_support as rs
from audit.drafts.render import render, template_search


def html() -> str:
    return render(rs.context(), "html", template_search(None, None, "html")).decode("utf-8")


def test_html_is_self_contained_and_phone_ready():
    page = html()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", page)
    assert "@import" not in page and "url(" not in page and "<script" not in page
    assert "@media (max-width" in page
    assert page.count('<rect class="bar"') == 3  # one bar per section with a completion ratio
    assert '<line id="pace" x1="200.0"' in page  # time progress 50% of the 400-wide axis


def test_html_has_every_task_and_the_verdicts():
    page = html()
    for tid in ("1.1", "1.2", "1", "2", "3", "4", "5"):
        assert f'id="task-{tid}"' in page
    assert "【滞后：5G基站完成30%，低于序时进度20个百分点】" in page
    assert 'class="task s-stalled"' in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """A minimal PNG reader (8-bit RGB/RGBA, not interlaced): width, height, rows of raw pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
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
    return width, bpp, rows


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_chart_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "draft.html"
    page.write_text(html(), encoding="utf-8")
    shot = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    profile.mkdir()
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=412,1200",
           f"--screenshot={shot}", page.as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert shot.exists(), "chromium wrote no screenshot"
    width, bpp, rows = _png_pixels(shot.read_bytes())

    def count(rgb: tuple[int, int, int], tol: int = 12) -> int:
        n = 0
        for row in rows:
            for x in range(0, width * bpp, bpp):
                if all(abs(row[x + k] - rgb[k]) <= tol for k in range(3)):
                    n += 1
        return n

    assert count((0x15, 0x65, 0xC0)) > 50  # the time-progress line
    # bar colours are the chart's own (the status pills use darker shades)
    assert count((0xFF, 0xB3, 0x00), 6) > 200  # sections behind the time progress: amber bars
    assert count((0x43, 0xA0, 0x47), 6) > 200  # sections at or ahead of it: green bars
