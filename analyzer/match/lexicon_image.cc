#include "analyzer/match/lexicon_image.h"

#include <filesystem>

#include "analyzer/common/bytes.h"
#include "analyzer/common/hash.h"
#include "analyzer/data/embedded.h"

namespace ra {
namespace {

// Bump when the layout below, the prefix analysis or the index changes:
// an image of another version is then refused and the sources compiled.
constexpr std::string_view kMagic = "resume-analyzer lexicon image";
constexpr uint32_t kFormatVersion = 9;

void SaveEntry(const LexiconEntry& entry, ByteWriter& out) {
  out.Bytes(entry.id);
  out.Bytes(entry.name);
  out.U8(static_cast<uint8_t>(entry.kind));
  out.Bytes(entry.category);
  out.Strings(entry.patterns);
  out.Strings(entry.certain);
  out.U8(entry.case_sensitive ? 1 : 0);
  out.Strings(entry.context);
  out.Strings(entry.exclude);
  out.Ints(entry.pattern_lines);
  out.Ints(entry.context_lines);
  out.Ints(entry.exclude_lines);
  out.I32(entry.window);
  for (const std::string* text : {&entry.level, &entry.fit, &entry.relevance, &entry.esco, &entry.onet}) out.Bytes(*text);
  out.Strings(entry.examples);
  out.Strings(entry.counter_examples);
  out.Bytes(entry.file);
  out.I32(entry.line);
}

LexiconEntry LoadEntry(ByteReader& in) {
  LexiconEntry entry;
  entry.id = in.Bytes();
  entry.name = in.Bytes();
  const uint8_t kind = in.U8();
  entry.kind = kind == 1 ? EntryKind::kCredential : kind == 2 ? EntryKind::kRole : EntryKind::kSkill;
  entry.category = in.Bytes();
  entry.patterns = in.Strings();
  entry.certain = in.Strings();
  entry.case_sensitive = in.U8() != 0;
  entry.context = in.Strings();
  entry.exclude = in.Strings();
  entry.pattern_lines = in.Ints<int>();
  entry.context_lines = in.Ints<int>();
  entry.exclude_lines = in.Ints<int>();
  entry.window = in.I32();
  for (std::string* text : {&entry.level, &entry.fit, &entry.relevance, &entry.esco, &entry.onet}) *text = in.Bytes();
  entry.examples = in.Strings();
  entry.counter_examples = in.Strings();
  entry.file = in.Bytes();
  entry.line = in.I32();
  return entry;
}

void SaveData(const LexiconData& data, ByteWriter& out) {
  out.U32(static_cast<uint32_t>(data.entries.size()));
  for (const LexiconEntry& entry : data.entries) SaveEntry(entry, out);
  out.U32(static_cast<uint32_t>(data.sections.size()));
  for (const SectionHeadings& section : data.sections) {
    out.Bytes(section.kind);
    out.Strings(section.headings);
  }
  out.U32(static_cast<uint32_t>(data.link_kinds.size()));
  for (const LinkKind& link : data.link_kinds) {
    out.Bytes(link.kind);
    out.Strings(link.hosts);
  }
}

// Items are read one by one, so a damaged count allocates nothing: reading
// stops at the first failure.
template <typename T, typename LoadOne>
std::vector<T> LoadList(ByteReader& in, LoadOne load_one) {
  std::vector<T> items;
  const uint32_t count = in.Count(4);
  for (uint32_t i = 0; i < count && in.ok(); ++i) items.push_back(load_one());
  return items;
}

LexiconData LoadData(ByteReader& in) {
  LexiconData data;
  data.entries = LoadList<LexiconEntry>(in, [&] { return LoadEntry(in); });
  data.sections = LoadList<SectionHeadings>(in, [&] {
    SectionHeadings section;
    section.kind = in.Bytes();
    section.headings = in.Strings();
    return section;
  });
  data.link_kinds = LoadList<LinkKind>(in, [&] {
    LinkKind link;
    link.kind = in.Bytes();
    link.hosts = in.Strings();
    return link;
  });
  return data;
}

}  // namespace

std::string LexiconSourcesFingerprint(const std::vector<DataFile>& files) {
  Fnv1a64 hash;
  hash.Add(kMagic);
  hash.Add(std::to_string(kFormatVersion));
  for (const DataFile& file : files) {
    // The name without its folder: the same files read from an installed
    // copy or a checkout are the same lexicon.
    hash.Add(std::filesystem::path(file.path).filename().string());
    hash.Add(std::string_view("\0", 1));
    hash.Add(std::to_string(file.content.size()));
    hash.Add(std::string_view("\0", 1));
    hash.Add(file.content);
  }
  return hash.Hex();
}

std::string SaveLexiconImage(const CompiledLexicon& lexicon, std::string_view fingerprint) {
  ByteWriter out;
  out.Bytes(kMagic);
  out.U32(kFormatVersion);
  out.Bytes(fingerprint);
  SaveData(lexicon.data(), out);
  lexicon.folded_index().Save(out);
  lexicon.cased_index().Save(out);
  return out.bytes();
}

std::optional<CompiledLexicon> LoadLexiconImage(std::string_view image, std::string_view fingerprint) {
  ByteReader in(image);
  if (in.Bytes() != kMagic || in.U32() != kFormatVersion || in.Bytes() != fingerprint || !in.ok()) {
    return std::nullopt;
  }
  LexiconData data = LoadData(in);
  if (!in.ok()) return std::nullopt;
  auto folded = PrefixIndex::Load(in, data.entries.size());
  auto cased = folded ? PrefixIndex::Load(in, data.entries.size()) : std::nullopt;
  if (!cased || !in.at_end()) return std::nullopt;
  return CompiledLexicon::FromParts(std::move(data), std::move(*folded), std::move(*cased));
}

std::optional<CompiledLexicon> LoadEmbeddedLexiconImage(const std::vector<DataFile>& files) {
  return LoadLexiconImage(EmbeddedLexiconImage(), LexiconSourcesFingerprint(files));
}

}  // namespace ra
