#!/usr/bin/env python3
"""Docs move with code: checks run by ctest.

1. Every public header (include/solvency/**/*.hpp outside detail/) has a
   reference page docs/reference/<same path>.md, and the reference index
   links it.
2. Every code block announced by `<!-- quote: PATH -->` in README.md or docs/
   is exactly the file PATH, which CI compiles.
3. Every relative Markdown link in README.md and docs/ points at a file that
   exists.
4. The umbrella header includes every public header except the testing kit
   (testing/ is for test suites, not for production code), and mkdocs.yml's
   navigation lists every reference page and guide.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
errors = []

headers = sorted(p for p in (root / "include/solvency").rglob("*.hpp") if "detail" not in p.parts)
index = (root / "docs/reference/index.md").read_text()
for h in headers:
    rel = h.relative_to(root / "include/solvency").with_suffix(".md")
    if not (root / "docs/reference" / rel).is_file():
        errors.append(f"no reference page docs/reference/{rel} for {h.relative_to(root)}")
    if f"]({rel.as_posix()})" not in index:
        errors.append(f"docs/reference/index.md does not link {rel.as_posix()}")

umbrella = (root / "include/solvency/solvency.hpp").read_text()
for h in headers:
    rel = h.relative_to(root / "include").as_posix()
    if rel in ("solvency/solvency.hpp",) or rel.startswith("solvency/testing/"):
        continue
    if f"#include <{rel}>" not in umbrella:
        errors.append(f"include/solvency/solvency.hpp does not include <{rel}>")

nav = (root / "mkdocs.yml").read_text()
for page in sorted((root / "docs").rglob("*.md")):
    rel = page.relative_to(root / "docs").as_posix()
    if rel.startswith(("reference/", "guides/")) and f": {rel}" not in nav and f"- {rel}" not in nav:
        errors.append(f"mkdocs.yml does not list {rel}")

pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
quote = re.compile(r"<!-- quote: (\S+) -->\n```[a-z]*\n(.*?)```", re.S)
link = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
for page in pages:
    text = page.read_text()
    for path, body in quote.findall(text):
        src = root / path
        if not src.is_file():
            errors.append(f"{page.relative_to(root)} quotes missing file {path}")
        elif src.read_text() != body:
            errors.append(f"{page.relative_to(root)}: quoted block differs from {path}")
    for target in link.findall(text):
        if "://" in target or target.startswith("mailto:"):
            continue
        if not (page.parent / target).exists():
            errors.append(f"{page.relative_to(root)}: broken link {target}")

for e in errors:
    print("docs:", e)
print(f"docs: {len(headers)} headers, {len(pages)} pages checked, {len(errors)} problems")
sys.exit(1 if errors else 0)
