"""The dependency rule between the top-level packages (docs/decisions/0005-layers.md):
import-linter's contracts in pyproject.toml hold, and they do catch an import that runs
back up the layers."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd, pythonpath):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_running_up_the_layers_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "territoires", tmp_path / "territoires", ignore=_ignored)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "territoires" / "core" / "text.py", "a") as module:
        module.write("\nfrom territoires.plans import models  # noqa\n")

    result = lint_imports(tmp_path, tmp_path)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "territoires.core.text -> territoires.plans.models" in result.stdout


def test_a_new_top_level_package_must_find_its_place_in_the_layers(tmp_path):
    shutil.copytree(ROOT / "territoires", tmp_path / "territoires", ignore=_ignored)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "territoires" / "newcomer").mkdir()
    (tmp_path / "territoires" / "newcomer" / "__init__.py").write_text("")

    result = lint_imports(tmp_path, tmp_path)

    assert result.returncode != 0
    assert "territoires.newcomer" in result.stdout


def _ignored(directory, names):
    return [name for name in names if name in ("__pycache__", "static", "templates")]
