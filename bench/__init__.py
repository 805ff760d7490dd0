"""Benchmarks of LLM Adaptation Atlas: `make bench` (python -m bench). Each prints medians over several runs and
ratios against a baseline measured in the same run; the raw figures go to bench/out/ (git-ignored).

- build:   the real site against the same pages as plain Markdown (macros expanded) with the same theme
- growth:  synthetic data at 10x and 100x the real entities; `check` over 10,000 files
- serve:   from saving a YAML file to the changed page reloaded in the browser
- lighthouse: performance, accessibility, best practices and SEO of key pages in both languages

The helpers in serving.py and pages.py are also used by tests/test_quality.py.
"""
