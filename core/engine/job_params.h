#pragma once
// datax.py's "-p" option: "-Dname=value -Dother='x y'" and the substitution of ${name} / $name
// in the raw job text before it is parsed.

#include <map>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

using JobParams = std::map<std::string, std::string>;

// Items are separated by blanks; each is -Dname=value (the "-D" may be omitted); a value may be
// quoted with ' or " to hold blanks. Errors name the offending item.
sdk::Result<JobParams> ParseJobParams(const std::string& text);

// Replaces ${name} and $name (name = [A-Za-z0-9_]+) by their values. An unresolved ${name} is an
// error naming it and its line (DataX leaves it as is and the job then fails in a stranger place);
// an unresolved bare $name is left untouched because SQL uses '$' ($1, $$ quoting).
sdk::Result<std::string> SubstituteJobParams(const std::string& text, const JobParams& params);

}  // namespace dbbridge::core::engine
