"""The benchmark runs end to end in its small mode and reports every figure (no timing is asserted)."""

import json
import subprocess
import sys


def test_bench_smoke_reports_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "bot", "bench", "--smoke", "--json", str(out)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    for key in ("updates_per_second", "p50_ms", "p95_ms", "p99_ms", "floor_p50_ms", "ratio_to_floor",
                "due_selection_ms", "per_reminder_ms", "cold_start_s", "peak_rss_mb", "chart_ms", "pdf_ms"):
        assert figures[key] > 0, key
    assert figures["heavy_libraries_loaded_at_start"] is False
    assert figures["due"] == 300
    assert "updates_per_second" in result.stdout
