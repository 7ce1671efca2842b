#pragma once
// Checks on the text form of values, shared by core and the plugins.

#include <string_view>

namespace dbbridge::sdk::util {

// Plain decimal number text: [+-]digits[.digits][(e|E)[+-]digits], with at least one digit.
bool IsDecimalText(std::string_view s);

}  // namespace dbbridge::sdk::util
