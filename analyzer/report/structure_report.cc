#include "analyzer/report/structure_report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ra {
namespace {

using Json = nlohmann::ordered_json;

std::string MonthText(MonthIndex month) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", month / 12, month % 12 + 1);
  return buffer;
}

std::string SpanText(const AnalysisResult& result, TextSpan span) {
  return span.empty() ? std::string() : result.text.display.substr(span.start, span.end - span.start);
}

bool Contains(TextSpan span, size_t offset) { return span.start <= offset && offset < span.end; }

// Lexicon hits inside a span of the text.
std::vector<const Hit*> HitsIn(const AnalysisResult& result, size_t start, size_t end) {
  std::vector<const Hit*> hits;
  for (const Hit& hit : result.hits) {
    if (hit.start >= start && hit.start < end) hits.push_back(&hit);
  }
  return hits;
}

// "https://www.github.com/x/" and "github.com/x" name one place.
std::string BareUrl(std::string url) {
  if (const size_t scheme = url.find("://"); scheme != std::string::npos) url.erase(0, scheme + 3);
  if (url.rfind("www.", 0) == 0) url.erase(0, 4);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Path segments of a URL: 1 for "github.com/user", 2 for "github.com/user/repo".
size_t PathDepth(const std::string& url) {
  const std::string bare = BareUrl(url);
  const size_t slash = bare.find('/');
  if (slash == std::string::npos) return 0;
  const std::string path = bare.substr(slash + 1, bare.find_first_of("?#") == std::string::npos ? std::string::npos
                                                                                                   : bare.find_first_of("?#") - slash - 1);
  return path.empty() ? 0 : static_cast<size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

bool InsideAnEntry(const AnalysisResult& result, size_t offset) {
  return std::any_of(result.structure.entries.begin(), result.structure.entries.end(),
                     [&](const Entry& entry) { return entry.start <= offset && offset < entry.end; });
}

// An entry with what the lexicon matches tell about its parts.
struct EntryFacts {
  const Entry* entry = nullptr;
  std::string section;
  std::string role;
  std::string organisation;
  std::string location;
  std::optional<DateRange> dates;
  std::vector<std::string> bullets;
  std::vector<const FoundLink*> links;
  // Education only.
  std::string degree;        // the degree as written ("M.S.")
  std::string degree_level;  // associate, bachelor, master, phd
  std::string field;         // the field of study as written
  int graduation_year = 0;
};

bool IsHitOf(const Analyzer& analyzer, const Hit& hit, EntryKind kind, const char* category) {
  const LexiconEntry& entry = analyzer.lexicon().entries()[hit.entry];
  return entry.kind == kind && (category == nullptr || entry.category == category);
}

// Which of the first two header parts is the title: the one holding a
// job-title (or degree) match, when only the second one does.
void OrderRoleAndOrganisation(const AnalysisResult& result, const Analyzer& analyzer, EntryKind kind,
                              const char* category, const Entry& entry, EntryFacts& facts) {
  bool in_role = false;
  bool in_organisation = false;
  for (const Hit* hit : HitsIn(result, entry.start, entry.end)) {
    if (!IsHitOf(analyzer, *hit, kind, category)) continue;
    in_role = in_role || Contains(entry.role, hit->start);
    in_organisation = in_organisation || Contains(entry.organisation, hit->start);
  }
  if (in_organisation && !in_role) std::swap(facts.role, facts.organisation);
}

void AddEducationFacts(const AnalysisResult& result, const Analyzer& analyzer, const Entry& entry, EntryFacts& facts) {
  const auto& display = result.text.display;
  for (const Hit* hit : HitsIn(result, entry.start, entry.end)) {
    const LexiconEntry& lexicon_entry = analyzer.lexicon().entries()[hit->entry];
    if (lexicon_entry.kind != EntryKind::kCredential) continue;
    if (lexicon_entry.category == "degree" && facts.degree.empty()) {
      facts.degree = display.substr(hit->start, hit->end - hit->start);
      facts.degree_level = lexicon_entry.level;
    } else if (lexicon_entry.category == "field-of-study" && facts.field.empty()) {
      facts.field = display.substr(hit->start, hit->end - hit->start);
    }
  }
  OrderRoleAndOrganisation(result, analyzer, EntryKind::kCredential, "degree", entry, facts);
  // "Ph.D., Machine Learning, University of Kestrel Bay": the institution is
  // the first part holding neither the degree nor the field of study.
  const auto holds_credential = [&](TextSpan part) {
    for (const Hit* hit : HitsIn(result, part.start, part.end)) {
      if (IsHitOf(analyzer, *hit, EntryKind::kCredential, "degree") ||
          IsHitOf(analyzer, *hit, EntryKind::kCredential, "field-of-study")) {
        return true;
      }
    }
    return false;
  };
  if (!facts.degree.empty() || !facts.field.empty()) {
    facts.organisation.clear();
    for (const TextSpan& part : entry.header_parts) {
      if (!holds_credential(part)) {
        facts.organisation = SpanText(result, part);
        break;
      }
    }
  }
  if (facts.dates && !facts.dates->ongoing) {
    facts.graduation_year = facts.dates->end / 12;
  } else if (entry.year > 0) {
    facts.graduation_year = entry.year;
  }
}

EntryFacts FactsOf(const AnalysisResult& result, const Analyzer& analyzer, const Entry& entry) {
  EntryFacts facts;
  facts.entry = &entry;
  facts.section = result.structure.sections[entry.section].kind;
  facts.role = SpanText(result, entry.role);
  facts.organisation = SpanText(result, entry.organisation);
  facts.location = SpanText(result, entry.location);
  if (!entry.dates.empty()) facts.dates = entry.dates.front();
  for (const TextSpan& bullet : entry.bullet_spans) {
    std::string text = SpanText(result, bullet);
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (!text.empty()) facts.bullets.push_back(std::move(text));
  }
  std::set<std::string> seen;
  for (const FoundLink& link : result.structure.links) {
    if (link.start < entry.start || link.start >= entry.end || link.kind == "email") continue;
    if (seen.insert(BareUrl(link.url)).second) facts.links.push_back(&link);
  }
  if (facts.section == "education") {
    AddEducationFacts(result, analyzer, entry, facts);
  } else if (facts.section == "experience" || facts.section == "volunteering") {
    OrderRoleAndOrganisation(result, analyzer, EntryKind::kRole, nullptr, entry, facts);
  }
  return facts;
}

std::vector<EntryFacts> AllFacts(const AnalysisResult& result, const Analyzer& analyzer) {
  std::vector<EntryFacts> all;
  for (const Entry& entry : result.structure.entries) all.push_back(FactsOf(result, analyzer, entry));
  return all;
}

void SetIfKnown(Json& json, const char* key, const std::string& value) {
  if (!value.empty()) json[key] = value;
}

// A "name" line holding a job title ("Machine Learning Engineer" above the
// real name in a two-column layout) is not the candidate's name.
bool IsJobTitle(const AnalysisResult& result, const Analyzer& analyzer, TextSpan span) {
  for (const Hit* hit : HitsIn(result, span.start, span.end)) {
    if (IsHitOf(analyzer, *hit, EntryKind::kRole, nullptr)) return true;
  }
  return false;
}

Json ContactJson(const AnalysisResult& result, const Analyzer& analyzer) {
  const ContactDetails& contact = result.structure.contact;
  Json json = Json::object();
  if (!contact.name.empty() && !IsJobTitle(result, analyzer, contact.name)) {
    json["name"] = SpanText(result, contact.name);
  }
  SetIfKnown(json, "email", SpanText(result, contact.email));
  if (!json.contains("email")) {
    for (const FoundLink& link : result.structure.links) {
      if (link.url.rfind("mailto:", 0) == 0) {
        json["email"] = link.url.substr(7);
        break;
      }
    }
  }
  SetIfKnown(json, "phone", SpanText(result, contact.phone));
  SetIfKnown(json, "location", SpanText(result, contact.location));
  return json;
}

Json DatesJson(const AnalysisResult& result, const DateRange& range) {
  return Json{{"start", MonthText(range.start)},
              {"end", range.ongoing ? Json("present") : Json(MonthText(range.end))},
              {"text", result.text.display.substr(range.text_start, range.text_end - range.text_start)}};
}

Json LinksJson(const AnalysisResult& result) {
  Json links = Json::array();
  for (const FoundLink& link : result.structure.links) {
    links.push_back(Json{{"url", link.url}, {"kind", link.kind}, {"page", link.page},
                         {"source", link.annotation ? "annotation" : "text"}, {"start", link.start}});
  }
  return links;
}

Json SectionsJson(const AnalysisResult& result) {
  Json sections = Json::array();
  for (const Section& section : result.structure.sections) {
    sections.push_back(Json{{"kind", section.kind},
                            {"title", section.heading},
                            {"heading", section.heading},
                            {"page", result.text.PageAt(section.start)},
                            {"start", section.start},
                            {"body_start", section.body_start},
                            {"end", section.end}});
  }
  return sections;
}

Json EntryJson(const AnalysisResult& result, const EntryFacts& facts) {
  const Entry& entry = *facts.entry;
  Json json{{"section", facts.section}, {"title", entry.title}};
  SetIfKnown(json, "role", facts.role);
  SetIfKnown(json, "organisation", facts.organisation);
  SetIfKnown(json, "location", facts.location);
  if (facts.dates) {
    json["start_date"] = MonthText(facts.dates->start);
    json["end_date"] = facts.dates->ongoing ? "present" : MonthText(facts.dates->end);
  }
  Json dates = Json::array();
  for (const DateRange& range : entry.dates) dates.push_back(DatesJson(result, range));
  json["dates"] = std::move(dates);
  json["bullets"] = facts.bullets;
  json["start"] = entry.start;
  json["end"] = entry.end;
  return json;
}

Json EducationJson(const EntryFacts& facts) {
  Json json = Json::object();
  SetIfKnown(json, "degree", facts.degree);
  SetIfKnown(json, "level", facts.degree_level);
  SetIfKnown(json, "field", facts.field);
  SetIfKnown(json, "institution", facts.organisation.empty() && facts.degree.empty() ? facts.role : facts.organisation);
  if (facts.graduation_year > 0) json["graduation_year"] = facts.graduation_year;
  json["start"] = facts.entry->start;
  json["end"] = facts.entry->end;
  return json;
}

Json ProjectJson(const EntryFacts& facts) {
  Json json{{"name", facts.role.empty() ? facts.entry->title : facts.role}};
  SetIfKnown(json, "description", facts.organisation);
  Json links = Json::array();
  for (const FoundLink* link : facts.links) links.push_back(Json{{"url", link->url}, {"kind", link->kind}});
  json["links"] = std::move(links);
  json["bullets"] = facts.bullets;
  json["start"] = facts.entry->start;
  json["end"] = facts.entry->end;
  return json;
}

// --- JSON Resume -------------------------------------------------------------

// "Portland, OR" → city and region as written.
Json LocationJson(const std::string& text) {
  Json json = Json::object();
  const size_t comma = text.find(", ");
  if (comma == std::string::npos) {
    json["city"] = text;
    return json;
  }
  json["city"] = text.substr(0, comma);
  const std::string rest = text.substr(comma + 2);
  // A two-letter upper-case code after the city is a region (US state) in
  // most resumes, so it is not taken for an ISO country code.
  json["region"] = rest;
  return json;
}

std::string LastPathSegment(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  const size_t slash = url.rfind('/');
  const size_t scheme = url.find("://");
  if (slash == std::string::npos || (scheme != std::string::npos && slash <= scheme + 2)) return "";
  return url.substr(slash + 1);
}

std::string WithScheme(const std::string& url) {
  return url.find("://") == std::string::npos ? "https://" + url : url;
}

Json BasicsJson(const AnalysisResult& result, const Analyzer& analyzer) {
  const Json contact = ContactJson(result, analyzer);
  Json basics = Json::object();
  for (const char* key : {"name", "email", "phone"}) {
    if (contact.contains(key)) basics[key] = contact[key];
  }
  Json profiles = Json::array();
  std::set<std::string> seen;
  for (const FoundLink& link : result.structure.links) {
    if (link.kind == "email" || link.kind == "phone") continue;
    if (link.kind == "website" || link.kind == "blog") {
      if (!basics.contains("url")) basics["url"] = WithScheme(link.url);
      continue;
    }
    // A link inside a role or project (a repository) is not a profile; the
    // text and the annotation of one link name one profile.
    const bool repository = InsideAnEntry(result, link.start) && link.kind != "linkedin" && PathDepth(link.url) > 1;
    if (repository || !seen.insert(link.kind).second) continue;
    Json profile{{"network", link.kind}};
    SetIfKnown(profile, "username", LastPathSegment(link.url));
    profile["url"] = WithScheme(link.url);
    profiles.push_back(std::move(profile));
  }
  if (contact.contains("location")) basics["location"] = LocationJson(contact["location"].get<std::string>());
  if (!profiles.empty()) basics["profiles"] = std::move(profiles);
  return basics;
}

void AddDates(Json& json, const EntryFacts& facts) {
  if (!facts.dates) return;
  json["startDate"] = MonthText(facts.dates->start);
  if (!facts.dates->ongoing) json["endDate"] = MonthText(facts.dates->end);
}

Json WorkJson(const EntryFacts& facts) {
  Json json = Json::object();
  SetIfKnown(json, "name", facts.organisation);
  SetIfKnown(json, "position", facts.role);
  SetIfKnown(json, "location", facts.location);
  for (const FoundLink* link : facts.links) {
    if (link->kind == "website") {
      json["url"] = WithScheme(link->url);
      break;
    }
  }
  AddDates(json, facts);
  if (!facts.bullets.empty()) json["highlights"] = facts.bullets;
  return json;
}

Json VolunteerJson(const EntryFacts& facts) {
  Json json = Json::object();
  SetIfKnown(json, "organization", facts.organisation);
  SetIfKnown(json, "position", facts.role);
  AddDates(json, facts);
  if (!facts.bullets.empty()) json["highlights"] = facts.bullets;
  return json;
}

Json JsonResumeEducation(const EntryFacts& facts) {
  Json json = Json::object();
  const std::string institution = facts.organisation.empty() && facts.degree.empty() ? facts.role : facts.organisation;
  SetIfKnown(json, "institution", institution);
  SetIfKnown(json, "area", facts.field);
  SetIfKnown(json, "studyType", facts.degree.empty() ? facts.degree_level : facts.degree);
  if (facts.dates) {
    AddDates(json, facts);
  } else if (facts.graduation_year > 0) {
    json["endDate"] = std::to_string(facts.graduation_year);
  }
  return json;
}

Json JsonResumeProject(const EntryFacts& facts) {
  Json json{{"name", facts.role.empty() ? facts.entry->title : facts.role}};
  SetIfKnown(json, "description", facts.organisation);
  if (!facts.links.empty()) json["url"] = WithScheme(facts.links.front()->url);
  AddDates(json, facts);
  if (!facts.bullets.empty()) json["highlights"] = facts.bullets;
  return json;
}

// Skills found by the lexicon, grouped by their category.
Json SkillsJson(const AnalysisResult& result, const Analyzer& analyzer) {
  std::vector<std::string> categories;
  std::map<std::string, std::vector<std::string>> keywords;
  std::set<size_t> seen;
  for (const Hit& hit : result.hits) {
    const LexiconEntry& entry = analyzer.lexicon().entries()[hit.entry];
    if (entry.kind != EntryKind::kSkill || !seen.insert(hit.entry).second) continue;
    if (!keywords.count(entry.category)) categories.push_back(entry.category);
    keywords[entry.category].push_back(entry.name);
  }
  Json skills = Json::array();
  for (const std::string& category : categories) skills.push_back(Json{{"name", category}, {"keywords", keywords[category]}});
  return skills;
}

// The non-blank lines of every section of one kind, bullets stripped.
std::vector<std::string> SectionLines(const AnalysisResult& result, const char* kind) {
  std::vector<std::string> lines;
  const auto& display = result.text.display;
  for (const Section& section : result.structure.sections) {
    if (section.kind != kind) continue;
    const std::string_view body = std::string_view(display).substr(section.body_start, section.end - section.body_start);
    for (const Line& line : SplitLines(body)) {
      std::string text(body.substr(line.start, line.end - line.start));
      if (text.rfind("\u2022 ", 0) == 0) text.erase(0, std::string_view("\u2022 ").size());
      while (!text.empty() && (text.back() == ' ' || text.back() == '\f')) text.pop_back();
      while (!text.empty() && text.front() == ' ') text.erase(0, 1);
      if (!text.empty() && text != "\f") lines.push_back(std::move(text));
    }
  }
  return lines;
}

Json NamedLines(const AnalysisResult& result, const char* kind, const char* key) {
  Json list = Json::array();
  for (std::string& line : SectionLines(result, kind)) list.push_back(Json{{key, std::move(line)}});
  return list;
}

Json LanguagesJson(const AnalysisResult& result) {
  Json list = Json::array();
  for (const std::string& line : SectionLines(result, "languages")) {
    size_t from = 0;
    while (from <= line.size()) {
      size_t comma = line.find_first_of(",;", from);
      if (comma == std::string::npos) comma = line.size();
      std::string language = line.substr(from, comma - from);
      while (!language.empty() && language.front() == ' ') language.erase(0, 1);
      while (!language.empty() && language.back() == ' ') language.pop_back();
      std::string fluency;
      if (const size_t paren = language.find(" ("); paren != std::string::npos && language.back() == ')') {
        fluency = language.substr(paren + 2, language.size() - paren - 3);
        language.erase(paren);
      }
      if (!language.empty()) {
        Json item{{"language", language}};
        SetIfKnown(item, "fluency", fluency);
        list.push_back(std::move(item));
      }
      from = comma + 1;
    }
  }
  return list;
}

void AddIfAny(Json& json, const char* key, Json list) {
  if (!list.empty()) json[key] = std::move(list);
}

}  // namespace

Json StructureReportJson(const AnalysisResult& result, const Analyzer& analyzer) {
  Json entries = Json::array();
  Json education = Json::array();
  Json projects = Json::array();
  for (const EntryFacts& facts : AllFacts(result, analyzer)) {
    entries.push_back(EntryJson(result, facts));
    if (facts.section == "education") education.push_back(EducationJson(facts));
    if (facts.section == "projects") projects.push_back(ProjectJson(facts));
  }
  return Json{{"schema_version", kStructureSchemaVersion},
              {"file", result.file},
              {"format", SourceFormatName(result.format)},
              {"pages", result.pages},
              {"text", result.text.display},
              {"contact", ContactJson(result, analyzer)},
              {"links", LinksJson(result)},
              {"sections", SectionsJson(result)},
              {"entries", std::move(entries)},
              {"education", std::move(education)},
              {"projects", std::move(projects)}};
}

Json JsonResumeJson(const AnalysisResult& result, const Analyzer& analyzer) {
  Json work = Json::array();
  Json volunteer = Json::array();
  Json education = Json::array();
  Json projects = Json::array();
  for (const EntryFacts& facts : AllFacts(result, analyzer)) {
    if (facts.section == "experience") work.push_back(WorkJson(facts));
    if (facts.section == "volunteering") volunteer.push_back(VolunteerJson(facts));
    if (facts.section == "education") education.push_back(JsonResumeEducation(facts));
    if (facts.section == "projects") projects.push_back(JsonResumeProject(facts));
  }
  Json json{{"$schema", "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"},
            {"basics", BasicsJson(result, analyzer)}};
  AddIfAny(json, "work", std::move(work));
  AddIfAny(json, "volunteer", std::move(volunteer));
  AddIfAny(json, "education", std::move(education));
  AddIfAny(json, "awards", NamedLines(result, "awards", "title"));
  AddIfAny(json, "certificates", NamedLines(result, "certifications", "name"));
  AddIfAny(json, "publications", NamedLines(result, "publications", "name"));
  AddIfAny(json, "skills", SkillsJson(result, analyzer));
  AddIfAny(json, "languages", LanguagesJson(result));
  AddIfAny(json, "projects", std::move(projects));
  json["meta"] = Json{{"version", "v1.0.0"}};
  return json;
}

}  // namespace ra
