#!/usr/bin/env python3
"""Skill-lexicon precision and recall on the labeled part of the development
corpus (../shared/corpus/labeled). Reads the corpus only; writes scratch
files to a temporary folder; prints figures. Skips (exit 0) when the corpus
is absent, as on a user's clone. Python 3.11 standard library only.

Usage: bench/lexicon_eval.py [--binary BIN] [--limit N] [--dataset NAME]
                             [--match span|text] [--top N] [--json FILE]

Data
----
* dotin-train/*.xml: inline `<label type="...">` tags. The tags are stripped
  (entities unescaped) to give the plain text; every label keeps its
  character span in that text. Gold TECH items are the `Tech Tools` labels;
  `Job Specific Skills` items are scored separately (recall only); `Soft
  Skills` only count as "labeled skill text" for strict precision.
* dataturks-train.jsonl: `Skills` spans (offsets repaired when `end` is off
  by one or the span is shifted: the nearest occurrence of `text` is used)
  are usually whole blocks and are split into items with their own spans:
  on newlines, `,` `;` `|` tabs, bullets, parentheses, " and ", " & ",
  " - ", and `/` when both sides have 3+ letters ("HTML/CSS" splits,
  "PL/SQL", "TCP/IP", "CI/CD" do not). Within a line, text before a `:`
  (at most 5 words) is a heading ("Languages: Java") and is not an item.
  Labeled dotin spans go through the same splitter ("Windows 2003, XP").

Normalised item string: case-folded, every run of characters other than
letters, digits, `_`, `+` and `#` replaced by one space, trimmed
("Node.js" -> "node js", "C++" -> "c++", "PL/SQL" -> "pl sql").

Which items count as tech skills (the rest is reported as "ignored", with
the reason): an item is ignored when it has no letters (`no-letters`), more
than 6 words (`too-long`, usually a sentence), is a duration such as
"Less than 1 year" or "3 years" (`duration`), a level word such as
"basics" / "intermediate" (`qualifier`), a heading (`heading`), or - for
DataTurks blocks, which mix soft and technical skills - a soft skill
(`soft`): it follows a heading naming soft/personal skills or strengths, or
its string is labeled `Soft Skills` in dotin more often than as a tech or
job skill, or it is in a short built-in list of soft-skill words. dotin
`Tech Tools` items are never dropped as soft (the annotators said tech).

Matching rule (`--match span`, the default)
-------------------------------------------
The analyzer's evidence offsets are UTF-8 byte offsets into its normalised
text (`resume-analyzer extract FILE`), which differs from the file mainly by
collapsed spaces, trimmed lines/blank lines and bullets rewritten to "•".
The script runs `extract` on every file and aligns the normalised text to
the input character by character (whitespace skipped on both sides, any
bullet equal to any bullet, re-synchronising on the next 10 non-space
characters after any other difference), so every evidence quote gets a
character span in the input text, where the gold spans are.
* A gold item is COVERED when at least one evidence span of any predicted
  skill overlaps the item's span by at least one character; the covering
  entry (for recall per category) is the one with the largest overlap.
* A prediction is a distinct (resume, skill id). It is STRICTLY correct
  when at least one of its evidence spans overlaps a labeled skill span of
  any skill label (dotin: Tech Tools, Job Specific Skills, Soft Skills;
  DataTurks: any Skills item, including ignored soft/long ones, but not
  headings or durations).
* It is PLAUSIBLE (lenient precision) when it is strictly correct or one of
  its evidence quotes, normalised, equals an item string labeled as a skill
  at least twice anywhere in the two datasets: the labels are incomplete
  (DataTurks labels only the Skills block, so "Python" in a project
  description is unlabeled), and a string that annotators labeled as a skill
  elsewhere is probably a correct hit. Review the false-hit listing before
  trusting it: a word like "Go" or "Oracle" can be in that vocabulary.

`--match text` (faster: no `extract` runs) ignores positions: an item is
covered when an evidence quote of a prediction in the same resume,
normalised, equals the item string or occurs in it as whole words, or the
item occurs in the quote as whole words; strict precision uses the same
rule against the labeled skill spans' strings.

Figures: recall = covered gold tech items / gold tech items, counted as
distinct (resume, normalised item) (an item is covered when any occurrence
is); precision = correct predictions / predictions; F1 from both. "Tech
precision" is the same over predictions of tech categories only, i.e. all
but `soft-skill` and `domain` (NON_TECH_CATEGORIES): the gold items are tech
skills, so a soft skill or an industry can never be confirmed by them, and
the precision target is about tech skill items. `general-it` (operating
systems, office software, networking, ...) counts as tech: the annotators
label such items as tech tools.

"Reviewed" precision (tech predictions only) also counts a prediction as
correct when one of its quotes, normalised, is listed for its entry in
bench/lexicon_review.tsv: (entry id, string) pairs a reviewer judged, from
the false-hit listing, to name the skill whatever the context ("unit tests",
"disaster recovery"). The labels are incomplete (DataTurks labels only the
Skills block; dotin labels tech tools but rarely practices such as testing or
backup), so strict precision counts many real mentions as false hits; the
reviewed figure corrects the reference for those, and leaves every
context-dependent string ("statistics", "architected", "dashboards", "go")
to the labels. It is an upper estimate and depends on that file: read its
header and review new lines by hand.

"Reviewed" recall (DataTurks only) is the recall counterpart: the splitter
cuts whole Skills blocks into items, and many of them are not tech skill
items at all (fragments such as "and" or "good knowledge", soft skills,
business/HR/sales/finance functions and industries, spoken languages,
hobbies, names, headings). bench/gold_review.tsv lists normalised item
strings a reviewer judged, one by one, not to name a tech skill, with the
reason; an item whose string is listed is removed from both the covered
count and the gold count (recall reviewed = covered unlisted items /
unlisted items, distinct per resume as above). Generic tech items
("database", "testing", "security") are never listed, and a string is kept
when the reviewer was unsure. The review covered every missed DataTurks
string and every string covered only by a `soft-skill` or `domain` entry
(so that it does not only remove misses); the script prints the misses that
remain (the lexicons' real gaps, plus strings added since the review) and
the covered-only-by-soft-skill/domain strings not in the file, which a new
review should look at. dotin `Tech Tools` items were labeled tech by the
annotators and are not reviewed. Like reviewed precision it is an estimate
that depends on a hand-reviewed file: read its header and review new lines
by hand.

Per category: precision by the predicted entry's category; recall as the share
of gold items covered by an entry of each category, 'uncovered' otherwise.
Also printed: recall restricted to item strings that some entry matches
exactly somewhere in the corpus (a quote lying within the item), whose
misses point at guards (`context`/`exclude`) rather than missing terms; and
where dotin evidence quotes stand (inside a skill label, another label such
as Designation or College Name, or unlabeled text).

Note: a few resumes occur in both datasets (same text, different labels).
`--lexicons DIR` evaluates a lexicon folder without rebuilding; with the
embedded data the binary is copied first, so a rebuild during the run does
not disturb it. `--match text` takes seconds; span matching about 1.5 min
for the full set on 2 cores (one `extract` run per file).
"""
import argparse
import collections
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LABELED = CORPUS / "labeled"

