#pragma once
// Plugin methods are noexcept and no exception may cross the plugin boundary: NoThrow runs a
// function returning sdk::Result<T> (or sdk::Status) and turns an escaping exception into
// Status::Internal, so each method need not repeat the try/catch.

#include <exception>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::util {

// fn's result, or Internal(context + what()) when fn throws. context: e.g. "ORACLE connect: ".
template <typename Fn>
auto NoThrow(Fn&& fn, const char* context = "") noexcept -> decltype(fn()) {
    try {
        return fn();
    } catch (const std::exception& e) {
        return Status::Internal(std::string(context) + e.what());
    } catch (...) {
        return Status::Internal(std::string(context) + "unknown exception");
    }
}

// fn's result, or fallback when fn throws: for noexcept methods that return plain data
// (declarations, names) and have no Status to carry the failure.
template <typename Fn, typename T>
T NoThrowValue(Fn&& fn, T fallback) noexcept {
    try {
        return fn();
    } catch (...) {
        return fallback;
    }
}

}  // namespace dbbridge::sdk::util
