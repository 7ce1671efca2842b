#include "core/datasource/datasource_options.h"

#include <algorithm>

namespace dbbridge::core {

namespace {

const sdk::OptionSpec* FindSpec(const std::vector<sdk::OptionSpec>& declared, const std::string& name) {
    auto it = std::find_if(declared.begin(), declared.end(), [&](const sdk::OptionSpec& o) { return o.name == name; });
    return it == declared.end() ? nullptr : &*it;
}

std::string Names(const std::vector<sdk::OptionSpec>& declared) {
    std::string out;
    for (const auto& o : declared) {
        out += (out.empty() ? "" : ", ") + o.name;
    }
    return out;
}

std::string Join(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : ", ") + v;
    }
    return out;
}

sdk::Status CheckInteger(const std::string& field, const std::string& value, const sdk::OptionSpec& spec) {
    const bool digits = !value.empty() && value.size() <= 18 && value.find_first_not_of("0123456789") == std::string::npos;
    const std::int64_t n = digits ? std::stoll(value) : -1;
    if (!digits || n < spec.min_value || n > spec.max_value) {
        return sdk::Status::InvalidArgument(field + " must be an integer from " + std::to_string(spec.min_value) +
                                            " to " + std::to_string(spec.max_value) + " (got '" + value + "')");
    }
    return sdk::Status::Ok();
}

sdk::Status CheckValue(const std::string& field, const std::string& value, const sdk::OptionSpec& spec) {
    switch (spec.type) {
        case sdk::OptionType::kInteger: return CheckInteger(field, value, spec);
        case sdk::OptionType::kBoolean:
            if (value != "true" && value != "false") {
                return sdk::Status::InvalidArgument(field + " must be true or false (got '" + value + "')");
            }
            return sdk::Status::Ok();
        case sdk::OptionType::kChoice:
            if (std::find(spec.allowed_values.begin(), spec.allowed_values.end(), value) == spec.allowed_values.end()) {
                return sdk::Status::InvalidArgument(field + " must be one of " + Join(spec.allowed_values) + " (got '" +
                                                    value + "')");
            }
            return sdk::Status::Ok();
        case sdk::OptionType::kText: return sdk::Status::Ok();
    }
    return sdk::Status::Ok();
}

sdk::Status CheckName(const std::string& name) {
    constexpr std::size_t kMaxNameChars = 64;
    const bool ok = !name.empty() && name.size() <= kMaxNameChars && name[0] >= 'a' && name[0] <= 'z' &&
                    name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (!ok) {
        return sdk::Status::InvalidArgument("option name '" + name +
                                            "' must be lower-case letters, digits and '_', starting with a letter "
                                            "(at most 64)");
    }
    return sdk::Status::Ok();
}

sdk::Status CheckSpec(const sdk::OptionSpec& spec) {
    DBB_RETURN_IF_ERROR(CheckName(spec.name));
    const std::string field = "option " + spec.name;
    if (spec.description.empty() || spec.description.find('\n') != std::string::npos) {
        return sdk::Status::InvalidArgument(field + ": the description must be one non-empty line");
    }
    if (spec.type == sdk::OptionType::kInteger && spec.min_value > spec.max_value) {
        return sdk::Status::InvalidArgument(field + ": min " + std::to_string(spec.min_value) + " is above max " +
                                            std::to_string(spec.max_value));
    }
    if (spec.type == sdk::OptionType::kChoice && spec.allowed_values.empty()) {
        return sdk::Status::InvalidArgument(field + ": a choice needs allowed values");
    }
    if (!spec.default_value.empty()) {
        DBB_RETURN_IF_ERROR(CheckValue(field + " default", spec.default_value, spec));
    }
    return sdk::Status::Ok();
}

}  // namespace

sdk::Status CheckDeclaration(const std::vector<sdk::OptionSpec>& declared) {
    for (std::size_t i = 0; i < declared.size(); ++i) {
        DBB_RETURN_IF_ERROR(CheckSpec(declared[i]));
        if (FindSpec(declared, declared[i].name) != &declared[i]) {
            return sdk::Status::InvalidArgument("option " + declared[i].name + " is declared twice");
        }
    }
    return sdk::Status::Ok();
}

bool IsMaskedSecret(const sdk::OptionSpec& spec) { return spec.secret && spec.name != kConnectionStringOption; }

void MaskSecretOptions(std::map<std::string, std::string>& options, const std::vector<sdk::OptionSpec>& declared) {
    for (const auto& spec : declared) {
        auto it = options.find(spec.name);
        if (IsMaskedSecret(spec) && it != options.end() && !it->second.empty()) {
            it->second = kSecretOptionMask;
        }
    }
}

std::vector<sdk::OptionSpec> DeclaredOptions(const sdk::Dialect& dialect) {
    std::vector<sdk::OptionSpec> out{
        sdk::OptionSpec::Integer(kConnectTimeoutOption, "connect timeout in milliseconds", 1, kMaxConnectTimeoutMs)
            .Default("10000")};
    for (auto& o : dialect.DatasourceOptions()) {
        if (o.name != kConnectTimeoutOption) {
            out.push_back(std::move(o));
        }
    }
    return out;
}

sdk::Status ValidateOptions(const std::map<std::string, std::string>& options,
                            const std::vector<sdk::OptionSpec>& declared, const std::string& dialect_name) {
    for (const auto& [key, value] : options) {
        const std::string field = "options." + key;
        const sdk::OptionSpec* spec = FindSpec(declared, key);
        if (spec == nullptr) {
            return sdk::Status::InvalidArgument(field + " is not an option of " + dialect_name + " (options: " +
                                                Names(declared) + ")");
        }
        if (value.find('\0') != std::string::npos) {
            return sdk::Status::InvalidArgument(field + " must not contain NUL characters");
        }
        if (value.size() > kMaxOptionValueBytes) {
            return sdk::Status::InvalidArgument(field + " must be at most " + std::to_string(kMaxOptionValueBytes) +
                                                " bytes");
        }
        DBB_RETURN_IF_ERROR(CheckValue(field, value, *spec));
    }
    return sdk::Status::Ok();
}

std::string LocatingOptionNames(const std::vector<sdk::OptionSpec>& declared) {
    std::vector<std::string> names;
    for (const auto& o : declared) {
        if (o.locates_server) {
            names.push_back("options." + o.name);
        }
    }
    return names.empty() ? "none for this db_type" : Join(names);
}

bool LocatesServer(const std::map<std::string, std::string>& options, const std::vector<sdk::OptionSpec>& declared) {
    return std::any_of(options.begin(), options.end(), [&](const auto& kv) {
        const sdk::OptionSpec* spec = FindSpec(declared, kv.first);
        return spec != nullptr && spec->locates_server && !kv.second.empty();
    });
}

}  // namespace dbbridge::core
