"""The benchmark runs end to end in its small mode and reports every figure (no timing is asserted)."""

import json
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """One small run for every test here: the process that ran and the figures it wrote."""
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "bench.json"
    result = subprocess.run([sys.executable, "-m", "bot", "bench", "--smoke", "--json", str(out)],
                            capture_output=True, text=True, timeout=300, cwd=folder)
    assert result.returncode == 0, result.stderr
    return result, json.loads(out.read_text())


def test_bench_smoke_reports_every_figure(smoke):
    result, figures = smoke
    for key in ("updates_per_second", "p50_ms", "p95_ms", "p99_ms", "floor_p50_ms", "ratio_to_floor",
                "due_selection_ms", "per_reminder_ms", "cold_start_s", "peak_rss_mb", "chart_ms", "pdf_ms",
                "kpi_chart_ms"):
        assert figures[key] > 0, key
    assert figures["heavy_libraries_loaded_at_start"] is False
    assert figures["due"] == 300
    assert "updates_per_second" in result.stdout


def test_bench_smoke_compares_with_the_peer_and_times_the_verdict_path(smoke):
    result, figures = smoke
    for flush in ("60s", "each"):
        for calls, per_update in (("1call", 1), ("2calls", 2)):
            prefix = f"peer_{flush}_{calls}_"
            for key in ("updates_per_second", "p50_ms", "p95_ms", "p99_ms"):
                assert figures[prefix + key] > 0, prefix + key
            assert round(figures[prefix + "calls_per_update"]) == per_update
    assert figures["peer_file_write_ms"] > 0
    assert figures["ratio_to_peer"] > 0 and figures["ratio_to_durable_peer"] > 0
    for part in ("text", "chart", "pdf", "files"):
        assert 0 < figures[f"verdict_{part}_p50_ms"] <= figures[f"verdict_{part}_p95_ms"], part
    assert figures["verdict_owners"] == 3 and figures["verdict_texts_behind_a_file"] >= 0
    assert figures["verdict_drawing_cpu_s"] > 0, "the drawing processes' processor time for the burst's files"
    for row in ("ratio_to_peer", "peer_60s_2calls_p50_ms", "verdict_text_p95_ms"):
        assert row in result.stdout


def test_bench_smoke_times_everyone_else_during_the_burst_and_gives_each_target(smoke):
    result, figures = smoke
    assert figures["others_answering"] == 3
    for key in ("others_answer_p95_quiet_ms", "others_answer_p95_ms", "others_answer_ratio", "drawing_pool_start_s"):
        assert figures[key] > 0, key
    for key, target in (("others_answer_ratio", "<= 1.5"), ("verdict_text_p95_ms", "< 300"),
                        ("verdict_files_p95_ms", "< 3000"), ("pdf_ms", "<= 100"), ("chart_ms", "<= 60"),
                        ("ratio_to_peer", "<= 1.5")):
        assert figures["targets"][key]["target"] == target and isinstance(figures["targets"][key]["met"], bool)
        assert key in result.stdout


def test_recording_request_answers_as_the_fake_server_does():
    """One Bot API serves both: the benchmark's in-process answers are the tests' fake server's."""
    from bot.bench.botapi import BotApi

    kept, light = BotApi(), BotApi(keep=False, check=False)
    params = {"chat_id": 7, "text": "<b>Hello</b>", "parse_mode": "HTML"}
    sent, recorded = kept.call("sendMessage", params), light.call("sendMessage", params)
    assert sent["message_id"] == recorded["message_id"] == 1 and sent["chat"] == recorded["chat"]
    assert sent["text"] == "Hello" and kept.messages(7)[0].text == "Hello" and light.messages(7) == []
    edit = {"chat_id": 7, "message_id": 1, "text": "Bye"}
    assert kept.call("editMessageText", edit)["text"] == light.call("editMessageText", edit)["text"] == "Bye"
    assert kept.respond("noSuchMethod", {}) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


def test_bench_smoke_runs_the_answer_path_on_postgresql_beside_sqlite_and_through_instances(pg_url, tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "bot", "bench", "--smoke", "--database", pg_url, "--instances", "2",
                             "--json", str(out)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    for key in ("pg_updates_per_second", "pg_p50_ms", "pg_p99_ms", "pg_ratio_to_sqlite"):
        assert figures[key] > 0, key
    # The same statements per answer on both engines, but the owner's lock: a statement on PostgreSQL only.
    assert 0 < figures["statements_per_update"] < figures["pg_statements_per_update"] \
        <= figures["statements_per_update"] + 1
    assert "pg_p99_ms" in result.stdout
    # Through the webhooks of one and of two instance processes: every owner's answers stored (or it fails).
    for count in (1, 2):
        for key in ("updates_per_second", "p50_ms", "p99_ms", "quiet_p50_ms", "quiet_p99_ms", "cpu_ms_per_update",
                    "busiest_share"):
            assert figures[f"instances_{count}_{key}"] > 0, (count, key)
    assert "instances_2_updates_per_second" in result.stdout


def test_bench_refuses_instances_without_a_database(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot", "bench", "--smoke", "--instances", "2"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2 and "--instances needs --database" in result.stderr
