#!/usr/bin/env python3
"""Generates a corpus of varied, fictional resume PDFs for bench/speed.sh.

Each resume is drawn from a seeded random generator: invented names, roles
(ML engineer, data scientist, backend, analyst, non-technical), skills,
1 to 8 jobs with dated bullet points (so 1 to 3 pages), education, links, and
one of four layouts (single column in Helvetica, Times or Courier at
different sizes, or two columns with a sidebar). PDFs are written directly
(PDF 1.4, standard Type 1 fonts, WinAnsi text), which takes a few ms per file
where pdflatex takes a second; the files are real PDFs Poppler reads like
any other.

Usage: bench/corpus_gen.py FOLDER [COUNT] [SEED]
Re-running with the same COUNT and SEED into a folder that already holds them
does nothing (the folder is a cache; a stamp file records what is inside).
"""
import random
import sys
import zlib
from pathlib import Path

FIRST = ["Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kaito", "Lena",
         "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tamsin", "Umar", "Vera", "Wen", "Xenia",
         "Yusuf", "Zofia"]
LAST = ["Abernathy", "Brightwater", "Castellan", "Dunmore", "Everhart", "Fairweather", "Grimsby", "Holloway",
        "Ivanova", "Jansson", "Kettering", "Larkspur", "Merriweather", "Northcott", "Okonkwo", "Pemberton",
        "Quill", "Rothwell", "Stanhope", "Thorne", "Underhill", "Vasquez", "Whitlock", "Yarrow", "Zeller"]
COMPANIES = ["Nimbus Analytics", "Quarry Labs", "Bluefin Robotics", "Tessellate AI", "Harbor Health Data",
             "Copperleaf Retail", "Orbital Freight", "Lumen Insurance", "Sable Games", "Meridian Bank",
             "Fjord Energy", "Kestrel Mobility", "Verdant Agritech", "Pinecone Media", "Atlas Logistics"]
SCHOOLS = ["University of Northbridge", "Eastmoor Institute of Technology", "Lakeside University",
           "Royal College of Westvale", "Southport Polytechnic"]
DEGREES = ["B.Sc. Computer Science", "M.Sc. Machine Learning", "Ph.D. Statistics", "B.Eng. Electrical Engineering",
           "M.Sc. Data Science", "B.A. Economics", "M.A. History"]
ROLES = {
    "ml": (["Machine Learning Engineer", "Senior ML Engineer", "MLOps Engineer", "Applied Scientist"],
           ["Python", "PyTorch", "TensorFlow", "scikit-learn", "Kubernetes", "Docker", "MLflow", "Airflow",
            "Spark", "SQL", "AWS SageMaker", "Hugging Face Transformers", "ONNX", "CUDA", "Kubeflow",
            "feature store", "A/B testing", "LightGBM", "XGBoost", "FastAPI", "Ray", "Triton Inference Server"]),
    "ds": (["Data Scientist", "Senior Data Scientist", "Research Scientist"],
           ["Python", "R", "pandas", "NumPy", "scikit-learn", "statsmodels", "SQL", "Tableau", "Jupyter",
            "causal inference", "Bayesian modelling", "time series forecasting", "PyTorch", "Spark"]),
    "be": (["Backend Engineer", "Software Engineer", "Platform Engineer"],
           ["Go", "Java", "Kotlin", "PostgreSQL", "Redis", "Kafka", "gRPC", "Terraform", "Kubernetes", "Docker",
            "AWS", "Linux", "CI/CD", "REST APIs"]),
    "other": (["Account Manager", "Office Manager", "Marketing Coordinator", "Nurse"],
              ["Microsoft Excel", "Salesforce", "customer service", "scheduling", "budgeting", "public speaking",
               "negotiation", "event planning"]),
}
VERBS = ["Built", "Designed", "Led", "Shipped", "Reduced", "Improved", "Migrated", "Automated", "Trained",
         "Deployed", "Maintained", "Scaled"]
OBJECTS = ["a recommendation model serving 3M users", "the feature pipeline for fraud detection",
           "batch inference on {skill}", "a {skill} training job from 9 h to 40 min", "monitoring for model drift",
           "the quarterly forecasting report", "an internal {skill} platform used by 12 teams",
           "latency of the ranking service by 35%", "a labelling workflow for 200k images",
           "the customer onboarding process", "dashboards in {skill} for the sales team"]
LAYOUTS = [("Helvetica", 10.5), ("Times-Roman", 11.5), ("Courier", 9.5), ("sidebar", 10)]


