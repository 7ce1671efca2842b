#pragma once
// Plugin ABI: the two symbols every plugin exports, and the version the host checks first.
//
// Contract: host and plugins are built with the same compiler and libstdc++ (the toolchain
// fingerprint below), so std types may cross the boundary. No exception may cross it.
// A plugin built against another kAbiVersion or toolchain is refused before any of its code runs
// beyond reading the info struct.

#include <cstdint>
#include <memory>
#include <vector>

#include "dbbridge/sdk/dialect.h"

#define DBB_STR2(x) #x
#define DBB_STR(x) DBB_STR2(x)
#define DBB_TOOLCHAIN_FINGERPRINT \
    "gcc-" DBB_STR(__GNUC__) "." DBB_STR(__GNUC_MINOR__) "-cxx11abi" DBB_STR(_GLIBCXX_USE_CXX11_ABI) "-std" DBB_STR(__cplusplus)

namespace dbbridge::sdk {

// Bump when any interface in sdk/ changes shape (virtual order, struct layout). docs/plugins.md
// lists what each version added. 2: Dialect::DatasourceOptions and Dialect::Lexicon, noexcept
// RowSink callbacks, [[nodiscard]] Status/Result.
inline constexpr std::int32_t kAbiVersion = 2;

struct PluginInfo {
    std::int32_t abi_version;
    const char* name;         // plugin name, e.g. "mysql"
    const char* version;      // plugin version
    const char* toolchain;    // DBB_TOOLCHAIN_FINGERPRINT at the plugin's build
};

// A plugin serves one or more dialect names; it owns its Dialect objects.
class Plugin {
public:
    virtual ~Plugin() = default;
    virtual std::vector<const Dialect*> Dialects() const noexcept = 0;
};

// Factory exported as kCreateSymbol; returns nullptr on failure. The host deletes the result
// (through the virtual destructor) before the library handle goes away.
using CreatePluginFn = Plugin*() noexcept;

inline constexpr const char* kInfoSymbol = "dbbridge_plugin_info";
inline constexpr const char* kCreateSymbol = "dbbridge_create_plugin";

}  // namespace dbbridge::sdk

// Use once per plugin, in its entry.cpp:
//   DBB_DECLARE_PLUGIN("mysql", "0.1.0", ns::CreatePlugin)
#define DBB_DECLARE_PLUGIN(plugin_name, plugin_version, factory)                                       \
    namespace dbb_plugin_entry {                                                                        \
    static_assert(std::is_same_v<decltype(&factory), ::dbbridge::sdk::CreatePluginFn*>,                 \
                  "plugin factory must be Plugin*() noexcept");                                         \
    const ::dbbridge::sdk::PluginInfo kInfo{::dbbridge::sdk::kAbiVersion, plugin_name, plugin_version, \
                                            DBB_TOOLCHAIN_FINGERPRINT};                                 \
    }                                                                                                   \
    BOOST_DLL_ALIAS(dbb_plugin_entry::kInfo, dbbridge_plugin_info)                                      \
    BOOST_DLL_ALIAS(factory, dbbridge_create_plugin)
