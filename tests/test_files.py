"""The verdict's files: the chart is drawn once, for the photo; the PDF draws the same chart on its page."""

from __future__ import annotations

from datetime import UTC, datetime

from cases import BUTCHER

from bot.advisor import assess
from bot.app import Services, verdicts
from bot.i18n import use_locale


def test_the_chart_is_drawn_once_for_the_photo_and_the_report(specs, monkeypatch):
    drawn = []
    real = verdicts.verdict_chart
    monkeypatch.setattr(verdicts, "verdict_chart", lambda verdict: drawn.append(1) or real(verdict))
    stored = verdicts.StoredVerdict(assess(BUTCHER), dict(BUTCHER), datetime(2027, 3, 1, tzinfo=UTC))
    services = Services(store=None, specs=specs, engine=None)  # drawing reads no storage
    with use_locale("fr"):
        photo, report = verdicts.files(services, stored)
        assert report.render().startswith(b"%PDF") and photo.render().startswith(b"\x89PNG")
    assert drawn == [1]