def resume(rng: random.Random, number: int) -> dict:
    kind = rng.choices(list(ROLES), weights=[5, 2, 2, 1])[0]
    titles, skills = ROLES[kind]
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    handle = name.lower().replace(" ", ".")
    start_year = rng.randint(2004, 2022)
    jobs = []
    year = 2026
    for _ in range(rng.randint(1, 8)):
        if year <= start_year:
            break
        begin = max(start_year, year - rng.randint(1, 4))
        bullets = []
        for _ in range(rng.randint(2, 6)):
            bullets.append(f"{rng.choice(VERBS)} {rng.choice(OBJECTS).format(skill=rng.choice(skills))}.")
        end = "Present" if not jobs else f"{rng.choice(['Jan', 'Mar', 'Jun', 'Sep', 'Nov'])} {year}"
        jobs.append((rng.choice(titles), rng.choice(COMPANIES), f"{rng.choice(['Feb', 'Apr', 'Jul', 'Oct'])} {begin}",
                     end, bullets))
        year = begin
    return {
        "name": name,
        "title": rng.choice(titles),
        "contact": [f"{handle}@example.com", f"+44 20 7946 {number % 10000:04d}",
                    f"github.com/{handle.replace('.', '-')}", f"linkedin.com/in/{handle.replace('.', '')}"],
        "summary": f"{rng.choice(titles)} with {2026 - start_year} years of experience in "
                   f"{', '.join(rng.sample(skills, 3))}.",
        "skills": rng.sample(skills, rng.randint(4, min(12, len(skills)))),
        "jobs": jobs,
        "education": [(rng.choice(DEGREES), rng.choice(SCHOOLS), str(start_year - rng.randint(0, 1)))],
        "layout": rng.choice(LAYOUTS),
    }


def wrap(text: str, width: int) -> list:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def escape(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class Pages:
    """Lays out lines top to bottom, starting a new page when one is full."""

    def __init__(self, x: float, width_chars: int, size: float, font: str):
        self.x, self.width, self.size, self.font = x, width_chars, size, font
        self.pages = [[]]
        self.y = 760.0

    def line(self, text: str, bold: bool = False, size: float = 0, indent: float = 0):
        size = size or self.size
        if self.y < 60:
            self.pages.append([])
            self.y = 780.0
        font = "F2" if bold else "F1"
        self.pages[-1].append(b"BT /%s %.1f Tf %.1f %.1f Td (%s) Tj ET" %
                              (font.encode(), size, self.x + indent, self.y, escape(text)))
        self.y -= size * 1.35

    def para(self, text: str, indent: float = 0):
        for part in wrap(text, self.width):
            self.line(part, indent=indent)

    def gap(self):
        self.y -= self.size * 0.8


def render(data: dict) -> bytes:
    font, size = data["layout"]
    sidebar = font == "sidebar"
    if sidebar:
        font = "Helvetica"
    bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}[font]
    per_char = 0.6 if font == "Courier" else 0.5
    main = Pages(230 if sidebar else 56, int((330 if sidebar else 500) / (size * per_char)), size, font)
    main.line(data["name"], bold=True, size=size * 2)
    main.line(data["title"], size=size * 1.2)
    side = None
    if sidebar:
        side = Pages(40, int(160 / (size * 0.9 * per_char)), size * 0.9, font)
        side.y = main.y
        side.line("Contact", bold=True)
        for item in data["contact"]:
            side.line(item)
        side.gap()
        side.line("Skills", bold=True)
        for skill in data["skills"]:
            side.line(skill)
    else:
        main.line("  |  ".join(data["contact"][:2]))
        main.line("  |  ".join(data["contact"][2:]))
    main.gap()
    main.line("Summary", bold=True, size=size * 1.3)
    main.para(data["summary"])
    main.gap()
    if not sidebar:
        main.line("Skills", bold=True, size=size * 1.3)
        main.para(", ".join(data["skills"]))
        main.gap()
    main.line("Experience", bold=True, size=size * 1.3)
    for title, company, begin, end, bullets in data["jobs"]:
        main.line(f"{title}, {company}", bold=True)
        main.line(f"{begin} - {end}")
        for bullet in bullets:
            main.para("- " + bullet, indent=8)
        main.gap()
    main.line("Education", bold=True, size=size * 1.3)
    for degree, school, year in data["education"]:
        main.line(f"{degree}, {school}, {year}")

    streams = [b"\n".join(ops) for ops in main.pages]
    if side is not None:
        streams[0] += b"\n" + b"\n".join(side.pages[0])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % font.encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % bold.encode()]
    kids = []
    for stream in streams:
        packed = zlib.compress(stream)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (len(objects)))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main() -> int:
    folder = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    stamp = folder / ".generated"
    wanted = f"count={count} seed={seed} generator={zlib.crc32(Path(__file__).read_bytes()):08x}\n"
    if stamp.is_file() and stamp.read_text() == wanted:
        return 0  # cached
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pdf"):
        old.unlink()
    rng = random.Random(seed)
    for number in range(count):
        data = resume(rng, number)
        slug = data["name"].lower().replace(" ", "-")
        (folder / f"{number:05d}-{slug}.pdf").write_bytes(render(data))
    stamp.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
