"""The package layout: one folder per stage, data flowing one way (rules read from the imports)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
STAGES = ("cli", "fetch", "model", "notes", "metrics", "narrative", "site", "build")
SHARED = ("errors", "safety", "format", "constants", "__init__", "__main__")
# What each stage may import of ours, besides the shared modules and itself.
ALLOWED = {
    "cli": set(STAGES),
    "fetch": {"model"},
    "model": set(),
    "notes": {"model"},
    "metrics": {"model"},
    "narrative": {"metrics"},
    "site": {"metrics", "narrative", "notes", "model"},
    "build": {"model", "notes", "metrics", "narrative", "site"},
}


def stage_of(module: str) -> str:
    """Return the stage (top folder or top module) a dotted `generator.` module belongs to."""
    return module.split(".")[1] if module.count(".") else ""


def imports_of(path: Path) -> list[str]:
    """Return every `generator.*` module imported anywhere in one file (lazy imports included)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "generator":
            if node.module == "generator":  # `from generator import x`: only modules count
                found += [
                    f"generator.{a.name}"
                    for a in node.names
                    if (PACKAGE / a.name).exists() or (PACKAGE / f"{a.name}.py").exists()
                ]
            else:
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "generator"]
    return found


def module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph() -> dict[str, list[str]]:
    """Return module -> imported modules for the whole package."""
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_sits_in_a_stage_or_is_shared():
    modules = graph()
    assert len(modules) > 30
    loose = [m for m in modules if stage_of(m) not in STAGES + SHARED and m != "generator"]
    assert loose == []


def test_stages_import_only_what_the_layout_allows():
    checked, wrong = 0, []
    for module, imported in graph().items():
        stage = stage_of(module)
        if stage not in ALLOWED:
            continue
        for target in imported:
            other = stage_of(target)
            checked += 1
            if other in SHARED or other == stage or other == "":
                continue
            if other not in ALLOWED[stage]:
                wrong.append(f"{module} imports {target}")
    assert checked > 60
    assert wrong == []


def test_nothing_imports_the_cli_and_only_the_cli_imports_fetch():
    for module, imported in graph().items():
        if stage_of(module) in ("cli", "__main__"):
            continue
        assert not [t for t in imported if stage_of(t) == "cli"], module
        if stage_of(module) != "fetch":
            assert not [t for t in imported if stage_of(t) == "fetch"], module


def test_no_import_cycle():
    modules = graph()
    edges = {m: {t for t in ts if t in modules} for m, ts in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in edges[node]:
            if state.get(target) == 1:
                pytest.fail("import cycle: " + " -> ".join(path + [node, target]))
            if target not in state:
                visit(target, path + [node])
        state[node] = 2

    for module in edges:
        if module not in state:
            visit(module, [])
    assert len(state) == len(modules)


def test_help_imports_no_heavy_library():
    code = (
        "import sys; from click.testing import CliRunner; from generator.cli.main import cli; "
        "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'bittensor') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    assert out.stdout.strip() == "[]"


def test_a_build_with_chart_workers_never_imports_matplotlib_itself(tmp_path):
    """Only the workers draw: the build's own process renders pages without matplotlib's half second."""
    code = (
        "import sys; from pathlib import Path; from generator.build.run import BuildConfig, build; "
        f"t = Path({str(tmp_path)!r}); "
        "build(BuildConfig(snapshots=t / 'none', content=t / 'content', templates=Path('templates'), "
        "output=t / 'site', cache=t / 'cache', jobs=2)); "
        "print('matplotlib' in sys.modules, len(list((t / 'cache' / 'charts').glob('*.svg'))) > 100)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    assert out.stdout.strip() == "False True"


def test_the_cli_does_no_pandas_work_and_loads_no_snapshot():
    cli = sorted((PACKAGE / "cli").glob("*.py"))
    assert len(cli) == 5
    for path in cli:
        text = path.read_text(encoding="utf-8")
        ours = imports_of(path)
        assert not [m for m in ours if stage_of(m) == "metrics" or m == "generator.model.snapshot"], path
        assert "pandas" not in text and "load_snapshot" not in text and "scorecards(" not in text, path


def test_the_package_is_marked_typed():
    assert (PACKAGE / "py.typed").is_file()
    assert '"py.typed"' in (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")


def test_every_module_path_named_in_docs_and_pages_exists():
    import re

    from generator.metrics.scorecard import METRICS

    texts = {
        "README.md": (PACKAGE.parent / "README.md").read_text(encoding="utf-8"),
        **{f"templates/{p.name}": p.read_text(encoding="utf-8") for p in (PACKAGE.parent / "templates").glob("*.html")},
        "metric formulas and caveats": " ".join(f"{m.formula} {m.caveat}" for m in METRICS.values()),
    }
    named = {(where, path) for where, text in texts.items() for path in re.findall(r"generator/[\w/]+\.py", text)}
    assert len(named) > 20
    missing = sorted(f"{where}: {path}" for where, path in named if not (PACKAGE.parent / path).is_file())
    assert missing == []
