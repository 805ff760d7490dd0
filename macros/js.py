"""Run one of the site's own JavaScript files from Python, so that `make check` applies the very rule the page
applies (the decision guide's scoring, overrides/assets/javascripts/guide-score.js) rather than a copy of it.

The engine is QuickJS from PyPI (the `quickjs` wheel, pinned in requirements.txt: it installs offline, with no
compiler and no Node.js); Node.js is used when that package is missing and `node` is on the PATH. Values cross as
JSON. A script defines its API as a global (guide-score.js: AtlasGuideScore); call(name, *args) runs
<global>.<name>(*args) and returns its result.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path


class NoEngine(RuntimeError):
    """Neither the quickjs package nor Node.js is available."""


class Script:
    def __init__(self, path: Path, api: str):
        self.path, self.api = Path(path), api
        self.source = self.path.read_text(encoding="utf-8")
        try:
            import quickjs
        except ImportError:
            quickjs = None
        if quickjs is not None:
            self.engine = "quickjs"
            self._ctx = quickjs.Context()
            self._ctx.eval(self.source)
        elif shutil.which("node"):
            self.engine = "node"
        else:
            raise NoEngine("no JavaScript engine: install the pinned packages (make check does) or Node.js")

    def call(self, name: str, *args):
        expr = f"JSON.stringify({self.api}[{json.dumps(name)}].apply(null, {json.dumps(list(args), ensure_ascii=False)}))"
        if self.engine == "quickjs":
            return json.loads(self._ctx.eval(expr))
        program = f"{self.source}\n;process.stdout.write({expr});"
        out = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"node failed on {self.path.name}: {out.stderr.strip()[-2000:]}")
        return json.loads(out.stdout)
