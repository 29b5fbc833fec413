// "Did you mean" suggestions for misspelt names, columns and values.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ward {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent
// transpositions), capped: returns `cap + 1` as soon as the distance exceeds `cap`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap = 64);

// The candidate closest to `word` if it is close enough to be a plausible
// typo (distance <= max(1, |word| / 3), or equal ignoring ASCII case);
// ties go to the earliest candidate. nullopt when nothing is close.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

}  // namespace ward
