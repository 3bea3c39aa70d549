"""app.Runtime: one store per process, the first-run choice, demo kept apart."""

from __future__ import annotations

from smallshop.app import StartupProblem, demo_data_dir, open_runtime


def test_empty_folder_offers_first_run_and_demo_goes_to_its_own_folder(tmp_path):
    real = tmp_path / "smallshop"
    runtime, problem = open_runtime(real)
    assert problem is None and runtime.needs_first_run()
    runtime.start_demo()
    try:
        assert runtime.demo and runtime.data_dir == demo_data_dir(real) == tmp_path / "smallshop-demo"
        assert len(runtime.services.store.orders) > 0
        assert not runtime.needs_first_run()
    finally:
        runtime.close()
    again, _ = open_runtime(real)  # the real folder got no demo record
    try:
        assert len(again.services.store.orders) == 0 and again.needs_first_run()
    finally:
        again.close()


def test_second_runtime_on_the_same_folder_is_refused_with_a_translated_key(tmp_path):
    import subprocess
    import sys
    import textwrap

    folder = tmp_path / "data"
    first, _ = open_runtime(folder)
    try:
        code = textwrap.dedent(f"""
            from pathlib import Path
            from smallshop.app import open_runtime
            runtime, problem = open_runtime(Path({str(folder)!r}))
            print(problem.key if problem else "opened")
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert out.stdout.strip() == "storage.locked"
    finally:
        first.close()


def test_report_through_the_runtime_is_a_pdf(tmp_path):
    runtime, _ = open_runtime(tmp_path / "data", demo=True)
    try:
        from datetime import date

        from smallshop.domain.period import Month

        name, data = runtime.report(Month.of(date.today()), fmt="pdf", lang="ky", prepared_by="Гүлзат")
        assert name.endswith("-ky.pdf") and data.startswith(b"%PDF")
    finally:
        runtime.close()


def test_startup_problem_keeps_the_storage_key():
    class Damaged(Exception):
        key = "storage.damaged"
        params = {"file": "orders.json", "backup": None}

    problem = StartupProblem.of(Damaged())
    assert problem.key == "storage.damaged_no_backup"
    assert StartupProblem.of(RuntimeError("boom")).params == {"error": "boom"}
