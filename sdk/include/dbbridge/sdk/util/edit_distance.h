#pragma once
// Levenshtein distance, for "did you mean" suggestions on misspelt keys and names.

#include <cstddef>
#include <string>

namespace dbbridge::sdk::util {

// The number of single-character insertions, deletions and substitutions turning a into b.
std::size_t EditDistance(const std::string& a, const std::string& b);

}  // namespace dbbridge::sdk::util
