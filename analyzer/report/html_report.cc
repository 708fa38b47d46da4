#include "analyzer/report/html_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "analyzer/report/text_report.h"
#include "version.h"

namespace ra {
namespace {

using Json = nlohmann::ordered_json;

// No network: the policy forbids every fetch; only the page's own inline
// style and script run.
constexpr const char* kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";

constexpr const char* kStyle = R"(<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#222;background:#fff}
h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.5em 0 .5em}
dl.summary{display:flex;flex-wrap:wrap;gap:.3em 1.5em;margin:0}dl.summary dt{font-weight:600}dl.summary dd{margin:0 0 0 .3em}
dl.summary div{display:flex}.warning{color:#a40000;font-weight:600}
.controls{margin:.5em 0}.controls input[type=search]{width:18em}
table{border-collapse:collapse}th,td{padding:.25em .45em;text-align:left;vertical-align:top}
#ranking thead th{position:sticky;top:0;background:#f4f4f4;border-bottom:2px solid #bbb;cursor:pointer;white-space:nowrap}
#ranking thead th.req{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500}
#ranking thead th[aria-sort=ascending]::after{content:" \25B2"}#ranking thead th[aria-sort=descending]::after{content:" \25BC"}
#ranking tbody{border-bottom:1px solid #ddd}#ranking tbody:hover{background:#fafafa}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.file{max-width:28em;overflow-wrap:anywhere}
td.b2,span.b2{background:#d7f0d2}td.b1,span.b1{background:#fbeec4}td.b0,span.b0{background:#f8d4d0}
span.b0,span.b1,span.b2{padding:0 .3em;border-radius:3px}
.badge{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;background:#e3e3f6;margin-left:.3em}
.badge.flag{background:#f8d4d0}.badge.dup{background:#fbeec4}
tr.failed td{color:#8a1c1c}tr.more td{padding-top:0}
details summary{cursor:pointer;color:#555}details .req{margin:.4em 0}details ul,details ol{margin:.2em 0 .2em 1.2em;padding:0}
.where,.muted{color:#666}.gain{color:#1a6e1a;font-weight:600}q{font-style:italic}
@media print{.controls,details summary{display:none}details{display:block}}
</style>
)";

// Sorting on a column heading and filtering by text; the page reads the same
// without it (rows are written ranked).
constexpr const char* kScript = R"(<script>
(function () {
  var table = document.getElementById('ranking-table');
  var filter = document.getElementById('filter');
  var hideFailed = document.getElementById('hide-failed');
  var heads = table.tHead.rows[0].cells;
  var state = {};
  function value(body, key, numeric) {
    var text = body.getAttribute('data-' + key) || '';
    if (!numeric) return text;
    var number = parseFloat(text);
    return isNaN(number) ? -1 : number;
  }
  function sortBy(head) {
    var key = head.getAttribute('data-key');
    var numeric = head.hasAttribute('data-num');
    var descending = key in state ? !state[key] : numeric && key !== 'rank';
    state = {};
    state[key] = descending;
    var bodies = Array.prototype.slice.call(table.tBodies);
    bodies.sort(function (a, b) {
      var x = value(a, key, numeric), y = value(b, key, numeric);
      var order = numeric ? x - y : x.localeCompare(y);
      if (descending) order = -order;
      return order || value(a, 'rank', true) - value(b, 'rank', true);
    });
    bodies.forEach(function (body) { table.appendChild(body); });
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    head.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }
  for (var i = 0; i < heads.length; i++) {
    heads[i].addEventListener('click', function () { sortBy(this); });
  }
  function applyFilter() {
    var query = filter.value.toLowerCase();
    for (var i = 0; i < table.tBodies.length; i++) {
      var body = table.tBodies[i];
      var text = (body.getAttribute('data-search') || '').toLowerCase();
      body.hidden = (query !== '' && text.indexOf(query) < 0) ||
                    (hideFailed.checked && body.hasAttribute('data-failed'));
    }
  }
  filter.addEventListener('input', applyFilter);
  hideFailed.addEventListener('change', applyFilter);
})();
</script>
)";

std::string Text(const Json& json, const char* key) {
  const auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double Number(const Json& json, const char* key) {
  const auto it = json.find(key);
  return it != json.end() && it->is_number() ? it->get<double>() : 0.0;
}

// Where a quote stands, for a reader: page, section, and the role, degree
// or project holding it; or the portfolio project and file.
std::string Where(const Json& evidence) {
  std::string where;
  auto add = [&](const std::string& part) {
    if (!part.empty()) where += (where.empty() ? "" : ", ") + part;
  };
  if (Text(evidence, "source") == "portfolio") {
    add("portfolio project " + Text(evidence, "project"));
    add(Text(evidence, "file"));
    return where;
  }
  if (evidence.contains("page")) add("p. " + std::to_string(evidence.at("page").get<long>()));
  add(Text(evidence, "section"));
  if (const std::string entry = Text(evidence, "entry"); !entry.empty()) add("in \u201c" + entry + "\u201d");
  return where;
}

std::string Score(double score) { return FormatFixed(score, 1); }

std::string Band(double score) { return "b" + std::to_string(ScoreBand(score)); }

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

HtmlReport::HtmlReport(const Rules& rules) : role_(rules.role_name), rules_version_(rules.version) {
  for (const auto& requirement : rules.requirements) columns_.push_back({requirement.id, requirement.name});
}

void HtmlReport::Add(const nlohmann::ordered_json& result) {
  Row row;
  row.file = Text(result, "file");
  row.ok = Text(result, "status") == "ok";
  row.duplicate_of = Text(result, "duplicate_of");
  if (!row.ok) {
    if (const auto error = result.find("error"); error != result.end()) {
      row.error_code = Text(*error, "code");
      row.error_message = Text(*error, "message");
    }
    rows_.push_back(std::move(row));
    return;
  }
  row.score = Number(result, "score");
  row.verdict = Text(result, "verdict");
  if (const auto level = result.find("level"); level != result.end()) row.level = Text(*level, "id");

  std::map<std::string, const Json*> by_id;
  if (const auto requirements = result.find("requirements"); requirements != result.end()) {
    for (const Json& requirement : *requirements) by_id[Text(requirement, "id")] = &requirement;
  }
  row.cells.resize(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    const auto found = by_id.find(columns_[i].id);
    if (found == by_id.end()) continue;
    const Json& requirement = *found->second;
    Cell& cell = row.cells[i];
    cell.score = Number(requirement, "score");
    cell.weight = Number(requirement, "weight");
    std::vector<const Json*> evidence;
    if (const auto items = requirement.find("evidence"); items != requirement.end() && items->is_array()) {
      for (const Json& item : *items) evidence.push_back(&item);
    }
    std::stable_sort(evidence.begin(), evidence.end(),
                     [](const Json* a, const Json* b) { return Number(*a, "points") > Number(*b, "points"); });
    const size_t kept = std::min(evidence.size(), kHtmlEvidencePerRequirement);
    cell.more = evidence.size() - kept;
    for (size_t k = 0; k < kept; ++k) {
      const Json& item = *evidence[k];
      Quote quote{Text(item, "name"), Number(item, "points"), Text(item, "text"), Where(item)};
      if (quote.text.empty() && item.contains("value")) {
        quote.text = FormatFixed(Number(item, "value"), 2);
        quote.measured = true;
      }
      cell.quotes.push_back(std::move(quote));
    }
  }
  static const Json kNone = Json::array();
  const auto list = [&](const char* key) -> const Json& {
    const auto it = result.find(key);
    return it != result.end() && it->is_array() ? *it : kNone;
  };
  for (const Json& advice : list("advice")) {
    row.advice.push_back({Text(advice, "requirement"), Text(advice, "text"), Number(advice, "gain")});
  }
  for (const Json& flag : list("flags")) {
    row.flags.emplace_back(Text(flag, "code"), Text(flag, "message"));
  }
  rows_.push_back(std::move(row));
}

// The requirements costing the most overall points: weight times what the
// score falls short of 100, among those below the green band.
std::vector<std::string> HtmlReport::TopMissing(const Row& row) const {
  std::vector<size_t> order;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (ScoreBand(row.cells[i].score) < 2) order.push_back(i);
  }
  auto lost = [&](size_t i) { return row.cells[i].weight * (100.0 - row.cells[i].score); };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return lost(a) > lost(b); });
  std::vector<std::string> names;
  for (size_t i = 0; i < order.size() && i < kHtmlTopMissing; ++i) names.push_back(columns_[order[i]].name);
  return names;
}

void HtmlReport::WriteRow(std::ostream& out, const Row& row, size_t rank, bool has_copy) const {
  const size_t width = 6 + columns_.size();
  std::string search = row.file + " " + (row.ok ? row.verdict + " " + row.level : "failed " + row.error_code);
  for (const auto& flag : row.flags) search += " " + flag.first;
  if (!row.duplicate_of.empty()) search += " duplicate";
  out << "<tbody data-rank=\"" << rank << "\" data-file=\"" << HtmlEscape(row.file) << "\" data-score=\""
      << (row.ok ? Score(row.score) : "") << "\" data-verdict=\"" << HtmlEscape(row.ok ? row.verdict : "failed")
      << "\" data-level=\"" << HtmlEscape(row.level) << "\"";
  for (size_t i = 0; i < row.cells.size(); ++i) out << " data-r" << i << "=\"" << Score(row.cells[i].score) << "\"";
  out << " data-search=\"" << HtmlEscape(search) << "\"" << (row.ok ? "" : " data-failed") << ">\n";

  out << (row.ok ? "<tr>" : "<tr class=\"failed\">");
  out << "<td class=\"num\">" << (row.ok ? std::to_string(rank) : "\u2013") << "</td>";
  out << "<td class=\"file\">" << HtmlEscape(row.file);
  if (!row.duplicate_of.empty()) {
    out << "<span class=\"badge dup\" title=\"same content as " << HtmlEscape(row.duplicate_of) << "\">duplicate of "
        << HtmlEscape(row.duplicate_of) << "</span>";
  }
  if (has_copy) out << "<span class=\"badge dup\">has a duplicate</span>";
  out << "</td>";
  if (!row.ok) {
    out << "<td class=\"num\">\u2013</td><td>failed</td><td></td>";
    out << "<td colspan=\"" << columns_.size() << "\"></td>";
    out << "<td>" << HtmlEscape(row.error_code) << ": " << HtmlEscape(row.error_message) << "</td></tr>\n</tbody>\n";
    return;
  }
  out << "<td class=\"num " << Band(row.score) << "\">" << Score(row.score) << "</td>";
  out << "<td>" << HtmlEscape(row.verdict);
  for (const auto& flag : row.flags) {
    out << "<span class=\"badge flag\" title=\"" << HtmlEscape(flag.second) << "\">" << HtmlEscape(flag.first)
        << "</span>";
  }
  out << "</td><td>" << HtmlEscape(row.level) << "</td>";
  for (size_t i = 0; i < row.cells.size(); ++i) {
    out << "<td class=\"num " << Band(row.cells[i].score) << "\" title=\"" << HtmlEscape(columns_[i].name) << "\">"
        << FormatFixed(row.cells[i].score, 0) << "</td>";
  }
  std::string missing;
  for (const auto& name : TopMissing(row)) missing += (missing.empty() ? "" : ", ") + HtmlEscape(name);
  out << "<td>" << missing << "</td></tr>\n";

  // Evidence, advice and flags, folded.
  out << "<tr class=\"more\"><td></td><td colspan=\"" << width - 1 << "\"><details><summary>Evidence, "
      << row.advice.size() << " advice, " << row.flags.size() << " flag(s)</summary>\n";
  std::string without;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const Cell& cell = row.cells[i];
    if (cell.quotes.empty()) {
      without += (without.empty() ? "" : ", ") + HtmlEscape(columns_[i].name);
      continue;
    }
    out << "<div class=\"req\"><b>" << HtmlEscape(columns_[i].name) << "</b> <span class=\"" << Band(cell.score)
        << "\">" << FormatFixed(cell.score, 0) << "</span><ul>\n";
    for (const Quote& quote : cell.quotes) {
      out << "<li>" << HtmlEscape(quote.name) << " <span class=\"muted\">(+" << FormatFixed(quote.points, 2)
          << ")</span>";
      if (quote.measured) {
        out << ": measured " << HtmlEscape(quote.text);
      } else if (!quote.text.empty()) {
        out << ": <q>" << HtmlEscape(quote.text) << "</q>";
      }
      if (!quote.where.empty()) out << " <span class=\"where\">" << HtmlEscape(quote.where) << "</span>";
      out << "</li>\n";
    }
    if (cell.more > 0) out << "<li class=\"muted\">and " << cell.more << " more in the JSON output</li>\n";
    out << "</ul></div>\n";
  }
  if (!without.empty()) out << "<p class=\"muted\">No evidence: " << without << "</p>\n";
  if (!row.advice.empty()) {
    out << "<h4>Advice</h4><ol>\n";
    for (const Advice& advice : row.advice) {
      out << "<li>" << HtmlEscape(advice.text);
      if (advice.gain > 0) out << " <span class=\"gain\">+" << FormatFixed(advice.gain, 1) << "</span>";
      out << " <span class=\"muted\">" << HtmlEscape(advice.requirement) << "</span></li>\n";
    }
    out << "</ol>\n";
  }
  if (!row.flags.empty()) {
    out << "<h4>Flags</h4><ul>\n";
    for (const auto& flag : row.flags) {
      out << "<li><b>" << HtmlEscape(flag.first) << "</b>: " << HtmlEscape(flag.second) << "</li>\n";
    }
    out << "</ul>\n";
  }
  out << "</details></td></tr>\n</tbody>\n";
}

void HtmlReport::Write(std::ostream& out, const HtmlReportInfo& info) const {
  std::vector<const Row*> ranked;
  ranked.reserve(rows_.size());
  std::set<std::string> copied;  // files a later file duplicates
  size_t failed = 0;
  size_t duplicates = 0;
  for (const Row& row : rows_) {
    ranked.push_back(&row);
    failed += row.ok ? 0 : 1;
    if (!row.duplicate_of.empty()) {
      ++duplicates;
      copied.insert(row.duplicate_of);
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Row* a, const Row* b) {
    if (a->ok != b->ok) return a->ok;
    return a->ok && a->score > b->score;
  });

  out << kHead << "<title>Resume scan: " << rows_.size() << " files</title>\n" << kStyle << "</head>\n<body>\n";
  out << "<header>\n<h1>Resume scan: " << HtmlEscape(role_) << "</h1>\n<dl class=\"summary\">";
  auto fact = [&](const std::string& term, const std::string& value, const char* id) {
    out << "<div><dt>" << term << "</dt><dd id=\"" << id << "\">" << value << "</dd></div>";
  };
  fact("Files", std::to_string(rows_.size()), "count-files");
  fact("Analysed", std::to_string(rows_.size() - failed), "count-ok");
  fact("Failed", std::to_string(failed), "count-failed");
  fact("Duplicates", std::to_string(duplicates), "count-duplicates");
  fact("Rules", HtmlEscape(rules_version_), "rules-version");
  fact("Analyzer", kAnalyzerVersion, "analyzer-version");
  if (!info.generated.empty()) fact("Date", HtmlEscape(info.generated), "date");
  out << "</dl>\n";
  if (info.interrupted) {
    out << "<p class=\"warning\">The scan was interrupted: " << rows_.size() << " of " << info.inputs
        << " files are in this report.</p>\n";
  }
  out << "</header>\n<main>\n<section id=\"ranking\">\n<h2>Ranking</h2>\n";
  out << "<p class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" placeholder=\"file, verdict, "
         "level, flag\"></label> <label><input id=\"hide-failed\" type=\"checkbox\"> hide failed files</label> "
         "<span class=\"muted\">Click a heading to sort; scores are 0-100 (green from 70, amber from 40).</span></p>\n";
  out << "<table id=\"ranking-table\">\n<thead><tr><th data-key=\"rank\" data-num>#</th><th data-key=\"file\">File</th>"
         "<th data-key=\"score\" data-num>Score</th><th data-key=\"verdict\">Verdict</th><th data-key=\"level\">Level</th>";
  for (size_t i = 0; i < columns_.size(); ++i) {
    out << "<th class=\"req\" data-key=\"r" << i << "\" data-num title=\"" << HtmlEscape(columns_[i].name) << "\">"
        << HtmlEscape(columns_[i].name) << "</th>";
  }
  out << "<th>Top missing</th></tr></thead>\n";
  for (size_t i = 0; i < ranked.size(); ++i) WriteRow(out, *ranked[i], i + 1, copied.count(ranked[i]->file) > 0);
  out << "</table>\n</section>\n";

  out << "<section id=\"failures\">\n<h2>Failed files (" << failed << ")</h2>\n";
  if (failed == 0) {
    out << "<p>None: every file was analysed.</p>\n";
  } else {
    out << "<table id=\"failures-table\">\n<thead><tr><th>File</th><th>Code</th><th>Message</th></tr></thead>\n<tbody>\n";
    for (const Row& row : rows_) {
      if (row.ok) continue;
      out << "<tr><td class=\"file\">" << HtmlEscape(row.file) << "</td><td>" << HtmlEscape(row.error_code)
          << "</td><td>" << HtmlEscape(row.error_message) << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
  }
  out << "</section>\n</main>\n" << kScript << "</body>\n</html>\n";
}

}  // namespace ra
