#pragma once
// Datasource options are owned by the plugins: each dialect declares the keys it reads
// (sdk::Dialect::DatasourceOptions); core adds only its own connect_timeout_ms. These functions are
// the single place core checks a datasource's "options" against that declaration. Pure, thread-safe.

#include <map>
#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/options.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

inline constexpr const char* kConnectTimeoutOption = "connect_timeout_ms";
// The longest connect_timeout_ms accepted: a ping holds an HTTP worker that long.
inline constexpr int kMaxConnectTimeoutMs = 30000;
inline constexpr std::size_t kMaxOptionValueBytes = 4096;
// The ODBC dialects' full connection string: secret, but core moves the password out of it into
// the sealed password field, so the rest of it is shown.
inline constexpr const char* kConnectionStringOption = "connection_string";
// What a secret option's value is shown as; sent back in an update it keeps the stored value.
inline constexpr const char* kSecretOptionMask = "******";

// Core's options (connect_timeout_ms) followed by the dialect's declaration.
std::vector<sdk::OptionSpec> DeclaredOptions(const sdk::Dialect& dialect);

// Checks every option against declared: a known name (else "options.x is not an option of
// ORACLE (options: a, b, ...)"), no NUL, at most kMaxOptionValueBytes, and the value fits the
// type (integer within bounds, boolean, one of the allowed values). Errors name options.<key>.
sdk::Status ValidateOptions(const std::map<std::string, std::string>& options,
                            const std::vector<sdk::OptionSpec>& declared, const std::string& dialect_name);

// A plugin's declaration as the registry accepts it: names of lower-case letters, digits and '_'
// (a letter first, at most 64), each once, a one-line description, integer bounds in order, a
// choice with allowed values, and a default that fits its type. The error names the option.
sdk::Status CheckDeclaration(const std::vector<sdk::OptionSpec>& declared);

// Whether an option's value is shown as kSecretOptionMask (every secret option but connection_string).
bool IsMaskedSecret(const sdk::OptionSpec& spec);
// Replaces the value of every non-empty masked secret option with kSecretOptionMask.
void MaskSecretOptions(std::map<std::string, std::string>& options, const std::vector<sdk::OptionSpec>& declared);

// "dsn, connection_string": the declared options that locate the server.
std::string LocatingOptionNames(const std::vector<sdk::OptionSpec>& declared);

// True when a non-empty option that locates the server (a DSN, a full connection string) is set,
// so the datasource needs no host.
bool LocatesServer(const std::map<std::string, std::string>& options, const std::vector<sdk::OptionSpec>& declared);

}  // namespace dbbridge::core