BULLETS = set("•●▪■◦·∙‣⁃○◆◇❖➢➤►▶▸→✓✔✗✦★☐□-*–—>")
SKILL_LABELS_DOTIN = ("Tech Tools", "Job Specific Skills", "Soft Skills")
MAX_WORDS = 6
REVIEW = ROOT / "bench" / "lexicon_review.tsv"
GOLD_REVIEW = ROOT / "bench" / "gold_review.tsv"
GOLD_REVIEW_REASONS = ("fragment", "soft", "business", "spoken-language", "hobby", "name", "heading")
# Skill categories whose predictions are not tech skills (see "tech precision").
NON_TECH_CATEGORIES = frozenset({"soft-skill", "domain"})
CONTEXT = 40

DURATION = re.compile(
    r"^(?:(?:less|more)(?: than)?|than|over|about|approx|under)?\s*(?:\d+(?:\s\d+)?\+?)?\s*"
    r"(?:years?|yrs?|months?|mos?)?(?: of experience| exp)?$")
TRAILING_DURATION = re.compile(r"\s*[-–(]?\s*\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?)\.?\)?$", re.I)
# "Web Technologies HTML, CSS": a heading without a colon at the start of a line
HEAD_PREFIX = re.compile(
    r"[\s•●▪■◦·*➢✓❑-]*((?:[\w/+.-]+\s+){0,3}?(?:languages|tools|technologies|databases|platforms|frameworks"
    r"|methodologies|ides|operating\s+systems?|packages|libraries))\s+(?=\w)", re.I)
QUALIFIERS = {
    "basic", "basics", "beginner", "intermediate", "advanced", "preliminary", "proficient",
    "expert", "familiar", "good", "excellent", "working knowledge", "knowledge", "exposure",
    "learning", "novice", "fluent", "native", "moderate", "etc", "others", "other", "various",
    "concepts", "fundamentals",
}
HEADINGS = {
    "skills", "skill", "technical skills", "soft skills", "key skills", "it skills", "core skills",
    "skill set", "skillset", "technical skill set", "additional information", "technical proficiency",
    "areas of expertise", "core competencies", "competencies", "strengths", "personal skills",
    "professional skills", "computer skills", "software skills", "tools", "technologies",
    "technical expertise", "expertise", "key strengths", "skills summary", "technical summary",
}
SOFT_WORDS = {
    "communication", "communication skills", "leadership", "team player", "teamwork", "team work",
    "problem solving", "time management", "quick learner", "fast learner", "hard working",
    "hardworking", "self motivated", "interpersonal", "interpersonal skills", "adaptability",
    "adaptable", "creative", "creativity", "punctual", "punctuality", "honest", "positive attitude",
    "dedicated", "flexible", "motivated", "analytical", "analytical skills", "decision making",
    "critical thinking", "presentation skills", "negotiation", "communicator", "innovator",
    "collaborator", "team management", "organizational skills", "self confident", "confident",
    "patience", "discipline", "sincere", "smart working", "good communication", "multitasking",
    "multi tasking", "attention to detail", "detail oriented", "goal oriented", "result oriented",
    "team building", "listening", "verbal communication", "written communication",
}
SOFT_HEADING = re.compile(r"\bsoft\b|personal|interpersonal|strengths?\b|traits?\b|attributes?\b|hobb", re.I)
ITEM_SEP = re.compile(
    r"&amp;|[\n,;|\t()\[\]{}•●▪■◦·∙‣⁃○◆◇❖➢➤►▶▸→✓✔✦★]|\s+and\s+|\s+&\s+|\s+[-–—]\s+|\s+/\s+"
    r"|(?<=[^\W\d_]{3})/(?=[^\W\d_]{3})", re.I)


