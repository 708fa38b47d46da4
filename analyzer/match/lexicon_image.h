#pragma once
// A compiled lexicon saved as bytes. The build compiles the bundled
// lexicons once and embeds their image in the binary (data/embedded.h);
// a run whose lexicon files are those same files, wherever it read them
// from, loads the image instead of parsing the TOML and analysing every
// pattern again. Any other lexicon files are compiled as usual.
//
// The image belongs to one build: its header names the format, and its
// fingerprint the exact source files, so a stale or foreign image is
// refused (and the sources compiled), never misread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/data/data_files.h"
#include "analyzer/match/lexicon.h"

namespace ra {

// Names and contents of the lexicon files, plus the image format: equal
// fingerprints mean an image saved from these files can stand for them.
std::string LexiconSourcesFingerprint(const std::vector<DataFile>& files);

std::string SaveLexiconImage(const CompiledLexicon& lexicon, std::string_view fingerprint);

// The lexicon saved in `image`, if the image is well-formed and was saved
// with `fingerprint`; nullopt otherwise (including an empty image).
std::optional<CompiledLexicon> LoadLexiconImage(std::string_view image, std::string_view fingerprint);

// The build's image of the bundled lexicons (data/embedded.h), if `files`
// are those lexicons; nullopt otherwise.
std::optional<CompiledLexicon> LoadEmbeddedLexiconImage(const std::vector<DataFile>& files);

}  // namespace ra
