"""Build hook: the wheel carries type stubs generated from botocore's model.

Everything else is declared in pyproject.toml. When setuptools builds the package (a wheel
for `pip install .` or `python -m build`), scripts/gen_stubs.py writes paws_bridge/__init__.pyi
and paws_bridge/_typing/<service>.pyi into the build directory; they are not checked in.
An editable install (`pip install -e .`) gets them from scripts/setup.sh instead.
"""

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithStubs(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        out = Path(self.build_lib) / "paws_bridge"
        subprocess.run([sys.executable, str(HERE / "scripts" / "gen_stubs.py"), "--out",
                        str(out)], check=True, cwd=HERE)


setup(cmdclass={"build_py": BuildPyWithStubs})
