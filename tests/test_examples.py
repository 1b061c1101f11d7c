"""Every example runs to the end and writes its figure."""
import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / 'examples').glob('*.py'))


@pytest.mark.parametrize('example', EXAMPLES, ids=lambda p: p.stem)
def test_example_runs_and_writes_its_figure(example, tmp_path):
    result = subprocess.run([sys.executable, str(example)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600, env={**os.environ, 'MPLBACKEND': 'Agg'})
    assert result.returncode == 0, result.stderr[-3000:]
    figure = tmp_path / f'{example.stem}.png'
    assert figure.exists() and figure.stat().st_size > 10_000
