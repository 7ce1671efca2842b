#pragma once
// Converts a seed bind variable ({name, type, value}) into a typed sdk::BindValue.
// The type is a java.sql.Types code from the seed's table (§10.5.1.6); values arrive as JSON
// scalars and are converted the way JDBC's setXxx/valueOf would read them.

#include <cstdint>
#include <string>

#include "core/multiplex/json_value.h"
#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::multiplex {

// InvalidArgument naming the bind, its type and the rejected value when the value cannot be
// read as that type. JSON null binds SQL NULL of the type.
// Codes: integers (-6, 5, 4, -5) with range checks; DECIMAL 3 as exact text; FLOAT 6 and
// DOUBLE 8 as doubles (JDBC's FLOAT is double precision); CHAR/VARCHAR/NCHAR/NVARCHAR/
// LONGVARCHAR/CLOB/ROWID as text; DATE 91 'yyyy-MM-dd'; TIME 92 'HH:mm:ss[.f]'; TIMESTAMP 93
// 'yyyy-MM-dd HH:mm:ss[.f][+hh:mm]'; BOOLEAN 16 true/false/1/0; BLOB 2004 as base64.
sdk::Result<sdk::BindValue> ConvertBind(const std::string& name, std::int32_t type_code, const JsonValue& value);

// Base64 (RFC 4648, padding optional, whitespace ignored). False on a bad character.
bool DecodeBase64(const std::string& in, std::string& out);
std::string EncodeBase64(const std::string& in);

}  // namespace dbbridge::core::multiplex
