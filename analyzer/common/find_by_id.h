#pragma once
// Looking up a rule-file item by its id, which several rule types need.

#include <string>

namespace ra {

// The item of `items` whose `id` is `id`, or null.
template <typename Items>
auto FindById(const Items& items, const std::string& id) -> decltype(&*items.begin()) {
  for (const auto& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

}  // namespace ra
