#pragma once
// ODBC connection strings ("Driver={X};Server=h;Uid=u;Pwd=p;") built safely from user values.

#include <optional>
#include <string>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::odbc {

// Builds "KEY=value;" pairs in insertion order. Values containing ';', '{', '}', '=' or leading or
// trailing blanks are wrapped in braces with '}' doubled, as the ODBC grammar requires, so a
// password such as "a;b}" cannot inject another keyword. Empty values are skipped.
class ConnectionStringBuilder {
public:
    ConnectionStringBuilder& Add(const std::string& key, const std::string& value);
    // Always braces the value (the convention for DRIVER={name}).
    ConnectionStringBuilder& AddBraced(const std::string& key, const std::string& value);
    // Appends an already-formed "k=v;..." fragment (user-supplied extra attributes).
    ConnectionStringBuilder& AddRaw(const std::string& fragment);
    const std::string& str() const { return out_; }

    // The value as it must appear after "KEY=".
    static std::string EscapeValue(const std::string& value);
    static std::string Braced(const std::string& value);

private:
    std::string out_;
};

// How every ODBC dialect's connection string starts. Returns spec's connection_string option when
// it is set (the caller uses it as is); otherwise adds DSN=<dsn option> to b or, without a dsn,
// DRIVER={<odbc_driver option, or default_driver>}, and returns nullopt.
std::optional<std::string> StartConnectionString(const sdk::ConnectionSpec& spec, const std::string& default_driver,
                                                 ConnectionStringBuilder& b);

// unixODBC loads DRIVER= and a DSN's driver into this process: a value with '/' is a library path
// (any .so), and FILEDSN/SAVEFILE name files. Only drivers and DSNs registered in odbcinst.ini /
// odbc.ini by name are allowed; the error names origin (the option the string came from).
sdk::Status CheckDriverKeywords(const std::string& connection_string, const std::string& origin);
// The same check for one keyword's value ("DRIVER", "DSN").
sdk::Status CheckDriverValue(const std::string& keyword, const std::string& value, const std::string& origin);

// Replaces the values of PWD/PASSWORD keywords with "***" so the string can go into messages.
std::string RedactConnectionString(const std::string& connection_string);

}  // namespace dbbridge::odbc