def norm(s: str) -> str:
    return re.sub(r"[^\w+#]+", " ", s.casefold()).strip()


@dataclass
class Item:
    label: str
    start: int
    end: int
    text: str
    key: str
    reason: str | None = None  # why it is not counted as a tech item (None: counted)


@dataclass
class Resume:
    dataset: str
    name: str
    text: str
    items: list = field(default_factory=list)        # split skill items (all skill labels)
    skill_spans: list = field(default_factory=list)  # (label, start, end, key): labeled skill text
    other_spans: list = field(default_factory=list)  # (label, start, end): non-skill labels
    result: dict | None = None
    mapped: list = field(default_factory=list)       # predictions: (id, name, category, [(start, end, quote)])


# ---------------------------------------------------------------- loading

def trim_span(text, s, e, lead=" \t\r\n\"'*-–—>", trail=" \t\r\n.:,\"'-–—"):
    while s < e and text[s] in lead:
        s += 1
    while e > s and text[e - 1] in trail:
        e -= 1
    return s, e


def classify(key: str, raw: str, label: str, soft_mode: bool, soft_vocab: set) -> str | None:
    if not re.search(r"[^\W\d_]", key):
        return "no-letters"
    if DURATION.match(key):
        return "duration"
    if key in QUALIFIERS:
        return "qualifier"
    if key in HEADINGS:
        return "heading"
    if len(key.split()) > MAX_WORDS:
        return "too-long"
    if label in ("Skills",) and (soft_mode or key in SOFT_WORDS or key in soft_vocab):
        return "soft"
    if label == "Soft Skills":
        return "soft"
    return None


def split_block(text: str, start: int, end: int, label: str, soft_vocab: set) -> list:
    """Splits text[start:end] into items (see the module docstring)."""
    items = []
    soft_mode = False   # items follow a soft/personal-skills heading
    soft_seen = False   # ... and some of them were seen (a blank line then ends the mode)
    pos = start
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            if soft_seen:
                soft_mode = soft_seen = False
            continue
        line_soft = soft_mode
        m = re.match(r"[\s•●▪■◦·*➢✓❑-]*([^:\n]{1,60}?)\s*:(?!//)", line)
        if m and len(m.group(1).split()) <= 5:
            hs, he = ls + m.start(1), ls + m.end(1)
            head = text[hs:he]
            line_soft = bool(SOFT_HEADING.search(head))
            soft_mode = soft_seen = False
            items.append(Item(label, hs, he, head, norm(head), "heading"))
            ls = ls + m.end()
        elif norm(line) in HEADINGS | {"soft skills", "personal skills"}:
            soft_mode = line_soft = bool(SOFT_HEADING.search(line))
            soft_seen = False
        elif (m := HEAD_PREFIX.match(line)) and label == "Skills":
            hs, he = ls + m.start(1), ls + m.end(1)
            items.append(Item(label, hs, he, text[hs:he], norm(text[hs:he]), "heading"))
            ls = ls + m.end()
            soft_mode = soft_seen = line_soft = False
        elif soft_mode:
            soft_seen = True
        cut = ls
        pieces = []
        for sep in ITEM_SEP.finditer(text, ls, le):
            pieces.append((cut, sep.start()))
            cut = sep.end()
        pieces.append((cut, le))
        for s, e in pieces:
            s, e = trim_span(text, s, e)
            d = TRAILING_DURATION.search(text, s, e)
            if d and d.start() > s:
                s, e = trim_span(text, s, d.start())
            if s >= e:
                continue
            raw = text[s:e]
            key = norm(raw)
            if not key:
                continue
            items.append(Item(label, s, e, raw, key, classify(key, raw, label, line_soft, soft_vocab)))
    return items


TAG = re.compile(r'<\?xml[^>]*\?>|</?cv>|<label type="([^"]*)">|</label>|&(?:#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);')


def parse_dotin(path: Path):
    """Returns (plain text, [(label, start, end)])."""
    src = path.read_text(encoding="utf-8")
    out, labels, open_ = [], [], []
    n = 0
    last = 0
    for m in TAG.finditer(src):
        chunk = src[last:m.start()]
        out.append(chunk)
        n += len(chunk)
        last = m.end()
        tok = m.group(0)
        if tok.startswith("&"):
            ch = html.unescape(tok)
            out.append(ch)
            n += len(ch)
        elif tok.startswith("<label"):
            open_.append((m.group(1), n))
        elif tok == "</label>":
            lab, s = open_.pop()
            labels.append((lab, s, n))
    out.append(src[last:])
    return "".join(out), labels


def load_dotin(limit, soft_vocab):
    files = sorted((LABELED / "dotin-train").glob("*.xml"), key=lambda p: (len(p.stem), p.stem))
    if limit:
        files = files[:limit]
    resumes = []
    for p in files:
        text, labels = parse_dotin(p)
        r = Resume("dotin", p.stem, text)
        for lab, s, e in labels:
            s, e = trim_span(text, s, e)
            if lab in SKILL_LABELS_DOTIN:
                r.skill_spans.append((lab, s, e, norm(text[s:e])))
                r.items += split_block(text, s, e, lab, soft_vocab)
            else:
                r.other_spans.append((lab, s, e))
        resumes.append(r)
    return resumes


