#!/usr/bin/env python3
"""Checks that `scan --format html` writes a well-formed, self-contained page.

Usage: validate_html.py BINARY SOURCE_DIR

Scans samples/, tests/fixtures/bad and a resume whose file name and text
carry markup, then parses the page with html.parser: every element closed in
order, one <script> (the page's own), nothing fetched (no src, no link, no
url(), no external href), every input file in the ranking exactly once and
every failure in the failures table.
"""
import html.parser
import json
import os
import subprocess
import sys
import tempfile

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HOSTILE_NAME = "<img src=x onerror=alert('name')> & \"co\".txt"
HOSTILE_TEXT = """Jane Testcase
jane@example.org

Experience
Machine Learning Engineer <script>alert(1)</script> & "Quoted" Labs
Jan 2020 - Present
- Built PyTorch models in Python and deployed them with Docker on AWS
"""


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.counts = {}
        self.ranked = []      # data-file of each ranking row, in order
        self.failures = []    # text of the failures table's first cells
        self.in_failures = False
        self.cell = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        for name, value in attrs.items():
            if name == "src" or (name == "href" and value and not value.startswith("#")):
                self.errors.append(f"external reference <{tag} {name}={value!r}>")
        if tag == "link":
            self.errors.append("a <link> element")
        if tag == "tbody" and "data-rank" in attrs:
            self.ranked.append(attrs["data-file"])
        if tag == "section" and attrs.get("id") == "failures":
            self.in_failures = True
        if self.in_failures and tag == "td" and attrs.get("class") == "file":
            self.cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag of void element </{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}> "
                               f"at line {self.getpos()[0]}")
            return
        self.stack.pop()
        if tag == "td" and self.cell is not None:
            self.failures.append("".join(self.cell))
            self.cell = None
        if tag == "section":
            self.in_failures = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.stack and self.stack[-1] in ("style", "script") and "url(" in data:
            self.errors.append("url() in a style or script")


def main():
    binary, root = sys.argv[1], sys.argv[2]
    problems = []
    with tempfile.TemporaryDirectory() as temp:
        hostile = os.path.join(temp, HOSTILE_NAME)
        with open(hostile, "w", encoding="utf-8") as out:
            out.write(HOSTILE_TEXT)
        inputs = [os.path.join(root, "samples"), os.path.join(root, "tests/fixtures/bad"), hostile]
        common = ["--as-of", "2026-11-01", "-q", "-j", "2"]
        jsonl = subprocess.run([binary, "scan", *inputs, *common], capture_output=True, text=True)
        page = subprocess.run([binary, "scan", *inputs, *common, "--format", "html"], capture_output=True, text=True)
    if page.returncode != 1:
        problems.append(f"exit code {page.returncode} (expected 1: bad/ holds failures); stderr: {page.stderr}")
    results = [json.loads(line) for line in jsonl.stdout.splitlines()]
    checker = Checker()
    checker.feed(page.stdout)
    checker.close()
    problems += checker.errors
    if checker.stack:
        problems.append(f"unclosed elements at the end: {checker.stack}")
    if not page.stdout.startswith("<!DOCTYPE html>"):
        problems.append("no doctype")
    for tag in ("html", "head", "body", "title", "script", "style"):
        if checker.counts.get(tag) != 1:
            problems.append(f"{checker.counts.get(tag, 0)} <{tag}> elements, expected 1")
    files = [r["file"] for r in results]
    if sorted(checker.ranked) != sorted(files) or len(set(checker.ranked)) != len(files):
        problems.append(f"ranking rows {checker.ranked} are not the scanned files {files} once each")
    if hostile not in checker.ranked:
        problems.append("the hostile file name did not survive escaping")
    failed = [r["file"] for r in results if r["status"] != "ok"]
    if checker.failures != failed or not failed:
        problems.append(f"failures table {checker.failures} != failed files {failed}")
    if "alert(1)</script>" in page.stdout:
        problems.append("unescaped evidence")
    for problem in problems:
        print("FAIL:", problem)
    print(f"{len(files)} files, {len(failed)} failed, {len(page.stdout)} bytes of HTML: "
          f"{'not ' if problems else ''}well-formed and self-contained")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
