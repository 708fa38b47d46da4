#include "analyzer/data/toml_fields.h"

#include <algorithm>
#include <sstream>

namespace ra {

std::optional<toml::table> ParseToml(const DataFile& file, DataErrors& errors) {
  try {
    return toml::parse(file.content, file.path);
  } catch (const toml::parse_error& error) {
    errors.messages.push_back(file.path + ":" + std::to_string(error.source().begin.line) +
                              ": " + std::string(error.description()));
    return std::nullopt;
  }
}

std::vector<const toml::table*> TablesOf(const toml::table& root, std::string_view key,
                                         const std::string& path, DataErrors& errors) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get(key);
  if (node == nullptr) return tables;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    errors.messages.push_back(path + ":" + std::to_string(node->source().begin.line) + ": '" +
                              std::string(key) + "' must be an array of tables ([[" +
                              std::string(key) + "]])");
    return tables;
  }
  for (const auto& item : *array) {
    if (const auto* table = item.as_table()) {
      tables.push_back(table);
    } else {
      errors.messages.push_back(path + ":" + std::to_string(item.source().begin.line) +
                                ": '" + std::string(key) + "' holds a non-table item");
    }
  }
  return tables;
}

std::vector<std::string> ValuesOf(const std::vector<std::pair<std::string, int>>& items) {
  std::vector<std::string> values;
  for (const auto& item : items) values.push_back(item.first);
  return values;
}

int TomlFields::LineOf(std::string_view key) const {
  const toml::node* node = table_.get(key);
  return node != nullptr ? static_cast<int>(node->source().begin.line) : line();
}

void TomlFields::Fail(int at_line, const std::string& reason) {
  errors_.messages.push_back(path_ + ":" + std::to_string(at_line) + ": " + reason);
}

std::string TomlFields::RequiredString(std::string_view key) {
  auto value = OptionalString(key);
  if (!value) {
    if (table_.get(key) == nullptr) Fail(line(), "missing required key '" + std::string(key) + "'");
    return std::string();
  }
  if (value->empty()) Fail(key, "'" + std::string(key) + "' must not be empty");
  return *value;
}

std::optional<std::string> TomlFields::OptionalString(std::string_view key) {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* text = node->as_string()) return text->get();
  Fail(key, "'" + std::string(key) + "' must be a string");
  return std::nullopt;
}

std::vector<std::pair<std::string, int>> TomlFields::StringList(std::string_view key, bool required) {
  std::vector<std::pair<std::string, int>> values;
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) Fail(line(), "missing required key '" + std::string(key) + "'");
    return values;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    Fail(key, "'" + std::string(key) + "' must be an array of strings");
    return values;
  }
  for (const auto& item : *array) {
    const int item_line = static_cast<int>(item.source().begin.line);
    if (const auto* text = item.as_string()) {
      values.emplace_back(text->get(), item_line);
    } else {
      Fail(item_line, "'" + std::string(key) + "' must hold only strings");
    }
  }
  if (required && values.empty() && array->empty()) {
    Fail(key, "'" + std::string(key) + "' must not be empty");
  }
  return values;
}

std::optional<double> TomlFields::OptionalNumber(std::string_view key, double min, double max) {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return std::nullopt;
  std::optional<double> value;
  if (const auto* number = node->as_floating_point()) value = number->get();
  if (const auto* integer = node->as_integer()) value = static_cast<double>(integer->get());
  if (!value) {
    Fail(key, "'" + std::string(key) + "' must be a number");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    std::ostringstream reason;
    reason << "'" << key << "' must be between " << min << " and " << max;
    Fail(key, reason.str());
    return std::nullopt;
  }
  return value;
}

double TomlFields::Number(std::string_view key, double fallback, double min, double max) {
  return OptionalNumber(key, min, max).value_or(fallback);
}

bool TomlFields::Bool(std::string_view key, bool fallback) {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return fallback;
  if (const auto* flag = node->as_boolean()) return flag->get();
  Fail(key, "'" + std::string(key) + "' must be true or false");
  return fallback;
}

const toml::table* TomlFields::SubTable(std::string_view key) {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return nullptr;
  if (const auto* table = node->as_table()) return table;
  Fail(key, "'" + std::string(key) + "' must be a table");
  return nullptr;
}

void TomlFields::RejectUnknownKeys(std::initializer_list<std::string_view> known) {
  for (const auto& [key, node] : table_) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      Fail(static_cast<int>(node.source().begin.line), "unknown key '" + std::string(key.str()) + "'");
    }
  }
}

}  // namespace ra
