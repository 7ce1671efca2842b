#pragma once
// datax.py's "-p" option: "-Dname=value -Dother='x y'" and the substitution of ${name} / $name
// in the raw job text before it is parsed.

#include <map>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

using JobParams = std::map<std::string, std::string>;

// Items are separated by blanks; each is -Dname=value (the "-D" may be omitted); a value may be
// quoted with ' or " to hold blanks. "-Dname" and "-Dname=" give an empty value, which the
// substitution treats as undefined (the JVM sets such a property to "", and DataX skips blank
// values). Errors name the offending item.
sdk::Result<JobParams> ParseJobParams(const std::string& text);

// DataX's substitution (common/.../util/StrUtil.java#replaceVariable, pattern "(\$)\{?(\w+)\}?"):
// every "${name}", "$name", "${name" or "$name}" whose name has a non-blank value is replaced by
// it; a match whose name is undefined or blank is left exactly as written and the job goes on.
// unresolved (optional) receives each such match once, in order of first appearance, so the caller
// can warn about it.
std::string SubstituteJobParams(const std::string& text, const JobParams& params,
                                std::vector<std::string>* unresolved = nullptr);

}  // namespace dbbridge::core::engine
