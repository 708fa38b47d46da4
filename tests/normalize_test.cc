#include <catch2/catch.hpp>

#include "analyzer/text/text.h"

namespace ra {
namespace {

std::string NormalizeOne(const std::string& raw) {
  Document document;
  document.pages.push_back(raw);
  return Normalize(document).display;
}

TEST_CASE("Normalize expands ligature glyphs") {
  CHECK(NormalizeOne("e\xEF\xAC\x83" "cient work\xEF\xAC\x82ows, o\xEF\xAC\x80line") == "efficient workflows, offline");
}

TEST_CASE("Normalize joins words hyphenated across lines") {
  SECTION("a plain word is rejoined without its hyphen") {
    CHECK(NormalizeOne("built recommendation infrastruc-\nture for search") ==
          "built recommendation infrastructure\nfor search");
  }
  SECTION("a compound keeps its hyphen") {
    CHECK(NormalizeOne("a state-of-the-\nart model") == "a state-of-the-art\nmodel");
  }
  SECTION("a hyphen before a capitalised word is a dash, not a break") {
    CHECK(NormalizeOne("Python -\nTensorFlow") == "Python -\nTensorFlow");
  }
  SECTION("a soft hyphen at a line end also joins") {
    CHECK(NormalizeOne("pro\xC2\xAD\nfiling") == "profiling");
  }
}

TEST_CASE("Normalize unifies bullets and odd spaces") {
  CHECK(NormalizeOne("\xE2\x97\x8F  Trained\xC2\xA0models") == "\xE2\x80\xA2 Trained models");
  CHECK(NormalizeOne("- shipped it") == "\xE2\x80\xA2 shipped it");
  CHECK(NormalizeOne("\xE2\x9E\xA2 Led a team") == "\xE2\x80\xA2 Led a team");
  CHECK(NormalizeOne("-5% churn") == "-5% churn");
  CHECK(NormalizeOne("tabs\tand\xE2\x80\x89thin spaces") == "tabs and thin spaces");
}

TEST_CASE("Normalize reads an icon glyph opening a line as a bullet") {
  CHECK(NormalizeOne("\xEF\x83\x9A Built a model\nname \xEF\x83\xA0 mail") == "\xE2\x80\xA2 Built a model\nname mail");
}

TEST_CASE("Normalize drops icon-font glyphs and zero-width marks") {
  CHECK(NormalizeOne("Links: \xEF\x82\x9B github.com/someone") == "Links: github.com/someone");
  CHECK(NormalizeOne("Py\xE2\x80\x8Bthon") == "Python");
}

TEST_CASE("Normalize collapses blank runs and trims lines") {
  CHECK(NormalizeOne("  A  \n\n\n\n  B  ") == "A\n\nB");
}

TEST_CASE("Normalize separates pages and knows which page an offset is on") {
  Document document;
  document.pages = {"first page", "second page"};
  const NormalizedText text = Normalize(document);
  CHECK(text.display == "first page\n\f\nsecond page");
  CHECK(text.PageAt(0) == 1);
  CHECK(text.PageAt(text.display.find("second")) == 2);
}

TEST_CASE("Normalize counts glyphs the font could not map") {
  Document document;
  document.pages = {"a\xEF\xBF\xBD" "b"};
  const NormalizedText text = Normalize(document);
  CHECK(text.display == "ab");
  CHECK(text.unmapped_characters == 1);
}

TEST_CASE("FoldCase maps every folded byte back to the display text") {
  const std::string display = "Stra\xC3\x9F" "e K\xE2\x84\xAA PyTorch";  // Kelvin sign folds to 1 byte
  const FoldedText folded = FoldCase(display);
  CHECK(folded.text.find("pytorch") != std::string::npos);
  const size_t at = folded.text.find("pytorch");
  CHECK(display.substr(folded.ToDisplay(at), 7) == "PyTorch");
  CHECK(folded.ToDisplay(folded.text.size()) == display.size());
}

// The matcher takes a word's folded offset to be its display offset below
// this point, without searching the map.
TEST_CASE("FoldCase tells up to where offsets agree in both texts") {
  const std::string display = "Stra\xC3\x9F" "e K\xE2\x84\xAA PyTorch";  // the Kelvin sign, at 9, folds to 1 byte
  const FoldedText folded = FoldCase(display);
  CHECK(folded.same_offsets_before == 9);
  for (size_t offset : {size_t{0}, size_t{4}, size_t{6}, size_t{8}}) CHECK(folded.ToDisplay(offset) == offset);
  CHECK(folded.ToDisplay(folded.text.find("pytorch")) == display.find("PyTorch"));
  CHECK(folded.text.find("pytorch") != display.find("PyTorch"));
  // A text where no code point changes length agrees everywhere, its end too.
  const std::string ascii = "Built RAG pipelines";
  CHECK(FoldCase(ascii).same_offsets_before > ascii.size());
}

TEST_CASE("Tokenize finds ICU word boundaries") {
  const std::string text = "Used scikit-learn, C++ and sparked interest";
  const WordBoundaries boundaries = Tokenize(text);
  CHECK(boundaries.IsBoundary(text.find("scikit")));
  CHECK(boundaries.IsBoundary(text.find("-learn")));
  CHECK(boundaries.IsBoundary(text.find(" and")));  // after C++
  CHECK_FALSE(boundaries.IsBoundary(text.find("sparked") + 5));  // inside "sparked"
  CHECK(boundaries.word_count() == 7);
}

TEST_CASE("SplitLines gives line offsets") {
  const auto lines = SplitLines("ab\ncd\n\nef");
  REQUIRE(lines.size() == 4);
  CHECK(lines[1].start == 3);
  CHECK(lines[1].end == 5);
  CHECK(lines[3].start == 7);
}

}  // namespace
}  // namespace ra