def dataturks_span(content, p):
    s, e, t = p["start"], p["end"], p["text"]
    if content[s:e + 1] == t:
        return s, e + 1
    if content[s:e] == t:
        return s, e
    best, i = None, content.find(t)
    while i >= 0:
        if best is None or abs(i - s) < abs(best - s):
            best = i
        i = content.find(t, i + 1)
    return (best, best + len(t)) if best is not None else (s, min(e + 1, len(content)))


def load_dataturks(limit, soft_vocab):
    resumes = []
    with open(LABELED / "dataturks-train.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit and i >= limit:
                break
            row = json.loads(line)
            text = row["content"]
            r = Resume("dataturks", f"{i:03d}", text)
            for a in row.get("annotation") or []:
                for lab in a.get("label") or []:
                    for p in a.get("points") or []:
                        s, e = trim_span(text, *dataturks_span(text, p))
                        if s >= e:
                            continue
                        if lab == "Skills":
                            r.items += split_block(text, s, e, lab, soft_vocab)
                        else:
                            r.other_spans.append((lab, s, e))
            for it in r.items:
                if it.reason not in ("heading", "duration", "no-letters", "qualifier"):
                    r.skill_spans.append(("Skills", it.start, it.end, it.key))
            resumes.append(r)
    return resumes


def dotin_soft_vocab():
    """Strings labeled Soft Skills in dotin more often than Tech Tools/Job Specific Skills."""
    cnt = collections.Counter()
    for p in (LABELED / "dotin-train").glob("*.xml"):
        text, labels = parse_dotin(p)
        for lab, s, e in labels:
            if lab in SKILL_LABELS_DOTIN:
                cnt[(norm(text[s:e]), lab == "Soft Skills")] += 1
    return {k for (k, soft), c in cnt.items() if soft and c > cnt[(k, False)]}


# ---------------------------------------------------------------- running

def run_analyzer(binary, resumes, work: Path, need_extract: bool, jobs: int, data_args: list):
    folder = work / "txt"
    folder.mkdir()
    paths = {}
    total = 0
    for r in resumes:
        p = folder / f"{r.dataset}-{r.name}.txt"
        data = r.text.encode("utf-8")
        p.write_bytes(data)
        total += len(data)
        paths[p.name] = r
    t0 = time.monotonic()
    out = work / "scan.jsonl"
    run = subprocess.run([binary, "scan", "--quiet", "--format", "jsonl", "-o", str(out), *data_args, str(folder)],
                         capture_output=True, text=True, check=False)
    if run.returncode == 2:
        sys.exit(f"resume-analyzer scan failed: {run.stderr.strip()}")
    t_scan = time.monotonic() - t0
    errors = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        res = json.loads(line)
        r = paths.get(Path(res["file"]).name)
        if r is None:
            continue
        if res.get("status") != "ok":
            errors += 1
            continue
        r.result = res
    t1 = time.monotonic()
    normalised = {}
    if need_extract:
        def extract(name):
            ex = subprocess.run([binary, "extract", *data_args, str(folder / name)], capture_output=True, check=False)
            return name, ex.stdout.decode("utf-8", errors="replace") if ex.returncode == 0 else None
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
            for name, txt in pool.map(extract, [n for n, r in paths.items() if r.result]):
                normalised[name] = txt
    t_extract = time.monotonic() - t1
    return paths, normalised, total, errors, t_scan, t_extract


def align(N: str, T: str) -> list:
    """m[i] = index in T of character N[i] (len(N) + 1 entries)."""
    m = [0] * (len(N) + 1)
    i = j = 0
    nN, nT = len(N), len(T)
    while i < nN:
        c = N[i]
        if c.isspace():
            m[i] = j
            i += 1
            continue
        while j < nT and T[j].isspace():
            j += 1
        if j < nT and (T[j] == c or (c in BULLETS and T[j] in BULLETS)):
            m[i] = j
            i += 1
            j += 1
            continue
        # resync: skip 0..8 characters of N until its next 10 non-space characters occur in T
        for skip in range(9):
            key = [re.escape(ch) for ch in N[i + skip:i + skip + 40] if not ch.isspace()][:10]
            hit = re.compile(r"\s*".join(key)).search(T, j, j + 600) if key else None
            if hit:
                break
        if hit is None:
            m[i] = j
            i += 1
            continue
        for k in range(i, i + skip):
            m[k] = hit.start()
        i += skip
        if hit.start() != j or skip:
            j = hit.start()
            continue
        m[i] = j          # same place, characters differ (e.g. a folded letter): take it
        i += 1
        j += 1
    m[nN] = j
    return m


def byte_to_char(s: str) -> list:
    b2c = []
    for k, ch in enumerate(s):
        b2c.extend([k] * len(ch.encode("utf-8")))
    b2c.append(len(s))
    return b2c


def locate_quote(T: str, quote: str, around: int) -> tuple:
    """Text mode: where a quote stands in the input (for contexts only)."""
    rx = re.compile(r"\s+".join(re.escape(w) for w in quote.split()) or re.escape(quote))
    m = rx.search(T, max(0, around - 200)) or rx.search(T)
    return (m.start(), m.end()) if m else (-1, -1)


def compact(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold())


def map_predictions(r: Resume, N: str | None) -> tuple:
    """Fills r.mapped; returns (quotes, quotes whose aligned input text differs)."""
    n = bad = 0
    if N is not None:
        m = align(N, r.text)
        b2c = byte_to_char(N)
    for sk in r.result.get("skills", []):
        spans = []
        for ev in sk.get("evidence", []):
            q = ev.get("text", "")
            if N is not None:
                cs, ce = b2c[min(ev["start"], len(b2c) - 1)], b2c[min(ev["end"], len(b2c) - 1)]
                s = m[cs]
                e = m[ce - 1] + 1 if ce > cs else s
            else:
                s, e = locate_quote(r.text, q, ev.get("start", 0))
            spans.append((s, e, q))
            n += 1
            bad += compact(r.text[s:e]) != compact(q) if s >= 0 else 1
        r.mapped.append((sk["id"], sk.get("name", sk["id"]), sk.get("category", "?"), spans))
    return n, bad


# ---------------------------------------------------------------- scoring

def words_in(a: str, b: str) -> bool:
    return bool(a) and f" {a} " in f" {b} "


def text_match(q: str, key: str) -> bool:
    return q == key or words_in(q, key) or words_in(key, q)


def overlap(s1, e1, s2, e2) -> int:
    return max(0, min(e1, e2) - max(s1, s2))


def context(T: str, s: int, e: int) -> str:
    if s < 0:
        return "(quote not found in the text)"
    left = T[max(0, s - CONTEXT):s]
    right = T[e:e + CONTEXT]
    return re.sub(r"\s+", " ", f"{left}«{T[s:e]}»{right}").strip()


def load_review(path: Path) -> set:
    """(entry id, normalised quote) pairs reviewed as naming the skill."""
    pairs = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                entry, quote = line.split("\t")[:2]
                pairs.add((entry.strip(), norm(quote)))
    return pairs


def load_gold_review(path: Path) -> dict:
    """Normalised DataTurks item string -> reason it is not a tech skill item."""
    keys = {}
    if path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                key, _, reason = line.partition("\t")
                if reason.strip() not in GOLD_REVIEW_REASONS:
                    sys.exit(f"{path}:{n}: reason must be one of {', '.join(GOLD_REVIEW_REASONS)}")
                keys[norm(key)] = reason.strip()
    return keys


def evaluate(resumes, mode: str, vocab: set, review: set):
    per = []
    gold_units = {}   # dataset-group -> list of unit dicts
    preds = []
    evid = collections.Counter()   # dotin evidence-level: in skill label / in other label / unlabeled
    for r in resumes:
        if r.result is None:
            continue
        # coverage of each item occurrence
        units = {}
        for it in r.items:
            group = "jss" if it.label == "Job Specific Skills" else ("tech" if it.label in ("Tech Tools", "Skills") else None)
            if group is None:
                continue
            best = None
            inner = None   # an entry whose quote lies within the item (it knows the item's string)
            tech_hit = False   # some entry of a tech category covers it
            for sid, _, cat, spans in r.mapped:
                for s, e, q in spans:
                    if mode == "span":
                        score = overlap(s, e, it.start, it.end)
                        within = score and it.start <= s and e <= it.end
                    else:
                        score = len(q) if text_match(norm(q), it.key) else 0
                        within = score and (norm(q) == it.key or words_in(norm(q), it.key))
                    if score and (best is None or score > best[0]):
                        best = (score, sid, cat)
                    tech_hit |= bool(score) and cat not in NON_TECH_CATEGORIES
                    if within and inner is None:
                        inner = sid
            u = units.setdefault((group, it.key), {"group": group, "key": it.key, "text": it.text,
                                                    "reason": it.reason, "covered_by": None,
                                                    "category": "uncovered", "start": it.start,
                                                    "known_by": None, "tech_covered": False})
            if it.reason is None:
                u["reason"] = None
            if best and u["covered_by"] is None:
                u["covered_by"], u["category"] = best[1], best[2]
            if inner and u["known_by"] is None:
                u["known_by"] = inner
            u["tech_covered"] |= tech_hit
        for u in units.values():
            u["resume"] = r.name
            u["dataset"] = r.dataset
            gold_units.setdefault((r.dataset, u["group"]), []).append(u)
        # precision
        rp = []
        for sid, name, cat, spans in r.mapped:
            strict = False
            inside = set()
            for s, e, q in spans:
                hit = False
                for lab, ls, le, key in r.skill_spans:
                    if (overlap(s, e, ls, le) if mode == "span" else text_match(norm(q), key)):
                        hit = True
                        break
                strict |= hit
                if mode == "span":
                    labs = {lab for lab, ls, le in r.other_spans if overlap(s, e, ls, le)}
                    inside |= labs
                    if r.dataset == "dotin":
                        evid["skill label" if hit else (sorted(labs)[0] if labs else "unlabeled")] += 1
            plausible = strict or any(norm(q) in vocab for _, _, q in spans)
            reviewed = plausible or any((sid, norm(q)) in review for _, _, q in spans)
            p = {"dataset": r.dataset, "resume": r.name, "id": sid, "name": name, "category": cat,
                 "strict": strict, "plausible": plausible, "reviewed": reviewed, "inside": sorted(inside),
                 "quotes": [q for _, _, q in spans],
                 "contexts": [context(r.text, s, e) for s, e, q in spans[:3]]}
            rp.append(p)
        preds += rp
        tech = [u for u in units.values() if u["group"] == "tech" and u["reason"] is None]
        per.append({"dataset": r.dataset, "resume": r.name, "bytes": len(r.text.encode("utf-8")),
                    "gold_tech": len(tech), "covered": sum(1 for u in tech if u["covered_by"]),
                    "predictions": len(rp), "strict": sum(p["strict"] for p in rp),
                    "plausible": sum(p["plausible"] for p in rp)})
    return per, gold_units, preds, evid


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "   n/a"


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(dataset, group_units, preds, per, top, examples, known, gold_review):
    out = {}
    kept = [u for u in group_units.get((dataset, "tech"), []) if u["reason"] is None]
    ignored = collections.Counter(u["reason"] for u in group_units.get((dataset, "tech"), []) if u["reason"])
    covered = sum(1 for u in kept if u["covered_by"])
    dp = [p for p in preds if p["dataset"] == dataset]
    strict = sum(p["strict"] for p in dp)
    plaus = sum(p["plausible"] for p in dp)
    R = covered / len(kept) if kept else 0.0
    Ps = strict / len(dp) if dp else 0.0
    Pl = plaus / len(dp) if dp else 0.0
    rs = [x for x in per if x["dataset"] == dataset]
    print(f"\n=== {dataset}: {len(rs)} resumes, {len(kept)} gold tech items (distinct per resume), "
          f"{len(dp)} predictions ===")
    print(f"  ignored gold items: {sum(ignored.values())} ("
          + ", ".join(f"{k} {v}" for k, v in ignored.most_common()) + ")")
    print(f"  recall            {pct(covered, len(kept))}  ({covered}/{len(kept)})")
    if dataset == "dataturks":
        # DataTurks items come from splitting whole Skills blocks: drop the
        # item strings reviewed as not tech skills (dotin Tech Tools items
        # were labeled tech by the annotators and stay).
        rev_kept = [u for u in kept if u["key"] not in gold_review]
        rev_covered = sum(1 for u in rev_kept if u["covered_by"])
        listed = {u["key"] for u in kept if u["key"] in gold_review}
        print(f"  recall reviewed   {pct(rev_covered, len(rev_kept))}  ({rev_covered}/{len(rev_kept)})   (gold minus "
              f"{len(listed)} item strings reviewed as not tech skills: bench/{GOLD_REVIEW.name})")
        out.update(recall_reviewed=rev_covered / len(rev_kept) if rev_kept else 0.0, gold_reviewed=len(rev_kept),
                   covered_reviewed=rev_covered, gold_review_strings=len(listed))
    print(f"  precision strict  {pct(strict, len(dp))}  ({strict}/{len(dp)})   F1 {100 * f1(Ps, R):5.1f}")
    print(f"  precision lenient {pct(plaus, len(dp))}  ({plaus}/{len(dp)})   F1 {100 * f1(Pl, R):5.1f}")
    macro_r = [x["covered"] / x["gold_tech"] for x in rs if x["gold_tech"]]
    macro_p = [x["strict"] / x["predictions"] for x in rs if x["predictions"]]
    if macro_r and macro_p:
        print(f"  per resume (macro): recall {100 * sum(macro_r) / len(macro_r):5.1f}%  "
              f"strict precision {100 * sum(macro_p) / len(macro_p):5.1f}%  "
              f"({sum(1 for x in rs if not x['predictions'])} resumes without predictions)")
    # The targets are about tech skill items: soft skills and industry
    # domains are not tech items (no gold tech label can confirm them), so
    # precision is also given over the other categories' predictions.
    tp = [p for p in dp if p["category"] not in NON_TECH_CATEGORIES]
    t_strict = sum(p["strict"] for p in tp)
    t_plaus = sum(p["plausible"] for p in tp)
    t_rev = sum(p["reviewed"] for p in tp)
    Pts = t_strict / len(tp) if tp else 0.0
    Ptl = t_plaus / len(tp) if tp else 0.0
    Ptr = t_rev / len(tp) if tp else 0.0
    print(f"  tech precision strict  {pct(t_strict, len(tp))}  ({t_strict}/{len(tp)})   F1 {100 * f1(Pts, R):5.1f}"
          f"   (predictions outside {', '.join(sorted(NON_TECH_CATEGORIES))})")
    print(f"  tech precision lenient {pct(t_plaus, len(tp))}  ({t_plaus}/{len(tp)})   F1 {100 * f1(Ptl, R):5.1f}")
    print(f"  tech precision reviewed {pct(t_rev, len(tp))} ({t_rev}/{len(tp)})   F1 {100 * f1(Ptr, R):5.1f}"
          f"   (lenient + {REVIEW.name})")
    out.update(recall=R, precision_strict=Ps, precision_lenient=Pl, f1_strict=f1(Ps, R), f1_lenient=f1(Pl, R),
               tech_precision_strict=Pts, tech_precision_lenient=Ptl, tech_precision_reviewed=Ptr, tech_predictions=len(tp),
               gold=len(kept), covered=covered, predictions=len(dp), strict=strict, plausible=plaus,
               ignored=dict(ignored))
    jss = [u for u in group_units.get((dataset, "jss"), []) if u["reason"] is None]
    if jss:
        jc = sum(1 for u in jss if u["covered_by"])
        print(f"  Job Specific Skills recall {pct(jc, len(jss))}  ({jc}/{len(jss)})")
        out["jss_recall"] = jc / len(jss)
    # per category
    pc = collections.defaultdict(lambda: [0, 0, 0])
    for p in dp:
        c = pc[p["category"]]
        c[0] += 1
        c[1] += p["strict"]
        c[2] += p["plausible"]
    rc = collections.Counter(u["category"] for u in kept)
    jc = collections.Counter(u["category"] for u in jss)
    cats = sorted(set(pc) | set(rc) | set(jc), key=lambda k: (k == "uncovered", -pc[k][0] - rc[k]))
    print(f"  {'category':22s} {'preds':>5s} {'strict P':>8s} {'lenient P':>9s} {'gold covered':>12s} {'share':>6s}"
          + (f" {'JSS':>5s}" if jss else ""))
    for k in cats:
        n, s, l = pc[k] if k in pc else (0, 0, 0)
        print(f"  {k:22s} {n:5d} {pct(s, n):>8s} {pct(l, n):>9s} {rc[k]:12d} {pct(rc[k], len(kept)):>6s}"
              + (f" {jc[k]:5d}" if jss else ""))
    out["categories"] = {k: {"predictions": pc[k][0], "strict": pc[k][1], "plausible": pc[k][2],
                             "gold_covered": rc[k], "jss_covered": jc[k]} for k in cats}
    # misses
    miss = collections.Counter(u["key"] for u in kept if not u["covered_by"])
    print(f"  top {top} missed gold tech items (resumes):")
    print("    " + "; ".join(f"{k} {c}" for k, c in miss.most_common(top)))
    out["missed"] = miss.most_common()
    if dataset == "dataturks":
        rmiss = collections.Counter(u["key"] for u in rev_kept if not u["covered_by"])
        print(f"  top {top} missed gold tech items after the review ({sum(rmiss.values())} items, "
              f"{len(rmiss)} strings; {GOLD_REVIEW.name} removes "
              + ", ".join(f"{k} {v}" for k, v in collections.Counter(
                  gold_review[u["key"]] for u in kept if u["key"] in gold_review).most_common()) + " items):")
        print("    " + "; ".join(f"{k} {c}" for k, c in rmiss.most_common(top)))
        out["missed_reviewed"] = rmiss.most_common()
        # covered items the review must also see: a soft skill or industry
        # entry covering an item is no evidence that the item is a tech skill
        soft = collections.Counter(u["key"] for u in rev_kept if u["covered_by"] and not u["tech_covered"])
        print(f"  gold items covered only by {'/'.join(sorted(NON_TECH_CATEGORIES))} entries and not in "
              f"{GOLD_REVIEW.name} (kept as tech; review new ones):")
        print("    " + "; ".join(f"{k} {c}" for k, c in soft.most_common(top)))
        out["covered_non_tech_unreviewed"] = soft.most_common()
    # misses of strings that some entry covers elsewhere: a pattern or guard problem, not a missing term
    kmiss = [u for u in kept if not u["covered_by"] and u["key"] in known]
    kgold = [u for u in kept if u["key"] in known]
    kc = collections.Counter(u["key"] for u in kmiss)
    print(f"  recall on strings covered somewhere in the corpus: {pct(len(kgold) - len(kmiss), len(kgold))} "
          f"({len(kgold) - len(kmiss)}/{len(kgold)}); top misses of such strings (missed, entry covering it elsewhere):")
    print("    " + "; ".join(f"{k} {c} ({known[k].most_common(1)[0][0]})" for k, c in kc.most_common(top)))
    out["missed_known"] = [(k, c, known[k].most_common(1)[0][0]) for k, c in kc.most_common()]
    if jss:
        jm = collections.Counter(u["key"] for u in jss if not u["covered_by"])
        print(f"  top {top} missed Job Specific Skills (resumes):")
        print("    " + "; ".join(f"{k} {c}" for k, c in jm.most_common(top)))
        out["missed_jss"] = jm.most_common()
    # false hits
    fh = collections.defaultdict(list)
    for p in dp:
        if not p["strict"]:
            fh[p["id"]].append(p)
    print(f"  top {top} false-hit ids (strict; 'plausible' = quote labeled as a skill elsewhere):")
    for sid, ps in sorted(fh.items(), key=lambda kv: -len(kv[1]))[:top]:
        inside = collections.Counter(l for p in ps for l in p["inside"])
        quotes = collections.Counter(q for p in ps for q in p["quotes"])
        extra = (" inside: " + ", ".join(f"{k} {v}" for k, v in inside.most_common(3))) if inside else ""
        print(f"    {sid} [{ps[0]['category']}] {len(ps)} resumes, {sum(p['plausible'] for p in ps)} plausible;"
              f" quotes: " + ", ".join(f"{q!r} {c}" for q, c in quotes.most_common(4)) + extra)
        shown = 0
        for p in ps:
            for c in p["contexts"][:1]:
                if shown < examples:
                    print(f"        {p['resume']}: {c}")
                    shown += 1
    out["false_hits"] = {sid: {"count": len(ps), "plausible": sum(p["plausible"] for p in ps),
                               "category": ps[0]["category"],
                               "examples": [{"resume": p["resume"], "contexts": p["contexts"]} for p in ps[:5]]}
                         for sid, ps in sorted(fh.items(), key=lambda kv: -len(kv[1]))}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(ROOT / "build" / "resume-analyzer"))
    ap.add_argument("--limit", type=int, default=0, help="first N resumes of each dataset")
    ap.add_argument("--dataset", choices=("all", "dotin", "dataturks"), default="all")
    ap.add_argument("--match", choices=("span", "text"), default="span",
                    help="span: evidence offsets aligned to the input (default); text: quote strings only")
    ap.add_argument("--top", type=int, default=40, help="length of the missed / false-hit lists")
    ap.add_argument("--examples", type=int, default=3, help="example contexts per false-hit id")
    ap.add_argument("--jobs", type=int, default=0, help="parallel extract runs (0: all cores)")
    ap.add_argument("--lexicons", metavar="DIR", help="evaluate these lexicons (e.g. lexicons/) instead of the bundled ones")
    ap.add_argument("--json", metavar="FILE", help="write detailed results here")
    args = ap.parse_args()

    if not LABELED.is_dir():
        print(f"skipped: no labeled corpus at {LABELED}")
        return 0
    if not os.access(args.binary, os.X_OK):
        print(f"no analyzer binary at {args.binary} (build first: scripts/build.sh)", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    soft_vocab = dotin_soft_vocab()
    resumes = []
    if args.dataset in ("all", "dotin"):
        resumes += load_dotin(args.limit, soft_vocab)
    if args.dataset in ("all", "dataturks"):
        resumes += load_dataturks(args.limit, soft_vocab)
    # labeled-skill vocabulary over the full datasets (for lenient precision)
    vc = collections.Counter()
    full = resumes if not args.limit and args.dataset == "all" else \
        load_dotin(0, soft_vocab) + load_dataturks(0, soft_vocab)
    for r in full:
        for it in r.items:
            if it.reason not in ("heading", "duration", "no-letters", "qualifier"):
                vc[it.key] += 1
    vocab = {k for k, c in vc.items() if c >= 2}

    work = Path(tempfile.mkdtemp(prefix="lexicon-eval-"))
    try:
        data_args = ["--lexicons", args.lexicons] if args.lexicons else []
        binary = args.binary
        version = subprocess.run([binary, "--version", *data_args], capture_output=True, text=True, check=False).stdout
        if "lexicons: embedded" in version and "rules: embedded" in version:
            # run a snapshot, so that a rebuild during the run cannot change or remove it
            binary = str(work / "resume-analyzer")
            shutil.copy2(args.binary, binary)
        print(" | ".join(version.strip().splitlines()) + (f" | --lexicons {args.lexicons}" if args.lexicons else ""))
        paths, normalised, total, errors, t_scan, t_extract = run_analyzer(
            binary, resumes, work, args.match == "span", args.jobs, data_args)
        unaligned = quotes = misaligned = 0
        for name, r in paths.items():
            if r.result is None:
                continue
            N = normalised.get(name) if args.match == "span" else None
            if args.match == "span" and N is None:
                unaligned += 1
            n, bad = map_predictions(r, N)
            quotes += n
            misaligned += bad
    finally:
        shutil.rmtree(work, ignore_errors=True)

    per, group_units, preds, evid = evaluate(resumes, args.match, vocab, load_review(REVIEW))
    gold_review = load_gold_review(GOLD_REVIEW)
    print(f"lexicon eval ({args.match} matching): {len(resumes)} resumes, {errors} analyzer errors"
          + (f", {unaligned} without normalised text (matched by quote)" if unaligned else "")
          + f"; {quotes} evidence quotes, {misaligned} not located in the input text")
    summary = {"match": args.match, "resumes": len(resumes), "errors": errors}
    known = collections.defaultdict(collections.Counter)
    for units in group_units.values():
        for u in units:
            if u["known_by"]:
                known[u["key"]][u["known_by"]] += 1
    for ds in ("dotin", "dataturks"):
        if any(r.dataset == ds for r in resumes):
            summary[ds] = summarise(ds, group_units, preds, per, args.top, args.examples, known, gold_review)
    if evid:
        tot = sum(evid.values())
        print("\n  dotin evidence quotes by where they stand: "
              + ", ".join(f"{k} {v} ({pct(v, tot).strip()})" for k, v in evid.most_common()))
        summary["dotin_evidence"] = dict(evid)
    wall = time.monotonic() - t0
    mb = total / 1e6
    print(f"\ntext analysed: {mb:.2f} MB in {len(paths)} files; scan {t_scan:.1f} s "
          f"({mb / t_scan if t_scan else 0:.2f} MB/s), extract {t_extract:.1f} s; wall time {wall:.1f} s")
    summary.update(mb=mb, scan_seconds=t_scan, extract_seconds=t_extract, wall_seconds=wall)
    if args.json:
        detail = {"summary": summary, "per_resume": per, "predictions": preds,
                  "gold": [u for v in group_units.values() for u in v]}
        Path(args.json).write_text(json.dumps(detail, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"details written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
