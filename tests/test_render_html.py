"""HTML draft: self-contained and phone-ready (how it draws: test_render_visual.py)."""
from __future__ import annotations

import re

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
