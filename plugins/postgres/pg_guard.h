#pragma once
// Keeps exceptions inside the plugin: every noexcept entry point runs its body through Guard,
// the SDK's one exception-guard idiom (sdk::util::NoThrow) with this plugin's message prefix.

#include <utility>

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::postgres {

// f() (returning Status or Result<T>), or Status::Internal("postgres plugin: <what>") when it throws.
template <typename F>
auto Guard(F&& f) noexcept -> decltype(f()) {
    return sdk::util::NoThrow(std::forward<F>(f), "postgres plugin: ");
}

}  // namespace dbbridge::postgres
