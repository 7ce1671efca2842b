#pragma once
// Keeps exceptions inside the plugin: every noexcept entry point runs its body through Guard.

#include <exception>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::postgres {

// Runs f() and turns any exception into Status::Internal (f returns Status or Result<T>).
template <typename F>
auto Guard(F&& f) noexcept -> decltype(f()) {
    try {
        return f();
    } catch (const std::exception& e) {
        return sdk::Status::Internal(std::string("postgres plugin: ") + e.what());
    } catch (...) {
        return sdk::Status::Internal("postgres plugin: unknown exception");
    }
}

}  // namespace dbbridge::postgres
