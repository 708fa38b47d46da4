#include <catch2/catch.hpp>

#include <git2.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/cli/cli.h"
#include "analyzer/portfolio/portfolio.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/text_report.h"
#include "test_support.h"

namespace ra {
namespace {

namespace fs = std::filesystem;
using testing::BundledAnalyzer;
using testing::TempDir;
using testing::WriteFile;

const PortfolioRules& Rules() { return BundledAnalyzer().portfolio_rules(); }

const CandidateIdentity kJane{{"jane.doe@example.org"}, "Jane Doe"};

// A project with every production habit: a package with typed code that
// imports torch, pytest tests using unittest.mock, pyproject with mypy and
// ruff, a GitHub Actions workflow, a Dockerfile, FastAPI serving, pinned
// requirements, a README with usage and results, a licence.
// A model module of realistic size (over 3 KB: the portfolio's full weight
// for the frameworks it imports).
const char* kModelCode = R"("""Churn model: which subscribers cancel next month, from their usage logs."""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
import numpy as np


class ChurnNet(nn.Module):
    """A small feed-forward classifier over the monthly usage features."""

    def __init__(self, width: int, hidden: int = 64, dropout: float = 0.2) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(width, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, hidden // 2),
            nn.ReLU(),
            nn.Linear(hidden // 2, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x).squeeze(-1)


def build(width: int) -> nn.Module:
    return ChurnNet(width)


def loader(features: np.ndarray, labels: np.ndarray, batch_size: int = 256, shuffle: bool = True) -> DataLoader:
    dataset = TensorDataset(torch.tensor(features, dtype=torch.float32), torch.tensor(labels, dtype=torch.float32))
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)


def train(model: nn.Module, features: np.ndarray, labels: np.ndarray, epochs: int = 20, lr: float = 1e-3) -> list:
    """Trains with class-weighted binary cross-entropy; returns the loss per epoch."""
    positives = float(labels.mean())
    weight = torch.tensor((1 - positives) / max(positives, 1e-6))
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=weight)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    history = []
    for _ in range(epochs):
        model.train()
        total = 0.0
        for x, y in loader(features, labels):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            total += float(loss) * len(x)
        scheduler.step()
        history.append(total / len(features))
    return history


@torch.no_grad()
def predict(model: nn.Module, x: np.ndarray) -> float:
    model.eval()
    return float(torch.sigmoid(model(torch.tensor(x, dtype=torch.float32))).mean())


@torch.no_grad()
def evaluate(model: nn.Module, features: np.ndarray, labels: np.ndarray, threshold: float = 0.5) -> dict:
    """Precision, recall and F1 at the threshold on a hold-out month."""
    model.eval()
    scores = torch.sigmoid(model(torch.tensor(features, dtype=torch.float32))).numpy()
    predicted = scores >= threshold
    true_positives = float(np.sum(predicted & (labels == 1)))
    precision = true_positives / max(float(np.sum(predicted)), 1.0)
    recall = true_positives / max(float(np.sum(labels == 1)), 1.0)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"precision": precision, "recall": recall, "f1": f1}


def save(model: nn.Module, path: str) -> None:
    torch.save(model.state_dict(), path)
)";

fs::path MakeGoodProject(const fs::path& parent, const std::string& name = "churn-model") {
  const fs::path root = parent / name;
  WriteFile(root / "src/churn/__init__.py", "");
  WriteFile(root / "src/churn/model.py", kModelCode);
  WriteFile(root / "src/churn/features.py",
            "import pandas as pd\n\ndef clean(frame: pd.DataFrame) -> pd.DataFrame:\n    return frame.dropna()\n");
  WriteFile(root / "src/churn/serve.py",
            "from fastapi import FastAPI\nfrom churn.model import build\n\napp = FastAPI()\n\n"
            "@app.get('/predict')\ndef predict(value: float) -> dict:\n    return {'score': value}\n");
  WriteFile(root / "tests/test_model.py",
            "from unittest import mock\nimport pytest\nfrom churn.model import build\n\n"
            "def test_build():\n    assert build(3) is not None\n\n"
            "def test_remote():\n    with mock.patch('churn.model.build') as fake:\n        fake.return_value = 1\n");
  WriteFile(root / "tests/test_features.py", "from churn import features\n\ndef test_clean():\n    pass\n");
  WriteFile(root / "pyproject.toml",
            "[project]\nname = \"churn\"\nversion = \"1.0\"\ndependencies = [\"torch==2.3.0\", \"fastapi==0.110.0\"]\n\n"
            "[tool.mypy]\nstrict = true\n\n[tool.ruff]\nline-length = 100\n\n[tool.black]\nline-length = 100\n");
  WriteFile(root / "requirements.txt", "torch==2.3.0\nfastapi==0.110.0\npandas==2.2.1\nnumpy==1.26.4\npytest==8.1.0\n");
  WriteFile(root / ".github/workflows/ci.yml", "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n");
  WriteFile(root / "Dockerfile", "FROM python:3.11-slim\nCOPY . /app\nCMD [\"uvicorn\", \"churn.serve:app\"]\n");
  WriteFile(root / ".pre-commit-config.yaml", "repos:\n  - repo: https://github.com/psf/black\n");
  WriteFile(root / "README.md",
            "# Churn model\n\nPredicts which customers of a subscription business will cancel next month, from usage logs.\n\n"
            "## Usage\n\n```bash\npip install -e .\nuvicorn churn.serve:app\n```\n\n"
            "## Results\n\nF1 0.81 and ROC-AUC 0.92 on the 2024 hold-out month.\n");
  WriteFile(root / "LICENSE", "MIT License\n");
  return root;
}

// Only notebooks: exploratory work without tests or packaging.
fs::path MakeNotebookProject(const fs::path& parent) {
  const fs::path root = parent / "titanic-eda";
  const nlohmann::json notebook = {
      {"cells",
       {{{"cell_type", "markdown"}, {"source", {"# Titanic\n", "import torch is only prose here\n"}}},
        {{"cell_type", "code"}, {"source", {"import pandas as pd\n", "from sklearn.ensemble import RandomForestClassifier\n"}}},
        {{"cell_type", "code"}, {"source", "df = pd.read_csv('train.csv')\nmodel = RandomForestClassifier()\n"}}}},
      {"metadata", nlohmann::json::object()},
      {"nbformat", 4},
      {"nbformat_minor", 5}};
  WriteFile(root / "analysis.ipynb", notebook.dump());
  WriteFile(root / "requirements.txt", "pandas>=2.0\nscikit-learn\n");
  return root;
}

const ProjectAdvice* FindAdvice(const ProjectFacts& project, const std::string& signal) {
  for (const auto& advice : project.advice) {
    if (advice.signal == signal) return &advice;
  }
  return nullptr;
}

TEST_CASE("A good project shows its languages, frameworks, tests, CI, typing, packaging and documentation") {
  const fs::path dir = TempDir("portfolio-good");
  const ProjectFacts facts = ScanProject(Rules(), MakeGoodProject(dir), kJane, MonthOf(2026, 11));
  CHECK(facts.errors.empty());
  CHECK_FALSE(facts.truncated);
  CHECK(facts.name == "churn-model");
  REQUIRE_FALSE(facts.languages.empty());
  CHECK(facts.languages.front().name == "Python");
  CHECK(facts.python_modules == 6);
  CHECK(facts.notebooks == 0);
  CHECK(facts.notebook_share() == 0.0);
  auto uses = [&](const std::string& skill, bool imported) {
    return std::any_of(facts.packages.begin(), facts.packages.end(),
                       [&](const PackageUse& use) { return use.skill == skill && use.imported == imported; });
  };
  CHECK(uses("pytorch", true));
  CHECK(uses("fastapi", true));
  CHECK(uses("pandas", true));
  CHECK(uses("pytest", true));
  CHECK_FALSE(uses("unittest", true));  // unittest.mock is mocking, not the framework
  // "churn" is the project's own package, not a dependency.
  CHECK(std::find(facts.imports.begin(), facts.imports.end(), "churn") != facts.imports.end());
  CHECK(facts.test_files == 2);
  CHECK(facts.test_framework == "pytest");
  CHECK(facts.modules_total == 3);   // model, features, serve
  CHECK(facts.modules_tested == 2);  // model and features are imported by tests
  CHECK(facts.functions == 13);
  CHECK(facts.typed_functions == 10);
  CHECK(facts.dependencies.size() == 7);
  CHECK(facts.pinned_share() == 1.0);
  for (const char* signal : {"tests", "mocking", "ci", "type_checker", "linter", "formatter", "pre_commit", "packaging",
                             "pinned_dependencies", "importable_modules", "docker", "serving", "readme_what",
                             "readme_usage", "readme_results", "license"}) {
    INFO(signal);
    CHECK(facts.Has(signal));
  }
  CHECK(facts.Has("type_hints"));  // 4 of 7 functions (the tests' are unannotated): above half
  CHECK_FALSE(facts.Has("experiment_tracking"));
  CHECK_FALSE(facts.Has("data_versioning"));
  CHECK_FALSE(facts.git.has_value());
  CHECK(facts.readme == "README.md");
  CHECK(facts.Find("ci")->file == ".github/workflows/ci.yml");
}

TEST_CASE("Tests written with unittest name that framework") {
  const fs::path dir = TempDir("portfolio-unittest");
  WriteFile(dir / "calc/calc.py", "def add(a, b):\n    return a + b\n");
  WriteFile(dir / "calc/tests/test_calc.py", "import unittest\nfrom calc import add\n\nclass T(unittest.TestCase):\n    pass\n");
  const ProjectFacts facts = ScanProject(Rules(), dir / "calc", {}, 0);
  CHECK(facts.test_framework == "unittest");
  CHECK(facts.modules_tested == 1);
  CHECK(std::any_of(facts.packages.begin(), facts.packages.end(), [](const PackageUse& use) { return use.skill == "unittest"; }));
}

TEST_CASE("Type hints count when at least half the functions are annotated") {
  CHECK(CountTypedFunctions("def f(x: int) -> int:\n    pass\ndef g(a, b):\n    pass\n") == std::pair<int, int>{2, 1});
  CHECK(CountTypedFunctions("async def f(\n    x,\n    y: dict[str, int] = {},\n):\n    pass\n") == std::pair<int, int>{1, 1});
  CHECK(CountTypedFunctions("def f(self, x=lambda y: y):\n    pass\n").first == 1);
  const fs::path dir = TempDir("portfolio-typed");
  WriteFile(dir / "typed/lib.py", "def f(x: int) -> int:\n    return x\n\ndef g(y: str) -> str:\n    return y\n");
  CHECK(ScanProject(Rules(), dir / "typed", {}, 0).Has("type_hints"));
}

TEST_CASE("Imports are read from Python source, relative imports left out") {
  const auto imports = PythonImports("import os, sys as system\nfrom sklearn.metrics import f1_score, roc_auc_score\n"
                                     "from . import local\n  import torch.nn as nn  # indented\n# import nothing\n");
  CHECK(imports == std::vector<std::string>{"os", "sklearn.metrics", "sklearn.metrics.f1_score",
                                            "sklearn.metrics.roc_auc_score", "sys", "torch.nn"});
}

TEST_CASE("Imports split over lines by parentheses or backslashes are read whole") {
  const auto imports = PythonImports("from sklearn.ensemble import (\n    RandomForestClassifier,  # trees\n"
                                     "    GradientBoostingClassifier,\n)\nimport numpy, \\\n    pandas as pd\n"
                                     "x = f(\n  1)\nimport torch\n");
  CHECK(imports == std::vector<std::string>{"numpy", "pandas", "sklearn.ensemble",
                                            "sklearn.ensemble.GradientBoostingClassifier",
                                            "sklearn.ensemble.RandomForestClassifier", "torch"});
}

TEST_CASE("Dependencies are read from requirements, pyproject, setup.cfg, environment.yml and Pipfile") {
  auto requirements = ParseDependencies("requirements-dev.txt", "# tools\ntorch==2.1 ; python_version>'3.8'\n-r base.txt\nnumpy>=1\nblack[jupyter]==24.1\n");
  REQUIRE(requirements);
  REQUIRE(requirements->size() == 3);
  CHECK((*requirements)[0].name == "torch");
  CHECK((*requirements)[0].pinned);
  CHECK_FALSE((*requirements)[1].pinned);
  CHECK((*requirements)[2].name == "black");
  auto pyproject = ParseDependencies("pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.10\"\ntorch = \"2.1.0\"\npandas = \"^2\"\n");
  REQUIRE(pyproject);
  REQUIRE(pyproject->size() == 2);
  CHECK(pyproject->front().name == "pandas");
  CHECK_FALSE(pyproject->front().pinned);
  CHECK(pyproject->back().pinned);
  auto setup = ParseDependencies("setup.cfg", "[options]\ninstall_requires =\n    scikit-learn==1.4\n    xgboost\n\n[flake8]\n");
  REQUIRE(setup);
  CHECK(setup->size() == 2);
  auto conda = ParseDependencies("environment.yml", "name: x\ndependencies:\n  - python=3.11\n  - pytorch=2.1\n  - pip:\n    - wandb==0.16\n    - mlflow\n");
  REQUIRE(conda);
  REQUIRE(conda->size() == 3);
  CHECK(conda->at(0).name == "pytorch");
  CHECK(conda->at(0).pinned);
  CHECK(conda->at(1).pinned);
  CHECK_FALSE(conda->at(2).pinned);
  auto pipfile = ParseDependencies("Pipfile", "[packages]\nrequests = \"*\"\nflask = \"==3.0\"\n");
  REQUIRE(pipfile);
  CHECK(pipfile->size() == 2);
  CHECK_FALSE(ParseDependencies("pyproject.toml", "[project\n"));
}

TEST_CASE("A notebook-only project shows its frameworks but no production habits") {
  const fs::path dir = TempDir("portfolio-notebook");
  const ProjectFacts facts = ScanProject(Rules(), MakeNotebookProject(dir), kJane, 0);
  CHECK(facts.errors.empty());
  CHECK(facts.notebooks == 1);
  CHECK(facts.python_modules == 0);
  CHECK(facts.notebook_share() == 1.0);
  CHECK(facts.languages.front().name == "Jupyter Notebook");
  // Markdown cells are prose: "import torch" there is no import.
  CHECK(facts.imports == std::vector<std::string>{"pandas", "sklearn"});
  CHECK(facts.packages.size() == 2);
  CHECK(facts.test_files == 0);
  CHECK(facts.pinned_share() == 0.0);
  for (const char* signal : {"tests", "ci", "docker", "importable_modules", "pinned_dependencies", "readme_what", "license"}) {
    INFO(signal);
    CHECK_FALSE(facts.Has(signal));
  }
  CHECK(NotebookCode("{not json").error() == "not a notebook (bad JSON)");
}

TEST_CASE("An empty or missing project gives a clear one-line error and no evidence") {
  const fs::path dir = TempDir("portfolio-empty");
  fs::create_directories(dir / "empty");
  const ProjectFacts empty = ScanProject(Rules(), dir / "empty", kJane, 0);
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors.front() == (dir / "empty").string() + ": empty project (no files)");
  CHECK_FALSE(empty.has_code());
  CHECK_FALSE(empty.missing);
  const ProjectFacts missing = ScanProject(Rules(), dir / "nowhere", kJane, 0);
  CHECK(missing.missing);
  CHECK(missing.errors.front() == (dir / "nowhere").string() + ": no such file or folder");
  ScoringInput scoring;
  AddPortfolioEvidence(Rules(), BundledAnalyzer().rules(), BundledAnalyzer().lexicon(), {empty, missing}, 0, scoring);
  CHECK(scoring.items.empty());
  CHECK(scoring.signals.at("portfolio_projects") == 0);
}

TEST_CASE("A hostile project: symlinks are not followed, huge, binary and vendored files are skipped, depth is bounded") {
  const fs::path dir = TempDir("portfolio-hostile");
  const fs::path root = dir / "hostile";
  WriteFile(root / "main.py", "import numpy\n");
  WriteFile(dir / "outside/secret.py", "import tensorflow\n");
  fs::create_directory_symlink(dir / "outside", root / "escape");
  fs::create_symlink(dir / "outside/secret.py", root / "linked.py");
  fs::create_directory_symlink(root, root / "loop");
  WriteFile(root / "huge.py", "import torch\n" + std::string(3u << 20, '#'));
  WriteFile(root / "blob.py", std::string("import keras\0\0\0", 15));
  WriteFile(root / "node_modules/pkg/index.py", "import jax\n");
  WriteFile(root / ".venv/lib/site.py", "import xgboost\n");
  fs::path deep = root;
  for (int i = 0; i < 45; ++i) deep /= "d";
  WriteFile(deep / "deep.py", "import lightgbm\n");
  const ProjectFacts facts = ScanProject(Rules(), root, kJane, 0);
  CHECK(facts.skipped_symlinks == 3);
  CHECK(facts.skipped_large == 1);
  CHECK(facts.skipped_binary == 1);
  CHECK(facts.skipped_folders == 2);
  CHECK(facts.truncated);
  CHECK(facts.imports == std::vector<std::string>{"numpy"});
  REQUIRE_FALSE(facts.errors.empty());
  CHECK(facts.errors.front().find("nested deeper than 40 folders") != std::string::npos);

  SECTION("the walk stops at the file limit and says so") {
    PortfolioRules small = Rules();
    small.limits.max_files = 2;
    const ProjectFacts limited = ScanProject(small, MakeGoodProject(dir), kJane, 0);
    CHECK(limited.truncated);
    CHECK(limited.files == 2);
    REQUIRE(limited.errors.size() == 1);
    CHECK(limited.errors.front().find("more than 2 files") != std::string::npos);
  }
  SECTION("the walk stops reading at the byte limit") {
    PortfolioRules small = Rules();
    small.limits.max_total_bytes = 100;
    const ProjectFacts limited = ScanProject(small, MakeGoodProject(dir, "byte-limited"), kJane, 0);
    CHECK(limited.truncated);
    CHECK(limited.bytes_read <= 100);
  }
}

// Commits a file as `name <email>` at `when` (seconds since the epoch).
void Commit(git_repository* repository, const std::string& file, const std::string& name, const std::string& email,
            std::int64_t when) {
  const fs::path workdir = git_repository_workdir(repository);
  WriteFile(workdir / file, name + " " + std::to_string(when) + "\n");
  git_index* index = nullptr;
  REQUIRE(git_repository_index(&index, repository) == 0);
  REQUIRE(git_index_add_bypath(index, file.c_str()) == 0);
  REQUIRE(git_index_write(index) == 0);
  git_oid tree_id;
  REQUIRE(git_index_write_tree(&tree_id, index) == 0);
  git_index_free(index);
  git_tree* tree = nullptr;
  REQUIRE(git_tree_lookup(&tree, repository, &tree_id) == 0);
  git_signature* signature = nullptr;
  REQUIRE(git_signature_new(&signature, name.c_str(), email.c_str(), when, 0) == 0);
  git_commit* parent = nullptr;
  git_oid head;
  const bool has_parent = git_reference_name_to_id(&head, repository, "HEAD") == 0;
  if (has_parent) REQUIRE(git_commit_lookup(&parent, repository, &head) == 0);
  const git_commit* parents[] = {parent};
  git_oid commit_id;
  REQUIRE(git_commit_create(&commit_id, repository, "HEAD", signature, signature, nullptr, "change", tree,
                            has_parent ? 1 : 0, parents) == 0);
  git_commit_free(parent);
  git_signature_free(signature);
  git_tree_free(tree);
}

std::int64_t Day(int year, int month, int day) {
  std::tm utc{};
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = 12;
  return static_cast<std::int64_t>(timegm(&utc));
}

fs::path MakeGitProject(const fs::path& parent) {
  git_libgit2_init();
  const fs::path root = MakeGoodProject(parent, "sentiment-api");
  git_repository* repository = nullptr;
  REQUIRE(git_repository_init(&repository, root.c_str(), 0) == 0);
  Commit(repository, "CHANGELOG.md", "Jane Doe", "Jane.Doe@example.org", Day(2025, 1, 10));
  Commit(repository, "notes.txt", "Sam Roe", "sam@example.org", Day(2025, 3, 5));
  Commit(repository, "notes.txt", "Sam Roe", "sam@example.org", Day(2025, 4, 5));
  Commit(repository, "notes.txt", "Sam Roe", "sam@example.org", Day(2025, 4, 20));
  Commit(repository, "CHANGELOG.md", "Jane Doe", "jane.doe@example.org", Day(2026, 5, 20));
  git_remote* remote = nullptr;
  REQUIRE(git_remote_create(&remote, repository, "origin", "https://github.com/janedoe/sentiment-api.git") == 0);
  git_remote_free(remote);
  git_repository_free(repository);
  git_libgit2_shutdown();
  return root;
}

TEST_CASE("Git history: commits, authors, the candidate's share, period and recency") {
  const fs::path dir = TempDir("portfolio-git");
  const fs::path root = MakeGitProject(dir);
  SECTION("the candidate is found by the resume's email, in any case") {
    const ProjectFacts facts = ScanProject(Rules(), root, kJane, MonthOf(2026, 11));
    REQUIRE(facts.git);
    CHECK(facts.git->commits == 5);
    CHECK(facts.git->authors == 2);
    CHECK(facts.git->candidate_matched);
    CHECK(facts.git->candidate == "jane.doe@example.org");
    CHECK(facts.git->candidate_commits == 2);
    CHECK(facts.git->first_commit == Day(2025, 1, 10));
    CHECK(facts.git->last_commit == Day(2026, 5, 20));
    CHECK(facts.git->candidate_first == Day(2025, 1, 10));
    CHECK(facts.git->candidate_last == Day(2026, 5, 20));
    CHECK(facts.git->months_since_last == 6);
    CHECK(facts.git->remote_url == "https://github.com/janedoe/sentiment-api.git");
    CHECK(facts.Has("git_history"));
    CHECK(facts.skipped_folders >= 1);  // .git is not walked
  }
  SECTION("without a resume, the most frequent author stands for the candidate") {
    const ProjectFacts facts = ScanProject(Rules(), root, {}, MonthOf(2026, 11));
    REQUIRE(facts.git);
    CHECK_FALSE(facts.git->candidate_matched);
    CHECK(facts.git->candidate == "sam@example.org");
    CHECK(facts.git->candidate_commits == 3);
    CHECK(facts.git->months_since_last == 19);  // Sam's last commit, April 2025
  }
  SECTION("a folder that is not a repository has no history, even inside one") {
    CHECK_FALSE(ScanProject(Rules(), root / "src", kJane, 0).git);
  }
}

constexpr const char* kResume =
    "Jane Doe\n"
    "jane.doe@example.org | github.com/janedoe/sentiment-api | github.com/janedoe/old-thing\n\n"
    "Experience\n\n"
    "Machine Learning Engineer, Acme Analytics, Jan 2022 - Present\n"
    "• Built churn prediction models in Python with scikit-learn and TensorFlow.\n"
    "• Analysed customer data with pandas and SQL.\n\n"
    "Education\n\n"
    "BSc Computer Science, State University, 2017 - 2021\n\n"
    "Skills\n\n"
    "Python, TensorFlow, scikit-learn, pandas, SQL, Keras\n";

AnalysisResult AnalyzeResume(const fs::path& dir, std::vector<std::string> portfolio) {
  WriteFile(dir / "resume.txt", kResume);
  AnalyzeOptions options = testing::FixedOptions();
  options.portfolio = std::move(portfolio);
  return BundledAnalyzer().Analyze(dir / "resume.txt", options);
}

const RequirementScore& Requirement(const AnalysisResult& result, const std::string& id) {
  for (const auto& requirement : result.assessment.requirements) {
    if (requirement.rule->id == id) return requirement;
  }
  throw std::runtime_error("no requirement " + id);
}

TEST_CASE("A framework imported by a few lines of code weighs little, by a real module fully") {
  const fs::path dir = TempDir("portfolio-substance");
  WriteFile(dir / "toy/main.py", "import torch\nprint(torch.__version__)\n");
  auto strength_of_pytorch = [&](const fs::path& project) {
    const AnalysisResult result = AnalyzeResume(dir, {project.string()});
    for (const auto& item : result.scoring.items) {
      if (item.from_portfolio() && BundledAnalyzer().lexicon().entries()[item.entry].id == "pytorch") {
        return ItemStrength(BundledAnalyzer().rules(), item);
      }
    }
    return 0.0;
  };
  // base 1.3 x imported 1.2 x the least substance 0.4
  CHECK(strength_of_pytorch(dir / "toy") == Approx(0.624));
  CHECK(strength_of_pytorch(MakeGoodProject(dir)) == Approx(1.56));
}

TEST_CASE("A good portfolio raises the score through the same requirements, as evidence marked portfolio") {
  const fs::path dir = TempDir("portfolio-score");
  const AnalysisResult alone = AnalyzeResume(dir, {});
  const fs::path good = MakeGitProject(dir);
  const AnalysisResult with = AnalyzeResume(dir, {good.string()});
  REQUIRE(alone.ok());
  REQUIRE(with.ok());
  CHECK_FALSE(alone.portfolio);
  REQUIRE(with.portfolio);
  CHECK(with.assessment.score > alone.assessment.score + 5);
  for (const char* id : {"production-code", "cloud-deploy", "portfolio", "tooling"}) {
    INFO(id);
    CHECK(Requirement(with, id).score > Requirement(alone, id).score);
  }
  // PyTorch counts, from the project's code, stronger than any resume claim.
  bool pytorch_from_portfolio = false;
  for (const auto& contribution : Requirement(with, "ml-frameworks").contributions) {
    if (contribution.id != "pytorch") continue;
    const EvidenceItem& item = with.scoring.items[contribution.items.front()];
    pytorch_from_portfolio = item.from_portfolio() && item.project == "sentiment-api" && item.file == "src/churn/model.py";
    CHECK(contribution.strength > 1.375);
  }
  CHECK(pytorch_from_portfolio);
  CHECK(with.scoring.signals.at("portfolio_projects") == 1);
  CHECK(with.scoring.signals.at("portfolio_documented_projects") == 1);
  // The repository link of the resume is matched to the project; the other is advised.
  REQUIRE(with.portfolio->links.size() == 2);
  CHECK(with.portfolio->links[0].project == "sentiment-api");
  CHECK(with.portfolio->links[1].project.empty());
  CHECK(std::any_of(with.advice.begin(), with.advice.end(), [](const Advice& advice) {
    return advice.text.find("github.com/janedoe/old-thing") != std::string::npos && advice.gain == 0;
  }));
}

TEST_CASE("A framework the resume lists and no project uses is flagged but absence alone is no penalty") {
  const fs::path dir = TempDir("portfolio-contradiction");
  const fs::path notebook = MakeNotebookProject(dir);
  const AnalysisResult alone = AnalyzeResume(dir, {});
  const AnalysisResult with = AnalyzeResume(dir, {notebook.string()});
  std::vector<std::string> flagged;
  for (const Flag& flag : with.scoring.flags) {
    if (flag.code == "portfolio-contradiction") flagged.push_back(flag.message);
  }
  // TensorFlow and Keras are named, the notebook uses only pandas and scikit-learn.
  REQUIRE(flagged.size() == 2);
  CHECK(flagged[0].rfind("TensorFlow is named in the resume (experience)", 0) == 0);
  CHECK(flagged[1].rfind("Keras", 0) == 0);
  CHECK(with.assessment.score >= alone.assessment.score);
  SECTION("no flag without a Python project to contradict") {
    fs::create_directories(dir / "empty");
    const AnalysisResult empty = AnalyzeResume(dir, {(dir / "empty").string()});
    CHECK(std::none_of(empty.scoring.flags.begin(), empty.scoring.flags.end(),
                       [](const Flag& flag) { return flag.code == "portfolio-contradiction"; }));
    CHECK(empty.assessment.score == Approx(alone.assessment.score));
  }
}

TEST_CASE("Advice per project is ranked by the measured gain and names the project") {
  const fs::path dir = TempDir("portfolio-advice");
  const AnalysisResult with = AnalyzeResume(dir, {MakeNotebookProject(dir).string()});
  REQUIRE(with.portfolio);
  const ProjectFacts& project = with.portfolio->projects.front();
  REQUIRE(project.advice.size() >= 5);
  for (size_t i = 1; i < project.advice.size(); ++i) CHECK(project.advice[i - 1].gain >= project.advice[i].gain);
  const ProjectAdvice* tests = FindAdvice(project, "tests");
  REQUIRE(tests);
  CHECK(tests->gain > 0);
  CHECK(tests->requirement == "production-code");
  CHECK(tests->text.find("\"titanic-eda\"") != std::string::npos);
  CHECK(FindAdvice(project, "ci"));
  CHECK(FindAdvice(project, "readme_results"));
  CHECK(FindAdvice(project, "pinned_dependencies"));
  CHECK(FindAdvice(project, "importable_modules"));
  CHECK_FALSE(FindAdvice(project, "mocking"));  // mocks come after tests
  // The best project advice also stands in the overall advice, with its project.
  CHECK(std::any_of(with.advice.begin(), with.advice.end(), [&](const Advice& advice) {
    return advice.project == "titanic-eda" && advice.gain == Approx(project.advice.front().gain);
  }));
  SECTION("a good project needs little: no advice for what it shows") {
    const AnalysisResult good = AnalyzeResume(dir, {MakeGoodProject(dir).string()});
    const ProjectFacts& facts = good.portfolio->projects.front();
    CHECK_FALSE(FindAdvice(facts, "tests"));
    CHECK_FALSE(FindAdvice(facts, "ci"));
    CHECK(FindAdvice(facts, "experiment_tracking"));
  }
}

TEST_CASE("A folder of clones is a portfolio of projects") {
  const fs::path dir = TempDir("portfolio-folder");
  MakeGoodProject(dir / "clones");
  MakeNotebookProject(dir / "clones");
  const auto roots = ProjectRoots(dir / "clones");
  REQUIRE(roots.size() == 2);
  CHECK(roots[0].filename() == "churn-model");
  CHECK(ProjectRoots(dir / "clones/churn-model").size() == 1);
}

TEST_CASE("Portfolio rules reject unknown skills and signals with file:line errors") {
  std::string data = testing::ReadFile(testing::SourcePath("rules/portfolio.toml"));
  data += "\n[[package]]\nnames = [\"mystery\"]\nskill = \"no-such-skill\"\n\n[[detector]]\nsignal = \"nothing\"\npaths = ['x']\n";
  auto loaded = LoadPortfolioRules(DataFile{"portfolio.toml", data}, BundledAnalyzer().lexicon());
  REQUIRE_FALSE(loaded);
  std::string all;
  for (const auto& message : loaded.error().messages) all += message + "\n";
  CHECK(all.find("unknown lexicon id 'no-such-skill'") != std::string::npos);
  CHECK(all.find("unknown signal 'nothing'") != std::string::npos);
  CHECK(all.find("portfolio.toml:") == 0);
}

using testing::CliRun;

CliRun Cli(const std::vector<std::string>& arguments) { return testing::RunCommand(arguments); }

TEST_CASE("check --portfolio and portfolio report the projects in JSON and text") {
  const fs::path dir = TempDir("portfolio-cli");
  WriteFile(dir / "resume.txt", kResume);
  const fs::path good = MakeGoodProject(dir);
  const CliRun json = Cli({"check", (dir / "resume.txt").string(), "--as-of", "2026-11-01", "--format", "json",
                           "--portfolio", good.string(), (dir / "nowhere").string()});
  CHECK(json.code == kExitOk);
  CHECK(json.err.find("nowhere: no such file or folder") != std::string::npos);
  const auto result = nlohmann::json::parse(json.out);
  REQUIRE(result.contains("portfolio"));
  const auto& project = result["portfolio"]["projects"][0];
  CHECK(project["name"] == "churn-model");
  CHECK(project["tests"]["framework"] == "pytest");
  CHECK(project["tests"]["tested_share"] == Approx(0.67));
  CHECK(project["readme"]["results"] == true);
  CHECK(project["license"] == true);
  CHECK(project["git"].is_null());
  CHECK(result["portfolio"]["projects"][1]["errors"][0].get<std::string>().find("no such file") != std::string::npos);
  bool quoted = false;
  for (const auto& requirement : result["requirements"]) {
    for (const auto& evidence : requirement["evidence"]) {
      if (evidence.value("source", "") == "portfolio" && evidence["project"] == "churn-model") quoted = true;
    }
  }
  CHECK(quoted);

  const CliRun text = Cli({"check", (dir / "resume.txt").string(), "--as-of", "2026-11-01", "--portfolio", good.string()});
  CHECK(text.code == kExitOk);
  CHECK(text.out.find("Portfolio\n  churn-model") != std::string::npos);
  CHECK(text.out.find("(portfolio: churn-model") != std::string::npos);

  // explain shows each piece of portfolio evidence with its project, file
  // and the portfolio weight it carries (not a resume section's).
  const CliRun explained =
      Cli({"explain", (dir / "resume.txt").string(), "--as-of", "2026-11-01", "--portfolio", good.string()});
  CHECK(explained.code == kExitOk);
  CHECK(explained.out.find("\"import ") != std::string::npos);
  CHECK(explained.out.find(" in project churn-model (") != std::string::npos);
  CHECK(explained.out.find("= portfolio 1.") != std::string::npos);
  CHECK(explained.out.find("\"\" p0") == std::string::npos);

  const CliRun alone = Cli({"portfolio", "--format", "json", "--as-of", "2026-11-01", good.string()});
  CHECK(alone.code == kExitOk);
  const auto portfolio = nlohmann::json::parse(alone.out);
  CHECK(portfolio["score"].get<double>() > 0);
  CHECK(portfolio["portfolio"]["projects"][0]["frameworks"].size() >= 3);
  const CliRun alone_text = Cli({"portfolio", good.string()});
  CHECK(alone_text.out.find("The portfolio alone scores") == 0);
  CHECK(Cli({"portfolio", (dir / "nowhere").string()}).code == kExitFileFailed);
  CHECK(Cli({"portfolio"}).code == kExitUsage);
  CHECK(Cli({"portfolio", "--help"}).out.find("Git clone") != std::string::npos);
}

TEST_CASE("A portfolio page saved as HTML or Markdown is read like a resume: skills named, links classified") {
  const fs::path dir = TempDir("portfolio-page");
  WriteFile(dir / "site.html",
            "<!DOCTYPE html><html><head><title>Jane Doe</title><style>p { } /* Kubernetes */</style>"
            "<script>var tf = 'TensorFlow';</script></head><body><h1>Jane Doe</h1>"
            "<p>I build recommender systems with PyTorch and serve them with FastAPI.</p>"
            "<ul><li><a href=\"https://github.com/janedoe/sentiment-api\">sentiment-api</a></li>"
            "<li><a href=\"https://www.kaggle.com/janedoe\">Kaggle</a></li></ul></body></html>");
  WriteFile(dir / "projects.md", "# Projects\n\n- [churn](https://github.com/janedoe/churn-model): XGBoost with MLflow\n");
  WriteFile(dir / "broken.html", "");
  const CliRun run = Cli({"portfolio", "--format", "json", (dir / "site.html").string(), (dir / "projects.md").string(),
                          (dir / "broken.html").string()});
  CHECK(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  const auto& site = json["portfolio"]["projects"][0];
  CHECK(site["kind"] == "page");
  std::set<std::string> skills;
  for (const auto& skill : site["page"]["skills"]) skills.insert(skill["id"].get<std::string>());
  CHECK(skills.count("pytorch"));
  CHECK(skills.count("fastapi"));
  CHECK(skills.count("recommender-systems"));
  CHECK_FALSE(skills.count("tensorflow"));  // in a script: not shown to a reader
  CHECK_FALSE(skills.count("kubernetes"));  // in a style sheet
  REQUIRE(site["page"]["links"].size() == 2);
  CHECK(site["page"]["links"][0]["kind"] == "github");
  CHECK(site["page"]["links"][1]["kind"] == "kaggle");
  const auto& markdown = json["portfolio"]["projects"][1];
  CHECK(markdown["page"]["links"][0]["url"] == "https://github.com/janedoe/churn-model");
  CHECK(json["portfolio"]["links"].size() == 3);
  CHECK(json["portfolio"]["projects"][2]["errors"][0].get<std::string>().find("broken.html: ") != std::string::npos);
  // A page is a claim: it counts, but below code that shows the same skill.
  const AnalysisResult with = AnalyzeResume(dir, {(dir / "site.html").string(), MakeGoodProject(dir).string()});
  for (const auto& item : with.scoring.items) {
    if (!item.from_portfolio() || BundledAnalyzer().lexicon().entries()[item.entry].id != "pytorch") continue;
    CHECK(ItemStrength(BundledAnalyzer().rules(), item) == Approx(item.project == "site.html" ? 0.65 : 1.56));
  }
}

TEST_CASE("scan analyses a candidate folder as one candidate: the resume with the projects beside it") {
  const fs::path dir = TempDir("portfolio-scan");
  WriteFile(dir / "pool/jane/resume.txt", kResume);
  MakeGoodProject(dir / "pool/jane");
  WriteFile(dir / "pool/jane/letters/cover.txt", "Dear hiring team,\n");  // not a project: walked as usual
  WriteFile(dir / "pool/sam.txt", kResume);
  const CliRun run = Cli({"scan", "--no-isolate", "--as-of", "2026-11-01", (dir / "pool").string()});
  CHECK(run.code == kExitOk);
  std::vector<nlohmann::json> results;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) results.push_back(nlohmann::json::parse(line));
  REQUIRE(results.size() == 3);  // the project's README.md is no resume
  CHECK(results[0]["file"] == (dir / "pool/jane/resume.txt").string());
  REQUIRE(results[0].contains("portfolio"));
  CHECK(results[0]["portfolio"]["projects"].size() == 1);
  CHECK(results[0]["portfolio"]["projects"][0]["name"] == "churn-model");
  CHECK(results[1]["file"] == (dir / "pool/jane/letters/cover.txt").string());
  CHECK(results[2]["file"] == (dir / "pool/sam.txt").string());
  CHECK_FALSE(results[2].contains("portfolio"));
  CHECK(results[0]["score"].get<double>() > results[2]["score"].get<double>());
}

}  // namespace
}  // namespace ra
