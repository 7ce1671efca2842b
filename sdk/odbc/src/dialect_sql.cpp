#include "dbbridge/odbc/dialect_sql.h"

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

std::string DialectSql::FormatNativeType(const std::string& data_type, std::int64_t length, std::int64_t precision,
                                         std::int64_t scale) const {
    std::string base = sdk::util::ToUpper(data_type);
    if (base.find('(') != std::string::npos) {  // TIMESTAMP(6) WITH TIME ZONE: already complete
        return base;
    }
    if (base == "NUMBER" || base == "DECIMAL" || base == "NUMERIC" || base == "DEC") {
        if (precision > 0) {
            return base + "(" + std::to_string(precision) + "," + std::to_string(scale < 0 ? 0 : scale) + ")";
        }
        return base;
    }
    bool sized = base == "VARCHAR2" || base == "NVARCHAR2" || base == "VARCHAR" || base == "CHAR" || base == "NCHAR" ||
                 base == "RAW" || base == "BINARY" || base == "VARBINARY" || base == "CHARACTER" ||
                 base == "CHARACTER VARYING";
    if (sized && length > 0) {
        return base + "(" + std::to_string(length) + ")";
    }
    return base;
}

std::string DialectSql::ErrorCode(const Diagnostic& d) const { return std::to_string(d.native_error); }

BoundStatement DialectSql::MergeSql(const std::string& table, const std::vector<std::string>& columns,
                                    const std::vector<std::size_t>& key, const std::vector<std::size_t>& update) const {
    // Every value is a marker in a typed position (compared with, assigned to or inserted into a
    // column), so the server converts it as it would for a plain INSERT.
    BoundStatement out;
    out.sql = "MERGE INTO " + table + " dbb_t USING DUAL ON (";
    for (std::size_t i = 0; i < key.size(); ++i) {
        out.sql += (i == 0 ? "dbb_t." : " AND dbb_t.") + columns[key[i]] + " = ?";
        out.params.push_back(key[i]);
    }
    out.sql += ")";
    for (std::size_t i = 0; i < update.size(); ++i) {
        out.sql += (i == 0 ? " WHEN MATCHED THEN UPDATE SET " : ", ") + columns[update[i]] + " = ?";
        out.params.push_back(update[i]);
    }
    std::string names;
    std::string marks;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        names += (c == 0 ? "" : ", ") + columns[c];
        marks += c == 0 ? "?" : ", ?";
        out.params.push_back(c);
    }
    out.sql += " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES (" + marks + ")";
    return out;
}

namespace {

struct NamePart {
    std::string text;
    bool quoted = false;
};

std::string TrimBlanks(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return "";
    }
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// "a.\"B c\".d" -> {a, unquoted}, {B c, quoted}, {d, unquoted}; unquoted parts trimmed, not folded.
sdk::Result<std::vector<NamePart>> ParseObjectName(const std::string& name) {
    std::vector<NamePart> parts;
    NamePart cur;
    bool have_part = false;
    std::size_t i = 0;
    auto finish = [&]() -> sdk::Status {
        if (!cur.quoted) {
            cur.text = TrimBlanks(cur.text);
        }
        if (!have_part || (cur.text.empty() && !cur.quoted)) {
            return sdk::Status::InvalidArgument("object name '" + name + "' has an empty part");
        }
        parts.push_back(std::move(cur));
        cur = NamePart();
        have_part = false;
        return sdk::Status::Ok();
    };
    while (i < name.size()) {
        char c = name[i];
        if (c == '"') {
            if (have_part && !TrimBlanks(cur.text).empty()) {
                return sdk::Status::InvalidArgument("object name '" + name + "' has a quote inside an unquoted part");
            }
            cur.text.clear();
            std::size_t j = i + 1;
            for (;;) {
                if (j >= name.size()) {
                    return sdk::Status::InvalidArgument("object name '" + name + "' has an unterminated quote");
                }
                if (name[j] == '"') {
                    if (j + 1 < name.size() && name[j + 1] == '"') {
                        cur.text += '"';
                        j += 2;
                        continue;
                    }
                    break;
                }
                cur.text += name[j++];
            }
            cur.quoted = true;
            have_part = true;
            i = j + 1;
            while (i < name.size() && (name[i] == ' ' || name[i] == '\t')) {
                ++i;
            }
            if (i < name.size() && name[i] != '.') {
                return sdk::Status::InvalidArgument("object name '" + name + "' has text after a quoted part");
            }
            continue;
        }
        if (c == '.') {
            DBB_RETURN_IF_ERROR(finish());
            ++i;
            if (i == name.size()) {
                return sdk::Status::InvalidArgument("object name '" + name + "' has an empty part");
            }
            continue;
        }
        cur.text += c;
        have_part = true;
        ++i;
    }
    DBB_RETURN_IF_ERROR(finish());
    return parts;
}

}  // namespace

sdk::Result<std::vector<std::string>> SplitObjectName(const std::string& name, bool fold_upper) {
    DBB_ASSIGN_OR_RETURN(auto parsed, ParseObjectName(name));
    if (parsed.size() > 2) {
        return sdk::Status::InvalidArgument("object name '" + name + "' has more than two parts (owner.table)");
    }
    std::vector<std::string> parts;
    for (const auto& p : parsed) {
        parts.push_back(p.quoted || !fold_upper ? p.text : sdk::util::ToUpper(p.text));
    }
    return parts;
}

sdk::Result<std::string> QuoteNamePart(const DialectSql& sql, const std::string& part) {
    // The ODBC dialects quote with '"' (QuoteQualifiedName): handing the part over already quoted
    // keeps a '.' or '"' inside it from being read as name syntax.
    std::string quoted = "\"";
    for (char c : part) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return sql.QuoteIdentifier(quoted);
}

sdk::Result<std::string> ObjectNameSql(const DialectSql& sql, const std::string& name, std::size_t max_parts,
                                       bool plain_or_quoted, const std::string& what) {
    auto parsed = ParseObjectName(name);
    if (!parsed.ok()) {
        return parsed.status().WithContext(what);
    }
    if (parsed->size() > max_parts) {
        return sdk::Status::InvalidArgument(what + " '" + name + "' has more than " + std::to_string(max_parts) +
                                            (max_parts == 1 ? " part" : " parts") +
                                            (max_parts == 1 ? " (a single name)" : " (owner.table)"));
    }
    bool all_plain = true;
    for (const auto& p : *parsed) {
        bool plain = !p.quoted && sdk::util::IsPlainIdentifier(p.text);
        if (!p.quoted && !plain && plain_or_quoted) {
            return sdk::Status::InvalidArgument(what + " '" + name +
                                                "' is not a name (write a plain identifier, or quote it with \")");
        }
        all_plain = all_plain && plain;
    }
    if (all_plain) {
        std::string out;
        for (const auto& p : *parsed) {
            out += (out.empty() ? "" : ".") + p.text;
        }
        return out;
    }
    std::string out;
    for (const auto& p : *parsed) {
        auto quoted = QuoteNamePart(sql, p.quoted || !sql.FoldsToUpper() ? p.text : sdk::util::ToUpper(p.text));
        if (!quoted.ok()) {
            return quoted.status().WithContext(what + " '" + name + "'");
        }
        out += (out.empty() ? "" : ".") + *quoted;
    }
    return out;
}

}  // namespace dbbridge::odbc
